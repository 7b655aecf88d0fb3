"""Writing a reference database: importing, replacing and deleting releases, each call in one transaction (on
any error or a cancel raised from the progress callback the database is as it was), and bringing a database
written by another version up to date when it is opened."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..codes.errors import DatabaseDamaged, DatabaseError, MedcodeError
from ..codes.outline import outline
from ..codes.records import CodeRecord, ImportOutcome, ParsedRelease, ProgressCallback, Release
from . import fts_vocabulary, index_version, release_documents, schedule_rows
from .node_counts import count_nodes, leaf_id
from .release_catalog import ReleaseCatalog
from .schema import SCHEMA_VERSION, migrate_from_1, migrate_to_current
from .sql_parts import CODE_COLUMNS
from .sqlite_errors import quick_check

WRITE_BATCH = 1000
# A release written (or not) by write_releases: the parsed release, the stored one of the same system and
# label it met, its new id (None when the same file was stored already, or for a file of documents only),
# and what happened to each of its documents (release_documents.write_documents).
Written = tuple[ParsedRelease, Release | None, int | None, list[str]]


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class ReleaseWriter:
    """Every write of ReferenceStore (which forgets what it read of the releases after an import or a delete)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: bool, catalog: ReleaseCatalog) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self.catalog = catalog

    def write_releases(self, releases: list[ParsedRelease], replace: bool, progress: ProgressCallback) -> list[Written]:
        """Write several parsed releases in ONE transaction: all of them, or (on error or cancel) none."""
        if self.read_only:
            raise DatabaseError(f"{self.path} is read-only; importing is disabled.")
        self._refuse_damaged("imported")
        plans = [(parsed, None if parsed.documents_only else self._existing(parsed, replace)) for parsed in releases]
        with transaction(self.conn):
            written = [
                (
                    parsed,
                    existing,
                    None if parsed.documents_only else self._write_release(parsed, existing, progress),
                    release_documents.write_documents(self.conn, parsed.documents, replace) if parsed.documents else [],
                )
                for parsed, existing in plans
            ]
            # Fresh statistics let SQLite pick the code index over the release index; sampled, so a million
            # rows take a fraction of a second.
            self.conn.execute("PRAGMA analysis_limit = 1000")
            self.conn.execute("ANALYZE")
            if any(release_id for _, _, release_id, _ in written):
                fts_vocabulary.rebuild(self.conn)
        return written

    def delete_release(self, label: str) -> None:
        if self.read_only:
            raise DatabaseError(f"{self.path} is read-only; releases cannot be removed.")
        release = self.catalog.release(label)
        self._refuse_damaged("removed")
        with transaction(self.conn):
            self._delete_rows(release.id)
            fts_vocabulary.rebuild(self.conn)

    def _refuse_damaged(self, outcome: str) -> None:
        """Never write into a damaged file: SQLite writes around the damage and the file stays damaged. The
        check reads every page (HCPCS 2019: 10 ms, 110 ms from disk; a million rows: 0.7-1.5 s, 12 s from
        disk; docs/benchmarks.md), too slow for every open, bearable before an import."""
        if (complaint := quick_check(self.conn)) is not None:
            raise DatabaseDamaged(
                self.path,
                complaint,
                f"The database {self.path} is damaged ({complaint}), so nothing was {outcome}: rename or move it "
                "away and a fresh database is made there at the next start, or restore it from a backup.",
            )

    def _existing(self, parsed: ParsedRelease, replace: bool) -> Release | None:
        """The stored release of the same system and label; refused if it came from another file."""
        info = parsed.info
        existing = next((r for r in self.catalog.releases() if (r.system, r.label) == (info.system, info.label)), None)
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
            self._delete_rows(existing.id)
        release_id = self._insert_release(parsed)
        self._insert_codes(release_id, parsed.records, progress)
        if parsed.records:  # a payment or rules file has rows of its own, no descriptors to index
            progress("Indexing descriptors", 0, 1)
        from . import search_index  # the normalizer and stemmer load when a release is written

        search_index.index_release(self.conn, release_id, parsed.info.system)
        count_nodes(self.conn, release_id)
        self.conn.executemany(
            "INSERT INTO xrefs (release_id, code, system, target, position) VALUES (?, ?, ?, ?, ?)",
            [(release_id, *xref) for xref in _cross_references(parsed.records)],
        )
        self.conn.executemany(
            "INSERT INTO notes (release_id, number, text) VALUES (?, ?, ?)",
            [(release_id, number, text) for number, text in parsed.notes.items()],
        )
        schedule_rows.insert(self.conn, release_id, parsed.schedule_rows)
        return release_id

    def _delete_rows(self, release_id: int) -> None:
        from . import search_index

        search_index.delete_release(self.conn, release_id)
        schedule_rows.delete(self.conn, release_id)
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
            rows = [(release_id, leaf_id(tree, r.code, r.kind), *_record_values(r)) for r in batch]
            self.conn.executemany(sql, rows)
            progress("Writing codes", start + len(batch), len(records))

    # Opening a database another version wrote ------------------------------------------------------------

    def place_with_current_outline(self) -> None:
        """Re-place every code when the outline changed since the database was written (a new app version)."""
        tree = outline()
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'outline_version'").fetchone()
        if (row and row["value"] == tree.version) or self.read_only:
            return
        with transaction(self.conn):
            codes = self.conn.execute("SELECT id, code, kind FROM codes").fetchall()
            self.conn.executemany(
                "UPDATE codes SET node_id = ? WHERE id = ?",
                [(leaf_id(tree, c["code"], c["kind"]), c["id"]) for c in codes],
            )
            for release in self.catalog.releases():
                count_nodes(self.conn, release.id)
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('outline_version', ?)", (tree.version,))

    def prepare_search_index(self) -> bool:
        """Migrate a schema-1 database to the search index, or re-index one written by another normalizer;
        a read-only one gets its index in memory instead (the temp schema), and the file stays untouched.
        Whether the index is that in-memory one."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        index_current = version >= 2 and index_version.is_current(self.conn)
        if self.read_only:
            if not schedule_rows.has_table(self.conn):  # written before payment files: none to read
                schedule_rows.create_table(self.conn, "temp.")
            if index_current:
                return False
            from . import search_index  # only to re-index: the normalizer and stemmer load then

            search_index.rebuild(self.conn, "temp")
            fts_vocabulary.rebuild(self.conn, "temp")
            return True
        if version == SCHEMA_VERSION and index_current:
            return False
        from . import search_index

        with transaction(self.conn):
            if version < 2:
                migrate_from_1(self.conn)
            elif not index_current:
                search_index.reindex(self.conn)
            migrate_to_current(self.conn)
        return False

    def index_terms_if_stale(self) -> bool:
        """Rebuild the vocabulary of a database written without it (or by a version that did not keep it);
        whether fts_vocabulary now describes the index (not when the file is read-only)."""
        if fts_vocabulary.is_current(self.conn):
            return True
        if self.read_only:
            return False
        with transaction(self.conn):
            fts_vocabulary.rebuild(self.conn)
        return True


def outcomes(written: list[Written], by_id: dict[int, Release]) -> list[ImportOutcome]:
    """What write_releases did to each release, read back (by_id) after the commit."""
    found = []
    for parsed, existing, release_id, documents in written:
        if parsed.documents_only:
            status = "unchanged" if all(d.endswith(": unchanged") for d in documents) else "imported"
            found.append(ImportOutcome(None, status, tuple(parsed.warnings), parsed.naming_note, tuple(documents)))
            continue
        stored = by_id[release_id or existing.id]
        status = "unchanged" if release_id is None else "replaced" if existing else "imported"
        found.append(ImportOutcome(stored, status, tuple(parsed.warnings), parsed.naming_note, tuple(documents)))
    return found


def _cross_references(records: list[CodeRecord]) -> list[tuple[str, str, str, int]]:
    """(code, system, target, position) for every filled XREF1-5 field."""
    return [
        (r.code, r.system, r.fields[f"XREF{i}"], i) for r in records for i in range(1, 6) if r.fields.get(f"XREF{i}")
    ]


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
