"""Comfort: the zoom of the tree, the results and the details, and the light or dark theme; kept in the settings."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import QApplication, QTableView, QTreeView

from ..common.theme import apply_theme
from ..detail.detail_pane import DetailPane
from ..results.results_model import CODE, RELEASE, STATUS, TYPE

ZOOM_STEP, MIN_ZOOM, MAX_ZOOM = 1.15, 0.6, 3.0
THEMES = ("system", "light", "dark")
COLUMN_SAMPLES = {CODE: "WWWWW", TYPE: "HCPCS mod", STATUS: "ended 2017-12-31", RELEASE: "HCPCS-2019-APR"}


def fit_table_to_font(table: QTableView, metrics: QFontMetrics) -> None:
    """Row height and fixed column widths from the font: sizing columns to their contents reads every row on
    every search (161,000 data() calls for a dozen keystrokes), far beyond a frame."""
    table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
    for column, sample in COLUMN_SAMPLES.items():
        table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 16)


class ViewOptions(QObject):
    def __init__(
        self,
        settings: QSettings,
        parent: QObject,
        *,
        tree: QTreeView,
        table: QTableView,
        detail: DetailPane,
        actions: dict[str, QAction],
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.tree, self.table, self.detail = tree, table, detail
        self.theme_actions = {name: actions[f"theme_{name}"] for name in THEMES}
        self.zoom = 1.0
        self.theme = "system"
        self.scheme = ""  # what apply_theme gave: "light" or "dark"

    def handlers(self) -> dict[str, Callable[[], object]]:
        """The window's actions (common/shortcuts.py) this part carries out."""
        return {
            "zoom_in": lambda: self.set_zoom(self.zoom * ZOOM_STEP),
            "zoom_out": lambda: self.set_zoom(self.zoom / ZOOM_STEP),
            "zoom_reset": lambda: self.set_zoom(1.0),
            "theme_system": lambda: self.set_theme("system"),
            "theme_light": lambda: self.set_theme("light"),
            "theme_dark": lambda: self.set_theme("dark"),
        }

    def restore(self) -> None:
        """The zoom and the theme of the last session."""
        self.set_zoom(float(self.settings.value("view/zoom", 1.0)))
        self.set_theme(str(self.settings.value("view/theme", "system")))

    def set_zoom(self, factor: float) -> None:
        """Scale the type of the tree, the results and the details (kept for the next launch)."""
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        base = QApplication.font().pointSizeF() or 10.0
        for view in (self.tree, self.table):
            font = view.font()
            font.setPointSizeF(base * self.zoom)
            view.setFont(font)
        fit_table_to_font(self.table, self.table.fontMetrics())
        self.detail.set_font_scale(self.zoom)
        self.settings.setValue("view/zoom", self.zoom)

    def set_theme(self, theme: str) -> None:
        """Light, dark, or as the desktop is ("system"): Qt repaints every window in the new palette."""
        self.theme = theme if theme in THEMES else "system"
        self.scheme = apply_theme(self.theme)
        for name, action in self.theme_actions.items():
            action.setCheckable(True)
            action.setChecked(name == self.theme)
        self.settings.setValue("view/theme", self.theme)
