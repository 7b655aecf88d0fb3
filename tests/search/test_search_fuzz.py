"""Thousands of generated search strings against the real data: nothing raises, results stay well formed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medcode_gui.search.query import parse_query
from medcode_gui.store import ReferenceStore

SEARCH_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))
CODE_LIKE = st.from_regex(r"[A-Z0-9*?\-: ]{0,12}", fullmatch=True)
FTS_SYNTAX = st.lists(
    st.sampled_from(
        [
            '"',
            "*",
            "(",
            ")",
            "AND",
            "OR",
            "NOT",
            "NEAR",
            "^",
            ":",
            "-",
            "+",
            "%",
            "_",
            "'",
            "cpt:",
            "mod:",
            "j:",
            "cane",
            "J1100",
        ]
    ),
    max_size=8,
).map(" ".join)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(SEARCH_ALPHABET, max_size=80), CODE_LIKE, FTS_SYNTAX))
def test_any_string_searches_without_raising(store: ReferenceStore, text: str) -> None:
    hits = store.search(text, limit=20)
    assert len(hits) <= 20
    assert all(h.record.code and h.release.label for h in hits)
    parse_query(text)
