"""Import time per release of two versions of the app in one run, interleaved: each imports the same real
files into fresh databases of its own (`python -m medcode_gui import FILE`), and the median of several runs
is compared. The search issue's target: the new import at most 1.5x the old.

    .venv/bin/python benchmarks/bench_import_compare.py --before /work/base/.venv/bin/python [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DATA

FILES = ["hcpcs/zips/2019-Alpha-Numeric-HCPCS-File.zip", "pfs/PPRRVU2025_Oct.csv"]


def import_seconds(python: str, source: Path, work: Path) -> float:
    """Wall time of one `medcode import` into a database made just before (with its starter data)."""
    db = Path(tempfile.mkdtemp(dir=work)) / "bench.sqlite"
    # From a neutral folder: `python -m` would otherwise load this checkout's code for both versions.
    made = [python, "-m", "medcode_gui", "--db", str(db), "releases"]
    subprocess.run(made, check=True, capture_output=True, cwd=work)
    started = time.perf_counter()
    command = [python, "-m", "medcode_gui", "--db", str(db), "import", str(source)]
    subprocess.run(command, check=True, capture_output=True, cwd=work)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="python of the older code")
    parser.add_argument("--after", default=sys.executable, help="python of the newer code (default: this one)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="medcode-bench-import-"))
    for relative in FILES:
        source = DATA / relative
        old, new = [], []
        for _ in range(args.runs):
            old.append(import_seconds(args.before, source, work))
            new.append(import_seconds(args.after, source, work))
        o, n = statistics.median(old), statistics.median(new)
        print(f"{relative:<48} old {o:5.2f} s   new {n:5.2f} s   new/old {n / o:4.2f}  ({args.runs} runs each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
