"""The full-text half of ReferenceStore.search: which words must match, and ranking within the view's rows.

Every statement here reads the FTS5 index `codes_fts` through the row ids of the releases in view (a
release's codes are written in one go, so their ids are consecutive); docs/architecture.md (Search) and
docs/benchmarks.md tell why each part is written as it is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from ..codes.records import Release, StoredCode
from ..search.query import Query, all_but_one_expression, fts_expression, is_prefix_word, matched_words_pattern
from . import fts_vocabulary
from .sql_parts import SUMMARY_COLUMNS, ViewParts, prefixed, scope_filter

BM25 = "bm25(codes_fts, 10.0, 4.0, 2.0)"  # a code match weighs most, then the short, then the long descriptor
# "All words but one" is tried between "every word" and "any word" for this many words (beyond, it would
# spell out too many combinations; with two, it is "any word").
MIN_WORDS_FOR_ALL_BUT_ONE, MAX_WORDS_FOR_ALL_BUT_ONE = 3, 6
MAX_RANKED = 20_000  # matches of one release ranked at most when the scope's filters keep few of them


class TextSearch:
    """Mixed into ReferenceStore, whose connection (conn), row reader (_stored) and caches it uses:
    _id_ranges, (release id, code system, section) -> row ids; _terms_current, whether fts_vocabulary is."""

    conn: sqlite3.Connection
    _id_ranges: dict[tuple[int, str, str | None], tuple[int, int]]
    _terms_current: bool | None

    def _stored(self, row: sqlite3.Row) -> StoredCode:  # ReferenceStore reads a row into a hit
        raise NotImplementedError

    def _text_hits(self, query: Query, parts: ViewParts, limit: int) -> list[StoredCode]:
        """Full-text hits, best first, from the first of _text_expressions that matches anything."""
        # Words of one or two letters (typing has just begun) are prefixes of thousands of words: ranking every
        # match by bm25 took most of a keystroke (23 ms for "in"), and says little about so short a prefix.
        # Their hits come in index order (each release's codes in file order), which stops at the limit.
        ranked = any(len(word) > 2 for word in query.words)
        for expression in self._text_expressions(query, parts):
            if not ranked:
                rows = self._listed_text_rows(query, expression, parts, limit)
            elif query.system or query.kind or query.section:
                rows = self._joined_text_rows(query, expression, parts, limit)
            else:
                rows = self._ranked_text_rows(query, expression, parts, limit)
            if rows:
                return [
                    matched(self._stored(row), "text", marked(row["long_description"] or "", query.words))
                    for row in rows
                ]
        return []

    def _text_expressions(self, query: Query, parts: ViewParts) -> Iterator[str]:
        """The MATCH expressions to try in turn: every word; then every word the view holds; then all words
        but one (for three words or more); then any word. The first that matches anything gives the hits, so
        codes holding more of the words come first, and a common word is ranked alone only when nothing
        better matches: ranking every match of any word of "injection 1 mg" took 210 ms on a million rows.

        A word the index does not hold at all (a typo) is left out from the start, and one the releases in
        view do not hold once every word has failed: with it, "every word" can only fail.
        """
        expansions = self._expansions(query.words)
        known = [word for word in query.words if expansions.get(word) != []]
        if not known:
            return
        yield fts_expression(known, True, expansions)
        if len(known) == 1:
            return
        in_view = [word for word in known if self._in_view(word, expansions, parts, query.section)]
        if len(in_view) < len(known):
            if not in_view:
                return
            yield fts_expression(in_view, True, expansions)
        if MIN_WORDS_FOR_ALL_BUT_ONE <= len(in_view) <= MAX_WORDS_FOR_ALL_BUT_ONE:
            yield all_but_one_expression(in_view, expansions)
        if len(in_view) > 1:
            yield fts_expression(in_view, False, expansions)

    def _in_view(
        self, word: str, expansions: dict[str, list[str] | None], parts: ViewParts, section: str | None
    ) -> bool:
        """Whether any row of the releases in view holds the word (FTS5 stops at the first)."""
        ranges_sql, range_params = self._id_ranges_sql(parts, section)
        return bool(
            self.conn.execute(
                f"SELECT 1 FROM codes_fts WHERE codes_fts MATCH ? AND {ranges_sql} LIMIT 1",
                (fts_expression([word], True, expansions), *range_params),
            ).fetchone()
        )

    def _expansions(self, words: list[str]) -> dict[str, list[str] | None]:
        """Each word's exact terms from the index's vocabulary (none when that is stale: FTS5 matches the words)."""
        if self._terms_current is None:
            self._terms_current = fts_vocabulary.is_current(self.conn)
        if not self._terms_current:
            return {}
        return {word: fts_vocabulary.expand(self.conn, word, is_prefix_word(word)) for word in words}

    def _listed_text_rows(self, query: Query, expression: str, parts: ViewParts, limit: int) -> list[sqlite3.Row]:
        """Matches in index order (each release's codes in file order), for words too short to rank: one
        statement, whose order FTS5 gives as it reads, so it stops at the limit. (Ordered by anything else,
        every match of "in" was joined and sorted first: 7 ms instead of 1.)"""
        ranges_sql, range_params = self._id_ranges_sql(parts, query.section)
        scope_sql, scope_params = scope_filter(query, parts, table="c")
        return self.conn.execute(
            f"SELECT c.release_id, {prefixed(SUMMARY_COLUMNS, 'c')} FROM codes_fts "
            f"JOIN codes c ON c.id = codes_fts.rowid WHERE codes_fts MATCH ? AND {ranges_sql} AND {scope_sql} "
            "ORDER BY codes_fts.rowid LIMIT ?",
            (expression, *range_params, *scope_params, limit),
        ).fetchall()

    def _joined_text_rows(self, query: Query, expression: str, parts: ViewParts, limit: int) -> list[sqlite3.Row]:
        """Full-text matches joined to their codes, filtered by the view and the scope, then ranked by bm25:
        under a scope word (`mod:`, `cpt:`, `j:`), which may keep few of a release's best matches, so the
        filter must come before the ranking.

        FTS5 reads one release in view at a time, within its row ids, narrowed to a section's codes under a
        section letter: ranking "injection" in every release before keeping the J codes of one took 190 ms
        on a million rows (9 ms this way; one statement over all the releases in view, 20 ms, as each match
        between them was joined before being dropped).
        """
        rows: list[sqlite3.Row] = []
        for part in parts:
            if query.system and part[1] != query.system:
                continue
            ranges_sql, range_params = self._id_ranges_sql([part], query.section)
            scope_sql, scope_params = scope_filter(query, [part], table="c")
            rows += self.conn.execute(
                f"SELECT c.release_id, {prefixed(SUMMARY_COLUMNS, 'c')}, {BM25} AS score FROM codes_fts "
                f"JOIN codes c ON c.id = codes_fts.rowid WHERE codes_fts MATCH ? AND {ranges_sql} AND {scope_sql} "
                "ORDER BY score, c.code LIMIT ?",
                (expression, *range_params, *scope_params, limit),
            ).fetchall()
        # bm25 scores of different statements compare: they use the statistics of the whole index.
        return sorted(rows, key=lambda row: (row["score"], row["code"]))[:limit]

    def _ranked_text_rows(self, query: Query, expression: str, parts: ViewParts, limit: int) -> list[sqlite3.Row]:
        """The best hits by bm25 among the rows in view: FTS5 ranks the matches within the row ids of the
        releases in view, and the codes table is read for the best of them only.

        Ranking every match of a common word in every release, then joining each, took 217 ms for "injection"
        on a million rows. One statement ranks all the releases in view, because bm25 counts each word's rows
        in the whole index once per statement: "injection 1 mg" took 58 ms with one statement per release,
        37 ms this way.
        """
        ranges_sql, range_params = self._id_ranges_sql(parts)
        scope_sql, scope_params = scope_filter(query, parts, table="c")
        ranked = limit
        while True:
            best = self.conn.execute(
                f"SELECT rowid, {BM25} FROM codes_fts WHERE codes_fts MATCH ? AND {ranges_sql} ORDER BY 2 LIMIT ?",
                (expression, *range_params, ranked),
            ).fetchall()
            scores = dict(best)
            rows = self.conn.execute(
                f"SELECT c.release_id, {prefixed(SUMMARY_COLUMNS, 'c')}, c.id FROM codes c "
                f"WHERE c.id IN ({', '.join('?' * len(scores))}) AND {scope_sql}",
                (*scores, *scope_params),
            ).fetchall()
            # A release may also hold rows of a code system another release gives the view (a fee schedule
            # lists CPT and Level II codes): the filter may keep few of the best matches, so rank more of
            # the matches until enough are kept or there are no more.
            if len(rows) >= limit or len(best) < ranked or ranked >= MAX_RANKED:
                return sorted(rows, key=lambda row: (scores[row["id"]], row["code"]))[:limit]
            ranked *= 4

    def _id_ranges_sql(self, parts: ViewParts, section: str | None = None) -> tuple[str, tuple[int, ...]]:
        """A condition on codes_fts.rowid keeping the rows of the releases in view (and section), which FTS5
        applies while it reads the index: the span from the lowest to the highest id, then each range."""
        ranges = sorted({self._id_range(release, system, section) for release, system in parts})
        span = ("codes_fts.rowid BETWEEN ? AND ?", (min(r[0] for r in ranges), max(r[1] for r in ranges)))
        if len(ranges) == 1:
            return span
        each = " OR ".join("codes_fts.rowid BETWEEN ? AND ?" for _ in ranges)
        return f"{span[0]} AND ({each})", (*span[1], *(bound for pair in ranges for bound in pair))

    def _id_range(self, release: Release, system: str, section: str | None = None) -> tuple[int, int]:
        """The lowest and highest row id of a release's codes of one code system, or of those whose code
        starts with a section letter. A release is written in one go, and every CMS and AMA file lists its
        codes in order (CPT's digits before Level II's letters), so these are narrow ranges; were they not,
        a range would only be wider, never miss a code, as the view's filter still applies."""
        key = (release.id, system, section)
        if key not in self._id_ranges:
            where, params = "release_id = ? AND system = ?", (release.id, system)
            if section:
                where, params = f"{where} AND code >= ? AND code < ?", (*params, section, chr(ord(section) + 1))
            row = self.conn.execute(f"SELECT min(id), max(id) FROM codes WHERE {where}", params).fetchone()
            self._id_ranges[key] = (row[0] or 0, row[1] or -1)
        return self._id_ranges[key]


def marked(text: str, words: list[str]) -> str:
    """The text with each word that starts with a searched word marked [like this], as FTS5's highlight()
    marks it (a one-character search word marks only that word): done here for the hits kept, since
    highlight() in the ranked query would mark every match ranked."""
    pattern = matched_words_pattern(tuple(words))
    return pattern.sub(r"[\g<0>]", text) if pattern else text


def matched(hit: StoredCode, kind: str, snippet: str | None = None) -> StoredCode:
    hit.match, hit.snippet = kind, snippet
    return hit
