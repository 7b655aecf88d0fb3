"""Moving around (Navigation): history, the range's neighbours, links, the tree, the clipboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from medcode_gui.gui.main.main_window import MainWindow


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
