"""The main window itself: the widgets it builds, the parts it wires, its state across launches, the smoke test.

What the parts do is tested beside them: test_search_controller, test_navigation, test_import_flow,
test_view_options (and tests/gui/workspace, releases, comparison for My codes and the other windows)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication

from medcode_gui.gui.common.shortcuts import SHORTCUTS
from medcode_gui.gui.main.actions import connect_actions
from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.gui.results.results_model import HIGHLIGHT_ROLE, ResultsModel
from medcode_gui.gui.results.results_view import ResultsView
from medcode_gui.store import ReferenceStore


def test_results_model_passes_the_model_tester(qtmodeltester, store: ReferenceStore) -> None:
    model = ResultsModel()
    model.set_hits(store.search("injection", limit=50), ["inj"])
    qtmodeltester.check(model)
    assert model.rowCount() == 50 and model.columnCount() == 6  # the short descriptor its own column
    assert "<b>inj" in model.index(0, 1).data(HIGHLIGHT_ROLE).lower()
    model.set_hits([])
    qtmodeltester.check(model)


def test_the_results_are_painted_by_the_results_view(window: MainWindow) -> None:
    """Whole rows in one loop (ResultsView), not a Python call per cell: a frame of new results stays short."""
    assert isinstance(window.table, ResultsView)


def test_the_search_box_has_focus_at_start(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle(), timeout=3000)
    assert window.focusWidget() is window.search_box


@pytest.mark.parametrize("key", [Qt.Key.Key_L, Qt.Key.Key_F], ids=["Ctrl+L", "Ctrl+F"])
def test_ctrl_l_and_ctrl_f_put_the_cursor_in_the_search_box_with_its_text_selected(
    qtbot, window: MainWindow, key: Qt.Key
) -> None:
    """The real shortcut, pressed on the window while the tree has the focus (not focus_search() called)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle(), timeout=3000)
    with qtbot.waitSignal(window.search_finished, timeout=3000):
        window.search_box.setText("dexamethasone")
    window.search_box.deselect()
    window.tree.setFocus()
    qtbot.waitUntil(lambda: window.focusWidget() is window.tree, timeout=2000)
    qtbot.keyClick(window.tree, key, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.search_box
    assert window.search_box.selectedText() == "dexamethasone"  # typing replaces the last search


def test_every_action_is_carried_out_by_exactly_one_part(window: MainWindow) -> None:
    """Each part names the actions it carries out; together (and Quit) they cover the shortcut table once."""
    parts = [window.search, window.navigation, window.releases, window.windows, window.output]
    parts += [window.workspace_actions, window.imports, window.view_options, window.locality]
    names = [name for part in parts for name in part.handlers()] + ["quit"]
    assert sorted(names) == sorted(SHORTCUTS)
    with pytest.raises(ValueError, match="quit"):
        connect_actions(window.actions_by_name, {name: print for name in names if name != "quit"})


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


def test_smoke_test_command_exits_0(two_release_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "medcode_gui.gui.app", "--db", str(two_release_db), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "detail pane shows J1100; 2 outline roots" in result.stdout
