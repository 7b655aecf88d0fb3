"""The add-on code file's Julian dates and edit types in words."""

from __future__ import annotations

from medcode_gui.codes.add_on_edits import edit_type_meaning, julian_to_iso


def test_julian_dates_become_iso_dates() -> None:
    assert julian_to_iso("2013091") == "2013-04-01"  # PROVENANCE.md's example
    assert julian_to_iso("2022365") == "2022-12-31"
    assert julian_to_iso("2024366") == "2024-12-31"  # a leap year's last day
    assert julian_to_iso("2023366") == "2023366"  # no such day: shown as CMS wrote it, never guessed
    assert julian_to_iso("") is None and julian_to_iso("12") == "12"


def test_each_edit_type_has_its_meaning() -> None:
    assert "lists" in edit_type_meaning("1") and "contractor" in edit_type_meaning("2").lower()
    assert edit_type_meaning("3").startswith("Type 3") and "not a type" in edit_type_meaning("7")
