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

from collections.abc import Mapping
from typing import Any

from .alternatives import LAY, VIA_STRENGTH, Alternative
from .plan import SearchPlan

REPORTING_PREFIXES = ("cpt.2.",)  # CPT Category II: performance measurement
REPORTING_NODES = {"hcpcs.2.g.quality", "hcpcs.2.m.quality"}
PREFIX_PENALTY = 0.5  # a word found only as the start of a longer word
MISSING = 4  # a group this row does not hold at all (rungs below the first)


def rank_key(plan: SearchPlan, row: Mapping[str, Any], rung: int) -> tuple:
    official = (row["official"] or "").split()
    lay = (row["lay"] or "").split()
    strength, positions = 0.0, []
    for group in plan.groups:
        if group.is_empty:
            continue
        found = best_match(group.alternatives, official, lay)
        if found is None:
            strength += MISSING
            continue
        _alternative, via, is_prefix, position = found
        strength += VIA_STRENGTH[via] + (PREFIX_PENALTY if is_prefix else 0)
        positions.append(position)
    terminated = 1 if row["termination_date"] else 0
    reporting = 1 if is_reporting_node(row["node_id"]) else 0
    common = 0 if lay else 1
    return rung, terminated, reporting, common, strength, -_adjacent_pairs(positions), row["score"], row["code"]


def is_reporting_node(node_id: str | None) -> bool:
    """Whether an outline leaf holds quality-measure reporting codes rather than services."""
    return bool(node_id) and (node_id.startswith(REPORTING_PREFIXES) or node_id in REPORTING_NODES)


def best_match(
    alternatives: list[Alternative], official: list[str], lay: list[str]
) -> tuple[Alternative, str, bool, int | None] | None:
    """The strongest way a row holds a group: (alternative, via, found only as a prefix, position of its
    first term in the official words or None)."""
    best = None
    for alternative in alternatives:
        for words, in_lay in ((official, False), (lay, True)):
            found = _find(alternative, words)
            if found is None:
                continue
            position, is_prefix = found
            via = LAY if in_lay else alternative.via
            key = (VIA_STRENGTH[via], is_prefix)
            if best is None or key < best[0]:
                best = (key, (alternative, via, is_prefix, None if in_lay else position))
            break  # found in the official text: the lay text cannot do better for this alternative
    return best[1] if best else None


def _find(alternative: Alternative, words: list[str]) -> tuple[int, bool] | None:
    """(position of the first term, whether a term was found only as a prefix), or None."""
    first, any_prefix = None, False
    for index, term in enumerate(alternative.terms):
        prefix = alternative.prefix and index == len(alternative.terms) - 1
        try:
            position = words.index(term)
        except ValueError:
            if not prefix:
                return None
            position = next((i for i, word in enumerate(words) if word.startswith(term)), None)
            if position is None:
                return None
            any_prefix = True
        first = position if first is None else first
    return (first if first is not None else 0), any_prefix


def _adjacent_pairs(positions: list[int | None]) -> int:
    """How many consecutive typed groups sit next to each other, in order, in the descriptor (a phrase)."""
    return sum(
        1 for a, b in zip(positions, positions[1:], strict=False) if a is not None and b is not None and 0 < b - a <= 2
    )
