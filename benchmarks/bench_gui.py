"""Window figures on the real CMS files: cold start, keystroke to results, expanding the largest node.

Run from the project root:  .venv/bin/python benchmarks/bench_gui.py
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from medcode_gui.gui.main.main_window import MainWindow  # noqa: E402
from medcode_gui.importers import read_release  # noqa: E402
from medcode_gui.store import ReferenceStore  # noqa: E402

DATA = Path(os.environ.get("MEDCODE_TEST_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
RELEASES = ["hcpcs/2018/HCPC2018_CONTR_ANWEB_disc.txt", "hcpcs/zips/2019-Alpha-Numeric-HCPCS-File.zip"]
TYPED = [
    "J1100",
    "cane",
    "dexamethasone",
    "ambulance advanced",
    "wheelchair",
    "E01*",
    "J9000-J9999",
    "mod: left",
    "oxygen concentrator",
    "99213-25",
    "insulin pump",
    "catheter",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def expand_largest_leaf(window: MainWindow) -> tuple[str, int, float]:
    """Expand the outline leaf holding the most codes, every page loaded and painted: (node, codes, ms)."""
    model = window.tree_model
    largest = max((n for n in model.counts if n.count(".") >= 3), key=lambda n: model.count(n))
    index = model.index_for_node(largest)
    started = time.perf_counter()
    window.tree.expand(index)
    while model.canFetchMore(index):
        model.fetchMore(index)
    window.tree.viewport().repaint()
    QApplication.processEvents()
    return largest, model.count(largest), (time.perf_counter() - started) * 1000


def cold_starts(db: Path, runs: int = 5) -> list[float]:
    """Launch to window shown, as a fresh process (interpreter and imports included)."""
    times = []
    for _ in range(runs):
        env = dict(os.environ, MEDCODE_STARTUP_TIMING="1", QT_QPA_PLATFORM="offscreen")
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "medcode_gui.gui.app", "--db", str(db), "--smoke-test"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        for line in process.stderr:
            if line.startswith("window shown"):
                times.append((time.perf_counter() - started) * 1000)
                break
        process.wait()
    return times


class FrameClock(QObject):
    """Times the frames of a window: the update request that paints every widget changed since the last
    frame (the repaint manager's sync and flush). Records when the first frame that painted the results
    table ended."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.table_paints = 0
        self.results_painted: float | None = None  # perf_counter() at the end of that frame
        self.viewport = window.table.viewport()
        self.viewport.installEventFilter(self)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport:
            if event.type() == QEvent.Type.Paint:
                self.table_paints += 1
            return False
        if event.type() != QEvent.Type.UpdateRequest:
            return False
        before = self.table_paints
        watched.event(event)  # the frame itself, handled here to see when it ends
        if self.table_paints > before and self.results_painted is None:
            self.results_painted = time.perf_counter()
        return True


def keystrokes(app: QApplication, window: MainWindow) -> dict[str, list[float]]:
    """Each keystroke of TYPED as the window handles it (the debounce excluded), then the event loop's
    work after it, as the event loop does it: posted events in order (layouts, then the frame, then
    whatever the window left for after the frame), repeated until nothing is left.

    results shown: from the search to the end of the first frame that painted the results table (with
    everything else that changed before it: the search box, the status bar, the detail pane if it was
    filled first). detail shown: until the detail pane holds the first row and is painted. every result
    listed: until search_finished (a search of more hits than its first page lists the rest after the frame).
    """
    clock = FrameClock(window)
    finished: list[float] = []
    window.search_finished.connect(lambda _count: finished.append(time.perf_counter()))
    parts: dict[str, list[float]] = {
        "store search alone": [],
        "run_search": [],
        "results shown (total)": [],
        "  of which the frame after run_search": [],
        "detail pane shown (total)": [],
        "every result listed (total)": [],
    }
    for text in TYPED * 3:
        for end in range(1, len(text) + 1):
            typed = text[:end]
            started = time.perf_counter()
            session = window.session  # run_search's search, alone:
            session.store.search(typed, window.search.first_page_size() + 1, session.release)
            searched = time.perf_counter()
            clock.results_painted = None
            finished.clear()
            window.search_box.setText(typed)
            window.search.run_search()
            updated = time.perf_counter()
            for _ in range(3):  # the event loop: posted events (the frame among them), timers, again
                QCoreApplication.sendPostedEvents()
                app.processEvents()
            QCoreApplication.sendPostedEvents()
            detailed = time.perf_counter()
            if clock.results_painted is None:
                raise SystemExit(f"No frame painted the results table after {typed!r}: not measured")
            shown = window.results.hit(0).record.code if window.results.rowCount() else None
            if shown and window.detail.current_code != shown:
                raise SystemExit(f"The detail pane of {shown} was not shown after {typed!r}: not measured")
            parts["store search alone"].append((searched - started) * 1000)
            parts["run_search"].append((updated - searched) * 1000)
            parts["results shown (total)"].append((clock.results_painted - searched) * 1000)
            parts["  of which the frame after run_search"].append((clock.results_painted - updated) * 1000)
            parts["detail pane shown (total)"].append((detailed - searched) * 1000)
            if not finished:
                raise SystemExit(f"The search for {typed!r} did not finish: not measured")
            parts["every result listed (total)"].append((finished[-1] - searched) * 1000)
    return parts


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    work = Path(tempfile.mkdtemp(prefix="medcode-bench-gui-"))
    os.environ["MEDCODE_USER_DB"] = str(work / "user.sqlite")  # never the user's own stars and notes
    db = work / "all.sqlite"
    store = ReferenceStore(db)
    for name in RELEASES:
        store.import_release(read_release(DATA / name))
    print(f"Database: {', '.join(r.label for r in store.releases())}")
    starts = cold_starts(db)
    print(
        f"Cold start to a shown window (fresh process, {len(starts)} runs): median {statistics.median(starts):.0f} ms,"
        f" max {max(starts):.0f} ms"
    )
    window = MainWindow(store, QSettings(str(work / "s.ini"), QSettings.Format.IniFormat), debounce_ms=0)
    window.show()
    app.processEvents()
    gc.freeze()  # as the app does once its window is shown (gui/app.py)
    parts = keystrokes(app, window)
    print(
        f"Keystroke to results shown ({len(parts['run_search'])} keystrokes of {len(TYPED)} queries typed"
        " letter by letter, x3):"
    )
    for name, samples in parts.items():
        print(
            f"  {name:<34} p50 {statistics.median(samples):6.1f} ms   p95 {percentile(samples, 0.95):6.1f} ms"
            f"   max {max(samples):6.1f} ms"
        )
    largest, count, elapsed = expand_largest_leaf(window)
    print(f"Expanding the largest leaf ({largest}, {count:,} codes, every page loaded): {elapsed:.0f} ms")
    window.close()


if __name__ == "__main__":
    main()
