"""Window figures on the real CMS files: cold start, key event to results painted, expanding the largest node,
the detail pane filled for a code (and its payment section, filled after the pane shows).

Run from the project root:  .venv/bin/python benchmarks/bench_gui.py [--db PATH] [--keys-only] [--detail-only]
[--payment-files] (--payment-files: the CMS payment files imported too, PAYMENT_FILES)
The code measured is the medcode_gui imported: PYTHONPATH=OTHER_CHECKOUT measures another (before and after).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from medcode_gui.gui.main.main_window import MainWindow  # noqa: E402
from medcode_gui.importers import read_release  # noqa: E402
from medcode_gui.store import ReferenceStore  # noqa: E402

DATA = Path(os.environ.get("MEDCODE_TEST_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
RELEASES = [
    "hcpcs/zips/2018-Alpha-Numeric-HCPCS-File.zip",
    "hcpcs/zips/2019-Alpha-Numeric-HCPCS-File.zip",
    "pfs/PPRRVU2025_Oct.csv",
]
# The payment and rules files of issue 19 (imported with --payment-files).
PAYMENT_FILES = [
    "pfs/rvu25d/GPCI2025.csv",
    "pfs/rvu25d/25LOCCO.csv",
    "pfs/rvu25d/ANES2025.csv",
    "pfs/rvu25d/OPPSCAP_Oct.csv",
    "pfs/zip-locality-oct2025/ZIP5_OCT2025.txt",
    "ncci/AOC_V2026Q2-MCR.xlsx",
    "opps/October_2022_Web_Addendum_B.11142022.xlsx",
    "dmepos/DMEPOS25_APR.csv",
    "clfs/CLFS 2025 Q2V1.csv",
    "asp/january-2025-asp-pricing-file-12_19_24-final-file.zip",
    "asc/january-2025-asc-approved-hcpcs-code-and-payment-rates.zip",
]
# OPPSCAP_Oct.csv names no year: its label and date given, as a user gives them.
PAYMENT_LABELS = {"pfs/rvu25d/OPPSCAP_Oct.csv": {"label": "OPPSCAP-2025-10", "effective": "2025-10-01"}}
# Codes opened in the detail pane: Level II and CPT, on every kind of schedule, add-on and primary codes.
SHOWN_CODES = ["J1100", "E0100", "76145", "99292", "71046", "80053", "J9035", "A4253", "99213", "G0008"]
# Queries a coder types, each once and each from its own first letter: no query (and no prefix of one) is
# searched twice, so no keystroke finds a cache warmed by an earlier one.
TYPED = [
    "J1100",
    "cane",
    "dexamethasone",
    "ambulance advanced",
    "wheelchair",
    "E01*",
    "G0503",
    "mod: left",
    "oxygen concentrator",
    "99213-25",
    "insulin pump",
    "urinary catheter",
    "hospital bed",
    "knee orthosis",
    "blood glucose monitor",
    "transfusion",
    "lumbar",
    "nebulizer",
    "pessary",
    "fracture",
]
KEY_INTERVAL_MS = 100


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


def detail_fills(window: MainWindow, runs: int = 5) -> tuple[list[float], list[float]]:
    """Each of SHOWN_CODES opened as a link opens it, runs times: ms from the call to the pane painted, and
    (when the window has a payment section) to the section filled and painted, its queued read included."""
    pane, payment = [], []
    section = getattr(window.detail, "payment_section", None)
    for _ in range(runs):
        for code in SHOWN_CODES:
            started = time.perf_counter()
            if not window.navigation.open_code(code):
                continue
            window.detail.repaint()
            pane.append((time.perf_counter() - started) * 1000)
            if section is None:
                continue
            deadline = started + 10
            while (section.payment or {}).get("code") != code and time.perf_counter() < deadline:
                QApplication.processEvents()
            section.repaint()
            payment.append((time.perf_counter() - started) * 1000)
            run_loop(50)  # the rest of the event loop's work before the next code
    return pane, payment


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


class PaintWatch(QObject):
    """When the results table is painted after its model was reset (a search's results on screen): every
    keystroke still waiting for its results gets that time (a key whose own search never ran, superseded by a
    later key's, waited for that later key's results)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.reset = False
        self.waiting: list[float] = []  # perf_counter() of the keys not yet answered
        self.latencies: list[float] = []  # ms, key event to results painted
        window.results.modelReset.connect(self._on_reset)
        window.table.viewport().installEventFilter(self)

    def _on_reset(self) -> None:
        self.reset = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.reset:
            watched.event(event)  # the paint itself, handled here to see when it ends
            now = time.perf_counter()
            self.latencies += [(now - key) * 1000 for key in self.waiting]
            self.waiting.clear()
            self.reset = False
            return True
        return False


def run_loop(ms: float) -> None:
    """The event loop for ms: timers, posted events, paints, as the running application would."""
    loop = QEventLoop()
    QTimer.singleShot(max(0, round(ms)), loop.quit)
    loop.exec()


def keystrokes(window: MainWindow) -> tuple[list[float], int, int]:
    """Each query of TYPED typed once, letter by letter, as real key events into the search box sent from the
    running event loop, one every KEY_INTERVAL_MS; between queries the box is emptied and the window left
    alone for a second (not measured). Returns the latencies (ms, key event to the results painted, any
    debounce wait included), the keys typed, and the keys never answered."""
    watch = PaintWatch(window)
    box = window.search_box
    box.setFocus()
    keys = unanswered = 0
    for text in TYPED:
        box.clear()
        run_loop(1000)
        watch.reset = False
        for letter in text:
            due = time.perf_counter() + KEY_INTERVAL_MS / 1000
            watch.waiting.append(time.perf_counter())
            QTest.keyClick(box, letter)
            keys += 1
            run_loop((due - time.perf_counter()) * 1000)
        run_loop(1000)  # the last key's wait and search
        if box.text() != text:
            raise SystemExit(f"The box holds {box.text()!r}, not {text!r}: not measured")
        unanswered += len(watch.waiting)
        watch.waiting.clear()
    return watch.latencies, keys, unanswered


def open_database(work: Path, given: str | None, payment_files: bool = False) -> ReferenceStore:
    """The database of RELEASES (and PAYMENT_FILES): given (built by an earlier run), else imported into work."""
    if given and Path(given).exists():
        return ReferenceStore(Path(given))
    store = ReferenceStore(Path(given) if given else work / "all.sqlite")
    for name in RELEASES + (PAYMENT_FILES if payment_files else []):
        store.import_release(read_release(DATA / name, **PAYMENT_LABELS.get(name, {})))
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="the database of the releases: built there if missing, reused if present")
    parser.add_argument("--keys-only", action="store_true", help="only the keystrokes (no cold start, no leaf)")
    parser.add_argument("--detail-only", action="store_true", help="only the detail pane's fill")
    parser.add_argument("--payment-files", action="store_true", help="import the payment files too")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    work = Path(tempfile.mkdtemp(prefix="medcode-bench-gui-"))
    os.environ["MEDCODE_USER_DB"] = str(work / "user.sqlite")  # never the user's own stars and notes
    store = open_database(work, args.db, args.payment_files)
    db = store.path
    print(f"Database: {', '.join(r.label for r in store.releases())}")
    starts = [] if args.keys_only or args.detail_only else cold_starts(db)
    if starts:
        print(
            f"Cold start to a shown window (fresh process, {len(starts)} runs): median"
            f" {statistics.median(starts):.0f} ms, max {max(starts):.0f} ms"
        )
    window = MainWindow(store, QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))  # its own debounce
    window.show()
    app.processEvents()
    gc.freeze()  # as the app does once its window is shown (gui/app.py)
    pane, payment = detail_fills(window)
    print(
        f"Detail pane filled and painted ({len(pane)} code views of {len(SHOWN_CODES)} codes): p50"
        f" {statistics.median(pane):.1f} ms, p95 {percentile(pane, 0.95):.1f} ms, max {max(pane):.1f} ms"
    )
    if payment:
        print(
            f"Payment section filled and painted, from the same call (queued after the pane): p50"
            f" {statistics.median(payment):.1f} ms, p95 {percentile(payment, 0.95):.1f} ms, max {max(payment):.1f} ms"
        )
    if args.detail_only:
        window.close()
        return
    latencies, keys, unanswered = keystrokes(window)
    over = sum(1 for ms in latencies if ms > 16) + unanswered
    print(
        f"Key event to results painted ({keys} keys of {len(TYPED)} queries, each typed once, one key per"
        f" {KEY_INTERVAL_MS} ms, any wait included): p50 {statistics.median(latencies):.1f} ms,"
        f" p95 {percentile(latencies + [float('inf')] * unanswered, 0.95):.1f} ms, max {max(latencies):.1f} ms;"
        f" {over} of {keys} keys over 16 ms ({unanswered} never answered)"
    )
    if args.keys_only:
        window.close()
        return
    largest, count, elapsed = expand_largest_leaf(window)
    print(f"Expanding the largest leaf ({largest}, {count:,} codes, every page loaded): {elapsed:.0f} ms")
    window.close()


if __name__ == "__main__":
    main()
