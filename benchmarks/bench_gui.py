"""Window figures on the real CMS files: cold start, keystroke to results, expanding the largest node.

Run from the project root:  .venv/bin/python benchmarks/bench_gui.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from medcode_gui.gui.main_window import MainWindow  # noqa: E402
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


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    work = Path(tempfile.mkdtemp(prefix="medcode-bench-gui-"))
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
    parts: dict[str, list[float]] = {
        "store search": [],
        "results + detail updated": [],
        "table repaint": [],
        "total": [],
    }
    for text in TYPED * 3:
        for end in range(1, len(text) + 1):
            started = time.perf_counter()
            store.search(text[:end], 500)
            searched = time.perf_counter()
            window.search_box.setText(text[:end])
            window.run_search()
            updated = time.perf_counter()
            window.table.viewport().repaint()
            painted = time.perf_counter()
            parts["store search"].append((searched - started) * 1000)
            parts["results + detail updated"].append((updated - searched) * 1000)
            parts["table repaint"].append((painted - updated) * 1000)
            parts["total"].append((painted - searched) * 1000)
    print(f"Keystroke to results shown ({len(parts['total'])} keystrokes; total = search, results, detail, repaint):")
    for name, samples in parts.items():
        print(
            f"  {name:<26} p50 {statistics.median(samples):6.1f} ms   p95 {percentile(samples, 0.95):6.1f} ms"
            f"   max {max(samples):6.1f} ms"
        )
    model = window.tree_model
    largest = max((n for n in model.counts if n.count(".") >= 3), key=lambda n: model.count(n))
    index = model.index_for_node(largest)
    started = time.perf_counter()
    window.tree.expand(index)
    while model.canFetchMore(index):
        model.fetchMore(index)
    window.tree.viewport().repaint()
    app.processEvents()
    elapsed = (time.perf_counter() - started) * 1000
    print(
        f"Expanding the largest leaf ({largest}, {model.count(largest):,} codes, every page loaded): {elapsed:.0f} ms"
    )
    window.close()


if __name__ == "__main__":
    main()
