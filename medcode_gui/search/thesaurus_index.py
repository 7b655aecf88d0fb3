"""The thesaurus (resources/thesaurus.tsv, see thesaurus.py) indexed for the plan: by the stems of its terms,
so "braces" finds the entry for "brace", and each meaning as an alternative of index terms."""

from __future__ import annotations

from functools import cache

from .alternatives import THESAURUS, Alternative
from .normalize import stem, stems
from .thesaurus import load_thesaurus

MAX_TERM_WORDS = 4


class ThesaurusIndex:
    def __init__(self, entries: list | None = None) -> None:
        self._by_stems: dict[tuple[str, ...], list[Alternative]] = {}
        self._one_word: list[str] = []
        for entry in entries if entries is not None else load_thesaurus():
            key = tuple(stems(entry.term))
            if not key:
                continue
            alternatives = self._by_stems.setdefault(key, [])
            for meaning in entry.means:
                terms = tuple(stems(meaning))
                if terms and all(alt.terms != terms for alt in alternatives):
                    alternatives.append(Alternative(terms, THESAURUS, meaning, note=entry.note))
            if len(key) == 1 and " " not in entry.term.strip():
                self._one_word.append(entry.term.strip().lower())

    def longest_match(self, typed: list[str], position: int) -> tuple[int, list[Alternative]]:
        """(number of typed words, alternatives) of the longest entry starting at position; (0, []) if none."""
        typed_stems = [stem(word) for word in typed[position : position + MAX_TERM_WORDS]]
        for span in range(len(typed_stems), 0, -1):
            found = self._by_stems.get(tuple(typed_stems[:span]))
            if found:
                return span, found
        return 0, []

    def alternatives_of(self, word: str) -> list[Alternative]:
        return self._by_stems.get((stem(word),), [])

    def terms_of_one_word(self) -> list[str]:
        """One-word terms, offered to the typo corrector beside the index's words ("zofan" -> zofran)."""
        return self._one_word


@cache
def thesaurus_index() -> ThesaurusIndex:
    return ThesaurusIndex()
