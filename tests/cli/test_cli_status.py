"""`medcode lookup` says a code's status as the window does: the banner, "added" and on what evidence, and a
warning when its sources are years apart (real CMS files)."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import as_json, medcode


def test_lookup_says_when_cms_dates_disagree(two_release_db: Path) -> None:
    text = medcode("lookup", "G0502", "--release", "HCPCS-2018", db=two_release_db).stdout
    assert (
        "Status: Terminated; last valid date 2017-12-31. CMS's dates disagree: the action effective date "
        "2017-01-01 is before the termination date\n" in text
    )
    assert "Discontinued on 2017-01-01" not in text


def test_lookup_says_what_added_rests_on(two_release_db: Path) -> None:
    text = medcode("lookup", "G9890", db=two_release_db).stdout
    assert "Status: Active; CMS marks it added (action code A), but HCPCS-2018 already lists it\n" in text
    view = as_json(medcode("lookup", "G9890", "--json", db=two_release_db))
    assert view["added"]["basis"] == "history" and view["added"]["disagrees"] is True
    assert view["banner"] == {
        "state": "active",
        "text": "Active; CMS marks it added (action code A), but HCPCS-2018 already lists it",
    }
    earliest = medcode("lookup", "FY", "--release", "HCPCS-2018", db=two_release_db).stdout
    assert "Status: Active; added in this release, per CMS's action code A; no earlier release imported" in earliest
    terminated_new = medcode("lookup", "C9030", db=two_release_db).stdout  # new in 2019's file, terminated
    assert "Added: Added in HCPCS-2019 (not in HCPCS-2018); CMS's added date is 2018-" in terminated_new


def test_lookup_warns_when_sources_are_years_apart(search_db: Path) -> None:
    text = medcode("lookup", "J1094", db=search_db).stdout
    assert "Status: Active (HCPCS-2019, effective 2019-01-01)\n" in text
    assert (
        "Warning: These sources are over 6 years apart: the code's status is from HCPCS-2019 (effective "
        "2019-01-01), the fee schedule from PFS-2025-OCT (effective 2025-10-01); either may have changed since.\n"
    ) in text
    view = as_json(medcode("lookup", "J1094", "--json", db=search_db))
    assert view["sources_apart"]["releases"] == [
        {"release": "HCPCS-2019", "effective_date": "2019-01-01", "file": "2019-Alpha-Numeric-HCPCS-File.zip"},
        {"release": "PFS-2025-OCT", "effective_date": "2025-10-01", "file": "PPRRVU2025_Oct.csv"},
    ]
    assert view["fee_schedule"]["effective_date"] == "2025-10-01"
    assert as_json(medcode("lookup", "99213", "--json", db=search_db))["sources_apart"] is None
