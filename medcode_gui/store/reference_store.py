"""The reference database: every SQL statement that reads or writes releases and codes lives here."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from ..codes.errors import DatabaseError, MedcodeError, ReleaseNotFound
from ..codes.outline import outline
from ..codes.records import (
    CPT,
    HCPCS,
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
from . import fts_vocabulary
from .connection import connect
from .schema import FTS_COLUMNS
from .sql_parts import CODE_COLUMNS, RELEASE_COLUMNS, SUMMARY_COLUMNS, ViewParts, scope_filter, scope_sql
from .text_search import TextSearch, matched

T = TypeVar("T")
WRITE_BATCH = 1000
UNPLACED = "unplaced"  # node_id of a code no outline leaf holds (none among the real files; see tests)
FTS_LIST = ", ".join(FTS_COLUMNS)


def _translating_errors(method: Callable[..., T]) -> Callable[..., T]:
    """Turn SQLite's exceptions into one sentence naming the database (damaged, locked, full disk...)."""

    @wraps(method)
    def wrapper(self: ReferenceStore, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as error:
            raise DatabaseError(f"The database {self.path} cannot be used: {error}.") from None

    return wrapper


class ReferenceStore(TextSearch):
    """Releases, codes and processing notes of one reference database file."""

    def __init__(self, path: str | Path | None = None, seed: bool = True) -> None:
        """Open the database at path (see paths.database_path); a missing one is created, with the starter
        data unless seed is False."""
        self.path = database_path(path)
        self.conn, self.read_only = connect(self.path, _seed_starter if seed else None)
        self._releases: list[Release] | None = None
        self._systems: dict[int, list[str]] | None = None
        # (release id, code system, section letter or None) -> the lowest and highest row id of those codes
        self._id_ranges: dict[tuple[int, str, str | None], tuple[int, int]] = {}
        self._terms_current: bool | None = None  # whether fts_vocabulary describes the index (see fts_vocabulary.py)
        self._by_id: dict[int, Release] = {}
        self._place_with_current_outline()
        self._index_terms_if_stale()

    def close(self) -> None:
        self.conn.close()

    def reload(self) -> None:
        """Forget what was read about releases: another connection (an import thread) changed them."""
        self._releases = self._systems = self._terms_current = None
        self._id_ranges = {}

    def __enter__(self) -> ReferenceStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Releases -------------------------------------------------------------------------------------------

    @_translating_errors
    def releases(self) -> list[Release]:
        """Every release, oldest first (cached until the next import)."""
        if self._releases is None:
            rows = self.conn.execute(f"SELECT {RELEASE_COLUMNS} FROM releases ORDER BY effective_date, id").fetchall()
            self._releases = [Release(**dict(row)) for row in rows]
            self._by_id = {r.id: r for r in self._releases}
        return self._releases

    def _releases_by_id(self) -> dict[int, Release]:
        self.releases()  # (re)reads both when an import made them stale
        return self._by_id

    def release(self, label: str) -> Release:
        for release in self.releases():
            if release.label.lower() == label.lower():
                return release
        known = ", ".join(r.label for r in self.releases()) or "none"
        raise ReleaseNotFound(f"There is no release {label!r} in {self.path} (releases: {known}).")

    def default_releases(self) -> list[Release]:
        """The releases the default view shows codes from (see view_parts), official ones first."""
        shown = dict.fromkeys(release for release, _ in self.view_parts())
        return sorted(shown, key=lambda release: not release.is_official)

    def view_parts(self, release_label: str | None = None) -> list[tuple[Release, str]]:
        """(release, code system) pairs whose rows make up a view.

        A chosen release shows all its rows. By default each code system (CPT, HCPCS Level II) comes from
        one release: its newest primary release (the AMA files for CPT, the CMS alpha-numeric file for
        Level II); failing that, the newest other official release holding codes of that system (a fee
        schedule, an Athena export, a CSV); failing that, the starter descriptions.
        """
        if release_label:
            release = self.release(release_label)
            return [(release, system) for system in self._systems_by_release().get(release.id, [])]
        parts = []
        for system in (CPT, HCPCS):
            holders = [r for r in self.releases() if system in self._systems_by_release().get(r.id, [])]
            official = [r for r in holders if r.is_official]
            primary = [r for r in official if r.system == system]
            chosen = (primary or official or holders)[-1:]  # releases() is ordered oldest first
            parts += [(release, system) for release in chosen]
        return parts

    def release_systems(self) -> dict[int, list[str]]:
        """The code systems (CPT, HCPCS) each release holds rows of, by release id."""
        return self._systems_by_release()

    def _systems_by_release(self) -> dict[int, list[str]]:
        if self._systems is None:
            rows = self.conn.execute("SELECT DISTINCT release_id, system FROM node_counts ORDER BY system").fetchall()
            self._systems = {}
            for row in rows:
                self._systems.setdefault(row["release_id"], []).append(row["system"])
        return self._systems

    def _view_sql(
        self, release_label: str | None, table: str = "", by_code: bool = False
    ) -> tuple[str, tuple[Any, ...]]:
        """The WHERE condition (and parameters) for the rows of the chosen view (see _scope_sql for by_code)."""
        return scope_sql(self.view_parts(release_label), table, by_code)

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
        if self.read_only:
            raise DatabaseError(f"{self.path} is read-only; importing is disabled.")
        plans = [(parsed, self._existing(parsed, replace)) for parsed in releases]
        with self._transaction():
            written = [
                (parsed, existing, self._write_release(parsed, existing, progress)) for parsed, existing in plans
            ]
            # Fresh statistics let SQLite pick the code index over the release index; sampled, so a million
            # rows take a fraction of a second.
            self.conn.execute("PRAGMA analysis_limit = 1000")
            self.conn.execute("ANALYZE")
            if any(release_id for _, _, release_id in written):
                fts_vocabulary.rebuild(self.conn)
        self.reload()
        outcomes = []
        for parsed, existing, release_id in written:
            stored = self._releases_by_id()[release_id or existing.id]
            status = "unchanged" if release_id is None else "replaced" if existing else "imported"
            outcomes.append(ImportOutcome(stored, status, tuple(parsed.warnings)))
        return outcomes

    def _existing(self, parsed: ParsedRelease, replace: bool) -> Release | None:
        """The stored release of the same system and label; refused if it came from another file."""
        info = parsed.info
        existing = next((r for r in self.releases() if (r.system, r.label) == (info.system, info.label)), None)
        if existing and existing.source_sha256 != info.source_sha256 and not replace:
            raise MedcodeError(
                f"Release {info.label} is already imported from {existing.source_name}; "
                "import with a different label, or replace it."
            )
        return existing

    def _write_release(self, parsed: ParsedRelease, existing: Release | None, progress: ProgressCallback) -> int | None:
        """Inside a transaction: the new release's id, or None when the same file is already stored."""
        if existing and existing.source_sha256 == parsed.info.source_sha256:
            return None
        if existing:
            self._delete_release(existing.id)
        release_id = self._insert_release(parsed)
        self._insert_codes(release_id, parsed.records, progress)
        self._count_nodes(release_id)
        self.conn.executemany(
            "INSERT INTO xrefs (release_id, code, system, target, position) VALUES (?, ?, ?, ?, ?)",
            [(release_id, *xref) for xref in _cross_references(parsed.records)],
        )
        self.conn.executemany(
            "INSERT INTO notes (release_id, number, text) VALUES (?, ?, ?)",
            [(release_id, number, text) for number, text in parsed.notes.items()],
        )
        return release_id

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _delete_release(self, release_id: int) -> None:
        self.conn.execute(
            f"INSERT INTO codes_fts (codes_fts, rowid, {FTS_LIST}) "
            f"SELECT 'delete', id, {FTS_LIST} FROM codes WHERE release_id = ?",
            (release_id,),
        )
        for table in ("notes", "node_counts", "xrefs", "codes"):
            self.conn.execute(f"DELETE FROM {table} WHERE release_id = ?", (release_id,))
        self.conn.execute("DELETE FROM releases WHERE id = ?", (release_id,))

    def _insert_release(self, parsed: ParsedRelease) -> int:
        info = parsed.info
        cursor = self.conn.execute(
            "INSERT INTO releases (system, label, effective_date, source_name, source_member, source_sha256, "
            "file_format, imported_at, codes, modifiers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                info.system,
                info.label,
                info.effective_date,
                info.source_name,
                info.source_member,
                info.source_sha256,
                info.file_format,
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                sum(r.kind == "code" for r in parsed.records),
                sum(r.kind == "modifier" for r in parsed.records),
            ),
        )
        return int(cursor.lastrowid)

    def _insert_codes(self, release_id: int, records: list[CodeRecord], progress: ProgressCallback) -> None:
        sql = f"INSERT INTO codes (release_id, node_id, {CODE_COLUMNS}) VALUES ({', '.join('?' * 12)})"
        tree = outline()
        for start in range(0, len(records), WRITE_BATCH):
            batch = records[start : start + WRITE_BATCH]
            rows = [(release_id, _leaf_id(tree, r.code, r.kind), *_record_values(r)) for r in batch]
            self.conn.executemany(sql, rows)
            progress("Writing codes", start + len(batch), len(records))
        progress("Indexing descriptors", 0, 1)
        self.conn.execute(
            f"INSERT INTO codes_fts (rowid, {FTS_LIST}) SELECT id, {FTS_LIST} FROM codes WHERE release_id = ?",
            (release_id,),
        )

    def _count_nodes(self, release_id: int) -> None:
        self.conn.execute("DELETE FROM node_counts WHERE release_id = ?", (release_id,))
        self.conn.execute(
            "INSERT INTO node_counts (release_id, node_id, system, kind, count) "
            "SELECT release_id, node_id, system, kind, count(*) FROM codes WHERE release_id = ? "
            "GROUP BY node_id, system, kind",
            (release_id,),
        )

    @_translating_errors
    def _index_terms_if_stale(self) -> None:
        """Rebuild the vocabulary of a database written without it (or by a version that did not keep it)."""
        self._terms_current = fts_vocabulary.is_current(self.conn)
        if self.read_only or self._terms_current:
            return
        with self._transaction():
            fts_vocabulary.rebuild(self.conn)
        self._terms_current = True

    @_translating_errors
    def _place_with_current_outline(self) -> None:
        """Re-place every code when the outline changed since the database was written (a new app version)."""
        tree = outline()
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'outline_version'").fetchone()
        if (row and row["value"] == tree.version) or self.read_only:
            return
        with self._transaction():
            codes = self.conn.execute("SELECT id, code, kind FROM codes").fetchall()
            self.conn.executemany(
                "UPDATE codes SET node_id = ? WHERE id = ?",
                [(_leaf_id(tree, c["code"], c["kind"]), c["id"]) for c in codes],
            )
            for release in self.releases():
                self._count_nodes(release.id)
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('outline_version', ?)", (tree.version,))

    @_translating_errors
    def delete_release(self, label: str) -> None:
        if self.read_only:
            raise DatabaseError(f"{self.path} is read-only; releases cannot be removed.")
        release = self.release(label)
        with self._transaction():
            self._delete_release(release.id)
            fts_vocabulary.rebuild(self.conn)
        self.reload()

    # Reading --------------------------------------------------------------------------------------------

    @_translating_errors
    def lookup(self, code: str, release_label: str | None = None) -> StoredCode | None:
        """A code or modifier in the chosen release; by default the newest release that holds it."""
        code = code.strip().upper()
        scope_sql, scope_params = self._view_sql(release_label, by_code=True)
        hit = self._first(f"code = ? AND {scope_sql}", (code, *scope_params))
        if hit or release_label:
            return hit
        newest_first = sorted(self.releases(), key=lambda r: (r.is_official, r.effective_date, r.id), reverse=True)
        order = " ".join(f"WHEN {r.id} THEN {i}" for i, r in enumerate(newest_first))
        found = self._first(f"code = ? ORDER BY CASE release_id {order} END", (code,)) if order else None
        return self._marked_outside_view(found) if found else None

    def _marked_outside_view(self, hit: StoredCode) -> StoredCode:
        """A hit from a release the view does not show: say so, and name the newer release of the same
        source (in view) that dropped it, if there is one."""
        hit.outside_view = True
        newer = [
            release
            for release, _ in self.view_parts()
            if release.system == hit.release.system and release.effective_date > hit.release.effective_date
        ]
        hit.superseded_by = newer[0].label if newer else None
        return hit

    @_translating_errors
    def node_counts(self, release_label: str | None = None) -> dict[str, int]:
        """Codes and modifiers per outline node (leaves and every ancestor) in the chosen view.

        Reads the per-leaf counts kept at import (a few hundred rows), never the codes themselves.
        """
        scope_sql, scope_params = self._view_sql(release_label)
        rows = self.conn.execute(
            f"SELECT node_id, sum(count) AS n FROM node_counts WHERE {scope_sql} GROUP BY node_id", scope_params
        ).fetchall()
        tree = outline()
        counts: dict[str, int] = {}
        for row in rows:
            counts[row["node_id"]] = counts.get(row["node_id"], 0) + row["n"]
            node = tree.by_id.get(row["node_id"])
            for ancestor in node.path()[:-1] if node else []:
                counts[ancestor.id] = counts.get(ancestor.id, 0) + row["n"]
        for node in tree.by_id.values():
            if node.link:  # HCPCS Level I shows the CPT codes, and counts them within HCPCS too
                for counted in node.path():
                    counts[counted.id] = counts.get(counted.id, 0) + counts.get(node.link, 0)
        return {node_id: n for node_id, n in counts.items() if n}

    @_translating_errors
    def codes_in_node(
        self, node_id: str, release_label: str | None = None, limit: int = 1000, offset: int = 0
    ) -> list[StoredCode]:
        """The codes on a node's leaves, in code order (a page at a time, for lazy trees and lists)."""
        tree = outline()
        node = tree.node(tree.node(node_id).link or node_id) if node_id in tree.by_id else None
        leaf_ids = [leaf.id for leaf in node.leaves()] if node else [node_id]
        scope_sql, scope_params = self._view_sql(release_label)
        rows = self.conn.execute(
            f"SELECT release_id, {SUMMARY_COLUMNS} FROM codes WHERE node_id IN ({', '.join('?' * len(leaf_ids))}) "
            f"AND {scope_sql} ORDER BY code LIMIT ? OFFSET ?",
            (*leaf_ids, *scope_params, limit, offset),
        ).fetchall()
        return [self._stored(row) for row in rows]

    @_translating_errors
    def adjacent_code(self, code: str, kind: str, step: int, release_label: str | None = None) -> str | None:
        """The previous (step -1) or next (step 1) code on the same outline leaf, in code order."""
        leaf = outline().place(code, kind)
        if leaf is None:
            return None
        scope_sql, scope_params = self._view_sql(release_label)
        comparison, order = (">", "ASC") if step > 0 else ("<", "DESC")
        row = self.conn.execute(
            f"SELECT code FROM codes WHERE node_id = ? AND kind = ? AND code {comparison} ? AND {scope_sql} "
            f"ORDER BY code {order} LIMIT 1",
            (leaf.id, kind, code.strip().upper(), *scope_params),
        ).fetchone()
        return row["code"] if row else None

    @_translating_errors
    def referenced_by(self, code: str, release_label: str | None = None) -> list[str]:
        """Codes whose cross-reference fields point at this code, in the view (the reverse of XREF1-5)."""
        scope_sql, scope_params = self._view_sql(release_label, by_code=True)
        rows = self.conn.execute(
            f"SELECT DISTINCT code FROM xrefs WHERE target = ? AND {scope_sql} ORDER BY code",
            (code.strip().upper(), *scope_params),
        ).fetchall()
        return [row["code"] for row in rows]

    @_translating_errors
    def sources_of(self, code: str, kind: str = "code") -> list[StoredCode]:
        """The code as each kind of official source holds it (the newest release of each release system),
        the one the default view shows first: e.g. the CMS Level II record, then the fee schedule's."""
        rows = self.conn.execute(
            f"SELECT release_id, {CODE_COLUMNS} FROM codes WHERE code = ? AND kind = ?", (code.strip().upper(), kind)
        ).fetchall()
        newest: dict[str, StoredCode] = {}
        for hit in sorted((self._stored(row) for row in rows), key=lambda h: (h.release.effective_date, h.release.id)):
            if hit.release.is_official:
                newest[hit.release.system] = hit
        shown = {release.id for release, _ in self.view_parts()}
        return sorted(newest.values(), key=lambda hit: hit.release.id not in shown)

    @_translating_errors
    def cross_references(self, code: str) -> list[dict[str, Any]]:
        """Every CMS cross-reference (XREF1-5) from or to this code, in any release, newest release first."""
        rows = self.conn.execute(
            "SELECT release_id, code, target, position FROM xrefs WHERE code = ? OR target = ? ORDER BY position",
            (code.strip().upper(), code.strip().upper()),
        ).fetchall()
        by_id = self._releases_by_id()
        found = [{**dict(row), "release": by_id[row["release_id"]]} for row in rows]
        return sorted(found, key=lambda x: (x["release"].effective_date, x["release"].id), reverse=True)

    @_translating_errors
    def paired_codes(
        self, left: Release, right: Release | None, system: str, node_ids: list[str] | None = None
    ) -> list[tuple[str, StoredCode | None, StoredCode | None]]:
        """Every code of one system in either of two releases, side by side in code order (no source fields,
        apart from the status code a fee schedule gives, kept under its own name)."""
        releases = [left] + ([right] if right else [])
        where = f"release_id IN ({', '.join('?' * len(releases))}) AND system = ? AND kind = 'code'"
        params: list[Any] = [r.id for r in releases] + [system]
        if node_ids is not None:
            where += f" AND node_id IN ({', '.join('?' * len(node_ids))})"
            params += node_ids
        rows = self.conn.execute(
            f"SELECT release_id, {SUMMARY_COLUMNS}, "
            "json_object('STATUS CODE', json_extract(fields, '$.\"STATUS CODE\"')) AS fields "
            f"FROM codes WHERE {where} ORDER BY code",
            params,
        ).fetchall()
        pairs: dict[str, list[StoredCode | None]] = {}
        for row in rows:
            hit = self._stored(row)
            pairs.setdefault(row["code"], [None, None])[0 if row["release_id"] == left.id else 1] = hit
        return [(code, sides[0], sides[1]) for code, sides in pairs.items()]

    @_translating_errors
    def release_records(self, release: Release) -> dict[tuple[str, str], CodeRecord]:
        """Every code and modifier of a release, with all its fields, by (code, kind)."""
        rows = self.conn.execute(f"SELECT release_id, {CODE_COLUMNS} FROM codes WHERE release_id = ?", (release.id,))
        return {(row["code"], row["kind"]): self._stored(row).record for row in rows}

    @_translating_errors
    def history(self, code: str, kind: str | None = None) -> list[StoredCode]:
        """The code as every release holding it has it, oldest release first."""
        where, params = "code = ?", [code.strip().upper()]
        if kind:
            where, params = where + " AND kind = ?", [*params, kind]
        rows = self.conn.execute(f"SELECT release_id, {CODE_COLUMNS} FROM codes WHERE {where}", params).fetchall()
        hits = [self._stored(row) for row in rows]
        return sorted(hits, key=lambda hit: (hit.release.is_official, hit.release.effective_date, hit.release.id))

    @_translating_errors
    def processing_note(self, release: Release, number: str) -> str | None:
        row = self.conn.execute(
            "SELECT text FROM notes WHERE release_id = ? AND number = ?", (release.id, number)
        ).fetchone()
        return row["text"] if row else None

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
        if query.words and len(hits) < limit:
            for hit in self._text_hits(query, parts, limit):
                hits.setdefault((hit.record.code, hit.record.kind, hit.release.id), hit)
        return list(hits.values())[:limit]

    def _first(self, where: str, params: tuple[Any, ...]) -> StoredCode | None:
        row = self.conn.execute(
            f"SELECT release_id, {CODE_COLUMNS} FROM codes WHERE {where} LIMIT 1", params
        ).fetchone()
        return self._stored(row) if row else None

    def _select(
        self, where: str, params: tuple[Any, ...], parts: ViewParts, query: Query, order: str, limit: int
    ) -> list[StoredCode]:
        scope_sql, scope_params = scope_filter(query, parts, by_code=True)
        rows = self.conn.execute(
            f"SELECT release_id, {SUMMARY_COLUMNS} FROM codes WHERE {where} AND {scope_sql} ORDER BY {order} LIMIT ?",
            (*params, *scope_params, limit),
        ).fetchall()
        return [self._stored(row) for row in rows]

    def _stored(self, row: sqlite3.Row) -> StoredCode:
        release = self._releases_by_id()[row["release_id"]]
        record = CodeRecord(
            code=row["code"],
            kind=row["kind"],
            system=row["system"],
            short_description=row["short_description"] or "",
            long_description=row["long_description"] or "",
            added_date=row["added_date"],
            action_effective_date=row["action_effective_date"],
            termination_date=row["termination_date"],
            action_code=row["action_code"],
            fields=json.loads(row["fields"] or "{}") if "fields" in row.keys() else {},  # noqa: SIM118 - sqlite3.Row
        )
        return StoredCode(record, release)


def _cross_references(records: list[CodeRecord]) -> list[tuple[str, str, str, int]]:
    """(code, system, target, position) for every filled XREF1-5 field."""
    return [
        (r.code, r.system, r.fields[f"XREF{i}"], i) for r in records for i in range(1, 6) if r.fields.get(f"XREF{i}")
    ]


def _leaf_id(tree: Any, code: str, kind: str) -> str:
    leaf = tree.place(code, kind)
    return leaf.id if leaf else UNPLACED


def _seed_starter(path: Path) -> None:
    """Fill a new database with the embedded starter data (called on the new file before it is moved into place)."""
    from ..importers.starter import starter_release

    with ReferenceStore(path, seed=False) as store:
        store.import_release(starter_release())


def _record_values(record: CodeRecord) -> tuple[Any, ...]:
    return (
        record.code,
        record.kind,
        record.system,
        record.short_description,
        record.long_description,
        record.added_date,
        record.action_effective_date,
        record.termination_date,
        record.action_code,
        json.dumps(record.fields, ensure_ascii=False),
    )


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
