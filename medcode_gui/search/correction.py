"""Typo correction: the word the index holds nearest to a word it does not hold ("dexamethazone").

Edit distance with adjacent swaps (optimal string alignment, rapidfuzz): "wheelchiar" is one edit from
"wheelchair". A short word has fewer neighbours to be confused with, so it may be one edit away at most,
a longer one two; among equally near words the more frequent wins, as it is the likelier meaning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_CORRECTED = 4  # shorter words are acronyms and abbreviations more often than typos
LONG_WORD = 6


def max_edits(word: str) -> int:
    return 1 if len(word) < LONG_WORD else 2


class Corrector:
    """Nearest-word lookups over a fixed vocabulary, grouped by length so each lookup compares few words."""

    def __init__(self, vocabulary: Iterable[str], frequency: Callable[[str], int]) -> None:
        self._by_length: dict[int, list[str]] = {}
        for word in set(vocabulary):
            if word.isalpha() and len(word) >= MIN_CORRECTED - 1:
                self._by_length.setdefault(len(word), []).append(word)
        self._frequency = frequency

    def suggestions(self, word: str, limit: int = 3, edits: int = 3) -> list[str]:
        """The few held words nearest a word, farther than nearest() reaches: offered, never used unasked."""
        if len(word) < MIN_CORRECTED - 1 or not word.isalpha():
            return []
        candidates = [w for n in range(len(word) - edits, len(word) + edits + 1) for w in self._by_length.get(n, ())]
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=edits, limit=None)
        found.sort(key=lambda hit: (hit[1], -self._frequency(hit[0]), hit[0]))
        return [hit[0] for hit in found[:limit]]

    def nearest(self, word: str) -> str | None:
        if len(word) < MIN_CORRECTED or not word.isalpha():
            return None
        edits = max_edits(word)
        candidates = [w for n in range(len(word) - edits, len(word) + edits + 1) for w in self._by_length.get(n, ())]
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=edits, limit=None)
        if not found:
            return None
        best = min(found, key=lambda hit: (hit[1], -self._frequency(hit[0]), hit[0]))
        return best[0]
