"""How a coder ranks the codes a word search finds, after FTS5's bm25 has picked the candidates.

In order: the rung of the ladder (every word before most words before any word); an active code before a
terminated one (still found, lower); a service before a quality-measure reporting code (CPT Category II,
HCPCS G and M quality measures: their long sentences mention every service they report on); a common code
(one the starter set describes in plain language, chosen as the codes most used) before a rare one; the
words found the strongest way (a whole word, in the official or the plain-language text, before a prefix,
before an abbreviation or thesaurus meaning, before a corrected word); the words next to each other in the
descriptor, as typed, before scattered words; then bm25.
Works on the index's own words (stems), which the ranking statement returns beside each row: no re-reading.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from typing import Any

from .alternatives import LAY, THESAURUS, VIA_STRENGTH, Alternative
from .plan import SearchPlan

REPORTING_PREFIXES = ("cpt.2.",)  # CPT Category II: performance measurement
REPORTING_NODES = {"hcpcs.2.g.quality", "hcpcs.2.m.quality"}
PREFIX_PENALTY = 0.5
ORDER_STEP = 0.1  # each later thesaurus meaning of a group  # a word found only as the start of a longer word
MISSING = 4  # a group this row does not hold at all (rungs below the first)


def rank_key(plan: SearchPlan, row: Mapping[str, Any], rung: int) -> tuple:
    official = _Words(row["official"])
    lay = _Words(row["lay"]) if row["lay"] else None
    strength, positions = 0.0, []
    for group in plan.groups:
        if group.is_empty:
            continue
        found = _best(group.alternatives, official, lay)
        if found is None:
            strength += MISSING
            continue
        strength_of, is_prefix, position, order = found
        strength += strength_of + (PREFIX_PENALTY if is_prefix else 0) + ORDER_STEP * order
        positions.append(position)
    terminated = 1 if row["termination_date"] else 0
    reporting = 1 if is_reporting_node(row["node_id"]) else 0
    common = 0 if lay else 1
    return rung, terminated, reporting, common, strength, -_adjacent_pairs(positions), row["score"], row["code"]


def is_reporting_node(node_id: str | None) -> bool:
    """Whether an outline leaf holds quality-measure reporting codes rather than services."""
    return bool(node_id) and (node_id.startswith(REPORTING_PREFIXES) or node_id in REPORTING_NODES)


class _Words:
    """A row's index words, with each word's first position: one pass, then lookups."""

    __slots__ = ("first", "ordered", "words")

    def __init__(self, text: str | None) -> None:
        self.words = (text or "").split()
        self.first: dict[str, int] = {}
        for position, word in enumerate(self.words):
            self.first.setdefault(word, position)
        self.ordered: list[str] | None = None  # the distinct words sorted, made on the first prefix lookup

    def find(self, term: str, prefix: bool) -> tuple[int, bool] | None:
        """(position, found only as a prefix) of a term, or None."""
        position = self.first.get(term)
        if position is not None:
            return position, False
        if prefix:
            if self.ordered is None:
                self.ordered = sorted(self.first)
            index = bisect_left(self.ordered, term)
            if index < len(self.ordered) and self.ordered[index].startswith(term):
                return self.first[self.ordered[index]], True
        return None


def _best(
    alternatives: list[Alternative], official: _Words, lay: _Words | None
) -> tuple[float, bool, int | None, int] | None:
    """The strongest way a row holds a group: (strength, found only as a prefix, position in the official words
    or None when found in the plain-language text, order of the thesaurus meaning)."""
    best, best_key = None, None
    order = 0  # the thesaurus lists a term's meanings in order of preference: an earlier one ranks higher
    for alternative in alternatives:
        if alternative.via == THESAURUS:
            order += 1
        for words, in_lay in ((official, False), (lay, True)):
            if words is None:
                continue
            found = _find_all(alternative, words)
            if found is None:
                continue
            position, is_prefix = found
            # As strong as the alternative itself wherever it is found: a truncation or a thesaurus meaning found
            # in plain-language text is no whole word (why.py says "lay text" of it).
            key = (VIA_STRENGTH[alternative.via], is_prefix, order)
            if best_key is None or key < best_key:
                best, best_key = (key[0], is_prefix, None if in_lay else position, max(order - 1, 0)), key
                if key[:2] == (0, False):
                    return best
            break  # found in the official text: the lay text cannot do better for this alternative
    return best


def best_match(
    alternatives: list[Alternative], official: list[str], lay: list[str]
) -> tuple[Alternative, str, bool, int | None] | None:
    """The strongest way a row holds a group: (alternative, via, found only as a prefix, position of its
    first term in the official words or None). For the explanation of a hit (search/why.py)."""
    official_words, lay_words = _Words(" ".join(official)), _Words(" ".join(lay))
    best, best_key = None, None
    for alternative in alternatives:
        for words, in_lay in ((official_words, False), (lay_words, True)):
            found = _find_all(alternative, words)
            if found is None:
                continue
            position, is_prefix = found
            via = LAY if in_lay else alternative.via
            key = (VIA_STRENGTH[alternative.via], is_prefix)
            if best_key is None or key < best_key:
                best, best_key = (alternative, via, is_prefix, None if in_lay else position), key
            break
    return best


def _find_all(alternative: Alternative, words: _Words) -> tuple[int, bool] | None:
    """(position of the first term, whether a term was found only as a prefix), or None."""
    first, any_prefix = None, False
    last = len(alternative.terms) - 1
    for index, term in enumerate(alternative.terms):
        found = words.find(term, alternative.prefix and index == last)
        if found is None:
            return None
        first = found[0] if first is None else first
        any_prefix = any_prefix or found[1]
    return (first if first is not None else 0), any_prefix


def _adjacent_pairs(positions: list[int | None]) -> int:
    """How many consecutive typed groups sit next to each other, in order, in the descriptor (a phrase)."""
    return sum(
        1 for a, b in zip(positions, positions[1:], strict=False) if a is not None and b is not None and 0 < b - a <= 2
    )
