"""Damage met while the window runs (issue 16): whichever part reads a damaged page, ONE offer of a fresh
database (the damaged file moved aside, never deleted); declined, a clear sentence, never an empty list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from gui_helpers import shown_codes, shown_window
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from medcode_gui.codes.errors import DatabaseDamaged
from medcode_gui.gui import app
from medcode_gui.gui.main.damage_offer import TOLD, DamageOffer, quiet_told_damage
from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.store import ReferenceStore


def aside(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p.name.startswith(path.name + ".damaged-"))


@pytest.fixture
def damaged_window(qtbot, damaged_db: Path, tmp_path: Path):
    """The window on damaged_db with its DamageOffer, and the questions it asked (answered by `answer`)."""

    def build(answer: bool) -> tuple[MainWindow, list[str]]:
        store = ReferenceStore(damaged_db)  # opens: releases and counts are on sound pages
        window = shown_window(qtbot, store, tmp_path / "settings.ini")
        asked: list[str] = []
        DamageOffer(window, lambda sentence: asked.append(sentence) or answer)
        return window, asked

    yield build


def search(window: MainWindow, text: str) -> None:
    window.search_box.setText(text)
    window.search.run_search()


def test_accepting_moves_the_file_aside_and_reopens_on_a_fresh_database(
    qtbot, damaged_window, damaged_db: Path
) -> None:
    window, asked = damaged_window(answer=True)
    damaged_bytes = damaged_db.read_bytes()
    search(window, "J1100")  # meets the damaged page
    qtbot.waitUntil(lambda: [r.label for r in window.session.store.releases()] == ["Starter"])
    assert len(asked) == 1 and str(damaged_db) in asked[0] and "damaged" in asked[0]
    [kept] = aside(damaged_db)
    assert kept.read_bytes() == damaged_bytes  # moved, not deleted nor changed
    assert window.session.store.path == damaged_db  # the fresh database took its place
    assert "fresh" in window.statusBar().currentMessage() and kept.name in window.statusBar().currentMessage()
    search(window, "J1100")
    assert shown_codes(window) == ["J1100"]


def test_declining_says_so_in_the_window_and_asks_once(qtbot, damaged_window, damaged_db: Path) -> None:
    window, asked = damaged_window(answer=False)
    search(window, "E0100")  # on sound pages: found
    assert shown_codes(window) == ["E0100"]
    search(window, "J1100")
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert window.results.rowCount() == 0  # not the previous search's results, and not silently empty:
    assert "damaged" in window.detail.message_label.text()
    assert str(damaged_db) in window.statusBar().currentMessage()
    assert not aside(damaged_db)
    search(window, "dexamethasone")  # damage met again: said again, not asked again
    qtbot.waitUntil(lambda: "damaged" in window.statusBar().currentMessage())
    QApplication.processEvents()  # a question queued by the second damage would be asked here
    assert len(asked) == 1


def test_damage_met_by_another_part_gets_the_same_single_offer(qtbot, damaged_window) -> None:
    window, asked = damaged_window(answer=False)
    with pytest.raises(DatabaseDamaged):
        window.navigation.open_code("J1100")  # navigation, not the search
    with pytest.raises(DatabaseDamaged):
        window.session.store.lookup("J1100")  # and again before the question came
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert "damaged" in window.detail.message_label.text()
    QApplication.processEvents()
    assert len(asked) == 1


def started_by_medcode_gui(
    qtbot, monkeypatch: pytest.MonkeyPatch, db: Path, tmp_path: Path, answer: bool
) -> tuple[MainWindow, list[str]]:
    """The window app.main builds on db (its event loop not entered), and the questions it asked, each answered
    `answer`."""
    asked: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test: app.main replaces it
    monkeypatch.setattr(app, "ask_fresh_database", lambda sentence: asked.append(sentence) or answer)
    monkeypatch.setattr("PySide6.QtWidgets.QApplication.exec", lambda self=None: 0)
    settings = str(tmp_path / "settings.ini")
    monkeypatch.setattr("PySide6.QtCore.QSettings", lambda *args: QSettings(settings, QSettings.Format.IniFormat))
    shown: list[MainWindow] = []
    monkeypatch.setattr("medcode_gui.gui.main.main_window.MainWindow.show", lambda self: shown.append(self))
    assert app.main(["--db", str(db)]) == 0
    qtbot.addWidget(shown[0])
    return shown[0], asked


def test_the_window_started_by_medcode_gui_makes_the_offer(
    qtbot, monkeypatch: pytest.MonkeyPatch, damaged_db: Path, tmp_path: Path
) -> None:
    window, asked = started_by_medcode_gui(qtbot, monkeypatch, damaged_db, tmp_path, answer=True)
    assert asked == []  # no question at open: the first pages read are sound
    search(window, "J1100")
    qtbot.waitUntil(lambda: [r.label for r in window.session.store.releases()] == ["Starter"])
    assert len(asked) == 1 and len(aside(damaged_db)) == 1


def test_the_smoke_test_on_a_damaged_database_is_one_sentence(damaged_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "medcode_gui.gui.app", "--db", str(damaged_db), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    said = [line for line in result.stderr.splitlines() if line.startswith("medcode-gui: ")]
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(said) == 1 and str(damaged_db) in said[0] and "is damaged" in said[0]
    assert not aside(damaged_db)


def test_the_smoke_test_finds_damage_its_steps_do_not_read(tmp_path: Path, sound_2019_db: Path) -> None:
    from conftest import damage_pages

    path = tmp_path / "reference.sqlite"
    path.write_bytes(sound_2019_db.read_bytes())
    damage_pages(path, marker=b"E0100")  # a code the smoke test neither searches nor shows
    result = subprocess.run(
        [sys.executable, "-m", "medcode_gui.gui.app", "--db", str(path), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "is damaged" in result.stderr


def test_a_search_the_database_cannot_answer_says_why_in_the_window(
    qtbot, damaged_db: Path, tmp_path: Path
) -> None:
    window = shown_window(qtbot, ReferenceStore(damaged_db), tmp_path / "settings.ini")  # no DamageOffer
    search(window, "E0100")
    assert shown_codes(window) == ["E0100"]
    with qtbot.waitSignal(window.search_finished) as finished:
        search(window, "J1100")  # raises nothing: the search itself says what went wrong
    assert finished.args == [0] and window.results.rowCount() == 0  # E0100 is no longer listed
    assert "is damaged" in window.detail.message_label.text() and window.detail.message_label.isVisible()
    assert str(damaged_db) in window.statusBar().currentMessage()


def test_the_windows_import_into_a_damaged_database_is_refused(
    qtbot, damaged_window, damaged_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import TXT_2018, data_file

    warned: list[str] = []
    monkeypatch.setattr("medcode_gui.gui.main.import_flow.QMessageBox.warning", lambda *args: warned.append(args[2]))
    window, _asked = damaged_window(answer=False)
    before = damaged_db.read_bytes()
    with qtbot.waitSignal(window.import_finished, timeout=60_000) as finished:
        window.imports.import_files([str(data_file(TXT_2018))])
    assert finished.args[0] is False and "is damaged" in finished.args[1] and "nothing was imported" in finished.args[1]
    assert warned == [finished.args[1]]
    assert damaged_db.read_bytes() == before


def test_a_code_whose_details_meet_damage_says_why_in_the_detail_pane(
    qtbot, sound_2019_db: Path, tmp_path: Path
) -> None:
    import sqlite3

    path = tmp_path / "reference.sqlite"
    path.write_bytes(sound_2019_db.read_bytes())
    with sqlite3.connect(path) as conn:  # the cross-references: read for the detail pane, not by the search
        roots = [row[0] for row in conn.execute("SELECT rootpage FROM sqlite_schema WHERE tbl_name = 'xrefs'")]
    conn.close()
    with path.open("r+b") as handle:
        for root in roots:  # the table and its indexes
            handle.seek((root - 1) * 4096)
            handle.write(b"\xff" * 4096)
    window = shown_window(qtbot, ReferenceStore(path), tmp_path / "settings.ini")
    search(window, "J1100")
    assert shown_codes(window) == ["J1100"]  # found; its details are read once the results are painted
    qtbot.waitUntil(lambda: "is damaged" in window.detail.message_label.text())
    assert window.detail.code_label.text() == "J1100" and "is damaged" in window.statusBar().currentMessage()


@pytest.mark.qt_no_exception_capture  # the hook medcode-gui installs is the one under test, not pytest-qt's
def test_damage_met_by_the_tree_leaves_no_traceback_on_stderr(
    qtbot, monkeypatch: pytest.MonkeyPatch, damaged_db: Path, tmp_path: Path, capfd: pytest.CaptureFixture
) -> None:
    """The tree's paging reads J1100's damaged page inside a model override called by Qt, where nothing can
    catch it: the offer asks once, and stderr gets one line, not a Python traceback."""
    window, asked = started_by_medcode_gui(qtbot, monkeypatch, damaged_db, tmp_path, answer=False)
    capfd.readouterr()
    QTimer.singleShot(0, window.tree.expandAll)  # from the event loop, as a click would: no Python caller
    qtbot.waitUntil(lambda: len(asked) == 1)
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert f"medcode-gui: {damaged_db} is damaged" in err


def test_the_hook_passes_on_everything_but_damage_told_to_the_offer() -> None:
    passed: list[BaseException] = []
    hook = quiet_told_damage(lambda kind, error, traceback: passed.append(error))
    told, untold, other = DatabaseDamaged("x.sqlite", "malformed"), DatabaseDamaged("y.sqlite", "x"), ValueError()
    setattr(told, TOLD, True)
    for error in (told, untold, other):
        hook(type(error), error, None)
    assert passed == [untold, other]
