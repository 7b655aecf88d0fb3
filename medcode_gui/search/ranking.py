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
from typing import Any, NamedTuple

from .alternatives import LAY, THESAURUS, VIA_STRENGTH, Alternative
from .plan import SearchPlan

REPORTING_PREFIXES = ("cpt.2.",)  # CPT Category II: performance measurement
REPORTING_NODES = {"hcpcs.2.g.quality", "hcpcs.2.m.quality"}
PREFIX_PENALTY = 0.5  # a word found only as the start of a longer word
ORDER_STEP = 0.1  # each later thesaurus meaning of a group
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
        strength += VIA_STRENGTH[found.alternative.via] + (PREFIX_PENALTY if found.is_prefix else 0)
        strength += ORDER_STEP * found.order
        positions.append(None if found.in_lay else found.position)
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


class Match(NamedTuple):
    """The strongest way a row holds a group (see _best)."""

    alternative: Alternative
    in_lay: bool  # found in the plain-language text, not the official one
    is_prefix: bool  # a term found only as the start of a longer word
    position: int  # of the first term, in the words it was found in
    order: int  # how many thesaurus meanings of the group come before this one

    @property
    def via(self) -> str:
        return LAY if self.in_lay else self.alternative.via


def _best(alternatives: list[Alternative], official: _Words, lay: _Words | None) -> Match | None:
    """The strongest way a row holds a group, as strong as its alternative wherever it is found (a truncation
    or a thesaurus meaning found in plain-language text is no whole word): the strongest via, a whole word
    before a prefix, then the thesaurus meanings in their written order of preference."""
    best, best_key = None, None
    seen = 0  # thesaurus meanings met so far: another alternative as strong comes before the first of them
    for alternative in alternatives:
        if alternative.via == THESAURUS:
            seen += 1
        for words, in_lay in ((official, False), (lay, True)):
            if words is None:
                continue
            found = _find_all(alternative, words)
            if found is None:
                continue
            position, is_prefix = found
            key = (VIA_STRENGTH[alternative.via], is_prefix, seen)
            if best_key is None or key < best_key:
                best, best_key = Match(alternative, in_lay, is_prefix, position, max(seen - 1, 0)), key
                if key[:2] == (0, False):
                    return best
            break  # found in the official text: the lay text cannot do better for this alternative
    return best


def best_match(alternatives: list[Alternative], official: str, lay: str) -> Match | None:
    """The strongest way a row holds a group, from its index words (official and plain-language, space
    separated): what the ranking used, for the explanation of a hit (search/why.py)."""
    return _best(alternatives, _Words(official), _Words(lay) if lay else None)


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
