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
