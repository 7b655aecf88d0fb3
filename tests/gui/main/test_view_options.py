"""Comfort: zoom, themes, exporting the results; kept across launches."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from gui_helpers import shown_window
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from medcode_gui.gui.common.theme import DARK, is_dark
from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.store import ReferenceStore


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, store: ReferenceStore, settings: QSettings) -> MainWindow:
    return shown_window(qtbot, store, settings)


def test_zoom_scales_tree_results_and_details_and_comes_back(qtbot, window, store, settings) -> None:
    size = window.table.font().pointSizeF()
    window.actions_by_name["zoom_in"].trigger()
    window.actions_by_name["zoom_in"].trigger()
    assert window.table.font().pointSizeF() == pytest.approx(size * 1.15**2)
    assert window.tree.font().pointSizeF() == pytest.approx(size * 1.15**2)
    assert window.detail.font_scale == pytest.approx(1.15**2)
    assert [s.toString() for s in window.actions_by_name["zoom_in"].shortcuts()] == ["Ctrl++", "Ctrl+="]
    window.close()
    again = MainWindow(store, settings)
    qtbot.addWidget(again)
    assert again.view_options.zoom == pytest.approx(1.15**2)
    again.actions_by_name["zoom_reset"].trigger()
    assert again.table.font().pointSizeF() == pytest.approx(size)
    for _ in range(20):
        again.actions_by_name["zoom_out"].trigger()
    assert again.view_options.zoom == pytest.approx(0.6)


def test_themes_follow_the_system_by_default_and_can_be_forced(window: MainWindow, settings: QSettings) -> None:
    assert window.view_options.theme == "system" and window.actions_by_name["theme_system"].isChecked()
    window.actions_by_name["theme_dark"].trigger()
    # Where the platform cannot switch (offscreen here), the window paints its own dark palette.
    assert window.view_options.scheme == "dark" and is_dark(QApplication.palette())
    assert window.actions_by_name["theme_dark"].isChecked() and not window.actions_by_name["theme_light"].isChecked()
    assert settings.value("view/theme") == "dark"
    window.actions_by_name["theme_light"].trigger()
    assert window.view_options.scheme == "light" and not is_dark(QApplication.palette())
    window.view_options.set_theme("system")
    assert settings.value("view/theme") == "system"


def test_export_the_results_with_release_and_source(qtbot, window: MainWindow, tmp_path: Path) -> None:
    with qtbot.waitSignal(window.search_finished):
        window.search_box.setText("dexamethasone")
    target = tmp_path / "results.csv"
    assert window.output.export_results(target)
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    assert rows[0] == [
        "code",
        "kind",
        "system",
        "short_description",
        "long_description",
        "status",
        "release",
        "source file",
    ]
    assert len(rows) - 1 == window.results.rowCount()
    j1100 = next(row for row in rows if row[0] == "J1100")
    assert j1100[3] == "Dexamethasone sodium phos" and j1100[6:] == ["HCPCS-2019", "2019-Alpha-Numeric-HCPCS-File.zip"]


def test_every_control_has_an_accessible_name_and_the_legend_is_shown(window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QLineEdit, QPlainTextEdit

    from medcode_gui.gui.common.legend import LegendLabel
    from medcode_gui.gui.common.palette import legend_entries

    controls = [
        w
        for kind in (QLineEdit, QAbstractItemView, QComboBox, QPlainTextEdit)
        for w in window.findChildren(kind)
        # Qt's own parts of other controls: table headers, a combo box's popup list
        if not isinstance(w, QHeaderView) and not isinstance(w.parent().parent(), QComboBox)
    ]
    unnamed = [f"{type(w).__name__} {w.objectName()}" for w in controls if not w.accessibleName()]
    assert len(controls) > 6 and unnamed == []
    legend = window.statusBar().findChild(LegendLabel)
    assert legend is not None
    assert all(colour.name() in legend.text() for _badge, _words, colour in legend_entries())


def test_the_window_icon_has_every_size_for_sharp_high_dpi_screens(qapp) -> None:
    from medcode_gui.gui.app import ICON_SIZES, app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert sorted(size.width() for size in icon.availableSizes()) == sorted(ICON_SIZES)
    assert icon.pixmap(32, 32).devicePixelRatio() >= 1


def test_kind_colours_stay_readable_on_the_dark_palette(qapp) -> None:
    from PySide6.QtWidgets import QTableView

    from medcode_gui.gui.common.palette import badge_colour
    from medcode_gui.gui.common.theme import dark_palette
    from medcode_gui.gui.results.results_delegate import ResultsDelegate

    delegate = ResultsDelegate(QTableView())
    blue = badge_colour("CPT I")
    on_dark = delegate._readable(blue, dark_palette())
    assert on_dark.lightness() > blue.lightness() + 40 and on_dark.hue() == blue.hue()
    light = QApplication.style().standardPalette()
    assert light.color(light.ColorRole.Base).lightness() > 128 and delegate._readable(blue, light) == blue


def _link_colours(html: str) -> set[str]:
    return set(re.findall(r'<a style="color: (#[0-9a-f]{6})" href=', html))


def test_links_take_the_themes_link_colour_after_a_live_switch_and_back(qtbot, window: MainWindow) -> None:
    """A code shown in one theme keeps no link of the other: dark blue on dark grey, or a pale "Add to
    comparison" on white after switching back."""
    window.actions_by_name["theme_light"].trigger()
    light_link = QApplication.palette().color(QPalette.ColorRole.Link).name()
    window.navigation.open_code("J1100")
    pane = window.detail
    links = (pane.breadcrumb_label, pane.actions_label)
    assert "Add to comparison" in pane.actions_label.text()
    assert [_link_colours(label.text()) for label in links] == [{light_link}, {light_link}]
    window.actions_by_name["theme_dark"].trigger()
    dark_link = QApplication.palette().color(QPalette.ColorRole.Link).name()
    assert dark_link == DARK[QPalette.ColorRole.Link] != light_link
    # Qt posts the palette change to every widget: the links follow once the event loop delivers it.
    qtbot.waitUntil(lambda: [_link_colours(label.text()) for label in links] == [{dark_link}, {dark_link}])
    window.navigation.open_code("J1094")  # filled while dark, then back to light
    assert _link_colours(pane.actions_label.text()) == {dark_link}
    window.actions_by_name["theme_light"].trigger()
    qtbot.waitUntil(lambda: [_link_colours(label.text()) for label in links] == [{light_link}, {light_link}])
    assert 'href="action:compare:J1094"' in pane.actions_label.text()
