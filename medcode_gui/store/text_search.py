"""The full-text half of ReferenceStore.search: the plan's groups as FTS5 expressions, tried in a ladder
(every group, every group the view holds, all but one, any), the matches of the releases in view ranked by
bm25, then re-ranked as a coder reads them (search/ranking.py).

Every statement reads the FTS5 index `search_fts` (store/search_index.py) through the row ids of the
releases in view (a release's codes are written in one go, so their ids are consecutive); docs/architecture.md
(Search) and docs/benchmarks.md tell why each part is written as it is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..codes.records import Release, StoredCode
from ..search.query import Query, quoted_term
from . import fts_vocabulary
from .sql_parts import SUMMARY_COLUMNS, ViewParts, prefixed, scope_filter
from .sqlite_errors import translating_errors

if TYPE_CHECKING:  # the search's modules load on the first word search, not at start (cold start: 35 ms)
    from ..search.alternatives import Group
    from ..search.plan import SearchPlan
    from .search_lexicon import StoreLexicon

BM25 = "bm25(search_fts, 10.0, 4.0, 1.5)"  # a code match weighs most, then the official descriptors, then lay text
# "All groups but one" is tried between "every group" and "any group" for this many groups (beyond, it would
# spell out too many combinations; with two, it is "any group").
MIN_GROUPS_FOR_ALL_BUT_ONE, MAX_GROUPS_FOR_ALL_BUT_ONE = 3, 6
MAX_RANKED = 20_000  # matches of one release ranked at most when the scope's filters keep few of them
# bm25 picks this many candidates (at least) for the re-ranking, so an active code a few places below
# terminated ones by bm25 alone still comes first.
MIN_CANDIDATES = 60
SUGGESTIONS = 5


class TextSearch:
    """Mixed into ReferenceStore, whose connection (conn), row reader (_stored) and caches it uses:
    _id_ranges, (release id, code system, section) -> row ids; _terms_current, whether fts_vocabulary is."""

    conn: sqlite3.Connection
    path: Path  # named in errors (sqlite_errors.translating_errors guards the public methods)
    _id_ranges: dict[tuple[int, str, str | None], list[tuple[int, int]]]
    _terms_current: bool | None
    _temp_index: bool
    _lexicon: StoreLexicon | None
    # (query key, plan, rung, expression) of the last word search that found something: see _text_hits
    _last_rung: tuple | None

    def _stored(self, row: sqlite3.Row) -> StoredCode:  # ReferenceStore reads a row into a hit
        raise NotImplementedError

    @translating_errors
    def search_plan(self, query: Query) -> SearchPlan:
        """What the words of a query mean in this database (see search/plan.py)."""
        from ..search.plan import build_plan
        from ..search.thesaurus_index import thesaurus_index

        return build_plan(query.word_text, self._search_lexicon(), thesaurus_index(), typing=True)

    @translating_errors
    def match_reasons(self, hit: StoredCode) -> list[dict]:
        """Why a word search found a code: each typed word, the word it matched and through what."""
        if hit.plan is None:
            return []
        from ..search.why import match_reasons
        from . import search_index

        record = hit.record
        lay = search_index.lay_texts_of(self.conn, record.code, record.kind)
        official = f"{record.short_description} {record.long_description}"
        return match_reasons(hit.plan, official, hit.indexed, lay)

    @translating_errors
    def learned_abbreviations(self) -> dict[str, list[tuple[str, int]]]:
        """Abbreviation -> [(full word, times seen)], learned from the releases' short and long descriptors."""
        return self._search_lexicon().learned()

    @translating_errors
    def suggestions(self, text: str) -> list[str]:
        """For words that found nothing: the held words (and thesaurus terms) nearest each word the plan found
        nothing for (see search/plan.py), to offer as "did you mean"."""
        from ..search.plan import build_plan
        from ..search.thesaurus_index import thesaurus_index

        lexicon, thesaurus = self._search_lexicon(), thesaurus_index()
        found: list[str] = []
        for group in build_plan(text, lexicon, thesaurus, typing=False).groups:
            if group.is_empty:
                found += [w for w in lexicon.suggestions(group.typed, thesaurus.terms_of_one_word()) if w not in found]
        return found[:SUGGESTIONS]

    def _search_lexicon(self) -> StoreLexicon:
        if self._terms_current is None:
            self._terms_current = self._temp_index or fts_vocabulary.is_current(self.conn)
        if self._lexicon is None:
            from .search_lexicon import StoreLexicon

            self._lexicon = StoreLexicon(self.conn, bool(self._terms_current))
        return self._lexicon

    def _text_hits(self, query: Query, parts: ViewParts, limit: int) -> list[StoredCode]:
        """Full-text hits, best first: those of the first rung of the ladder that matches anything.

        The same words asked again with a larger limit (the window lists a keystroke's first page, then the
        rest after that frame) reuse the plan and the rung found the first time: one plan and one descent of
        the ladder per keystroke, and the winning statement read again for more rows.
        """
        parts = [part for part in parts if not query.system or part[1] == query.system]
        if not parts:
            return []
        key = (query.text, query.system, query.kind, query.section, tuple((r.id, system) for r, system in parts))
        if self._last_rung is not None and self._last_rung[0] == key:
            _key, plan, rung, expression = self._last_rung
            return self._rung_hits(query, plan, parts, rung, expression, limit)
        plan = self.search_plan(query)
        for rung, expression in enumerate(self._text_expressions(plan, parts, query.section)):
            hits = self._rung_hits(query, plan, parts, rung, expression, limit)
            if hits:  # the first rung that matches anything gives the hits (filling from the next rungs changed
                self._last_rung = (key, plan, rung, expression)  # nothing on the judged queries, and cost 21 ms
                return hits  # for "injection 1 mg" on a million rows)
        return []

    def _rung_hits(
        self, query: Query, plan: SearchPlan, parts: ViewParts, rung: int, expression: str, limit: int
    ) -> list[StoredCode]:
        from ..search.ranking import rank_key
        from ..search.why import marked

        # Words of one or two letters (typing has just begun) are prefixes of thousands of words: ranking every
        # match by bm25 took most of a keystroke (23 ms for "in"), and says little about so short a prefix.
        # Their hits come in index order (each release's codes in file order), which stops at the limit.
        if not any(len(word) > 2 for word in plan.typed):
            rows = self._listed_text_rows(query, expression, parts, limit)
        else:
            rows = self._ranked_text_rows(query, expression, parts, max(limit, MIN_CANDIDATES))
            rows = sorted(rows, key=lambda row: rank_key(plan, row, rung))
        hits = []
        for row in rows[:limit]:
            hit = self._stored(row)
            hit.match, hit.plan = "text", plan
            hit.snippet = marked(hit.record.long_description or hit.record.short_description, plan)
            hit.indexed = (row["official"], row["lay"]) if "official" in row.keys() else None  # noqa: SIM118
            hits.append(hit)
        return hits

    def _text_expressions(self, plan: SearchPlan, parts: ViewParts, section: str | None) -> Iterator[str]:
        """The MATCH expressions to try in turn: every group; then every group the view holds; then all groups
        but one (for three or more); then any group. Codes holding more of the words come first, and a common
        word is ranked alone only when nothing better matches: ranking every match of any word of
        "injection 1 mg" took 210 ms on a million rows.

        A group the index holds nothing of (a typo nothing corrects) is left out from the start, and one the
        releases in view do not hold once every group has failed: with it, "every group" can only fail.
        """
        expressions = [e for e in (self._group_expression(group) for group in plan.groups) if e]
        if not expressions:
            return
        yield _all_of(expressions)
        if len(expressions) == 1:
            return
        in_view = [e for e in expressions if self._in_view(e, parts, section)]
        if len(in_view) < len(expressions):
            if not in_view:
                return
            yield _all_of(in_view)
        if MIN_GROUPS_FOR_ALL_BUT_ONE <= len(in_view) <= MAX_GROUPS_FOR_ALL_BUT_ONE:
            yield " OR ".join(f"({_all_of(in_view[:i] + in_view[i + 1 :])})" for i in range(len(in_view)))
        if len(in_view) > 1:
            yield " OR ".join(f"({e})" for e in in_view)

    def _group_expression(self, group: Group) -> str:
        """A group as FTS5 text: any of its alternatives, each every one of its terms; '' when none is held."""
        alternatives = []
        for alternative in group.alternatives:
            terms = []
            for position, term in enumerate(alternative.terms):
                prefix = alternative.prefix and position == len(alternative.terms) - 1
                written = self._term(term, prefix)
                if not written:
                    break
                terms.append(written)
            else:
                alternatives.append(terms[0] if len(terms) == 1 else "(" + " AND ".join(terms) + ")")
        unique = list(dict.fromkeys(alternatives))
        if not unique:
            return ""
        return unique[0] if len(unique) == 1 else "(" + " OR ".join(unique) + ")"

    def _term(self, term: str, prefix: bool) -> str:
        """A term as FTS5 text: quoted (user text can never inject FTS syntax); a prefix written out as the
        index's own words on a big index (see fts_vocabulary.py); '' when the index holds nothing of it."""
        if prefix and self._terms_current:
            expansion = self._search_lexicon().expanded(term)
            if expansion == []:
                return ""
            if expansion:
                quoted = [quoted_term(word) for word in expansion]
                return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"
        elif not prefix and not self._search_lexicon().holds(term):
            return ""
        return quoted_term(term) + ("*" if prefix else "")

    def _in_view(self, expression: str, parts: ViewParts, section: str | None) -> bool:
        """Whether any row of the releases in view matches (FTS5 stops at the first)."""
        ranges_sql, range_params = self._id_ranges_sql(parts, section)
        return bool(
            self.conn.execute(
                f"SELECT 1 FROM search_fts WHERE search_fts MATCH ? AND {ranges_sql} LIMIT 1",
                (expression, *range_params),
            ).fetchone()
        )

    def _listed_text_rows(self, query: Query, expression: str, parts: ViewParts, limit: int) -> list[sqlite3.Row]:
        """Matches in index order (each release's codes in file order), for words too short to rank: one
        statement, whose order FTS5 gives as it reads, so it stops at the limit. (Ordered by anything else,
        every match of "in" was joined and sorted first: 7 ms instead of 1.)"""
        ranges_sql, range_params = self._id_ranges_sql(parts, query.section)
        scope_sql, scope_params = scope_filter(query, parts, table="c")
        return self.conn.execute(
            f"SELECT c.release_id, {prefixed(SUMMARY_COLUMNS, 'c')}, c.id FROM search_fts "
            f"JOIN codes c ON c.id = search_fts.rowid WHERE search_fts MATCH ? AND {ranges_sql} AND {scope_sql} "
            "ORDER BY search_fts.rowid LIMIT ?",
            (expression, *range_params, *scope_params, limit),
        ).fetchall()

    def _ranked_text_rows(self, query: Query, expression: str, parts: ViewParts, limit: int) -> list[sqlite3.Row]:
        """The best matches by bm25 among the rows in view (FTS5 ranks within the row ids of the releases in
        view, narrowed to a section's codes under a section letter), with their indexed words for the
        re-ranking; the codes table is read for the best of them only.

        One statement ranks all the releases in view, because bm25 counts each word's rows in the whole
        index once per statement: "injection 1 mg" took 58 ms with one statement per release, 37 ms this way.
        """
        ranges_sql, range_params = self._id_ranges_sql(parts, query.section)
        scope_sql, scope_params = scope_filter(query, parts, table="c")
        if query.kind:
            return self._joined_text_rows(expression, ranges_sql, range_params, scope_sql, scope_params, limit)
        ranked = limit
        while True:
            best = self.conn.execute(
                f"SELECT rowid, {BM25}, official, lay FROM search_fts WHERE search_fts MATCH ? AND {ranges_sql} "
                "ORDER BY 2 LIMIT ?",
                (expression, *range_params, ranked),
            ).fetchall()
            indexed = {row[0]: row for row in best}
            rows = self.conn.execute(
                f"SELECT c.release_id, {prefixed(SUMMARY_COLUMNS, 'c')}, c.id, c.node_id FROM codes c "
                f"WHERE c.id IN ({', '.join('?' * len(indexed))}) AND {scope_sql}",
                (*indexed, *scope_params),
            ).fetchall()
            # A release may also hold rows of a code system another release gives the view (a fee schedule
            # lists CPT and Level II codes), and a scope word keeps some codes only: the filter may keep few
            # of the best matches, so rank more of the matches until enough are kept or there are no more.
            if len(rows) >= limit or len(best) < ranked or ranked >= MAX_RANKED:
                return [_with_index(row, indexed[row["id"]]) for row in rows]
            ranked *= 4

    def _joined_text_rows(
        self,
        expression: str,
        ranges_sql: str,
        range_params: tuple[int, ...],
        scope_sql: str,
        scope_params: tuple,
        limit: int,
    ) -> list[sqlite3.Row]:
        """Matches joined to their codes and filtered by the scope before bm25 ranks them: under `mod:`, which
        keeps a few of a release's rows, ranking first and filtering after ranked ever more rows (31 ms for
        "mod: left" on a million rows)."""
        rows = self.conn.execute(
            f"SELECT c.release_id, {prefixed(SUMMARY_COLUMNS, 'c')}, c.id, c.node_id, {BM25} AS score, "
            f"search_fts.official, search_fts.lay FROM search_fts JOIN codes c ON c.id = search_fts.rowid "
            f"WHERE search_fts MATCH ? AND {ranges_sql} AND {scope_sql} ORDER BY score LIMIT ?",
            (expression, *range_params, *scope_params, limit),
        ).fetchall()
        return [dict(zip(row.keys(), tuple(row), strict=True)) for row in rows]

    def _id_ranges_sql(self, parts: ViewParts, section: str | None = None) -> tuple[str, tuple[int, ...]]:
        """A condition on search_fts.rowid keeping the rows of the releases in view (and section), which FTS5
        applies while it reads the index: the span from the lowest to the highest id, then each range."""
        ranges = sorted({r for release, system in parts for r in self._id_range(release, system, section)})
        if not ranges:  # no part holds such a row (a fee schedule's CPT rows under "j:")
            return "0", ()
        span = ("search_fts.rowid BETWEEN ? AND ?", (min(r[0] for r in ranges), max(r[1] for r in ranges)))
        if len(ranges) == 1:
            return span
        each = " OR ".join("search_fts.rowid BETWEEN ? AND ?" for _ in ranges)
        return f"{span[0]} AND ({each})", (*span[1], *(bound for pair in ranges for bound in pair))

    def _id_range(self, release: Release, system: str, section: str | None = None) -> list[tuple[int, int]]:
        """The lowest and highest row id of a release's codes of one code system, or of those whose code
        starts with a section letter, for codes and for modifiers apart (a release lists its modifiers after
        its codes: "JW" would stretch the J codes' range over every code after them). A release is written in
        one go, and every CMS and AMA file lists its codes in order (CPT's digits before Level II's letters),
        so these are narrow ranges; were they not, a range would only be wider, never miss a code, as the
        view's filter still applies."""
        key = (release.id, system, section)
        if key not in self._id_ranges:
            where, params = "release_id = ? AND system = ?", (release.id, system)
            if section:
                where, params = f"{where} AND code >= ? AND code < ?", (*params, section, chr(ord(section) + 1))
            rows = self.conn.execute(f"SELECT min(id), max(id) FROM codes WHERE {where} GROUP BY kind", params)
            self._id_ranges[key] = [(row[0], row[1]) for row in rows if row[0] is not None]
        return self._id_ranges[key]


def _with_index(row: sqlite3.Row, indexed: tuple) -> dict[str, Any]:
    """A code row as a dict (read like an sqlite3.Row), with its bm25 score and index words."""
    ranked = dict(zip(row.keys(), tuple(row), strict=True))
    ranked["score"], ranked["official"], ranked["lay"] = indexed[1], indexed[2], indexed[3]
    return ranked


def _all_of(expressions: list[str]) -> str:
    return " AND ".join(expressions)


def matched(hit: StoredCode, kind: str, snippet: str | None = None) -> StoredCode:
    hit.match, hit.snippet = kind, snippet
    return hit
