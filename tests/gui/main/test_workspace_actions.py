"""The window never says done when it was not: every refused write to user.sqlite leaves its reason on screen
and the control in its true state (the star unchecked, the note kept in the editor and marked unsaved)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from gui_helpers import shown_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.store import ReferenceStore
from medcode_gui.store.user_notes import MAX_NOTE_CHARS
from medcode_gui.store.user_store import UserStore


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """QMessageBox.question answered Yes (a modal box would block an offscreen test); the questions asked."""
    asked: list[str] = []

    def answer(parent, title, text, *args):  # noqa: ANN001, ANN202 - QMessageBox.question's signature
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    return asked


@pytest.fixture
def read_only_user_db(tmp_path: Path) -> Path:
    """A real user.sqlite without write bits: UserStore opens it read-only, even for root (tests run as root)."""
    path = tmp_path / "user.sqlite"
    UserStore(path).close()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    yield path
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.fixture
def read_only_window(qtbot, store: ReferenceStore, read_only_user_db: Path, tmp_path: Path) -> MainWindow:
    user_store = UserStore(read_only_user_db)
    assert user_store.read_only
    window = shown_window(qtbot, store, tmp_path / "s.ini", user_store)
    yield window
    window.close()
    user_store.close()


@pytest.fixture
def window(qtbot, store: ReferenceStore, user_store: UserStore, tmp_path: Path) -> MainWindow:
    return shown_window(qtbot, store, tmp_path / "s.ini", user_store)


def test_a_refused_star_stays_unchecked_and_says_why(qtbot, read_only_window: MainWindow, read_only_user_db) -> None:
    window = read_only_window
    window.navigation.open_code("J1100")
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not window.actions_by_name["star"].isChecked()
    assert window.actions_by_name["star"].text() == "&Star"
    message = window.statusBar().currentMessage()
    assert "read-only" in message and "starred" not in message
    with UserStore(read_only_user_db) as reopened:
        assert not reopened.is_starred("J1100")


def test_a_refused_note_is_kept_in_the_editor_marked_unsaved(qtbot, read_only_window: MainWindow) -> None:
    window = read_only_window
    window.navigation.open_code("J1100")
    note = window.detail.note_edit
    with qtbot.waitSignal(window.detail.note_edited, timeout=3000):
        note.setPlainText("Check the units billed")
    assert "read-only" in window.statusBar().currentMessage()
    assert "saved" not in window.statusBar().currentMessage().replace("cannot be changed", "")
    assert note.toPlainText() == "Check the units billed" and note.is_unsaved()
    assert window.detail.note_heading.text().startswith("My note: NOT SAVED.")
    assert "read-only" in note.toolTip()


def test_recent_codes_and_searches_refused_are_told_once_the_star_every_time(
    qtbot, read_only_window: MainWindow
) -> None:
    """Opening a code writes it to the recent codes, which a read-only user.sqlite refuses: the user did not ask
    for that write, so its sentence is shown once per session, not over every code opened; the star, which the
    user asked for, says it each time."""
    window = read_only_window
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)  # every message, even one replaced at once
    window.navigation.open_code("J1100")
    assert sum("read-only" in message for message in shown) == 1
    window.statusBar().clearMessage()  # the same message shown again would not signal a change
    shown.clear()
    window.navigation.open_code("E0100")
    window.search_box.setText("cane")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # a recent search, refused as well
    window.navigation.open_code("J1100")
    assert shown and not any("read-only" in message for message in shown)
    for _ in range(2):
        window.statusBar().clearMessage()  # the same message shown again would not signal a change
        shown.clear()
        qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        assert sum("read-only" in message for message in shown) == 1
        assert not window.actions_by_name["star"].isChecked()


def test_an_over_long_note_is_refused_kept_and_saved_once_shortened(
    qtbot, window: MainWindow, user_store: UserStore
) -> None:
    window.navigation.open_code("J1100")
    note, long_text = window.detail.note_edit, "x" * (MAX_NOTE_CHARS + 1)
    with qtbot.waitSignal(window.detail.note_edited, timeout=3000):
        note.setPlainText(long_text)
    message = window.statusBar().currentMessage()
    assert "at most 100,000 characters" in message and "saved" not in message
    assert note.toPlainText() == long_text and note.is_unsaved() and user_store.note("J1100") is None
    assert window.detail.note_heading.text().startswith("My note: NOT SAVED. A note holds at most")
    # another code and back: the unsaved text is still there, still marked (sent again, refused again)
    window.navigation.open_code("E0100")
    assert note.toPlainText() == "" and not note.is_unsaved()
    assert window.detail.note_heading.text() == "My note (saved as you type; found by the search)"
    window.navigation.open_code("J1100")
    assert note.toPlainText() == long_text and note.is_unsaved()
    with qtbot.waitSignal(window.detail.note_edited, timeout=3000):
        note.setPlainText("Short enough")
    assert user_store.note("J1100") == "Short enough" and not note.is_unsaved()
    assert window.statusBar().currentMessage() == "Note on J1100 saved"
    assert window.detail.note_heading.text() == "My note (saved as you type; found by the search)"


def test_refused_list_changes_leave_the_lists_as_they_are(read_only_window: MainWindow) -> None:
    window = read_only_window
    window.navigation.open_code("J1100")
    assert not window.workspace_actions.add_current_to_list("Training set")
    assert "read-only" in window.statusBar().currentMessage()
    dock = window.workspace_actions.dock
    assert not dock.new_list("Drugs")
    assert "read-only" in dock.status.text()
    assert [dock.collection.itemData(i) for i in range(dock.collection.count())][2:] == []


def test_closing_with_a_refused_note_asks_first(qtbot, read_only_window: MainWindow, monkeypatch, answers) -> None:
    window = read_only_window
    window.navigation.open_code("J1100")
    window.detail.note_edit.setPlainText("Check the units billed")  # closing before the pause: flushed, refused
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    window.close()
    assert window.isVisible() and window.detail.note_edit.toPlainText() == "Check the units billed"
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args: answers.append(args[2]) or QMessageBox.StandardButton.Yes
    )
    window.close()
    assert not window.isVisible()
    assert answers[0].startswith("<qt>Your note on J1100 could not be saved:") and "read-only" in answers[0]


def test_unstarring_in_the_dock_unchecks_the_star(qtbot, window: MainWindow, user_store: UserStore) -> None:
    window.navigation.open_code("J1100")
    window.workspace_actions.toggle_star()
    assert window.actions_by_name["star"].isChecked()
    dock = window.workspace_actions.dock
    dock.refresh()
    dock.entries.setCurrentRow(0)
    dock.remove_selected()
    assert not user_store.is_starred("J1100") and not window.actions_by_name["star"].isChecked()
