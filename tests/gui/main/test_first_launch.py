"""A first launch that teaches: on the starter data alone the results area says what is shown and offers the
official files; it goes once an official release is imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TXT_2018, data_file
from gui_helpers import shown_window
from PySide6.QtCore import QSettings

from medcode_gui.gui.main.first_launch import IMPORT_BUTTON, UPDATE_BUTTON
from medcode_gui.gui.main.import_flow import ImportFlow
from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The import actions the window carried out (recorded, not run: no file dialog, no network)."""
    calls: list[str] = []
    monkeypatch.setattr(ImportFlow, "choose_import_files", lambda self: calls.append("import"))
    monkeypatch.setattr(ImportFlow, "update_from_cms", lambda self: calls.append("update_from_cms"))
    return calls


@pytest.fixture
def starter_window(qtbot, tmp_path: Path, asked: list[str]) -> MainWindow:
    store = ReferenceStore(tmp_path / "new.sqlite")  # a new database holds the starter data only
    yield shown_window(qtbot, store, tmp_path / "settings.ini")
    store.close()


def test_the_starter_data_is_explained_in_place_of_the_empty_results(starter_window: MainWindow) -> None:
    panel = starter_window.first_launch_panel
    assert panel.isVisible() and not starter_window.table.isVisible()
    text = panel.text.text()
    assert "502 common codes" in text and "plain language" in text and "not the official descriptors" in text
    assert "tree" in text


def test_its_buttons_carry_out_the_import_actions(qtbot, starter_window: MainWindow, asked: list[str]) -> None:
    panel = starter_window.first_launch_panel
    assert panel.import_button.text() == IMPORT_BUTTON and panel.update_button.text() == UPDATE_BUTTON
    panel.import_button.click()
    panel.update_button.click()
    assert asked == ["import", "update_from_cms"]


def test_a_search_shows_its_results_and_an_empty_box_the_explanation_again(qtbot, starter_window: MainWindow) -> None:
    with qtbot.waitSignal(starter_window.search_finished, timeout=3000):
        starter_window.search_box.setText("wheelchair")
    assert starter_window.table.isVisible() and not starter_window.first_launch_panel.isVisible()
    with qtbot.waitSignal(starter_window.search_finished, timeout=3000):
        starter_window.search_box.clear()
    assert starter_window.first_launch_panel.isVisible()


def test_it_goes_once_an_official_release_is_imported(qtbot, starter_window: MainWindow) -> None:
    starter_window.session.store.import_release(read_release(data_file(TXT_2018)))
    starter_window.imports.refresh()  # what the window does after its own import or another program's
    assert not starter_window.first_launch_panel.isVisible() and starter_window.table.isVisible()


def test_a_database_with_official_releases_never_shows_it(qtbot, store: ReferenceStore, tmp_path: Path) -> None:
    window = shown_window(qtbot, store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert not window.first_launch_panel.isVisible() and window.table.isVisible()
