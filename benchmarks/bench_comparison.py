"""Comparison figures on the real files: the fee schedule import, compare, equivalents, Level I pairing,
and a detail view that now carries the fee schedule record and the counterparts.

Run from the project root:  .venv/bin/python benchmarks/bench_comparison.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from medcode_gui.comparison.compare import compare_codes
from medcode_gui.comparison.counterparts import equivalents
from medcode_gui.comparison.level_one import compare_level_one
from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore
from medcode_gui.views.code_view import lookup_view

DATA = Path(os.environ.get("MEDCODE_TEST_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
PPRRVU = DATA / "pfs" / "PPRRVU2025_Oct.csv"
RELEASES = [DATA / "hcpcs/2018/HCPC2018_CONTR_ANWEB_disc.txt", DATA / "hcpcs/zips/2019-Alpha-Numeric-HCPCS-File.zip"]
CODES = ["G0121", "45378", "J1100", "99213", "G0202", "77067", "E0100", "G0438", "70450", "0042T"]


def timed(function: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"  {name:<42} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   max {times[-1]:7.1f} ms")


def main() -> int:
    if not PPRRVU.is_file():
        print(f"Missing {PPRRVU}: the benchmarks need ../shared/data (or MEDCODE_TEST_DATA).", file=sys.stderr)
        return 1
    store = ReferenceStore(Path(tempfile.mkdtemp()) / "bench.sqlite")
    started = time.perf_counter()
    parsed = read_release(PPRRVU)
    parse = time.perf_counter() - started
    store.import_release(parsed)
    print(f"PPRRVU2025_Oct.csv: parse {parse:.2f} s, whole import {time.perf_counter() - started:.2f} s")
    for release in RELEASES:
        store.import_release(read_release(release))
    print(f"Database: {', '.join(r.label for r in store.releases())}")
    report(
        "lookup_view (fee schedule, counterparts)",
        [t for c in CODES for t in timed(lambda c=c: lookup_view(store, c), 20)],
    )
    report("equivalents", [t for c in CODES for t in timed(lambda c=c: equivalents(store, c), 20)])
    report("compare 2 codes", timed(lambda: compare_codes(store, ["G0121", "45378"]), 50))
    report("compare 6 codes", timed(lambda: compare_codes(store, CODES[:6]), 20))
    report("Level I against CPT, all 10,881 codes", timed(lambda: compare_level_one(store), 5))
    report("Level I against CPT, E/M section", timed(lambda: compare_level_one(store, "cpt.1.em"), 20))
    return 0


if __name__ == "__main__":
    sys.exit(main())
