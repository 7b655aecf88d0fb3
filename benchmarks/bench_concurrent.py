"""Searches while another process imports into the same database (issue 16: readers never blocked by a writer).

Run from the project root:  .venv/bin/python benchmarks/bench_concurrent.py [--rows N | --file PATH] [--rounds N]

Imports the 2019 CMS HCPCS zip of ../shared/data into a temporary database, then:
- idle: the fixed query set of common.py through one open ReferenceStore (the window's connection), N rounds;
- during an import: a second process runs `python -m medcode_gui import FILE --db DB` (by default a generated
  CSV of --rows codes, 150,000 unless told (in files of 50,000: a larger code list is refused), with
  descriptors of the real files' words, as
  generate_large.py draws them; or --file, e.g. the PFS fee schedule) while this process keeps asking the same
  queries, and a thread runs `medcode search` as a fresh process (the CLI) over and over;
and prints p50/p95/max of both, the import's duration (alone, into a copy, and during the searches: the two
cores are shared), and how many searches failed (must be 0).
The code measured is the medcode_gui this interpreter imports: run it with another checkout's interpreter
(e.g. /work/main/.venv/bin/python benchmarks/bench_concurrent.py, from that checkout) to measure older code.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import DATA, QUERIES, SEARCH_LIMIT, machine, report

from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore

BASE = "hcpcs/zips/2019-Alpha-Numeric-HCPCS-File.zip"
CLI_QUERY = "wheelchair"
PART_ROWS = 50_000
SLOW_MS = 100  # a search the user would notice waiting for
LETTERS = "ABCEGHJKLMPQRSTUV"  # generate_large.py's Level II letters


def big_csv(path: Path, rows: int, seed: int = 16) -> Path:
    """A generic CSV of rows valid codes: Level II (letter + 4 digits), then 5-digit CPT (at most about 200,000)."""
    from generate_large import vocabulary

    from medcode_gui.codes.explain import explain

    words = vocabulary()[:3000]
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    chooser = random.Random(seed)
    shapes = [f"{letter}{number:04d}" for letter in LETTERS for number in range(10_000)]
    shapes += [f"{number:05d}" for number in range(100_000)]
    codes = [code for code in shapes if explain(code)["valid"]][:rows]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "description"])
        for code in codes:
            writer.writerow([code, " ".join(chooser.choices(words, weights, k=chooser.randint(4, 14)))])
    return path


def timed_search(store: ReferenceStore, query: str, samples: list[float], failures: list[str]) -> None:
    started = time.perf_counter()
    try:
        store.search(query, SEARCH_LIMIT)
    except Exception as error:  # noqa: BLE001 - a failed search is the figure, not the end of the run
        failures.append(f"{query!r}: {error}")
    samples.append((time.perf_counter() - started) * 1000)


def import_command(db: Path, files: list[Path]) -> list[str]:
    return [sys.executable, "-m", "medcode_gui", "--db", str(db), "import", *map(str, files)]


def big_csvs(folder: Path, rows: int) -> list[Path]:
    """rows codes in files of at most PART_ROWS (a code list larger than any real one is refused: 60,000 codes),
    each named with its own year, so each is a release of its own."""
    whole = big_csv(folder / "whole.csv", rows).read_text(encoding="utf-8").splitlines(keepends=True)
    header, lines = whole[0], whole[1:]
    parts = []
    for number, start in enumerate(range(0, len(lines), PART_ROWS), start=1):
        part = folder / f"Generated-{2020 + number}.csv"  # the year names the release: CUSTOM-2021...
        part.write_text(header + "".join(lines[start : start + PART_ROWS]), encoding="utf-8")
        parts.append(part)
    return parts


def cli_search(db: Path) -> tuple[float, bool]:
    """A fresh `medcode search` process: its wall time (ms) and whether it answered (exit 0)."""
    command = [sys.executable, "-m", "medcode_gui", "--db", str(db), "search", CLI_QUERY, "--json"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    return (time.perf_counter() - started) * 1000, done.returncode == 0 and done.stdout.startswith("[")


def cli_loop(db: Path, running: threading.Event, samples: list[float], failures: list[str]) -> None:
    while running.is_set():
        ms, answered = cli_search(db)
        samples.append(ms)
        if not answered:
            failures.append(f"medcode search {CLI_QUERY}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, help="the file the second process imports (default: a generated CSV)")
    parser.add_argument("--rows", type=int, default=150_000, help="rows of the generated CSV (at most about 200,000)")
    parser.add_argument("--rounds", type=int, default=10, help="idle rounds of the query set")
    args = parser.parse_args()
    for path in (DATA / BASE, args.file or DATA / BASE):
        if not path.is_file():
            print(f"Missing {path} (set MEDCODE_TEST_DATA).", file=sys.stderr)
            return 1
    print(f"Machine: {machine()}")
    work = Path(tempfile.mkdtemp(prefix="medcode-concurrent-"))
    files = [args.file] if args.file else big_csvs(work, args.rows)
    db = work / "reference.sqlite"
    with ReferenceStore(db) as setup:
        setup.import_release(read_release(DATA / BASE))
    alone = work / "alone.sqlite"  # the same import with nothing else running: what the import itself costs
    shutil.copy(db, alone)
    started = time.perf_counter()
    subprocess.run(import_command(alone, files), capture_output=True, check=True)
    alone_s = time.perf_counter() - started
    store = ReferenceStore(db)  # the window's connection, open for the whole run
    mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
    print(f"Database: {BASE} imported (journal_mode={mode}); {len(QUERIES)} queries, limit {SEARCH_LIMIT}")

    idle: list[float] = []
    idle_failures: list[str] = []
    for _ in range(args.rounds):
        for query in QUERIES:
            timed_search(store, query, idle, idle_failures)
    cli_idle = [cli_search(db)[0] for _ in range(5)]

    during: list[float] = []
    failures: list[str] = []
    cli_during: list[float] = []
    cli_failures: list[str] = []
    running = threading.Event()
    running.set()
    started = time.perf_counter()
    output_pipe = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT}
    importer = subprocess.Popen(import_command(db, files), env=dict(os.environ), **output_pipe)
    cli = threading.Thread(target=cli_loop, args=(db, running, cli_during, cli_failures))
    cli.start()
    while importer.poll() is None:
        for query in QUERIES:
            timed_search(store, query, during, failures)
            if importer.poll() is not None:
                break
    import_s = time.perf_counter() - started
    running.clear()
    cli.join()
    output = importer.stdout.read().decode(errors="replace").strip().splitlines()
    store.close()
    shutil.rmtree(work, ignore_errors=True)

    names = " ".join(file.name for file in files)
    print(f"medcode import {names} alone: {alone_s:.1f} s")
    print(f"Second process: medcode import {names}: {import_s:.1f} s, exit {importer.returncode}")
    print(f"  ({output[-1] if output else 'no output'})")
    print("In-process searches (the window's connection):")
    report("idle", idle)
    report("during the import", during)
    print("`medcode search` as a fresh process:")
    report("idle", cli_idle)
    if cli_during:
        report("during the import", cli_during)
    slow = sum(ms > SLOW_MS for ms in during)
    print(f"In-process searches during the import slower than {SLOW_MS} ms: {slow} of {len(during)}")
    print(f"Failed searches during the import: {len(failures)} of {len(during)} in-process, "
          f"{len(cli_failures)} of {len(cli_during)} CLI (must be 0)")
    for failure in (failures + cli_failures)[:3]:
        print(f"  e.g. {failure}")
    return 0 if importer.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
