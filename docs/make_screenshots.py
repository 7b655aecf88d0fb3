"""Render the README's screenshots of the main window (offscreen; no display needed).

Run from the project root:  .venv/bin/python docs/make_screenshots.py
Writes docs/screenshot-starter.png (a new database: the embedded starter data) and
docs/screenshot-release.png (the CMS 2019 release imported from ../shared/data, a code selected).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from medcode_gui.gui.main_window import MainWindow  # noqa: E402
from medcode_gui.importers import read_release  # noqa: E402
from medcode_gui.store import ReferenceStore  # noqa: E402

DOCS = Path(__file__).resolve().parent
DATA = Path(os.environ.get("MEDCODE_TEST_DATA", DOCS.parents[1] / "shared" / "data"))


def window_on(store: ReferenceStore, work: Path) -> MainWindow:
    window = MainWindow(store, QSettings(str(work / f"{store.path.stem}.ini"), QSettings.Format.IniFormat))
    window.resize(1500, 880)
    window.show()
    return window


def grab(window: MainWindow, name: str) -> None:
    app = QApplication.instance()
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(DOCS / name))
    print(f"wrote docs/{name}")


def scene(store: ReferenceStore, work: Path, query: str, code: str, name: str) -> None:
    """Search, open a code, reveal it in the tree, and save the window."""
    window = window_on(store, work)
    window.search_box.setText(query)
    window.run_search()
    window.open_code(code)
    window.reveal_current()
    grab(window, name)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    work = Path(tempfile.mkdtemp(prefix="medcode-shots-"))
    scene(ReferenceStore(work / "starter.sqlite"), work, "office visit established", "99213", "screenshot-starter.png")
    release = ReferenceStore(work / "release.sqlite")
    release.import_release(read_release(DATA / "hcpcs" / "zips" / "2019-Alpha-Numeric-HCPCS-File.zip"))
    scene(release, work, "dexamethasone", "J1100", "screenshot-release.png")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
