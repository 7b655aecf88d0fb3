"""Imported text shown literally: a descriptor `<img src=file:///etc/passwd>` or `<a href=...>` is escaped in
every tooltip and rich-text label (results, tree, compare, diff, Level I, detail pane, workspace dock)."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest
from conftest import IMAGE, LINK
from gui_helpers import shown_window
from PySide6.QtCore import Qt

from medcode_gui.comparison.compare import compare_codes
from medcode_gui.comparison.level_one import DIFFERENT, LevelOneRow
from medcode_gui.gui.common.plain_text import rich_text_of
from medcode_gui.gui.comparison.compare_model import CompareModel
from medcode_gui.gui.comparison.level_one_model import CMS_TEXT, CPT_TEXT, LevelOneModel
from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.gui.releases.diff_model import DiffModel
from medcode_gui.releases.release_diff import diff_releases
from medcode_gui.store import ReferenceStore

TOOLTIP = Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def hostile_store(hostile_db: Path) -> ReferenceStore:
    with ReferenceStore(hostile_db) as opened:
        yield opened


@pytest.fixture
def hostile_window(qtbot, hostile_store: ReferenceStore, tmp_path: Path) -> MainWindow:
    return shown_window(qtbot, hostile_store, tmp_path / "s.ini")


def test_rich_text_of_escapes_and_keeps_line_breaks() -> None:
    assert rich_text_of(f"E0100\n{IMAGE}") == "<qt>E0100<br>&lt;img src=file:///etc/passwd&gt;</qt>"
    assert rich_text_of("") is None and rich_text_of(None) is None


def test_results_and_tree_tooltips_escape_the_descriptor(qtbot, hostile_window: MainWindow) -> None:
    with qtbot.waitSignal(hostile_window.search_finished):
        hostile_window.search_box.setText("E0100")
    results = hostile_window.results
    row = next(r for r in range(results.rowCount()) if results.hit(r).record.code == "E0100")
    tip = results.index(row, 0).data(TOOLTIP)
    assert escape(IMAGE) in tip and IMAGE not in tip
    tree_tip = hostile_window.tree_model.index_for_code("E0100").data(TOOLTIP)
    assert tree_tip == f"<qt>{escape(IMAGE)}</qt>"


def test_detail_pane_labels_show_the_characters(hostile_window: MainWindow) -> None:
    assert hostile_window.navigation.open_code("E0100")
    short = hostile_window.detail.short_label
    assert short.text() == IMAGE and short.textFormat() == Qt.TextFormat.PlainText


def test_compare_tooltips_escape_the_descriptor(qtmodeltester, hostile_store: ReferenceStore) -> None:
    model = CompareModel()
    model.set_comparison(compare_codes(hostile_store, ["E0100", "J9000"]))
    qtmodeltester.check(model)
    row = next(r for r in range(model.rowCount()) if model.headerData(r, Qt.Orientation.Vertical).startswith("Short"))
    assert model.index(row, 0).data() == IMAGE
    assert model.index(row, 0).data(TOOLTIP) == f"<qt>{escape(IMAGE)}</qt>"


def test_diff_tooltips_escape_the_descriptor(qtmodeltester, hostile_store: ReferenceStore) -> None:
    diff = diff_releases(hostile_store, "HOSTILE-1", "HOSTILE-2")
    model = DiffModel()
    model.set_changes([(kind, change) for kind in diff.changes for change in diff.changes[kind]])
    qtmodeltester.check(model)
    tips = [model.index(r, c).data(TOOLTIP) or "" for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert any(escape(LINK) in tip for tip in tips)
    assert not any(LINK in tip for tip in tips)


def test_level_one_tooltips_escape_the_descriptor(qtmodeltester, hostile_store: ReferenceStore) -> None:
    image, link = hostile_store.lookup("E0100", "HOSTILE-1"), hostile_store.lookup("J9000", "HOSTILE-1")
    model = LevelOneModel()
    model.set_rows([LevelOneRow("E0100", image, link, DIFFERENT)])
    qtmodeltester.check(model)
    assert model.index(0, CMS_TEXT).data(TOOLTIP) == f"<qt>{escape(IMAGE)}</qt>"
    assert model.index(0, CPT_TEXT).data(TOOLTIP) == f"<qt>{escape(LINK)}</qt>"


def test_labels_naming_releases_files_or_lists_are_plain_text(qtbot, hostile_window: MainWindow) -> None:
    from medcode_gui.gui.comparison.compare_window import CompareWindow
    from medcode_gui.gui.comparison.level_one_window import LevelOneWindow
    from medcode_gui.gui.releases.diff_window import DiffWindow
    from medcode_gui.gui.releases.import_wizard import ImportWizard

    store = hostile_window.session.store
    windows = [DiffWindow(store), LevelOneWindow(store), CompareWindow(store), ImportWizard(store)]
    for window in windows:
        qtbot.addWidget(window)
    labels = [
        hostile_window.release_label,
        windows[0].summary,
        windows[1].releases_label,
        windows[2].status,
        windows[3].details,
        windows[3].status,
    ]
    assert [label.textFormat() for label in labels] == [Qt.TextFormat.PlainText] * len(labels)
