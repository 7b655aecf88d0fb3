"""`medcode addon`, run as a user runs it: the JSON of the contract and a readable text."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import as_json, medcode


def test_addon_json_follows_the_contract(rates_db: Path) -> None:
    view = as_json(medcode("addon", "99292", "--json", db=rates_db))
    assert set(view) >= {"code", "is_add_on", "primaries", "add_ons"} and view["is_add_on"] is True
    for pair in view["primaries"] + view["add_ons"]:
        assert set(pair) >= {"code", "edit_type", "effective_date", "deletion_date", "release", "file"}
    assert [(p["code"], p["edit_type"], p["effective_date"], p["deletion_date"]) for p in view["primaries"]] == [
        ("99291", "1", "2013-04-01", None)
    ]


def test_addon_text_names_the_release_the_types_and_contractor_defined_primaries(rates_db: Path) -> None:
    text = medcode("addon", "99292", db=rates_db).stdout
    assert "AOC-2026-Q2 (AOC_V2026Q2-MCR.xlsx)" in text and "99292 is an add-on code" in text
    assert "99291" in text and "deleted 2014-12-31" in text and "Type 3: CMS lists some primary codes" in text
    contractor = medcode("addon", "0054T", db=rates_db).stdout
    assert "contractor defined" in contractor and "CCCCC" not in contractor


def test_addon_without_the_file_says_what_to_import(tmp_path: Path) -> None:
    result = medcode("addon", "99292", db=tmp_path / "empty.sqlite")
    assert result.returncode == 0 and "No NCCI add-on code file is imported" in result.stdout
