"""Comfort: zoom, themes, exporting the results; kept across launches."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from gui_helpers import shown_window
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMenu, QToolBar

from medcode_gui.gui.common.theme import DARK, is_dark
from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.gui.results.results_model import CODE, DESCRIPTION, RELEASE, STATUS, TYPE
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


def test_zoom_scales_the_whole_window_and_keeps_the_description_widest(qtbot, window: MainWindow) -> None:
    """Three zoom-ins at 1366x768 once left the description about 35 px while Type, Status and Release
    widened, and the search box, toolbar, menus and status bar kept their size."""
    window.resize(1366, 768)
    with qtbot.waitSignal(window.search_finished):
        window.search_box.setText("wheelchair")
    table, header = window.table, window.table.horizontalHeader()
    widths = [header.sectionSize(column) for column in range(header.count())]
    assert max(widths) == widths[DESCRIPTION]
    sizes = {
        "search box": window.search_box.font().pointSizeF(),
        "status bar": window.statusBar().font().pointSizeF(),
        "menu bar": window.menuBar().font().pointSizeF(),
        "details": window.detail.code_label.font().pointSizeF(),
    }
    row, icons = table.verticalHeader().defaultSectionSize(), window.findChild(QToolBar).iconSize().width()
    for _ in range(3):
        window.actions_by_name["zoom_in"].trigger()
    zoom = 1.15**3
    zoomed = [header.sectionSize(column) for column in range(header.count())]
    assert max(zoomed) == zoomed[DESCRIPTION]
    # Readable: at least 20 characters of the zoomed type (the old fixed widths left it 38 px, 4 characters).
    assert zoomed[DESCRIPTION] >= 20 * table.fontMetrics().averageCharWidth()
    assert window.search_box.font().pointSizeF() == pytest.approx(sizes["search box"] * zoom)
    assert window.statusBar().font().pointSizeF() == pytest.approx(sizes["status bar"] * zoom)
    assert window.menuBar().font().pointSizeF() == pytest.approx(sizes["menu bar"] * zoom)
    menus = window.menuBar().findChildren(QMenu)  # popups: windows of their own
    assert menus
    assert {menu.font().pointSizeF() for menu in menus} == {window.search_box.font().pointSizeF()}
    context_menu = QMenu(window)  # as a right-click makes one
    context_menu.ensurePolished()
    assert context_menu.font().pointSizeF() == pytest.approx(sizes["search box"] * zoom)
    assert window.detail.code_label.font().pointSizeF() == pytest.approx(sizes["details"] * zoom)
    assert table.verticalHeader().defaultSectionSize() > row * 1.3
    assert window.findChild(QToolBar).iconSize().width() == round(icons * zoom)
    # The columns but the description fit their texts in view: none is clipped.
    metrics = table.fontMetrics()
    for column in (CODE, TYPE, STATUS, RELEASE):
        texts = [table.model().index(r, column).data() for r in range(table.rowAt(0), table.rowAt(0) + 10)]
        assert max(metrics.horizontalAdvance(text) for text in texts) < zoomed[column]
    window.actions_by_name["zoom_reset"].trigger()
    assert window.search_box.font().pointSizeF() == pytest.approx(sizes["search box"])
