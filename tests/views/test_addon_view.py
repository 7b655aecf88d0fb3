"""`medcode addon`'s dict: an add-on code's primary codes and a primary code's add-on codes, from the real file."""

from __future__ import annotations

from pathlib import Path

from medcode_gui.store import ReferenceStore
from medcode_gui.views.addon_view import addon_view


def test_an_add_on_code_and_a_primary_code(rates_store: ReferenceStore) -> None:
    view = addon_view(rates_store, "99292")
    assert view["is_add_on"] and [p["code"] for p in view["primaries"]] == ["99291"]
    critical = view["primaries"][0]
    assert (critical["edit_type"], critical["effective_date"], critical["deletion_date"]) == ("1", "2013-04-01", None)
    assert critical["status"] == "in force" and critical["edit_type_meaning"].startswith("Type 1")
    assert (critical["release"], critical["file"]) == ("AOC-2026-Q2", "AOC_V2026Q2-MCR.xlsx")
    assert [(a["code"], a["status"]) for a in view["add_ons"]] == [
        ("96160", "in force"), ("96161", "in force"), ("99481", "deleted 2014-12-31"), ("99482", "deleted 2014-12-31"),
    ]
    primary = addon_view(rates_store, "99291")
    assert not primary["is_add_on"] and "99292" in [a["code"] for a in primary["add_ons"]]


def test_contractor_defined_primaries_and_a_pair_over_two_periods(rates_store: ReferenceStore) -> None:
    contractor = addon_view(rates_store, "0054T")["primaries"]
    assert [(p["code"], p["contractor_defined"], p["edit_type"]) for p in contractor] == [("CCCCC", True, "2")]
    pair = [p for p in addon_view(rates_store, "20701")["primaries"] if p["code"] == "11010"]
    assert [(p["edit_type"], p["status"], p["effective_date"]) for p in pair] == [
        ("3", "in force", "2023-01-01"), ("1", "deleted 2022-12-31", "2020-01-01"),
    ]


def test_no_file_imported_is_said(empty_db: Path) -> None:
    with ReferenceStore(empty_db) as store:
        view = addon_view(store, "99292")
    assert view == {"code": "99292", "is_add_on": False, "primaries": [], "add_ons": [], "source": None}
