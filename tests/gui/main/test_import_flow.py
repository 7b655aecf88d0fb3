"""New data through the window (ImportFlow): importing, cancelling, a failure, a read-only database."""

from __future__ import annotations

from pathlib import Path

from conftest import TXT_2018, ZIP_2019, data_file

from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.store import ReferenceStore


def test_import_through_the_window(qtbot, window: MainWindow, tmp_path: Path) -> None:
    db = tmp_path / "gui.sqlite"
    assert window.imports.open_database(db)
    with qtbot.waitSignal(window.import_finished, timeout=60_000) as finished:
        window.imports.import_files([str(data_file(ZIP_2019))])
    assert finished.args[0] is True and "imported HCPCS-2019" in finished.args[1]
    assert "HCPCS-2019" in window.release_label.text()
    assert window.tree_model.count("hcpcs.2") == 6440


def test_cancelled_import_leaves_the_database_unchanged(qtbot, window: MainWindow, tmp_path: Path) -> None:
    db = tmp_path / "gui.sqlite"
    assert window.imports.open_database(db)
    before = db.read_bytes()
    with qtbot.waitSignal(window.import_finished, timeout=60_000) as finished:
        window.imports.import_files([str(data_file(TXT_2018)), str(data_file(ZIP_2019))])
        window.imports.progress_dialog.canceled.emit()  # the dialog's Cancel button, as a user presses it
    assert finished.args == [False, "Import cancelled; the database is unchanged."]
    assert db.read_bytes() == before
    assert [r.label for r in window.session.store.releases()] == ["Starter"]


def test_a_failed_import_says_why_and_changes_nothing(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("medcode_gui.gui.main.import_flow.QMessageBox.warning", lambda *args: None)
    db = tmp_path / "gui.sqlite"
    window.imports.open_database(db)
    junk = tmp_path / "notes.txt"
    junk.write_text("not a release")
    before = db.read_bytes()
    with qtbot.waitSignal(window.import_finished, timeout=30_000) as finished:
        window.imports.import_files([str(junk)])
    assert finished.args[0] is False and "not a release MedCode can import" in finished.args[1]
    assert db.read_bytes() == before


def test_a_read_only_database_disables_importing(qtbot, two_release_db: Path, settings, tmp_path: Path) -> None:
    copy = tmp_path / "ro.sqlite"
    copy.write_bytes(two_release_db.read_bytes())
    copy.chmod(0o444)
    with ReferenceStore(copy) as store:
        win = MainWindow(store, settings)
        qtbot.addWidget(win)
        assert not win.actions_by_name["import"].isEnabled()
        assert "read-only" in win.actions_by_name["import"].toolTip()
