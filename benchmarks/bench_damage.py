"""What finding damage costs: PRAGMA quick_check (every page read once) against opening the database, on the
2019 HCPCS file imported and on the generated million-row database; the figures behind checking only before
an import, not at every open (docs/benchmarks.md, "Damaged databases").

Run from the project root:  .venv/bin/python benchmarks/bench_damage.py [--large-db PATH] [--runs N]

--large-db: a database made by generate_large.py (made there if missing, about two minutes). "Cold" runs drop
the file from the OS page cache first (posix_fadvise DONTNEED; POSIX only), as after a reboot; "warm" runs
read it from the cache, as when the window was opened a moment ago.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DATA, machine

from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore

HCPCS_2019 = "hcpcs/2019/HCPC2019_CONTR_ANWEB.txt"


def drop_cache(path: Path) -> bool:
    """Ask the OS to forget the file's cached pages; False where it cannot (Windows, macOS)."""
    if not hasattr(os, "posix_fadvise"):
        return False
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(descriptor)
    return True


def ms(function: object) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def pragma(path: Path, name: str) -> None:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute(f"PRAGMA {name}").fetchone()[0] == "ok", f"{path} fails {name}"
    finally:
        conn.close()


def measure(label: str, path: Path, runs: int) -> None:
    size = path.stat().st_size / 2**20
    print(f"\n{label}: {path.name}, {size:,.0f} MB")
    rows = []
    for what, work in (
        ("open (ReferenceStore)", lambda: ReferenceStore(path).close()),
        ("quick_check", lambda: pragma(path, "quick_check")),
        ("integrity_check", lambda: pragma(path, "integrity_check")),
    ):
        cold = [ms(work) for _ in range(runs) if drop_cache(path)] if what != "integrity_check" else []
        warm = [ms(work) for _ in range(runs if what != "integrity_check" else 1)]
        rows.append((what, cold, warm))
    for what, cold, warm in rows:
        cold_text = f"cold p50 {statistics.median(cold):9.1f} ms" if cold else "cold        -"
        print(f"  {what:<24} {cold_text}   warm p50 {statistics.median(warm):9.1f} ms   (n={len(warm)})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large-db", type=Path, help="the generated million-row database (made if missing)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        real = Path(folder) / "hcpcs2019.sqlite"
        with ReferenceStore(real) as store:
            store.import_release(read_release(DATA / HCPCS_2019))
        measure("HCPCS 2019 imported", real, args.runs)
    if args.large_db:
        if not args.large_db.exists():
            here = Path(__file__).resolve().parent
            subprocess.run([sys.executable, str(here / "generate_large.py"), str(args.large_db)], check=True)
        measure("Generated, 1,000,000 rows", args.large_db, args.runs)


if __name__ == "__main__":
    main()
