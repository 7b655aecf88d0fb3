"""`medcode-gui`: start the window on the reference database (created, with the starter data, on first use)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ..codes.errors import DatabaseError, MedcodeError
from ..paths import APP_AUTHOR, APP_NAME, DB_ENV, database_path
from ..store.connection import damage_found, is_damaged_or_foreign, move_aside, remove_orphans

SMOKE_QUERY = "J1100"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
FRESH_BUTTON = "Start a fresh database"
QUIT_BUTTON = "Quit"
# Files SQLite keeps beside a database: moved aside with it, or a stale journal would be replayed onto the new one.


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="medcode-gui", description="MedCode Browser")
    parser.add_argument("--db", default=os.environ.get(DB_ENV), help=f"reference database (or set {DB_ENV})")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="build the window, run a search, show a result, and exit 0 if all worked",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    has_display = any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    if args.smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # runs anywhere, CI included
    elif not has_display and sys.platform.startswith("linux"):
        # Qt would abort the process with a misleading message about xcb; say what is wrong instead.
        print("medcode-gui: no display found (DISPLAY is not set); run it in a desktop session.", file=sys.stderr)
        return 2
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .main.damage_offer import DamageOffer, quiet_told_damage
    from .main.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setWindowIcon(app_icon())
    remove_leftovers(database_path(args.db))
    try:
        store = open_at_start(database_path(args.db), None if args.smoke_test else ask_fresh_database)
    except MedcodeError as error:
        if args.smoke_test:
            print(f"medcode-gui: {error}", file=sys.stderr)
        else:
            QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    if store is None:  # a damaged database, and the user chose Quit
        return 1
    if args.smoke_test:  # a throwaway settings file: the smoke test neither reads nor leaves user state
        settings = QSettings(
            os.path.join(tempfile.mkdtemp(prefix="medcode-smoke-"), "s.ini"), QSettings.Format.IniFormat
        )
    else:
        settings = QSettings()
    try:
        window = MainWindow(store, settings)
    except DatabaseError as error:  # damage the first reads did not reach: the same offer
        store.close()
        try:
            store = _offer_fresh(store.path, error, None if args.smoke_test else ask_fresh_database)
        except MedcodeError as again:
            if args.smoke_test:
                print(f"medcode-gui: {again}", file=sys.stderr)
            else:
                QMessageBox.critical(None, APP_NAME, str(again))
            return 1
        if store is None:
            return 1
        window = MainWindow(store, settings)
    damage = DamageOffer(window, None if args.smoke_test else ask_fresh_database)
    sys.excepthook = quiet_told_damage(sys.excepthook)  # damage escaping a Qt slot: told in the window already
    window.show()
    app.processEvents()
    if os.environ.get("MEDCODE_STARTUP_TIMING"):
        print(f"window shown after {(time.perf_counter() - started) * 1000:.0f} ms", file=sys.stderr)
    # What startup made (modules, the outline, Qt's wrappers: some 50,000 objects) lives as long as the app:
    # moved out of the collector's reach, a full collection between keystrokes takes 4 ms instead of 33.
    gc.freeze()
    if args.smoke_test:
        return smoke_test(window, damage)
    return app.exec()


def remove_leftovers(path: Path) -> None:
    """Temporary databases a killed start left while making a database (this one or the user database)."""
    from ..store.user_store import user_database_path

    for folder in {path.parent, user_database_path().parent}:
        remove_orphans(folder)


def open_at_start(path: Path, ask: Callable[[str], bool] | None):  # noqa: ANN201 - a ReferenceStore or None
    """Open the database the window starts on, with the reads the window makes first.

    A damaged or foreign file raises DatabaseError; then ask(sentence) decides: True moves the file aside (see
    move_aside; it is never deleted) and starts a fresh database with the starter data at the same path, False
    gives None (quit). With no ask (the smoke test), or for other problems (a newer schema, a locked or
    unreadable file), the DatabaseError is raised for the caller to show.
    """
    from ..store import ReferenceStore

    try:
        store = ReferenceStore(path)
    except DatabaseError as error:
        return _offer_fresh(path, error, ask)
    try:
        store.releases()
        store.node_counts()
    except DatabaseError as error:
        store.close()
        return _offer_fresh(path, error, ask)
    return store


def _offer_fresh(path: Path, error: DatabaseError, ask: Callable[[str], bool] | None):  # noqa: ANN202
    from ..store import ReferenceStore

    if ask is None or not is_damaged_or_foreign(path):
        raise error
    if not ask(f"{error} You can start a fresh database there; this file is kept, renamed, beside it."):
        return None
    move_aside(path)
    return ReferenceStore(path)


def ask_fresh_database(sentence: str) -> bool:
    """The question, as a dialog: True when the user chose to start a fresh database."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, sentence)
    fresh = box.addButton(FRESH_BUTTON, QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(QUIT_BUTTON, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)
    box.setEscapeButton(quit_button)
    box.exec()
    return box.clickedButton() is fresh


def app_icon():  # noqa: ANN201 - a QIcon (Qt is imported only once a display is known)
    """The window icon from PNGs at every usual size: Qt picks the sharpest for the screen's pixel ratio."""
    from importlib import resources

    from PySide6.QtGui import QIcon

    icon = QIcon()
    folder = resources.files("medcode_gui.resources").joinpath("icons")
    for size in ICON_SIZES:
        icon.addFile(str(folder.joinpath(f"medcode-{size}.png")))
    return icon


def smoke_test(window, damage) -> int:  # noqa: ANN001 - a MainWindow, its DamageOffer
    """Search, select the first result, check the detail pane shows it, and that the tree has counts; damage
    anywhere in the file fails it with one sentence."""
    from PySide6.QtWidgets import QApplication

    window.search_box.setText(SMOKE_QUERY)
    try:
        window.search.run_search()
        count = window.results.rowCount()
        QApplication.processEvents()  # the results painted
        if count:
            window.search.show_selected_result()  # the first row, as chosen (typing would wait for a pause)
    except MedcodeError as error:  # met outside the search (which says its errors in the window)
        print(f"medcode-gui: {error}", file=sys.stderr)
        return 1
    # Damage the steps above did not read is found by reading every page (after the window is shown: the
    # start-up time it prints is not changed).
    if (damaged := damage.damage or damage_found(window.session.store.path)) is not None:
        print(f"medcode-gui: {damaged}", file=sys.stderr)
        return 1
    shown = window.detail.current_code
    outline_rows = window.tree_model.rowCount()
    print(f"smoke test: {count} results for {SMOKE_QUERY!r}; detail pane shows {shown}; {outline_rows} outline roots")
    return 0 if count and shown == SMOKE_QUERY and outline_rows == 2 else 1


if __name__ == "__main__":
    sys.exit(main())
