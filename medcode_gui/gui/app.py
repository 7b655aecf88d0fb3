"""`medcode-gui`: start the window on the reference database (created, with the starter data, on first use)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

from ..errors import MedcodeError
from ..paths import APP_AUTHOR, APP_NAME, DB_ENV

SMOKE_QUERY = "J1100"


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

    from ..store import ReferenceStore
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    try:
        store = ReferenceStore(args.db)
    except MedcodeError as error:
        if args.smoke_test:
            print(f"medcode-gui: {error}", file=sys.stderr)
        else:
            QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    if args.smoke_test:  # a throwaway settings file: the smoke test neither reads nor leaves user state
        settings = QSettings(
            os.path.join(tempfile.mkdtemp(prefix="medcode-smoke-"), "s.ini"), QSettings.Format.IniFormat
        )
    else:
        settings = QSettings()
    window = MainWindow(store, settings)
    window.show()
    app.processEvents()
    if os.environ.get("MEDCODE_STARTUP_TIMING"):
        print(f"window shown after {(time.perf_counter() - started) * 1000:.0f} ms", file=sys.stderr)
    if args.smoke_test:
        return smoke_test(window)
    return app.exec()


def smoke_test(window) -> int:  # noqa: ANN001 - a MainWindow
    """Search, select the first result, check the detail pane shows it, and that the tree has counts."""
    window.search_box.setText(SMOKE_QUERY)
    window.run_search()
    count = window.results.rowCount()
    if count:
        window.table.selectRow(0)
    shown = window.detail.current_code
    outline_rows = window.tree_model.rowCount()
    print(f"smoke test: {count} results for {SMOKE_QUERY!r}; detail pane shows {shown}; {outline_rows} outline roots")
    return 0 if count and shown == SMOKE_QUERY and outline_rows == 2 else 1


if __name__ == "__main__":
    sys.exit(main())
