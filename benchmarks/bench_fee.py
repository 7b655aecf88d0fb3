"""Payment by locality on the real files: each locality file's import, and `fee_view` (what `medcode fee` and
the window's payment section ask) nationally, by MAC-NN, by ZIP and by name.

Run from the project root:  .venv/bin/python benchmarks/bench_fee.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore
from medcode_gui.views.payment_view import fee_view

DATA = Path(os.environ.get("MEDCODE_TEST_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
FILES = [
    ("pfs/PPRRVU2025_Oct.csv", None), ("pfs/rvu25d/GPCI2025.csv", None), ("pfs/rvu25d/25LOCCO.csv", None),
    ("pfs/rvu25d/ANES2025.csv", None), ("pfs/zip-locality-oct2025/ZIP5_OCT2025.txt", None),
    ("pfs/rvu25d/OPPSCAP_Oct.csv", ("OPPSCAP-2025-OCT", "2025-10-01")),
]  # fmt: skip
ASKED = [("national", {}), ("MAC-NN", {"locality": "01112-05"}), ("ZIP", {"zip_code": "94103"}),
         ("name", {"locality": "san francisco"})]  # fmt: skip
RUNS = 200


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, ReferenceStore(Path(folder) / "fee.sqlite") as store:
        for name, label in FILES:
            start = time.perf_counter()
            store.import_release(read_release(DATA / name, *(label or ())))
            print(f"import {Path(name).name:<22} {time.perf_counter() - start:7.2f} s")
        for what, asked in ASKED:
            for code in ("76145", "70496", "00100"):
                times = []
                for _ in range(RUNS):
                    start = time.perf_counter()
                    fee_view(store, code, **asked)
                    times.append((time.perf_counter() - start) * 1000)
                times.sort()
                print(f"fee_view {code} {what:<8} median {statistics.median(times):6.2f} ms, "
                      f"95th {times[int(RUNS * 0.95)]:6.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
