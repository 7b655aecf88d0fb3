"""The main window, driven as a coder drives it: typing, keys, links, the tree, imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TXT_2018, ZIP_2019, data_file
from gui_helpers import shown_codes, shown_window
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication

from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.gui.main.search_controller import MIN_FIRST_PAGE, SEARCH_LIMIT
from medcode_gui.gui.results.results_model import HIGHLIGHT_ROLE, ResultsModel
from medcode_gui.gui.results.results_view import ResultsView
from medcode_gui.store import ReferenceStore


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, store: ReferenceStore, settings: QSettings) -> MainWindow:
    return shown_window(qtbot, store, settings)


def test_results_model_passes_the_model_tester(qtmodeltester, store: ReferenceStore) -> None:
    model = ResultsModel()
    model.set_hits(store.search("injection", limit=50), ["inj"])
    qtmodeltester.check(model)
    assert model.rowCount() == 50 and model.columnCount() == 5
    assert "<b>Inj" in model.index(0, 1).data(HIGHLIGHT_ROLE)
    model.set_hits([])
    qtmodeltester.check(model)


def test_the_results_are_painted_by_the_results_view(window: MainWindow) -> None:
    """Whole rows in one loop (ResultsView), not a Python call per cell: a frame of new results stays short."""
    assert isinstance(window.table, ResultsView)


def test_the_search_box_has_focus_at_start(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.search_box.hasFocus() or QGuiApplication.focusWindow() is None, timeout=2000)
    window.activateWindow()
    window.search.focus_search()
    assert window.focusWidget() is window.search_box


def test_typing_searches_after_the_debounce_and_shows_the_first_result(qtbot, window: MainWindow) -> None:
    with (
        qtbot.waitSignal(window.search_finished, timeout=3000) as finished,
        qtbot.waitSignal(window.detail_shown, timeout=3000) as shown,
    ):
        qtbot.keyClicks(window.search_box, "cane")
    assert finished.args[0] > 0 and "E0100" in shown_codes(window)
    assert shown.args == [shown_codes(window)[0]]
    assert "results in" in window.statusBar().currentMessage()


def test_a_long_result_list_shows_its_first_page_then_the_rest_after_the_frame(
    qtbot, window: MainWindow, store: ReferenceStore
) -> None:
    everything = [hit.record.code for hit in store.search("J9000-J9999", SEARCH_LIMIT)]
    first_page = window.search.first_page_size()
    assert MIN_FIRST_PAGE <= first_page < len(everything)  # else this test would prove nothing
    with qtbot.waitSignal(window.search_finished, timeout=3000) as finished:
        window.search_box.setText("J9000-J9999")
        window.search.run_search()
        assert shown_codes(window) == everything[:first_page]
        assert first_page > window.table.viewport().height() // window.table.rowHeight(0)  # the table is full
        assert window.statusBar().currentMessage().startswith(f"First {first_page} results")
    assert finished.args == [len(everything)] and shown_codes(window) == everything
    assert window.statusBar().currentMessage().startswith(f"{len(everything)} results in")


def test_export_right_after_a_search_holds_every_result(
    tmp_path: Path, window: MainWindow, store: ReferenceStore
) -> None:
    window.search_box.setText("injection")
    window.search.run_search()  # the rest of the results are not listed yet: no event was processed
    assert window.results.rowCount() == window.search.first_page_size() < SEARCH_LIMIT
    assert window.output.export_results(tmp_path / "results.csv")
    lines = (tmp_path / "results.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) - 1 == len(store.search("injection", SEARCH_LIMIT)) == SEARCH_LIMIT


def test_arrows_and_enter_move_through_results(qtbot, window: MainWindow) -> None:
    window.search_box.setText("J9000-J9999")
    window.search.run_search()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert window.table.hasFocus() or window.focusWidget() is window.table
    first = window.detail.current_code
    with qtbot.waitSignal(window.detail_shown, timeout=3000) as shown:
        qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert shown.args[0] != first and shown.args[0] == shown_codes(window)[1]


def test_a_code_not_in_the_database_is_still_explained(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.search_finished, timeout=3000) as finished:
        qtbot.keyClicks(window.search_box, "Z1234")
    assert finished.args == [0]
    assert window.detail.current_code is None


def test_empty_search_shows_the_codes_of_the_selected_tree_node(qtbot, window: MainWindow) -> None:
    window.navigation.reveal_node("hcpcs.2.j.chemotherapy")
    with qtbot.waitSignal(window.search_finished, timeout=3000) as finished:
        window.search.run_search()
    codes = shown_codes(window)
    assert finished.args[0] == window.tree_model.count("hcpcs.2.j.chemotherapy") == len(codes)
    assert all(c.startswith("J9") for c in codes)


def test_reveal_a_result_in_the_tree(qtbot, window: MainWindow) -> None:
    window.navigation.open_code("J9045")
    window.navigation.reveal_current()
    index = window.tree.currentIndex()
    assert window.tree_model.code_at(index).record.code == "J9045"
    assert window.tree.isExpanded(index.parent())


def test_back_and_forward_with_alt_arrows(qtbot, window: MainWindow) -> None:
    for code in ("J1100", "E0100", "A0425"):
        window.navigation.open_code(code)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.detail.current_code == "E0100"
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.detail.current_code == "J1100"
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.detail.current_code == "E0100"


def test_previous_and_next_code_in_the_range(window: MainWindow) -> None:
    window.navigation.open_code("J9010")
    window.actions_by_name["next_in_range"].trigger()
    assert window.detail.current_code == window.session.store.adjacent_code("J9010", "code", 1)
    window.actions_by_name["previous_in_range"].trigger()
    assert window.detail.current_code == "J9010"


def test_keyboard_copy(qtbot, window: MainWindow) -> None:
    window.navigation.open_code("J1100")
    window.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "J1100"
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == "J1100\tDexamethasone sodium phos"


def test_clicking_a_cross_reference_opens_it_and_history_follows(qtbot, window: MainWindow) -> None:
    window.navigation.open_code("G0503")
    with qtbot.waitSignal(window.detail_shown, timeout=3000) as shown:
        window.detail.code_link_activated.emit("99493")
    assert shown.args == ["99493"] and window.detail.current_code == "99493"  # from the starter data
    window.navigation.open_code("G0202")
    window.detail.code_link_activated.emit("77067")
    assert window.detail.current_code == "77067"
    window.navigation.go_back()
    assert window.detail.current_code == "G0202"


def test_breadcrumb_link_reveals_the_node(window: MainWindow) -> None:
    window.navigation.open_code("J1100")
    window.detail.node_link_activated.emit("hcpcs.2.j")
    assert window.tree_model.node_at(window.tree.currentIndex()).id == "hcpcs.2.j"


def test_window_state_and_last_code_come_back(qtbot, store: ReferenceStore, settings: QSettings) -> None:
    first = MainWindow(store, settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 540)  # within the offscreen platform's 800x600 screen, which geometry is kept to
    first.splitter.setSizes([200, 300, 500])
    first.navigation.open_code("E0100")
    first.save_state()
    sizes = first.splitter.sizes()
    second = MainWindow(store, settings)
    qtbot.addWidget(second)
    second.show()
    assert second.detail.current_code == "E0100"
    assert second.splitter.sizes() == sizes and second.size() == first.size()


def test_import_through_the_window(qtbot, window: MainWindow, tmp_path: Path) -> None:
    db = tmp_path / "gui.sqlite"
    assert window.imports.open_database(db)
    with qtbot.waitSignal(window.import_finished, timeout=60_000) as finished:
        window.imports.import_files([str(data_file(ZIP_2019))])
    assert finished.args[0] is True and "imported HCPCS-2019" in finished.args[1]
    assert "HCPCS-2019" in window.release_label.text()
    assert window.tree_model.count("hcpcs.2") == 6440


def test_cancelled_import_leaves_the_database_unchanged(qtbot, window: MainWindow, tmp_path: Path) -> None:
    db = tmp_path / "gui.sqlite"
    assert window.imports.open_database(db)
    before = db.read_bytes()
    with qtbot.waitSignal(window.import_finished, timeout=60_000) as finished:
        window.imports.import_files([str(data_file(TXT_2018)), str(data_file(ZIP_2019))])
        window.imports.progress_dialog.canceled.emit()  # the dialog's Cancel button, as a user presses it
    assert finished.args == [False, "Import cancelled; the database is unchanged."]
    assert db.read_bytes() == before
    assert [r.label for r in window.session.store.releases()] == ["Starter"]


def test_a_failed_import_says_why_and_changes_nothing(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("medcode_gui.gui.main.import_flow.QMessageBox.warning", lambda *args: None)
    db = tmp_path / "gui.sqlite"
    window.imports.open_database(db)
    junk = tmp_path / "notes.txt"
    junk.write_text("not a release")
    before = db.read_bytes()
    with qtbot.waitSignal(window.import_finished, timeout=30_000) as finished:
        window.imports.import_files([str(junk)])
    assert finished.args[0] is False and "not a release MedCode can import" in finished.args[1]
    assert db.read_bytes() == before


def test_a_read_only_database_disables_importing(qtbot, two_release_db: Path, settings, tmp_path: Path) -> None:
    copy = tmp_path / "ro.sqlite"
    copy.write_bytes(two_release_db.read_bytes())
    copy.chmod(0o444)
    with ReferenceStore(copy) as store:
        win = MainWindow(store, settings)
        qtbot.addWidget(win)
        assert not win.actions_by_name["import"].isEnabled()
        assert "read-only" in win.actions_by_name["import"].toolTip()


def test_smoke_test_command_exits_0(two_release_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "medcode_gui.gui.app", "--db", str(two_release_db), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "detail pane shows J1100; 2 outline roots" in result.stdout
