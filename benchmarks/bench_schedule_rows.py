"""How schedule_rows would carry an NCCI procedure-to-procedure (PTP) quarter: about 2 million pairs.

No PTP file is in ../shared/data (docs/payment.md, "NCCI pairs and MUE units"), so this writes a synthetic one
shaped as CMS ships it: column 1 and column 2 codes, effective and deletion dates, the modifier indicator and
the rationale, each pair a ScheduleRow with code = column 1, paired_code = column 2, key "column1|column2".
It prints the insert speed (rows/s, one transaction as every import), the peak memory of building and writing
the release, the database's growth, and the time of the lookups a pair check makes.

Run from the project root:  .venv/bin/python benchmarks/bench_schedule_rows.py [--rows N] [--keep PATH]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

from medcode_gui.codes.records import ADD_ON, ParsedRelease, ReleaseInfo, ScheduleRow
from medcode_gui.store import ReferenceStore

try:  # peak memory where the platform tells it (not on Windows: there the figure is left out)
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

# A stand-in system: the PTP kind is not in SCHEDULE_SYSTEMS until its importer exists; AOC rows are pairs too.
SYSTEM = ADD_ON
PAIRS_PER_CODE = 100
RATIONALES = ("Mutually exclusive procedures", "Standards of medical / surgical practice", "CPT Manual instructions")


def code(n: int) -> str:
    return f"{10000 + n:05d}" if n < 89_999 else f"G{n % 10_000:04d}"


def ptp_rows(count: int) -> list[ScheduleRow]:
    """count pairs: each column 1 code with PAIRS_PER_CODE column 2 codes, every column raw text."""
    rows = []
    for i in range(count):
        first, second = code(i // PAIRS_PER_CODE), code((i // PAIRS_PER_CODE + 1 + i % PAIRS_PER_CODE) % 89_999)
        fields = {
            "Column 1": first,
            "Column 2": second,
            "* = in existence prior to 1996": "",
            "Effective Date": "20250101",
            "Deletion Date *=no data": "*",
            "Modifier 0=not allowed 1=allowed 9=not applicable": "019"[i % 3],
            "PTP Edit Rationale": RATIONALES[i % 3],
        }
        rows.append(ScheduleRow(f"{first}|{second}", first, "", fields, second))
    return rows


def peak_mb() -> float | None:
    if resource is None:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB on Linux


def database_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def timed(call, runs: int = 1000) -> float:  # noqa: ANN001 - any callable
    """Median milliseconds of runs calls."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--keep", type=Path, help="Write the database here (default: a temporary folder).")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-schedule-"))
    path = args.keep or folder / "reference.sqlite"
    with ReferenceStore(path):
        pass  # the empty database with the starter data, as a user has it
    before = database_bytes(path)

    started = time.perf_counter()
    rows = ptp_rows(args.rows)
    info = ReleaseInfo(SYSTEM, "PTP-BENCH", "2025-01-01", "synthetic.txt", "synthetic.txt", "0" * 64, "bench")
    parsed = ParsedRelease(info, [], schedule_rows=rows)
    built = time.perf_counter() - started
    with ReferenceStore(path) as store:
        started = time.perf_counter()
        store.import_release(parsed)
        written = time.perf_counter() - started
    del parsed, rows
    gc.collect()
    after = database_bytes(path)

    with ReferenceStore(path) as store:
        release = store.schedules.newest_release(SYSTEM)
        assert release is not None and store.schedules.count(release) == args.rows
        middle = args.rows // PAIRS_PER_CODE // 2  # a column 1 code in the middle of the file
        first, second = code(middle), code((middle + 1 + 7) % 89_999)
        pair = timed(lambda: store.schedules.row(SYSTEM, f"{first}|{second}", release))
        assert store.schedules.row(SYSTEM, f"{first}|{second}", release) is not None
        of_code = timed(lambda: store.schedules.rows_for_code(first, [SYSTEM]), 200)
        as_second = timed(lambda: store.schedules.rows_for_code(second, [SYSTEM], paired=True), 200)
        missing = timed(lambda: store.schedules.row(SYSTEM, f"{second}|{first}", release))

    print(f"schedule_rows: {args.rows:,} synthetic PTP pairs ({PAIRS_PER_CODE} per column 1 code)")
    print(f"  rows built in Python:      {built:.1f} s")
    print(f"  written (one transaction): {written:.1f} s = {args.rows / written:,.0f} rows/s")
    peak = peak_mb()
    print(f"  peak memory (whole run):   {peak:,.0f} MB" if peak is not None else "  peak memory: not measured here")
    print(f"  database: {before / 2**20:,.1f} MB -> {after / 2**20:,.1f} MB "
          f"(+{(after - before) / 2**20:,.0f} MB, {(after - before) / args.rows:,.0f} bytes per pair)")
    print(f"  a pair by key (A|B):           {pair:.3f} ms median")
    print(f"  a pair that is not there:      {missing:.3f} ms median")
    print(f"  a code's pairs as column 1:    {of_code:.3f} ms median ({PAIRS_PER_CODE} rows)")
    print(f"  a code's pairs as column 2:    {as_second:.3f} ms median")


if __name__ == "__main__":
    main()
