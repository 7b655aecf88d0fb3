"""`medcode lookup` text and JSON list every field of the CMS record layout (real 2018 and 2019 files), and
the lookup slips of issue 18: a removed code, a code typed with its modifier."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import as_json, medcode

from medcode_gui.codes.hcpcs_codebook import LAYOUT


def lookup_text(db: Path, code: str) -> str:
    result = medcode("lookup", code, db=db)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_lookup_text_lists_every_layout_field_with_cim_and_mcm(two_release_db: Path) -> None:
    e0100, j1100 = lookup_text(two_release_db, "E0100"), lookup_text(two_release_db, "J1100")
    for field, number, name in LAYOUT:
        assert f"{number:>2} {name} ({field})" in e0100, field
    lines = {field: line for field, _, _ in LAYOUT for line in e0100.splitlines() if f"({field}) " in line}
    assert "60-3" in lines["CIM1"] and "CIM 60-3: Coverage Issues Manual section 60-3" in lines["CIM1"]
    assert "60-9" in lines["CIM2"] and "(blank)" in lines["CIM3"] and lines["CIM3"].endswith(" none")
    assert "Special coverage instructions apply; see CIM 60-3, 60-9; MCM 2100.1" in lines["COV"]
    assert "00100" in lines["SEQNUM"] and "19860101" in lines["ADD DT"] and "1986-01-01" in lines["ADD DT"]
    assert "MCM 2049: Medicare Carriers Manual section 2049" in j1100
    assert "Special coverage instructions apply; see MCM 2049" in j1100
    assert "Social Security Act §1861(s)(5)" in lookup_text(two_release_db, "A6413")


def test_lookup_json_carries_the_layout_rows(two_release_db: Path) -> None:
    view = as_json(medcode("lookup", "E0100", "--json", db=two_release_db))
    rows = {row["field"]: row for row in view["layout_fields"]}
    assert list(rows) == [field for field, _, _ in LAYOUT]
    assert rows["CIM1"] == {
        "field": "CIM1",
        "number": 11,
        "name": "HCPCS Coverage Issues Manual Reference Section Number 1",
        "raw": "60-3",
        "meaning": "CIM 60-3: Coverage Issues Manual section 60-3",
    }
    assert [cited["field"] for cited in rows["COV"]["see"]] == ["CIM1", "CIM2", "MCM1"]
    assert view["fields"]["CIM1"] == "60-3" and view["coverage"]["code"] == "D"  # the existing keys stay


def test_a_removed_code_says_which_release_dropped_it_never_none(two_release_db: Path) -> None:
    text = lookup_text(two_release_db, "G9976")  # in HCPCS-2018, not in HCPCS-2019
    assert "None" not in text and "[HCPCS code, removed; not in HCPCS-2019]" in text
    search = medcode("search", "G9976", db=two_release_db)
    assert "None" not in search.stdout and "(removed: not in HCPCS-2019)" in search.stdout


def test_a_code_with_its_modifier_shows_both(two_release_db: Path) -> None:
    text = lookup_text(two_release_db, "E0100-LT")
    assert text.startswith("E0100  Cane adjust/fixed with tip")
    assert "\nWith modifier LT:\nLT  Left side  [HCPCS modifier, active]" in text
    view = as_json(medcode("lookup", "e0100-lt", "--json", db=two_release_db))
    assert (view["code"], view["input"], view["modifier"]["code"]) == ("E0100", "E0100-LT", "LT")
