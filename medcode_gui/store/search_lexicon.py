"""What the index holds, as the search plan asks it (search/plan.py's Lexicon), from the store's tables.

Read once per database state and kept: the learned abbreviations (a few thousand pairs) and, only when a
word must be corrected, the words the releases were written with (tens of thousands).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ..search.abbreviations import reliable_abbreviations
from ..search.normalize import stem
from . import fts_vocabulary, search_index

# A learned abbreviation is used backwards (a full word also finds its abbreviation) only when it is seen
# this often: the fee schedule's short CPT descriptors use the common ones.
MIN_REVERSE_COUNT = 3
EXTRA_WORD_FREQUENCY = 1_000  # a thesaurus term offered to the corrector counts as a common word


class StoreLexicon:
    def __init__(self, conn: sqlite3.Connection, vocabulary_current: bool) -> None:
        self.conn = conn
        self._vocabulary = vocabulary_current
        self._expansions: dict[str, list[str]] | None = None
        self._reverse: dict[str, list[str]] | None = None
        self._corrector = None  # a search.correction.Corrector, made when first needed
        self._frequency: Callable[[str], int] = lambda _word: 0  # the corrector's, once made
        self._held: dict[str, bool] = {}
        self._held_prefix: dict[str, bool] = {}
        self._expanded: dict[str, list[str] | None] = {}

    def holds(self, term: str) -> bool:
        if term not in self._held:
            if self._vocabulary:
                found = fts_vocabulary.expand(self.conn, term, prefix=False)
                self._held[term] = bool(found) if found is not None else self._matches(f'"{term}"')
            else:
                self._held[term] = self._matches('"' + term.replace('"', '""') + '"')
        return self._held[term]

    def holds_prefix(self, prefix: str) -> bool:
        if prefix not in self._held_prefix:
            quoted = '"' + prefix.replace('"', '""') + '"*'
            if self._vocabulary and prefix.isalnum():
                row = self.conn.execute(
                    f"SELECT 1 FROM {fts_vocabulary.TERMS_TABLE} WHERE term >= ? AND term < ? LIMIT 1",
                    (prefix, prefix + "\U0010ffff"),
                ).fetchone()
                self._held_prefix[prefix] = row is not None
            else:
                self._held_prefix[prefix] = self._matches(quoted)
        return self._held_prefix[prefix]

    def expanded(self, prefix: str) -> list[str] | None:
        """A prefix as the index's own words (fts_vocabulary.expand), remembered."""
        if prefix not in self._expanded:
            self._expanded[prefix] = fts_vocabulary.expand(self.conn, prefix, prefix=True)
        return self._expanded[prefix]

    def stems_of_words_starting(self, prefix: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT stem FROM search_words WHERE word >= ? AND word < ? LIMIT 8",
            (prefix, prefix + "\U0010ffff"),
        ).fetchall()
        return [row[0] for row in rows if self.holds(row[0])]

    def _matches(self, expression: str) -> bool:
        try:
            return (
                self.conn.execute("SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1", (expression,)).fetchone()
                is not None
            )
        except sqlite3.OperationalError:  # a term FTS5 cannot parse holds nothing
            return False

    def learned(self) -> dict[str, list[tuple[str, int]]]:
        """Every reliable learned abbreviation with its full words and counts (medcode abbreviations)."""
        return reliable_abbreviations(search_index.learned_abbreviations(self.conn))

    def expansions(self, word: str) -> list[str]:
        self._load_abbreviations()
        return self._expansions.get(word, [])

    def abbreviations(self, word: str) -> list[str]:
        self._load_abbreviations()
        return self._reverse.get(stem(word), [])

    def _load_abbreviations(self) -> None:
        if self._expansions is not None:
            return
        learned = reliable_abbreviations(search_index.learned_abbreviations(self.conn))
        self._expansions = {abbreviation: [word for word, _n in fulls] for abbreviation, fulls in learned.items()}
        self._reverse = {}
        for abbreviation, fulls in learned.items():
            for word, n in fulls:
                if n >= MIN_REVERSE_COUNT and abbreviation != word and " " not in word:
                    self._reverse.setdefault(stem(word), []).append(abbreviation)

    def suggestions(self, word: str, extra: list[str]) -> list[str]:
        """Held words (or thesaurus terms) near a word nothing matched, to offer."""
        corrector = self._corrector_over(extra)
        return [found for found in corrector.suggestions(word) if self._frequency(found) > 0]

    def nearest(self, word: str, extra: list[str]) -> str | None:
        found = self._corrector_over(extra).nearest(word)
        # search_words keeps the words of deleted releases: one the index no longer holds is no correction
        return found if found and self._frequency(found) > 0 else None

    def _corrector_over(self, extra: list[str]):  # noqa: ANN202 - a search.correction.Corrector
        """The corrector over the written words and extra (thesaurus terms), made on first need."""
        if self._corrector is None:
            from ..search.correction import Corrector  # rapidfuzz loads only when a word must be corrected

            pairs = search_index.surface_words(self.conn)
            stems = dict(pairs)
            extras = set(extra)

            def frequency(candidate: str) -> int:
                if candidate in extras:
                    return EXTRA_WORD_FREQUENCY
                return self._rows(stems.get(candidate, candidate))

            self._frequency = frequency
            self._corrector = Corrector([w for w, _s in pairs] + list(extras), frequency)
        return self._corrector

    def _rows(self, term: str) -> int:
        if not self._vocabulary:
            return 1
        row = self.conn.execute(f"SELECT rows FROM {fts_vocabulary.TERMS_TABLE} WHERE term = ?", (term,)).fetchone()
        return row[0] if row else 0
