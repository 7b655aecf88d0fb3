"""Import and search figures on the real CMS files in ../shared/data.

Run from the project root:  .venv/bin/python benchmarks/bench_foundation.py
Prints import seconds per release, search p50/p95/max over a fixed query set (the app's search, and the
same word queries as raw FTS5 statements as a floor), and a fresh-process `medcode lookup`.
The query set, timing and the FTS5 floor live in common.py (shared with run_all.py).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DATA, QUERIES, REPEATS, app_search_samples, fts_floor_samples, machine, report, timed, word_queries

from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore

RELEASES = [
    "hcpcs/2018/HCPC2018_CONTR_ANWEB_disc.txt",
    "hcpcs/zips/2019-Alpha-Numeric-HCPCS-File.zip",
]
TXT_ONE = "hcpcs/2019/HCPC2019_CONTR_ANWEB.txt"


def main() -> None:
    print(f"Machine: {machine()}")
    work = Path(tempfile.mkdtemp(prefix="medcode-bench-"))
    started = time.perf_counter()
    ReferenceStore(work / "starter.sqlite").close()
    print(f"New database with the starter data: {time.perf_counter() - started:.2f} s")
    cold = [sys.executable, "-m", "medcode_gui", "--db", str(work / "cold.sqlite"), "releases"]
    started = time.perf_counter()
    subprocess.run(cold, capture_output=True, check=True)
    print(
        f"First `medcode releases` (fresh process, creates the starter database): {time.perf_counter() - started:.2f} s"
    )
    print("Import (parse + one-transaction write), seconds:")
    single = ReferenceStore(work / "one.sqlite")
    started = time.perf_counter()
    single.import_release(read_release(DATA / TXT_ONE))
    print(f"  {TXT_ONE:<52} {time.perf_counter() - started:5.2f} s")
    store = ReferenceStore(work / "all.sqlite")
    for name in RELEASES:
        started = time.perf_counter()
        parsed = read_release(DATA / name)
        parse_s = time.perf_counter() - started
        store.import_release(parsed)
        total = time.perf_counter() - started
        print(f"  {name:<52} {total:5.2f} s  (parse {parse_s:.2f} s, write {total - parse_s:.2f} s)")
    print(
        f"Search on {len(store.releases())} releases ({sum(r.codes + r.modifiers for r in store.releases()):,}"
        f" codes), {len(QUERIES)} queries x {REPEATS}, limit 50:"
    )
    report("app search (all queries)", app_search_samples(store))
    report("app search (word queries)", app_search_samples(store, word_queries()))
    report("raw FTS5 floor (same word queries)", fts_floor_samples(work / "all.sqlite"))
    db = work / "all.sqlite"
    cli = [sys.executable, "-m", "medcode_gui", "--db", str(db), "lookup", "J1100", "--json"]
    fresh = timed(lambda: subprocess.run(cli, capture_output=True, check=True), 10)
    report("fresh-process `medcode lookup`", fresh)
    print(f"Database size: {db.stat().st_size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
