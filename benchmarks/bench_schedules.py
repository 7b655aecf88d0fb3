"""The payment and rules files of issue 19 (add-on codes, OPPS, DMEPOS, lab, drugs, ASC): time and peak Python
memory to parse and import each real file, and the time to build a code's parts of `medcode fee` and of
`medcode addon` once they are imported. Run from the project root: python benchmarks/bench_schedules.py"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from pathlib import Path

from common import DATA, machine, report, timed

from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore
from medcode_gui.views.addon_view import addon_view
from medcode_gui.views.schedule_views import asc_view, asp_view, clfs_view, dmepos_view, opps_view

FILES = [
    "ncci/AOC_V2026Q2-MCR.xlsx",
    "opps/October_2022_Web_Addendum_B.11142022.xlsx",
    "dmepos/DMEPOS25_APR.csv",
    "clfs/CLFS 2025 Q2V1.csv",
    "asp/january-2025-asp-pricing-file-12_19_24-final-file.zip",
    "asc/january-2025-asc-approved-hcpcs-code-and-payment-rates.zip",
]
CODES = ["99292", "E0100", "80053", "J1100", "66984", "71046", "76145", "99213", "A0425", "G0121"]


def schedule_parts(store: ReferenceStore, code: str) -> None:
    opps_view(store, code), dmepos_view(store, code), clfs_view(store, code), asp_view(store, code)
    asc_view(store, code)


def parse_peak(path: Path) -> int:
    tracemalloc.start()
    read_release(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    print(machine())
    with tempfile.TemporaryDirectory() as folder, ReferenceStore(Path(folder) / "rates.sqlite") as store:
        store.import_release(read_release(DATA / "hcpcs/2019/HCPC2019_CONTR_ANWEB.txt"))
        print("parse + import (one transaction each):")
        for relative in FILES:
            started = time.perf_counter()
            parsed = read_release(DATA / relative)
            parsed_at = time.perf_counter()
            store.import_release(parsed)
            done = time.perf_counter()
            peak = parse_peak(DATA / relative)  # apart: tracemalloc slows what it watches several times over
            print(
                f"  {parsed.info.label:<16} {len(parsed.schedule_rows):>6,} rows  parse {parsed_at - started:5.2f} s"
                f"  import {done - parsed_at:5.2f} s  parse peak {peak / 2**20:5.1f} MB (Python allocations)"
            )
        print(f"a code's parts, {len(CODES)} codes x 20:")
        parts = [s for c in CODES for s in timed(lambda c=c: schedule_parts(store, c), 20)]
        report("opps+dmepos+clfs+asp+asc views", parts)
        report("addon_view", [s for c in CODES for s in timed(lambda c=c: addon_view(store, c), 20)])


if __name__ == "__main__":
    main()
