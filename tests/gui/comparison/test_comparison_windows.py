"""The comparison basket and the Level I against CPT window, driven from the main window (real files)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from gui_helpers import shown_window
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt

from medcode_gui.comparison.compare import compare_codes
from medcode_gui.comparison.level_one import compare_level_one
from medcode_gui.gui.comparison.compare_model import DIFF_HTML_ROLE, DIFFERS_ROLE, CompareModel
from medcode_gui.gui.comparison.level_one_model import CMS_TEXT, STATE, LevelOneModel
from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.store import ReferenceStore


@pytest.fixture
def window(qtbot, fee_store: ReferenceStore, tmp_path: Path) -> MainWindow:
    return shown_window(qtbot, fee_store, tmp_path / "settings.ini")


def test_compare_model_passes_the_model_tester(qtmodeltester, fee_store: ReferenceStore) -> None:
    model = CompareModel()
    model.set_comparison(compare_codes(fee_store, ["G0121", "45378", "G0105"]))
    qtmodeltester.check(model)
    model.set_only_differences(True)
    qtmodeltester.check(model)
    assert model.columnCount() == 3
    assert all(model.index(row, 0).data(DIFFERS_ROLE) for row in range(1, model.rowCount()))
    model.set_comparison(compare_codes(fee_store, []))
    qtmodeltester.check(model)


def test_level_one_model_passes_the_model_tester(qtmodeltester, fee_store: ReferenceStore) -> None:
    model = LevelOneModel()
    model.set_rows(compare_level_one(fee_store, "cpt.1.em").rows)
    qtmodeltester.check(model)
    assert model.rowCount() == 153
    assert model.index(0, CMS_TEXT).data() == "Office o/p new sf 15 min"
    assert model.index(0, STATE).data() == "CMS only"
    model.set_rows([])
    qtmodeltester.check(model)


def test_ctrl_k_fills_the_basket_and_differences_are_marked(qtbot, window: MainWindow) -> None:
    for code in ("G0121", "45378"):
        window.navigation.open_code(code)
        qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.windows.compare_window.codes == ["G0121", "45378"]
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    compare = window.windows.compare_window
    assert compare.isVisible()
    model = compare.model
    fields = [model.field_at(row) for row in range(model.rowCount())]
    work = fields.index("PFS · WORK RVU")
    assert [model.index(work, c).data() for c in range(2)] == ["3.26", "3.26"]
    assert not model.index(work, 0).data(DIFFERS_ROLE)
    short = fields.index("Short description")
    assert model.index(short, 0).data(DIFFERS_ROLE)
    html = model.index(short, 1).data(DIFF_HTML_ROLE)
    assert "line-through" in html and "Diagnostic colonoscopy" in html
    compare.only_differences.setChecked(True)
    assert "PFS · WORK RVU" not in [model.field_at(row) for row in range(model.rowCount())]


def test_the_basket_refuses_a_seventh_code_and_a_repeat(window: MainWindow) -> None:
    codes = ["G0121", "G0105", "45378", "44388", "J1100", "E0100"]
    assert all(window.windows.add_to_comparison(code) for code in codes)
    assert not window.windows.add_to_comparison("A0425")
    assert "at most 6" in window.windows.compare_window.status.text()
    assert not window.windows.add_to_comparison("J1100")
    assert "already" in window.windows.compare_window.status.text()
    assert not window.windows.compare_window.add_code("ZZ999")
    assert window.windows.compare_window.codes == codes


def test_remove_a_column_and_export_the_comparison(qtbot, window: MainWindow, tmp_path: Path) -> None:
    for code in ("G0121", "45378", "G0105"):
        window.windows.add_to_comparison(code)
    compare = window.windows.compare_window
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Columns
    compare.table.selectionModel().select(compare.model.index(0, 1), flags)
    with qtbot.waitSignal(compare.basket_changed) as changed:
        compare.remove_selected()
    assert changed.args == [["G0121", "G0105"]]
    target = tmp_path / "comparison.csv"
    compare.export_csv(target)
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    provenance = [" release", " file", " SHA-256"]
    assert rows[0] == [
        "Field",
        "G0121",
        *("G0121" + p for p in provenance),
        "G0105",
        *("G0105" + p for p in provenance),
        "Differs",
    ]
    work = next(row for row in rows if row[0] == "PFS · WORK RVU")
    assert [work[i] for i in (1, 2, 3, 5, 6, 7, 9)] == ["3.26", "PFS-2025-OCT", "PPRRVU2025_Oct.csv"] * 2 + [""]


def test_the_detail_pane_adds_to_the_comparison_and_opens_counterparts(qtbot, window: MainWindow) -> None:
    window.navigation.open_code("G0121")
    assert "compare:G0121" in window.detail.actions_label.text()
    assert "levelone" not in window.detail.actions_label.text()  # a Level II code has no CPT record
    assert "code:45378" in window.detail.counterparts_label.text()
    assert window.detail.fee_table.rowCount() > 5
    window.detail.actions_label.linkActivated.emit("action:compare:G0121")
    assert window.windows.compare_window.codes == ["G0121"]
    with qtbot.waitSignal(window.detail_shown) as shown:
        window.detail.counterparts_label.linkActivated.emit("code:45378")
    assert shown.args == ["45378"]
    assert "levelone:45378" in window.detail.actions_label.text()


def test_level_one_window_from_a_cpt_code_filters_and_opens_codes(qtbot, window: MainWindow) -> None:
    window.navigation.open_code("99213")
    with qtbot.waitSignal(window.detail.level_one_requested):
        window.detail.actions_label.linkActivated.emit("action:levelone:99213")
    level_one = window.windows.level_one_window
    assert level_one.isVisible()
    selected = level_one.table.selectionModel().selectedRows()
    assert level_one.model.row_at(selected[0].row()).code == "99213"
    assert "No AMA CPT data files are imported" in level_one.releases_label.text()
    with qtbot.waitSignal(level_one.shown) as shown:
        level_one.filter_box.setCurrentIndex(level_one.filter_box.findData("cpt_only"))
    assert shown.args == [0]
    level_one.filter_box.setCurrentIndex(level_one.filter_box.findData("all"))
    with qtbot.waitSignal(level_one.shown) as shown:
        level_one.show_section("cpt.1.em")
    assert shown.args == [153]
    window.navigation.open_code("J1100")
    with qtbot.waitSignal(window.detail_shown) as opened:
        level_one.table.activated.emit(level_one.model.index(0, 0))
    assert opened.args == ["99202"]


def test_the_tree_offers_level_one_on_hcpcs_level_one_and_cpt_sections(window: MainWindow) -> None:
    def level_one_action(node_id: str):
        menu = window.context_menus.node_menu(window.tree_model.index_for_node(node_id))
        return next((a for a in menu.actions() if a.text().startswith("Compare Level I")), None)

    assert level_one_action("hcpcs.2.j") is None
    level_one_action("hcpcs.1").trigger()
    assert window.windows.level_one_window.isVisible() and window.windows.level_one_window.model.rowCount() == 10881
    level_one_action("cpt.1.em").trigger()
    assert window.windows.level_one_window.model.rowCount() == 153


def test_a_folder_of_cpt_files_is_imported_through_the_window(qtbot, tmp_path: Path, fee_schedule_db: Path) -> None:
    """A licensed user drops the CPT folder on the window: CPT codes then show the AMA record."""
    from cpt_fixtures import write_folder

    db = tmp_path / "copy.sqlite"
    db.write_bytes(fee_schedule_db.read_bytes())
    folder = write_folder(tmp_path / "CPT 2025 data files")
    with ReferenceStore(db) as store:
        window = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), debounce_ms=10)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.import_finished, timeout=30_000) as finished:
            window.imports.import_files([str(folder)])
        assert finished.args[0] is True, finished.args[1]
        assert "CPT-2025" in finished.args[1]
        window.navigation.open_code("99213")
        assert window.detail.current_view["release"] == "CPT-2025"
        assert window.detail.short_label.text() == "INVENTED OFFICE VISIT SHORT"
        assert "levelone:99213" in window.detail.actions_label.text()
