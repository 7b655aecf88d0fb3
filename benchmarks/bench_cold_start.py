"""Cold start of the window, this checkout against another version of the code (by default the tree before the
regrouping of issue "The house", /work/base), interleaved run by run so a noisy machine weighs on both alike.

Run from the project root:  .venv/bin/python benchmarks/bench_cold_start.py [--before PYTHON] [--runs N]

The older version is a second checkout with its own venv, e.g.:
    git worktree add /work/base 63c944d && cd /work/base && python3 -m venv .venv && .venv/bin/pip install -e .
(bench_import_compare.py takes the same --before.)

A cold start is measured as bench_gui.cold_starts measures it: a fresh process of
`python -m medcode_gui.gui.app --db DB --smoke-test`, from launch to the "window shown" line it prints under
MEDCODE_STARTUP_TIMING (interpreter, imports, opening the database, building and showing the window).

Each version gets its own database, created by its own first run on a fresh path (the starter data only): the
two cannot share one, as this code writes schema 2 and would migrate (rewrite) a schema-1 database on opening
it, and the older code refuses a newer schema. Each version also gets its own user database and settings
(--smoke-test never reads the user's own), and runs from a neutral folder, so `python -m` imports the version
installed in that python and not a medcode_gui folder in the current directory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_BEFORE = "/work/base/.venv/bin/python"
SHOWN = "window shown"


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile, as bench_gui.percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Version:
    """One version of the code: its python, the folder it runs from, its own database and user database."""

    def __init__(self, name: str, python: str, work: Path) -> None:
        self.name = name
        self.python = python
        self.folder = work / name
        self.folder.mkdir()
        self.db = self.folder / "reference.sqlite"
        self.env = dict(
            os.environ,
            MEDCODE_STARTUP_TIMING="1",
            QT_QPA_PLATFORM="offscreen",
            MEDCODE_USER_DB=str(self.folder / "user.sqlite"),
        )
        self.env.pop("MEDCODE_DB", None)
        self.env.pop("PYTHONPATH", None)  # each python imports the medcode_gui installed in it
        self.times: list[float] = []

    def where_imported(self) -> str:
        """The medcode_gui this python imports (to show which code each side ran)."""
        return subprocess.run(
            [self.python, "-c", "import medcode_gui; print(medcode_gui.__file__)"],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    def start(self) -> float:
        """One cold start: ms from launch to the window shown. Fails loudly if the smoke test fails."""
        started = time.perf_counter()
        process = subprocess.Popen(
            [self.python, "-m", "medcode_gui.gui.app", "--db", str(self.db), "--smoke-test"],
            cwd=self.folder,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        shown = None
        lines = []
        for line in process.stderr:
            lines.append(line)
            if shown is None and line.startswith(SHOWN):
                shown = (time.perf_counter() - started) * 1000
        if process.wait() != 0 or shown is None:
            raise SystemExit(f"{self.name} ({self.python}): the smoke test failed:\n{''.join(lines)}")
        return shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=DEFAULT_BEFORE, help=f"python of the older code (default {DEFAULT_BEFORE})")
    parser.add_argument("--after", default=sys.executable, help="python of the newer code (default: this one)")
    parser.add_argument("--runs", type=int, default=15, help="cold starts of each version (default 15)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="medcode-bench-cold-"))
    old, new = Version("old", args.before, work), Version("new", args.after, work)
    for version in (old, new):
        print(f"{version.name}: {version.python} imports {version.where_imported()}")
        created = version.start()  # creates its database with the starter data: not counted
        version.start()  # one warm-up start on the existing database (files in the page cache): not counted
        print(f"  database created by its own first start ({created:.0f} ms, not counted): {version.db}")
    for run in range(args.runs):
        pair = (old, new) if run % 2 == 0 else (new, old)  # alternate who goes first
        for version in pair:
            version.times.append(version.start())
    print(f"\nCold start to a shown window, {args.runs} runs each, interleaved:")
    for version in (old, new):
        times = version.times
        print(
            f"  {version.name}: median {statistics.median(times):5.0f} ms   p90 {percentile(times, 0.9):5.0f} ms"
            f"   min {min(times):5.0f} ms   max {max(times):5.0f} ms"
        )
    median_ratio = statistics.median(new.times) / statistics.median(old.times)
    p90_ratio = percentile(new.times, 0.9) / percentile(old.times, 0.9)
    verdict = "within" if median_ratio <= 1.10 else "NOT within"
    print(f"  new/old: median {median_ratio:.2f}, p90 {p90_ratio:.2f} ({verdict} 10 % of old, by the median)")


if __name__ == "__main__":
    main()
