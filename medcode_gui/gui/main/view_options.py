"""Comfort: the zoom of the whole window (the type of every widget, menus and tooltips, row heights, icons)
and the light or dark theme; kept in the settings."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, QSize
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QMainWindow,
    QMenu,
    QStyle,
    QToolBar,
    QToolTip,
    QTreeView,
    QWidget,
)

from ..common.theme import apply_theme
from ..detail.detail_pane import DetailPane
from ..results.results_view import ResultsView

ZOOM_STEP, MIN_ZOOM, MAX_ZOOM = 1.15, 0.6, 3.0
THEMES = ("system", "light", "dark")


def fit_table_to_font(table: ResultsView, metrics: QFontMetrics) -> None:
    """Row height from the font; every column but the description fitted to its header and the rows in view
    (ResultsView.fit_columns: Qt's sizing to contents would read every row on every search)."""
    table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
    table.fit_columns()


class ViewOptions(QObject):
    def __init__(
        self,
        settings: QSettings,
        parent: QObject,
        *,
        tree: QTreeView,
        table: ResultsView,
        detail: DetailPane,
        actions: dict[str, QAction],
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.tree, self.table, self.detail = tree, table, detail
        # The type at zoom 1: the window's as built (the application's, unless the platform gives it another).
        self.window = parent if isinstance(parent, QWidget) else None
        self.base_font = QFont(parent.font() if isinstance(parent, QWidget) else QApplication.font())
        if self.window is not None:
            self.window.installEventFilter(self)  # its own events only: a menu made for it
        self.theme_actions = {name: actions[f"theme_{name}"] for name in THEMES}
        self.zoom = 1.0
        self.theme = "system"
        self.scheme = ""  # what apply_theme gave: "light" or "dark"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A menu made for the window (a context menu) takes the window's zoomed type before it shows."""
        if event.type() == QEvent.Type.ChildPolished and isinstance(menu := event.child(), QMenu):
            menu.setFont(self.window.font())
        return False

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
        """Scale the whole window: the type of every widget (search box, toolbar, menus, status bar, tooltips,
        tree, results, details), row heights and icons (kept for the next launch)."""
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        font = QFont(self.base_font)
        font.setPointSizeF((self.base_font.pointSizeF() if self.base_font.pointSizeF() > 0 else 10.0) * self.zoom)
        if self.window is not None:
            self.window.setFont(font)  # every child without a font of its own follows
        # Menus and tooltips are windows of their own, which take no font from the window they belong to (the
        # context menus, made on each right-click, get theirs in eventFilter).
        for menu in self.window.findChildren(QMenu) if self.window is not None else []:
            menu.setFont(font)
        QToolTip.setFont(font)
        for view in (self.tree, self.table):
            view.setFont(font)
        fit_table_to_font(self.table, self.table.fontMetrics())
        self._scale_icons()
        self.detail.set_font_scale(self.zoom)
        self.settings.setValue("view/zoom", self.zoom)

    def _scale_icons(self) -> None:
        """The toolbars' and the views' icons in proportion to the zoom."""
        style = QApplication.style()
        for views, metric in (
            ((self.tree, self.table), QStyle.PixelMetric.PM_SmallIconSize),
            (
                self.window.findChildren(QToolBar) if isinstance(self.window, QMainWindow) else [],
                QStyle.PixelMetric.PM_ToolBarIconSize,
            ),
        ):
            side = round(style.pixelMetric(metric) * self.zoom)
            for view in views:
                if isinstance(view, QAbstractItemView | QToolBar):
                    view.setIconSize(QSize(side, side))

    def set_theme(self, theme: str) -> None:
        """Light, dark, or as the desktop is ("system"): Qt repaints every window in the new palette."""
        self.theme = theme if theme in THEMES else "system"
        self.scheme = apply_theme(self.theme)
        for name, action in self.theme_actions.items():
            action.setCheckable(True)
            action.setChecked(name == self.theme)
        self.settings.setValue("view/theme", self.theme)
