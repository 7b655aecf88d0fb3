"""The documents CMS publishes beside a release (processing notes, NOC lists, corrections), each with its file
and checksum, attached to its release by label: a document imported before its release is kept, and belongs
to it as soon as a release of that label is imported (nothing is copied; the label joins them).

Tables: `release_documents` (one row per document file), and the rows of each kind in their own table:
`document_notes`, `noc_codes`, `document_corrections`. Created by create_schema and, for a database made
before them, by the schema migration and by the first import of a document (CREATE TABLE IF NOT EXISTS);
every read answers "none" when the tables are missing (a read-only database made before them).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from ..codes.errors import MedcodeError
from ..codes.records import ReleaseDocument

TABLES = """
CREATE TABLE IF NOT EXISTS release_documents (
    id INTEGER PRIMARY KEY,
    system TEXT NOT NULL,
    release_label TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_member TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file_format TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    rows INTEGER NOT NULL,
    UNIQUE (system, release_label, kind, source_member)
);
CREATE TABLE IF NOT EXISTS document_notes (
    document_id INTEGER NOT NULL REFERENCES release_documents(id),
    number TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document_id, number)
);
CREATE TABLE IF NOT EXISTS noc_codes (
    document_id INTEGER NOT NULL REFERENCES release_documents(id),
    code TEXT NOT NULL,
    description TEXT NOT NULL,
    added_date TEXT NOT NULL,
    termination_date TEXT NOT NULL,
    PRIMARY KEY (document_id, code)
);
CREATE INDEX IF NOT EXISTS noc_codes_code ON noc_codes (code);
CREATE TABLE IF NOT EXISTS document_corrections (
    document_id INTEGER NOT NULL REFERENCES release_documents(id),
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    action TEXT NOT NULL,
    effective TEXT NOT NULL,
    fields TEXT NOT NULL,
    PRIMARY KEY (document_id, position)
);
CREATE INDEX IF NOT EXISTS document_corrections_code ON document_corrections (code);
"""
ROW_TABLES = ("document_notes", "noc_codes", "document_corrections")


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the documents' tables where missing (a fresh database, a migration, the first document import)."""
    for statement in TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)


def has_tables(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'release_documents'").fetchone()
    return row is not None


def write_documents(conn: sqlite3.Connection, documents: list[ReleaseDocument], replace: bool) -> list[str]:
    """Inside the caller's transaction: write each document; what happened to each, in words.

    The same file again is "unchanged"; another file of the same release, kind and name is refused unless
    replace (like a release).
    """
    create_tables(conn)
    return [_write(conn, document, replace) for document in documents]


def _write(conn: sqlite3.Connection, document: ReleaseDocument, replace: bool) -> str:
    key = (document.system, document.release_label, document.kind, document.source_member)
    existing = conn.execute(
        "SELECT id, sha256, source_name FROM release_documents "
        "WHERE system = ? AND release_label = ? AND kind = ? AND source_member = ?",
        key,
    ).fetchone()
    if existing and existing[1] == document.sha256:
        return f"{document.title}: unchanged"
    if existing and not replace:
        raise MedcodeError(
            f"The {document.title} ({document.source_member}) is already imported from {existing[2]}; "
            "replace it to import this file."
        )
    if existing:
        _delete(conn, existing[0])
    document_id = _insert(conn, document)
    _insert_rows(conn, document_id, document)
    return f"{document.title}: {'replaced' if existing else 'imported'} ({document.rows:,} rows)"


def _delete(conn: sqlite3.Connection, document_id: int) -> None:
    for table in ROW_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))
    conn.execute("DELETE FROM release_documents WHERE id = ?", (document_id,))


def _insert(conn: sqlite3.Connection, document: ReleaseDocument) -> int:
    cursor = conn.execute(
        "INSERT INTO release_documents (system, release_label, kind, title, source_name, source_member, sha256, "
        "file_format, imported_at, rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            document.system,
            document.release_label,
            document.kind,
            document.title,
            document.source_name,
            document.source_member,
            document.sha256,
            document.file_format,
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            document.rows,
        ),
    )
    return int(cursor.lastrowid)


def _insert_rows(conn: sqlite3.Connection, document_id: int, document: ReleaseDocument) -> None:
    conn.executemany(
        "INSERT INTO document_notes (document_id, number, text) VALUES (?, ?, ?)",
        [(document_id, number, text) for number, text in document.notes.items()],
    )
    conn.executemany(
        "INSERT OR REPLACE INTO noc_codes (document_id, code, description, added_date, termination_date) "
        "VALUES (?, ?, ?, ?, ?)",
        [(document_id, e.code, e.description, e.added, e.terminated) for e in document.noc],
    )
    conn.executemany(
        "INSERT INTO document_corrections (document_id, position, code, action, effective, fields) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (document_id, position, c.code, c.action, c.effective, json.dumps(c.fields, ensure_ascii=False))
            for position, c in enumerate(document.corrections, start=1)
        ],
    )


class ReleaseDocuments:
    """What the store reads of the documents (ReferenceStore.documents)."""

    _SOURCE = "d.title, d.release_label, d.source_name, d.source_member, d.sha256"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def all(self) -> list[dict[str, Any]]:
        """Every document, by release label then title; `attached` says whether its release is stored."""
        if not has_tables(self.conn):
            return []
        rows = self.conn.execute(
            "SELECT d.*, EXISTS (SELECT 1 FROM releases r WHERE r.system = d.system AND r.label = d.release_label) "
            "AS attached FROM release_documents d ORDER BY d.release_label, d.title, d.source_member"
        ).fetchall()
        return [{**dict(row), "attached": bool(row["attached"])} for row in rows]

    def noc_lists(self, code: str, release_label: str | None = None) -> list[dict[str, Any]]:
        """The NOC lists naming the code (one row per document), those of release_label only if given."""
        return self._rows(
            f"SELECT {self._SOURCE}, n.description, n.added_date, n.termination_date FROM noc_codes n "
            "JOIN release_documents d ON d.id = n.document_id WHERE n.code = ?",
            code,
            release_label,
        )

    def corrections(self, code: str, release_label: str | None = None) -> list[dict[str, Any]]:
        """Every correction CMS published for the code, with the file that says it."""
        found = self._rows(
            f"SELECT {self._SOURCE}, c.position, c.action, c.effective, c.fields FROM document_corrections c "
            "JOIN release_documents d ON d.id = c.document_id WHERE c.code = ?",
            code,
            release_label,
        )
        return [{**row, "fields": json.loads(row["fields"])} for row in found]

    def processing_note(self, release_label: str, number: str) -> dict[str, Any] | None:
        """A note's text from a processing-notes file attached to the release (imported on its own)."""
        if not has_tables(self.conn):
            return None
        row = self.conn.execute(
            f"SELECT {self._SOURCE}, n.text FROM document_notes n JOIN release_documents d ON d.id = n.document_id "
            "WHERE d.release_label = ? AND n.number = ? ORDER BY d.imported_at DESC LIMIT 1",
            (release_label, number),
        ).fetchone()
        return dict(row) if row else None

    def _rows(self, sql: str, code: str, release_label: str | None) -> list[dict[str, Any]]:
        if not has_tables(self.conn):
            return []
        params: tuple[str, ...] = (code.upper(),)
        if release_label is not None:
            sql += " AND d.release_label = ?"
            params += (release_label,)
        return [dict(row) for row in self.conn.execute(sql + " ORDER BY d.release_label, d.title", params)]
