"""Fixtures of the main window's tests (a pytest plugin, see conftest.py): its settings file and the window,
shown on the two-release database; a user database in the test's folder. A test module that needs another
window defines its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import shown_window
from PySide6.QtCore import QSettings

from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.store import ReferenceStore
from medcode_gui.store.user_store import UserStore


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, store: ReferenceStore, settings: QSettings) -> MainWindow:
    return shown_window(qtbot, store, settings)


@pytest.fixture
def user_store(tmp_path: Path) -> UserStore:
    with UserStore(tmp_path / "user.sqlite") as opened:
        yield opened
