"""The reference database: ReferenceStore, the one object the rest of the app reads and writes releases and
codes through. Its work is done by collaborators, each in its own module: release_catalog.py (the releases
and the view), code_reader.py (lookups and every other read of codes), node_counts.py (codes per outline
node), release_writer.py (imports, deletes, upkeep at open), text_search.py (the full-text half of search);
the code-shaped half of search is here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..codes.records import (
    CodeRecord,
    ImportOutcome,
    ParsedRelease,
    ProgressCallback,
    Release,
    StoredCode,
    no_progress,
)
from ..paths import database_path
from ..search.query import Query, parse_query
from .code_reader import CodeReader
from .connection import connect
from .node_counts import counts_per_node
from .release_catalog import ReleaseCatalog
from .release_documents import ReleaseDocuments
from .release_writer import ReleaseWriter, outcomes
from .schedule_rows import ScheduleReader
from .sql_parts import SUMMARY_COLUMNS, ViewParts, scope_filter
from .sqlite_errors import translating_errors as _translating_errors
from .text_search import TextSearch, matched

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..codes.errors import DatabaseDamaged
    from .search_lexicon import StoreLexicon

class ReferenceStore(TextSearch):
    """Releases, codes and processing notes of one reference database file."""

    # Told of damage as a read meets it, before DatabaseDamaged is raised (sqlite_errors.translating_errors).
    on_damage: Callable[[DatabaseDamaged], None] | None = None

    def __init__(self, path: str | Path | None = None, seed: bool = True) -> None:
        """Open the database at path (see paths.database_path); a missing one is created, with the starter
        data unless seed is False."""
        self.path = database_path(path)
        self.conn, self.read_only = connect(self.path, _seed_starter if seed else None)
        self._catalog = ReleaseCatalog(self.conn, self.path, forgotten=self._forget_derived)
        self._codes = CodeReader(self.conn, self._catalog)
        self._writer = ReleaseWriter(self.conn, self.path, self.read_only, self._catalog)
        # Payment and rules files (codes/records.py SCHEDULE_SYSTEMS): store.schedules.row(...) and the rest.
        self.schedules = ScheduleReader(self.conn, self._catalog, self)
        self.documents = ReleaseDocuments(self.conn)  # NOC lists, corrections, notes files, by release label
        # TextSearch's row reader, bound once: a search reads each row with no call beyond the reader's own.
        self._stored = self._codes.stored
        # (release id, code system, section letter or None) -> the lowest and highest row id of those codes
        self._id_ranges: dict[tuple[int, str, str | None], list[tuple[int, int]]] = {}
        self._terms_current: bool | None = None  # whether fts_vocabulary describes the index (see fts_vocabulary.py)
        self._lexicon: StoreLexicon | None = None  # what the index holds, for the search plan
        self._temp_index = False  # a read-only database's search index, built in memory
        self._last_rung = None  # the last word search's plan and winning rung (text_search.py)
        try:
            self._bring_up_to_date()
        except BaseException:
            self.conn.close()  # else SQLite's -wal and -shm stay beside a file the caller may move aside
            raise
        self._data_version = self._read_data_version()  # what changed_elsewhere() compares with

    def close(self) -> None:
        self.conn.close()

    def reload(self) -> None:
        """Forget what was read about releases: another connection (an import thread) changed them."""
        self._catalog.forget()

    def _forget_derived(self) -> None:
        """What the store derived from the releases, stale with them (the catalog calls this when it forgets)."""
        self._terms_current = self._lexicon = self._last_rung = None
        self._id_ranges = {}

    @_translating_errors
    def changed_elsewhere(self) -> bool:
        """True, once, after another connection (another process, an import thread) committed a change; what was
        read of the releases is then forgotten. Cheap enough to ask every second (SQLite's data_version)."""
        version = self._read_data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        self.reload()
        return True

    def _read_data_version(self) -> int:
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def __enter__(self) -> ReferenceStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @_translating_errors
    def _bring_up_to_date(self) -> None:
        """Re-place the codes when the outline changed, migrate or re-index the search index, and index the
        vocabulary when it is missing (a database another version wrote)."""
        self._writer.place_with_current_outline()
        self._temp_index = self._writer.prepare_search_index()
        self._terms_current = self._temp_index or self._writer.index_terms_if_stale()

    # Releases -------------------------------------------------------------------------------------------

    @_translating_errors
    def releases(self) -> list[Release]:
        """Every release, oldest first (cached until the next import)."""
        return self._catalog.releases()

    @_translating_errors
    def release(self, label: str) -> Release:
        return self._catalog.release(label)

    @_translating_errors
    def default_releases(self) -> list[Release]:
        """The releases the default view shows codes from (see view_parts), official ones first."""
        return self._catalog.default_releases()

    @_translating_errors
    def view_parts(self, release_label: str | None = None) -> list[tuple[Release, str]]:
        """(release, code system) pairs whose rows make up a view.

        A chosen release shows all its rows. By default each kind (codes, modifiers) of each code system (CPT,
        HCPCS Level II) comes from one release: the newest primary release holding it (the AMA files for CPT,
        the CMS alpha-numeric file for Level II); failing that, the newest other official release holding it
        (a fee schedule, an Athena export, a CSV); failing that, the starter descriptions. Each part is a
        sql_parts.ViewPart, whose `kind` says when it is narrowed to one kind.
        """
        return self._catalog.view_parts(release_label)

    @_translating_errors
    def release_systems(self) -> dict[int, list[str]]:
        """The code systems (CPT, HCPCS) each release holds rows of, by release id."""
        return self._catalog.systems()

    # Importing ------------------------------------------------------------------------------------------

    @_translating_errors
    def import_release(
        self, parsed: ParsedRelease, replace: bool = False, progress: ProgressCallback = no_progress
    ) -> ImportOutcome:
        """Write a parsed release in one transaction: on any error or cancel the database is as it was."""
        return self.import_releases([parsed], replace, progress)[0]

    @_translating_errors
    def import_releases(
        self, releases: list[ParsedRelease], replace: bool = False, progress: ProgressCallback = no_progress
    ) -> list[ImportOutcome]:
        """Write several parsed releases in ONE transaction: all of them, or (on error or cancel) none."""
        written = self._writer.write_releases(releases, replace, progress)
        self.reload()
        return outcomes(written, self._catalog.by_id())

    @_translating_errors
    def delete_release(self, label: str) -> None:
        self._writer.delete_release(label)
        self.reload()

    # Reading --------------------------------------------------------------------------------------------

    @_translating_errors
    def lookup(self, code: str, release_label: str | None = None) -> StoredCode | None:
        """A code or modifier in the chosen release; by default the newest release that holds it (marked as
        outside the view when the view does not show it)."""
        return self._codes.lookup(code, release_label)

    @_translating_errors
    def node_counts(self, release_label: str | None = None) -> dict[str, int]:
        """Codes and modifiers per outline node (leaves and every ancestor) in the chosen view.

        Reads the per-leaf counts kept at import (a few hundred rows), never the codes themselves.
        """
        return counts_per_node(self.conn, *self._catalog.view_sql(release_label))

    @_translating_errors
    def codes_in_node(
        self, node_id: str, release_label: str | None = None, limit: int = 1000, offset: int = 0
    ) -> list[StoredCode]:
        """The codes on a node's leaves, in code order (a page at a time, for lazy trees and lists)."""
        return self._codes.codes_in_node(node_id, release_label, limit, offset)

    @_translating_errors
    def adjacent_code(self, code: str, kind: str, step: int, release_label: str | None = None) -> str | None:
        """The previous (step -1) or next (step 1) code on the same outline leaf, in code order."""
        return self._codes.adjacent_code(code, kind, step, release_label)

    @_translating_errors
    def referenced_by(self, code: str, release_label: str | None = None) -> list[str]:
        """Codes whose cross-reference fields point at this code, in the view (the reverse of XREF1-5)."""
        return self._codes.referenced_by(code, release_label)

    @_translating_errors
    def sources_of(self, code: str, kind: str = "code") -> list[StoredCode]:
        """The code as each kind of official source holds it (the newest release of each release system),
        the one the default view shows first: e.g. the CMS Level II record, then the fee schedule's."""
        return self._codes.sources_of(code, kind)

    @_translating_errors
    def cross_references(self, code: str) -> list[dict[str, Any]]:
        """Every CMS cross-reference (XREF1-5) from or to this code, in any release, newest release first."""
        return self._codes.cross_references(code)

    @_translating_errors
    def paired_codes(
        self, left: Release, right: Release | None, system: str, node_ids: list[str] | None = None
    ) -> list[tuple[str, StoredCode | None, StoredCode | None]]:
        """Every code of one system in either of two releases, side by side in code order (no source fields,
        apart from the status code a fee schedule gives, kept under its own name)."""
        return self._codes.paired_codes(left, right, system, node_ids)

    @_translating_errors
    def release_records(self, release: Release) -> dict[tuple[str, str], CodeRecord]:
        """Every code and modifier of a release, with all its fields, by (code, kind)."""
        return self._codes.release_records(release)

    @_translating_errors
    def history(self, code: str, kind: str | None = None) -> list[StoredCode]:
        """The code as every release holding it has it, oldest release first."""
        return self._codes.history(code, kind)

    @_translating_errors
    def processing_note(self, release: Release, number: str) -> str | None:
        return self._codes.processing_note(release, number)

    # Searching ------------------------------------------------------------------------------------------

    @_translating_errors
    def search(self, text: str, limit: int = 50, release_label: str | None = None) -> list[StoredCode]:
        """Hits for anything typed in the search box, best first; user text never reaches SQL unescaped.

        Hits are summaries: their records carry no source `fields` (lookup() gives every field), which keeps
        search within a frame's time.
        """
        query = parse_query(text)
        parts = self.view_parts(release_label)
        if query.is_empty or not parts or limit <= 0:
            return []
        hits: dict[tuple[str, str, int], StoredCode] = {}
        for kind, where, params, order in _code_conditions(query):
            for hit in self._select(where, params, parts, query, order, limit):
                hits.setdefault((hit.record.code, hit.record.kind, hit.release.id), matched(hit, kind))
        missing = query.exact and not release_label and not any(key[0] == query.exact for key in hits)
        # A code the view no longer holds (removed by the newest release) stays findable, marked.
        if missing and (dropped := self.lookup(query.exact)) is not None:
            hits = {(dropped.record.code, dropped.record.kind, dropped.release.id): matched(dropped, "exact")} | hits
        # A code typed alone is looked up by its code: its own word is in no descriptor worth listing after it
        # (a modifier-shaped word, "ab", is also the start of words).
        only_the_code = query.exact is not None and len(query.exact) == 5 and query.words == [query.exact.lower()]
        if query.words and len(hits) < limit and not only_the_code:
            for hit in self._text_hits(query, parts, limit):
                hits.setdefault((hit.record.code, hit.record.kind, hit.release.id), hit)
        return list(hits.values())[:limit]

    def _select(
        self, where: str, params: tuple[Any, ...], parts: ViewParts, query: Query, order: str, limit: int
    ) -> list[StoredCode]:
        scope_sql, scope_params = scope_filter(query, parts, by_code=True)
        rows = self.conn.execute(
            f"SELECT release_id, {SUMMARY_COLUMNS} FROM codes WHERE {where} AND {scope_sql} ORDER BY {order} LIMIT ?",
            (*params, *scope_params, limit),
        ).fetchall()
        return [self._stored(row) for row in rows]


def _seed_starter(path: Path) -> None:
    """Fill a new database with the embedded starter data (called on the new file before it is moved into place)."""
    from ..importers.starter import starter_release

    with ReferenceStore(path, seed=False) as store:
        store.import_release(starter_release())


def _code_conditions(query: Query) -> list[tuple[str, str, tuple[Any, ...], str]]:
    """(match kind, WHERE, parameters, ORDER BY) for the code-shaped parts of a query, best first."""
    conditions = []
    if query.exact:
        conditions.append(("exact", "code = ?", (query.exact,), "code"))
        if query.modifier:
            conditions.append(("exact", "code = ? AND kind = 'modifier'", (query.modifier,), "code"))
    if query.code_range:
        low, high = query.code_range
        conditions.append(("range", "code BETWEEN ? AND ? AND length(code) = ?", (low, high, len(low)), "code"))
    if query.glob:
        conditions.append(("wildcard", "code GLOB ?", (query.glob,), "code"))
    if query.prefix:
        conditions.append(("prefix", "code GLOB ?", (query.prefix + "*",), "code"))
    return conditions
