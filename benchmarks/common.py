"""What the benchmarks share: where the real files are, the fixed query set, timing and reporting.

Imported by bench_foundation.py, run_all.py and generate_large.py (run them from the project root; each puts
this folder on sys.path by being run as a script).
"""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from medcode_gui.search.query import fts_expression, parse_query

DATA = Path(os.environ.get("MEDCODE_TEST_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
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
SEARCH_LIMIT = 50
FTS_FLOOR_SQL = "SELECT rowid FROM temp.floor_fts WHERE floor_fts MATCH ? ORDER BY rank LIMIT ?"


def build_floor_index(conn: sqlite3.Connection) -> None:
    """A plain FTS5 index of every row's code and descriptors, as a generic SQLite browser would make it (in
    memory, beside the file): the floor the app's search is compared with."""
    conn.execute(
        "CREATE VIRTUAL TABLE temp.floor_fts USING fts5(code, short_description, long_description, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute(
        "INSERT INTO temp.floor_fts (rowid, code, short_description, long_description) "
        "SELECT id, code, short_description, long_description FROM main.codes"
    )


def machine() -> str:
    """One line naming the machine the figures come from."""
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        pass
    return (
        f"{platform.platform()}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed(function: Callable[[], object], repeats: int) -> list[float]:
    """Milliseconds per call, repeats calls."""
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50": statistics.median(samples),
        "p95": percentile(samples, 0.95),
        "max": max(samples),
        "n": len(samples),
    }


def report(name: str, samples: list[float], width: int = 34) -> dict[str, float]:
    figures = summary(samples)
    print(
        f"  {name:<{width}} p50 {figures['p50']:6.2f} ms   p95 {figures['p95']:6.2f} ms"
        f"   max {figures['max']:6.2f} ms   (n={len(samples)})"
    )
    return figures


def word_queries(queries: list[str] = QUERIES) -> list[str]:
    """The queries the app answers from the full-text index alone (words, no code shape)."""
    return [q for q in queries if (parsed := parse_query(q)).words and not parsed.exact]


def app_search_samples(store, queries: list[str] = QUERIES, repeats: int = REPEATS) -> list[float]:  # noqa: ANN001
    """The app's search (ReferenceStore.search, default view), every query repeats times, grouped by query.

    The queries take turns (each round asks every query once), so no search follows the same words: the store
    keeps the last word search's plan for the rest of its results, which a repeat would hit.
    """
    by_query: dict[str, list[float]] = {query: [] for query in queries}
    for _ in range(repeats):
        for query in queries:
            by_query[query] += timed(lambda q=query: store.search(q, SEARCH_LIMIT), 1)
    return [sample for query in queries for sample in by_query[query]]


def fts_floor_samples(db: Path, queries: list[str] = QUERIES, repeats: int = REPEATS) -> list[float]:
    """The same word queries as raw FTS5 statements (MATCH ... ORDER BY rank LIMIT), on the same file: a floor."""
    conn = sqlite3.connect(db)
    try:
        build_floor_index(conn)
        samples: list[float] = []
        for query in word_queries(queries):
            expression = fts_expression(parse_query(query).words)
            samples += timed(
                lambda e=expression: conn.execute(FTS_FLOOR_SQL, (e, SEARCH_LIMIT)).fetchall(),
                repeats,
            )
        return samples
    finally:
        conn.close()
