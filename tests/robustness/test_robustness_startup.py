"""The window's start on a damaged or foreign database: one clear sentence, and an offer to start a fresh one
that keeps the bad file (renamed beside it, never deleted)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from medcode_gui.codes.errors import DatabaseError
from medcode_gui.gui import app
from medcode_gui.store import ReferenceStore
from medcode_gui.store.connection import move_aside


def garbage(path: Path) -> Path:
    path.write_bytes(b"These are my notes, not a database.\n" * 50)
    return path


def foreign(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    return path


def damaged(path: Path) -> Path:
    """A MedCode database whose pages past the header are overwritten: the header and identity still read."""
    ReferenceStore(path).close()
    data = bytearray(path.read_bytes())
    data[4096:] = os.urandom(len(data) - 4096)
    path.write_bytes(bytes(data))
    return path


def newer(path: Path) -> Path:
    ReferenceStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    return path


def aside(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p.name.startswith(path.name + ".damaged-"))


@pytest.mark.parametrize("make", [garbage, foreign, damaged], ids=lambda f: f.__name__)
def test_start_fresh_keeps_the_bad_file_and_opens_a_starter_database(tmp_path: Path, make) -> None:
    path = make(tmp_path / "reference.sqlite")
    before = path.read_bytes()
    asked: list[str] = []
    store = app.open_at_start(path, lambda sentence: asked.append(sentence) or True)
    try:
        assert [r.label for r in store.releases()] == ["Starter"]
        assert store.lookup("J1100") is not None
    finally:
        store.close()
    assert len(asked) == 1 and "\n" not in asked[0] and str(path) in asked[0]
    assert "fresh database" in asked[0]
    moved = aside(path)
    assert len(moved) == 1 and moved[0].read_bytes() == before


@pytest.mark.parametrize("make", [garbage, foreign, damaged], ids=lambda f: f.__name__)
def test_quit_leaves_everything_as_it_was(tmp_path: Path, make) -> None:
    path = make(tmp_path / "reference.sqlite")
    before = path.read_bytes()
    assert app.open_at_start(path, lambda sentence: False) is None
    assert path.read_bytes() == before and not aside(path)


def test_a_newer_database_is_not_offered_for_replacement(tmp_path: Path) -> None:
    path = newer(tmp_path / "reference.sqlite")
    asked: list[str] = []
    with pytest.raises(DatabaseError, match="newer MedCode"):
        app.open_at_start(path, lambda sentence: asked.append(sentence) or True)
    assert not asked and not aside(path)


def test_without_a_user_to_ask_the_error_is_raised(tmp_path: Path) -> None:
    path = garbage(tmp_path / "reference.sqlite")
    with pytest.raises(DatabaseError, match="not a MedCode database"):
        app.open_at_start(path, None)
    assert not aside(path)


def test_a_good_database_opens_without_a_question(two_release_db: Path) -> None:
    store = app.open_at_start(two_release_db, lambda sentence: pytest.fail("asked about a good database"))
    assert store is not None and len(store.releases()) == 3
    store.close()


def test_moving_aside_takes_sqlites_side_files_and_never_overwrites(tmp_path: Path) -> None:
    path = garbage(tmp_path / "reference.sqlite")
    journal = path.with_name(path.name + "-journal")
    journal.write_bytes(b"stale journal")
    now = dt.datetime(2026, 11, 27, 8, 30, 5)
    first = move_aside(path, now)
    assert first.name == "reference.sqlite.damaged-20261127-083005"
    assert not journal.exists() and Path(str(first) + "-journal").read_bytes() == b"stale journal"
    garbage(path)
    second = move_aside(path, now)
    assert second != first and second.exists() and first.exists() and not path.exists()


@pytest.mark.parametrize(("button", "fresh"), [(app.FRESH_BUTTON, True), (app.QUIT_BUTTON, False)])
def test_the_dialog_offers_both_buttons(qtbot, monkeypatch, button: str, fresh: bool) -> None:
    shown: dict[str, object] = {}

    def choose(box: QMessageBox) -> int:
        shown["text"] = box.text()
        shown["buttons"] = sorted(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text() == button).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose)
    assert app.ask_fresh_database("The database x cannot be used.") is fresh
    assert shown == {"text": "The database x cannot be used.", "buttons": sorted([app.FRESH_BUTTON, app.QUIT_BUTTON])}


def test_the_window_starts_on_a_fresh_database_after_the_offer(qtbot, monkeypatch, tmp_path: Path) -> None:
    """main() itself: the dialog answered "Start a fresh database", the window shown, the event loop skipped."""
    path = garbage(tmp_path / "reference.sqlite")
    monkeypatch.setattr(app, "ask_fresh_database", lambda sentence: True)
    monkeypatch.setattr("PySide6.QtWidgets.QApplication.exec", lambda self=None: 0)
    settings = str(tmp_path / "settings.ini")  # never the user's own settings
    monkeypatch.setattr("PySide6.QtCore.QSettings", lambda *args: QSettings(settings, QSettings.Format.IniFormat))
    shown = []
    monkeypatch.setattr("medcode_gui.gui.main.main_window.MainWindow.show", lambda self: shown.append(self))
    assert app.main(["--db", str(path)]) == 0
    assert len(shown) == 1 and [r.label for r in shown[0].session.store.releases()] == ["Starter"]
    shown[0].session.store.close()
    assert len(aside(path)) == 1


def test_the_smoke_test_on_a_bad_file_is_one_sentence_and_touches_nothing(tmp_path: Path) -> None:
    path = garbage(tmp_path / "reference.sqlite")
    result = subprocess.run(
        [sys.executable, "-m", "medcode_gui.gui.app", "--db", str(path), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("medcode-gui: ") and "not a MedCode database" in result.stderr
    assert not aside(path)
