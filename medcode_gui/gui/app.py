"""`medcode-gui`: start the window on the reference database (created on first use)."""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import MedcodeError
from ..paths import DB_ENV

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
    args = parse_args(sys.argv[1:] if argv is None else argv)
    has_display = any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    if args.smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # runs anywhere, CI included
    elif not has_display and sys.platform.startswith("linux"):
        # Qt would abort the process with a misleading message about xcb; say what is wrong instead.
        print("medcode-gui: no display found (DISPLAY is not set); run it in a desktop session.", file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ..store import ReferenceStore
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("MedCode Browser")
    try:
        store = ReferenceStore(args.db)
    except MedcodeError as error:
        if args.smoke_test:
            print(f"medcode-gui: {error}", file=sys.stderr)
        else:
            QMessageBox.critical(None, "MedCode Browser", str(error))
        return 1
    window = MainWindow(store)
    window.show()
    if args.smoke_test:
        return smoke_test(window)
    return app.exec()


def smoke_test(window) -> int:  # noqa: ANN001 - a MainWindow
    """Search, select the first result, and check the detail pane shows it."""
    window.search_box.setText(SMOKE_QUERY)
    window.run_search()
    shown = window.detail.toPlainText()
    count = window.results.rowCount()
    print(f"smoke test: {count} results for {SMOKE_QUERY!r}; detail pane {'filled' if shown else 'empty'}")
    return 0 if count and shown else 1


if __name__ == "__main__":
    sys.exit(main())
