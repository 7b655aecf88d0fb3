"""Presentation mode, driven by keys as a trainer drives it: a list, a range, the legend, the type size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from medcode_gui.gui.common.palette import BADGE_COLOURS, LEGEND, MODIFIER_BADGE, badge_colour
from medcode_gui.gui.main.main_window import MainWindow
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


# A room's screen: a long descriptor, a large type, typed codes, codes side by side --------------------------


def inside(window: PresentationWindow, widget) -> bool:  # noqa: ANN001 - any widget
    """The widget is shown and the whole of it lies inside the window."""
    top_left = widget.mapTo(window, widget.rect().topLeft())
    box = widget.rect().translated(top_left)
    return widget.isVisible() and window.rect().contains(box)


def test_a_long_descriptor_scrolls_with_the_chrome_in_view_even_zoomed(qtbot, store: ReferenceStore) -> None:
    window = PresentationWindow(store, ["J1100", "G0503", "E0100"], start="G0503")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    for zoom_in in range(4):  # at the default type, then Ctrl++ three times
        if zoom_in:
            qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        window.layout().activate()
        assert window.size().width() == 1366 and window.size().height() == 768
        assert window.long_label.text().startswith("Subsequent psychiatric collaborative care management")
        assert window.scroll.verticalScrollBar().maximum() > 0  # the card scrolls: it is taller than its room
        assert window.position_label.text() == "2 of 3"
        for chrome in (window.position_label, window.legend, window.hint_label, *window.legend_labels.values()):
            assert inside(window, chrome), chrome.accessibleName()
        for label in window.legend_labels.values():  # every entry's words whole, not clipped
            assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
    assert window.font_scale > 1.5


def test_a_typed_code_goes_to_its_place_in_the_list(qtbot, listed: PresentationWindow) -> None:
    qtbot.keyClicks(listed, "a04")
    assert listed.typed_code == "A04" and listed.typed_label.text() == "Go to: A04"
    qtbot.keyClick(listed, Qt.Key.Key_Backspace)  # takes a character back, not a step back
    assert listed.current_code == "J1100" and listed.typed_code == "A0"
    qtbot.keyClicks(listed, "425")
    with qtbot.waitSignal(listed.shown, timeout=2000) as shown:
        qtbot.keyClick(listed, Qt.Key.Key_Return)
    assert shown.args == ["A0425"] and listed.position_label.text() == "3 of 5"
    assert listed.typed_code == "" and not listed.typed_label.isVisible()
    assert press(qtbot, listed, Qt.Key.Key_Right) == "99213"  # stepping goes on from there


def test_a_typed_code_outside_the_list_is_shown_when_the_store_has_it(qtbot, listed: PresentationWindow) -> None:
    qtbot.keyClicks(listed, "G0503")
    with qtbot.waitSignal(listed.shown, timeout=2000):
        qtbot.keyClick(listed, Qt.Key.Key_Enter)
    assert listed.code_label.text() == "G0503" and listed.position_label.text() == "Outside the list of 5"
    qtbot.keyClicks(listed, "Q9999")
    with qtbot.assertNotEmitted(listed.shown):
        qtbot.keyClick(listed, Qt.Key.Key_Return)
    assert listed.current_code == "G0503" and listed.typed_label.text() == "Q9999 is not in the releases shown"
    qtbot.keyClicks(listed, "J1")
    qtbot.keyClick(listed, Qt.Key.Key_Escape)  # clears the code box; the window stays open
    assert listed.isVisible() and listed.typed_code == ""


def test_a_typed_code_in_a_range_is_shown_and_the_range_follows_it(qtbot, store: ReferenceStore) -> None:
    window = PresentationWindow(store, RangeSequence(store), start="J1100")
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window, "e0100")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.current_code == "E0100" and window.position_label.text() == "Canes, crutches and walkers"
    assert press(qtbot, window, Qt.Key.Key_Right) == store.adjacent_code("E0100", "code", 1)


def test_the_basket_side_by_side_shows_each_code_in_a_column(qtbot, store: ReferenceStore) -> None:
    window = PresentationWindow(store, ["J1100"], side_by_side=["J1100", "G0503", "E0100"])
    qtbot.addWidget(window)
    window.resize(1229, 691)  # the window on a 1366x768 laptop
    window.show()
    assert window.hint_label.text().startswith("Ctrl+B: the 3 codes of the comparison side by side")
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    window.layout().activate()
    assert window.side_by_side and window.side_by_side_codes() == ["J1100", "G0503", "E0100"]
    cards = window.cards[:3]
    assert [card.short_label.text() for card in cards] == [
        "Dexamethasone sodium phos",
        "Subseq  psych care man,60mi",
        "Cane adjust/fixed with tip",
    ]
    assert cards[1].long_label.text().startswith("Subsequent psychiatric collaborative care management")
    lefts = [card.mapTo(window, card.rect().topLeft()).x() for card in cards]
    assert lefts == sorted(lefts) and len(set(lefts)) == 3  # columns, left to right
    assert all(card.width() > 250 for card in cards)
    assert window.scroll.horizontalScrollBar().maximum() == 0  # the three columns fit across, none cut off
    assert all(window.point_size("code", i) < FONT_ROLES["code"][0] / 2 for i in range(3))  # three fit across
    for chrome in (window.position_label, window.legend, window.hint_label):
        assert inside(window, chrome)
    assert window.position_label.text() == "Side by side: J1100 · G0503 · E0100"
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # back to the one card
    assert not window.side_by_side and window.side_by_side_codes() == ["J1100"]
    assert window.short_label.text() == "Dexamethasone sodium phos" and window.point_size("code") == 96


def test_side_by_side_needs_two_codes_in_the_basket(qtbot, listed: PresentationWindow) -> None:
    assert not listed.hint_label.text().startswith("Ctrl+B")
    qtbot.keyClick(listed, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert not listed.side_by_side and "comparison" in listed.position_label.text()


def test_the_type_size_is_kept_from_one_presentation_to_the_next(qtbot, window: MainWindow, settings) -> None:
    window.view_options.set_zoom(1.15)
    window.navigation.open_code("J1100")
    first = window.output.present(full_screen=False)
    assert first.font_scale == pytest.approx(1.15)  # the first time: the window's zoom
    for _ in range(2):
        qtbot.keyClick(first, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    chosen = first.font_scale
    assert chosen == pytest.approx(1.15**3)
    with qtbot.waitSignal(first.closed):
        qtbot.keyClick(first, Qt.Key.Key_Escape)
    second = window.output.present(full_screen=False)
    assert second is not first and second.font_scale == pytest.approx(chosen)
    assert second.point_size("code") == pytest.approx(96 * chosen)
    second.close()
    settings.sync()
    again = QSettings(settings.fileName(), QSettings.Format.IniFormat)  # and in the next session
    assert float(again.value("presentation/zoom")) == pytest.approx(chosen)


def test_presenting_offers_the_comparison_side_by_side(qtbot, window: MainWindow) -> None:
    for code in ("J1100", "E0100"):
        assert window.windows.add_to_comparison(code)
    window.navigation.open_code("A0425")
    presentation = window.output.present(full_screen=False)
    assert presentation.hint_label.text().startswith("Ctrl+B: the 2 codes of the comparison side by side")
    qtbot.keyClick(presentation, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert presentation.side_by_side_codes() == ["J1100", "E0100"]
    assert [card.code_label.text() for card in presentation.cards[:2]] == ["J1100", "E0100"]
    presentation.close()
