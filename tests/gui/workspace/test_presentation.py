"""Presentation mode, driven by keys as a trainer drives it: a list, a range, the legend, the type size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from medcode_gui.gui.common.palette import BADGE_COLOURS, LEGEND, MODIFIER_BADGE, badge_colour
from medcode_gui.gui.workspace.presentation import FONT_ROLES, ListSequence, PresentationWindow, RangeSequence
from medcode_gui.store import ReferenceStore

CODES = ["J1100", "E0100", "A0425", "99213", "J9045"]


@pytest.fixture
def listed(qtbot, store: ReferenceStore) -> PresentationWindow:
    window = PresentationWindow(store, CODES)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def press(qtbot, window: PresentationWindow, key: Qt.Key) -> str:  # noqa: ANN001 - the qtbot fixture
    """Press a key and return the code it showed."""
    with qtbot.waitSignal(window.shown, timeout=2000) as shown:
        qtbot.keyClick(window, key)
    return shown.args[0]


def test_steps_through_a_list_with_the_arrows_home_and_end(qtbot, listed: PresentationWindow) -> None:
    assert listed.current_code == "J1100" and listed.position_label.text() == "1 of 5"
    assert listed.code_label.text() == "J1100" and listed.short_label.text() == "Dexamethasone sodium phos"
    assert press(qtbot, listed, Qt.Key.Key_Right) == "E0100"
    assert listed.position_label.text() == "2 of 5"
    assert press(qtbot, listed, Qt.Key.Key_Space) == "A0425"
    assert press(qtbot, listed, Qt.Key.Key_PageDown) == "99213"
    assert press(qtbot, listed, Qt.Key.Key_Left) == "A0425"
    assert press(qtbot, listed, Qt.Key.Key_PageUp) == "E0100"
    assert press(qtbot, listed, Qt.Key.Key_End) == "J9045"
    assert listed.position_label.text() == "5 of 5"
    with qtbot.assertNotEmitted(listed.shown):
        qtbot.keyClick(listed, Qt.Key.Key_Right)  # the end of the list: stays
    assert listed.current_code == "J9045"
    assert press(qtbot, listed, Qt.Key.Key_Home) == "J1100"
    with qtbot.assertNotEmitted(listed.shown):
        qtbot.keyClick(listed, Qt.Key.Key_Left)
    assert listed.position_label.text() == "1 of 5"


def test_a_list_can_start_anywhere_and_repeat_codes(qtbot, store: ReferenceStore) -> None:
    window = PresentationWindow(store, ListSequence(["J1100", "E0100", "J1100"]), start="E0100")
    qtbot.addWidget(window)
    assert window.current_code == "E0100" and window.position_label.text() == "2 of 3"
    assert press(qtbot, window, Qt.Key.Key_Right) == "J1100" and window.position_label.text() == "3 of 3"
    with pytest.raises(ValueError):
        ListSequence([])


def test_steps_through_the_range_of_the_leaf(qtbot, store: ReferenceStore) -> None:
    window = PresentationWindow(store, RangeSequence(store), start="J1100")
    qtbot.addWidget(window)
    window.show()
    assert window.position_label.text() == "Drug codes J1000-J1999"  # the leaf title
    following = store.adjacent_code("J1100", "code", 1)
    assert following and press(qtbot, window, Qt.Key.Key_Right) == following
    assert press(qtbot, window, Qt.Key.Key_Left) == "J1100"
    assert press(qtbot, window, Qt.Key.Key_Left) == store.adjacent_code("J1100", "code", -1)
    with qtbot.assertNotEmitted(window.shown):
        qtbot.keyClick(window, Qt.Key.Key_Home)  # a range has no first or last to jump to


def test_the_card_shows_the_banner_path_badge_and_release(listed: PresentationWindow) -> None:
    assert listed.banner_label.text() == "Active"
    assert listed.path_label.text().startswith("HCPCS › Level II › J:")
    assert listed.badge_label.text() == "HCPCS II"
    assert badge_colour("HCPCS II").name() in listed.badge_label.styleSheet()
    assert listed.release_label_widget.text().startswith("Release HCPCS-2019, effective 2019-01-01")
    listed.last()
    listed.step(-1)
    assert listed.current_code == "99213" and listed.badge_label.text() == "CPT I"  # from the starter data
    assert "starter" in listed.release_label_widget.text()


def test_a_code_not_in_the_database_still_gets_a_card(qtbot, store: ReferenceStore) -> None:
    window = PresentationWindow(store, ["Z9999", "25"])
    qtbot.addWidget(window)
    assert window.code_label.text() == "Z9999" and window.banner_label.text() == "Not a CPT or HCPCS code"
    window.step(1)
    assert window.current_code == "25" and window.badge_label.text() == "CPT mod"


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_F11])
def test_escape_and_f11_close_with_the_last_code(qtbot, listed: PresentationWindow, key: Qt.Key) -> None:
    press(qtbot, listed, Qt.Key.Key_Right)
    with qtbot.waitSignal(listed.closed, timeout=2000) as closed:
        qtbot.keyClick(listed, key)
    assert closed.args == ["E0100"] and not listed.isVisible()


def test_the_legend_has_every_badge_kind_in_its_palette_colour(listed: PresentationWindow) -> None:
    assert list(listed.legend_labels) == [badge for badge, _ in LEGEND]
    assert set(listed.legend_labels) == set(BADGE_COLOURS) | {MODIFIER_BADGE}
    for badge, label in listed.legend_labels.items():
        colour = badge_colour(badge).name()
        assert label.property("colour") == colour and f"background: {colour}" in label.styleSheet()
        assert label.isVisibleTo(listed) and label.text()
    assert listed.legend_labels["HCPCS II"].text() == "HCPCS Level II"
    assert "solid #111827" in listed.legend_labels["HCPCS II"].styleSheet()  # the shown code's kind is framed
    assert "transparent" in listed.legend_labels["CPT I"].styleSheet()


def test_the_type_is_large_and_scales(qtbot, listed: PresentationWindow) -> None:
    assert listed.point_size("code") == FONT_ROLES["code"][0] == 96
    assert listed.point_size("short") == 36
    listed.set_font_scale(0.5)
    assert listed.font_scale == 0.5 and listed.point_size("code") == 48 and listed.point_size("short") == 18
    qtbot.keyClick(listed, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert listed.point_size("code") > 48
    qtbot.keyClick(listed, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert listed.font_scale == 1.0 and listed.point_size("code") == 96
    listed.set_font_scale(100)
    assert listed.font_scale == 3.0
    with qtbot.assertNotEmitted(listed.shown):
        qtbot.keyClick(listed, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert listed.font_scale < 3.0
