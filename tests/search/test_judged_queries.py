"""Our own judged queries (judged-queries-own.tsv beside this file): what a coder types, and the codes a coder
would accept, written without looking at what the search returns. Each is run through store.search(q, 10) on
HCPCS 2019 and the October 2025 fee schedule (tests/conftest.py, search_db).

found@n: the share of queries with a wanted code in the top n. MRR@10: the mean of 1/rank of the first wanted
code in the top 10 (0 when none). Both are printed (pytest -s) and recorded as properties of the test's report
(--junitxml). The floor is a floor, not a tuning target: a query is never changed to suit the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import data_file

from medcode_gui.store import ReferenceStore

OWN = Path(__file__).with_name("judged-queries-own.tsv")
DEV = "search/judged-queries-dev.tsv"
KINDS = {"lay", "brand", "typo", "plural", "abbr", "phrase", "format", "syn", "split", "spell"}
RELEASES = ("HCPCS-2019", "PFS-2025-OCT")
LIMIT = 10
FLOOR = 0.85
MIN_QUERIES = 40


@dataclass(frozen=True)
class Judged:
    kind: str
    query: str
    n: int
    wanted: frozenset[str]


def read_judged(path: Path) -> list[Judged]:
    judged = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        assert len(cells) == 4, f"{path.name}:{number}: four tab-separated cells expected: {line!r}"
        kind, query, n, wanted = cells
        judged.append(Judged(kind, query, int(n), frozenset(wanted.split())))
    return judged


@pytest.fixture(scope="module")
def store(search_db: Path) -> ReferenceStore:
    with ReferenceStore(search_db) as opened:
        yield opened


@pytest.fixture(scope="module")
def own() -> list[Judged]:
    return read_judged(OWN)


def test_the_own_set_is_well_formed_and_new(own):
    assert len(own) >= MIN_QUERIES
    assert {j.kind for j in own} == KINDS, {j.kind for j in own} ^ KINDS
    assert all(j.wanted and 1 <= j.n <= LIMIT for j in own)
    queries = [j.query.strip().lower() for j in own]
    assert len(set(queries)) == len(queries), "a query is repeated"
    dev = {j.query.strip().lower() for j in read_judged(data_file(DEV))}
    assert not dev & set(queries), f"queries of the dev set: {sorted(dev & set(queries))}"


def test_every_wanted_code_exists_in_hcpcs_2019_or_the_fee_schedule(store, own):
    missing = sorted(
        {(j.query, code) for j in own for code in j.wanted if not any(store.lookup(code, label) for label in RELEASES)}
    )
    assert not missing, missing


def test_own_judged_queries(store, own, record_property):
    found, reciprocal, misses = 0, 0.0, []
    for judged in own:
        got = [hit.record.code for hit in store.search(judged.query, LIMIT)]
        rank = next((i for i, code in enumerate(got, 1) if code in judged.wanted), None)
        if rank is not None and rank <= judged.n:
            found += 1
        else:
            misses.append(f"{judged.kind}\t{judged.query!r}\tn={judged.n}\trank={rank}\tgot={got[:5]}")
        reciprocal += 1 / rank if rank else 0.0
    found_at_n, mrr = found / len(own), reciprocal / len(own)
    record_property("queries", len(own))
    record_property("found_at_n", round(found_at_n, 3))
    record_property("mrr_at_10", round(mrr, 3))
    record_property("misses", "; ".join(misses))
    print(f"\nown judged queries: {len(own)}, found@n {found_at_n:.3f} ({found}/{len(own)}), MRR@10 {mrr:.3f}")
    for miss in misses:
        print(f"  missed: {miss}")
    assert found_at_n >= FLOOR, "\n".join(misses)
