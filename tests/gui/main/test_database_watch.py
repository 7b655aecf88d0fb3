"""The window follows changes other programs make to its database (DatabaseWatch): a `medcode import` run in
another process appears in the picker without a restart and its codes open; a code whose release another
program deleted is not left on screen as if it were still there; the window's own import refreshes once."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ZIP_2019, data_file
from gui_helpers import shown_window

from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.store import ReferenceStore


def picker_labels(window: MainWindow) -> list[str]:
    picker = window.release_picker
    return [picker.itemData(i) for i in range(1, picker.count())]


def test_a_release_imported_by_another_process_appears_and_its_codes_open(
    qtbot, empty_db: Path, settings, tmp_path: Path
) -> None:
    store = ReferenceStore(empty_db)
    window = shown_window(qtbot, store, settings)
    assert picker_labels(window) == ["Starter"]
    command = [sys.executable, "-m", "medcode_gui", "--db", str(empty_db), "import", str(data_file(ZIP_2019))]
    importer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    answered = []
    try:

        def imported_and_seen() -> bool:
            # The window keeps answering while the other process writes (WAL): no "database is locked".
            if importer.poll() is None:
                answered.append(len(window.session.store.search("wheelchair", 5)))
            return importer.poll() not in (None, 0) or "HCPCS-2019" in picker_labels(window)

        qtbot.waitUntil(imported_and_seen, timeout=120_000)
    finally:
        _, errors = importer.communicate(timeout=120)
    assert importer.returncode == 0, errors
    assert "HCPCS-2019" in picker_labels(window)
    assert all(answered)
    assert "HCPCS-2019" in window.release_label.text()  # the newest view now shows it
    # One of its codes (not in the starter data) selected in the results: the detail pane shows it.
    with qtbot.waitSignal(window.detail_shown, timeout=10_000) as shown:
        window.search_box.setText("J7999")
        window.search.run_search()
    assert shown.args == ["J7999"]
    assert window.session.current.release.label == "HCPCS-2019"


def window_on_a_copy(qtbot, two_release_db: Path, settings, tmp_path: Path) -> tuple[MainWindow, Path]:
    db = tmp_path / "reference.sqlite"
    shutil.copy(two_release_db, db)
    return shown_window(qtbot, ReferenceStore(db), settings), db


def delete_elsewhere(qtbot, window: MainWindow, db: Path, label: str) -> None:
    """Another program (its own connection) deletes a release; the window's picker follows."""
    with ReferenceStore(db) as other:
        other.delete_release(label)
    qtbot.waitUntil(lambda: label not in picker_labels(window), timeout=10_000)


def test_a_code_whose_release_another_program_deleted_is_shown_from_the_new_view(
    qtbot, two_release_db: Path, settings, tmp_path: Path
) -> None:
    window, db = window_on_a_copy(qtbot, two_release_db, settings, tmp_path)
    assert window.navigation.open_code("J0130") and window.session.current.release.label == "HCPCS-2019"
    delete_elsewhere(qtbot, window, db, "HCPCS-2019")
    assert window.session.current.record.code == "J0130"
    assert window.session.current.release.label == "HCPCS-2018"  # read again, from the release that has it


def test_a_code_whose_release_another_program_deleted_is_said_gone(
    qtbot, two_release_db: Path, settings, tmp_path: Path
) -> None:
    window, db = window_on_a_copy(qtbot, two_release_db, settings, tmp_path)
    assert window.navigation.open_code("J0185")  # only in HCPCS-2019
    delete_elsewhere(qtbot, window, db, "HCPCS-2019")
    assert window.session.current is None
    assert window.detail.message_label.text() == (
        "J0185 is no longer in the database: another program removed the release it came from."
    )


def test_the_windows_own_import_refreshes_the_views_once(qtbot, window: MainWindow, tmp_path: Path) -> None:
    db = tmp_path / "gui.sqlite"
    assert window.imports.open_database(db)
    refreshes = []
    window.imports.store_changed.connect(lambda: refreshes.append(1))
    with qtbot.waitSignal(window.import_finished, timeout=60_000):
        window.imports.import_files([str(data_file(ZIP_2019))])
    # Whichever saw the commit first (the watch's timer or the import's end) refreshed; the other does not.
    assert not window.database_watch.check()
    assert refreshes == [1]
    assert "HCPCS-2019" in picker_labels(window)
