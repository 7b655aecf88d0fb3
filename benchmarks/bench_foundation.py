"""Import and search figures on the real CMS files in ../shared/data.

Run from the project root:  .venv/bin/python benchmarks/bench_foundation.py
Prints import seconds per release, search p50/p95/max over a fixed query set (the app's search, and the
same word queries as raw FTS5 statements as a floor), and a fresh-process `medcode lookup`.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from medcode_gui.importers import read_release
from medcode_gui.query import fts_expression, parse_query
from medcode_gui.store import ReferenceStore

DATA = Path(os.environ.get("MEDCODE_TEST_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
RELEASES = [
    "hcpcs/2018/HCPC2018_CONTR_ANWEB_disc.txt",
    "hcpcs/zips/2019-Alpha-Numeric-HCPCS-File.zip",
]
TXT_ONE = "hcpcs/2019/HCPC2019_CONTR_ANWEB.txt"
QUERIES = [
    # exact codes and modifiers
    "J1100",
    "E0100",
    "A0427",
    "G0121",
    "LT",
    "RT",
    "KX",
    "q4101",
    # ranges, wildcards, prefixes, code+modifier
    "J9000-J9999",
    "A0021-A0999",
    "E01*",
    "G043?",
    "J11",
    "L3",
    "E0100-RT",
    # words
    "cane",
    "dexamethasone",
    "ambulance advanced life support emergency",
    "wheelchair",
    "insulin pump",
    "oxygen concentrator",
    "injection 1 mg",
    "colorectal cancer screening",
    "hearing aid",
    "catheter",
    "prosthesis knee",
    "glucose monitor",
    "left side",
    "mileage",
    "vaccine",
    "infusion pump",
    # scoped
    "mod: left",
    "j: injection",
    "hcpcs: walker",
]
REPEATS = 30


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed(function, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    print(
        f"  {name:<34} p50 {statistics.median(samples):6.2f} ms   p95 {percentile(samples, 0.95):6.2f} ms"
        f"   max {max(samples):6.2f} ms   (n={len(samples)})"
    )


def main() -> None:
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )
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
    for _ in range(1):
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
    app_samples = []
    for query in QUERIES:
        app_samples += timed(lambda q=query: store.search(q, 50), REPEATS)
    report("app search (all queries)", app_samples)
    floor, app_words = [], []
    conn = sqlite3.connect(work / "all.sqlite")
    for query in QUERIES:
        words = parse_query(query).words
        if not words or parse_query(query).exact:
            continue
        expression = fts_expression(words)
        sql = "SELECT rowid FROM codes_fts WHERE codes_fts MATCH ? ORDER BY rank LIMIT 50"
        floor += timed(lambda e=expression, s=sql: conn.execute(s, (e,)).fetchall(), REPEATS)
        app_words += timed(lambda q=query: store.search(q, 50), REPEATS)
    report("app search (word queries)", app_words)
    report("raw FTS5 floor (same word queries)", floor)
    db = work / "all.sqlite"
    cli = [sys.executable, "-m", "medcode_gui", "--db", str(db), "lookup", "J1100", "--json"]
    fresh = timed(lambda: subprocess.run(cli, capture_output=True, check=True), 10)
    report("fresh-process `medcode lookup`", fresh)
    print(f"Database size: {db.stat().st_size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
