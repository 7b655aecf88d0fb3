"""The status bar counts in words a person writes: "1 result", not "1 results"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from medcode_gui.gui.main.main_window import MainWindow


def test_one_result_is_counted_in_the_singular(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.search_finished, timeout=3000) as finished:
        qtbot.keyClicks(window.search_box, "J1100-J1100")
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert finished.args == [1]
    message = window.statusBar().currentMessage()
    assert message.startswith("1 result in ") and "results" not in message
