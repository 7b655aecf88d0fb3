"""The detail pane's status lines: the banner dated by its release when the fee schedule beside it is from
another release, and a warning when the two are years apart (HCPCS 2019 beside the October 2025 fee schedule)."""

from __future__ import annotations

from pathlib import Path

import pytest

from medcode_gui.gui.detail.detail_pane import DetailPane
from medcode_gui.store import ReferenceStore
from medcode_gui.views.code_view import lookup_view

APART = (
    "These sources are over 6 years apart: the code's status is from HCPCS-2019 (effective 2019-01-01), the fee "
    "schedule from PFS-2025-OCT (effective 2025-10-01); either may have changed since."
)


@pytest.fixture
def pane(qtbot) -> DetailPane:
    widget = DetailPane()
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    return widget


@pytest.fixture
def mixed_store(search_db: Path) -> ReferenceStore:
    with ReferenceStore(search_db) as opened:  # HCPCS 2019 and the 2025 fee schedule
        yield opened


def test_j1094_warns_that_its_sources_are_years_apart(pane: DetailPane, mixed_store: ReferenceStore) -> None:
    view = lookup_view(mixed_store, "J1094")
    assert view["sources_apart"]["text"] == APART
    assert [r["release"] for r in view["sources_apart"]["releases"]] == ["HCPCS-2019", "PFS-2025-OCT"]
    assert view["fee_schedule"]["decoded"][0]["code"] == "I"  # the fee schedule's status: not paid under it
    pane.show_view(view)
    assert pane.apart_label.isVisibleTo(pane) and pane.apart_label.text() == APART
    assert pane.banner_label.text() == "Active (HCPCS-2019, effective 2019-01-01)"
    assert pane.fee_heading.text() == (
        "Medicare physician fee schedule (PFS-2025-OCT, effective 2025-10-01, PPRRVU2025_Oct.csv)"
    )
    assert pane.apart_label.accessibleDescription() == APART  # screen readers get it too


def test_no_warning_for_one_source(pane: DetailPane, mixed_store: ReferenceStore, store: ReferenceStore) -> None:
    pane.show_view(lookup_view(mixed_store, "99213"))  # from the fee schedule itself
    assert not pane.apart_label.isVisibleTo(pane) and pane.banner_label.text() == "Active"
    pane.show_view(lookup_view(store, "J1100"))  # HCPCS only: no fee schedule in that database
    assert not pane.apart_label.isVisibleTo(pane) and pane.banner_label.text() == "Active"


def test_sources_a_few_months_apart_are_not_warned_of(mixed_store: ReferenceStore) -> None:
    from medcode_gui.views.code_status import sources_apart

    view = lookup_view(mixed_store, "J1094")
    view["release_effective_date"] = "2025-01-01"  # the same source a quarter or three away
    assert sources_apart(view) is None
