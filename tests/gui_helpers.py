"""What the GUI tests share: a main window shown on a database, with its own settings file, and what it lists."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.store import ReferenceStore
from medcode_gui.store.user_store import UserStore


def shown_window(
    qtbot, store: ReferenceStore, settings: QSettings | Path, user_store: UserStore | None = None
) -> MainWindow:
    """A main window on store, shown, closed with the test; settings: a QSettings, or an ini file to use."""
    if isinstance(settings, Path):
        settings = QSettings(str(settings), QSettings.Format.IniFormat)
    window = MainWindow(store, settings, debounce_ms=10, user_store=user_store)
    qtbot.addWidget(window)
    window.show()
    return window


def shown_codes(window: MainWindow) -> list[str]:
    """The codes the results table lists, top to bottom."""
    return [window.results.hit(row).record.code for row in range(window.results.rowCount())]
