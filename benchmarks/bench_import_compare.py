"""Import time per release of two versions of the app in one run, interleaved: each imports the same real
files into fresh databases of its own, timed two ways (the whole `python -m medcode_gui import FILE` process,
and parse + write inside a process as run_all.py times them), and the medians of several runs are compared.
The search issue's target: the new import at most 1.5x the old.

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


IN_PROCESS = """
import sys, tempfile, time
from pathlib import Path
from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore
store = ReferenceStore(Path(tempfile.mkdtemp(dir=sys.argv[2])) / "bench.sqlite")
started = time.perf_counter()
store.import_release(read_release(sys.argv[1]))
print(time.perf_counter() - started)
"""


def in_process_seconds(python: str, source: Path, work: Path) -> float:
    """Parse and one-transaction write as the suite times them (run_all.import_real), in a fresh process of
    that version, the database created (with its starter data) before the clock starts."""
    run = subprocess.run(
        [python, "-c", IN_PROCESS, str(source), str(work)], check=True, capture_output=True, text=True, cwd=work
    )
    return float(run.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="python of the older code")
    parser.add_argument("--after", default=sys.executable, help="python of the newer code (default: this one)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="medcode-bench-import-"))
    for relative in FILES:
        source = DATA / relative
        for what, measure in (("medcode import, whole process", import_seconds), ("parse + write", in_process_seconds)):
            old, new = [], []
            for _ in range(args.runs):
                old.append(measure(args.before, source, work))
                new.append(measure(args.after, source, work))
            o, n = statistics.median(old), statistics.median(new)
            print(
                f"{relative:<46} {what:<30} old {o:5.2f} s   new {n:5.2f} s   new/old {n / o:4.2f}"
                f"  ({args.runs} runs each)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
