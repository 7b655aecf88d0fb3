"""The rows of payment and rules files (codes/records.py SCHEDULE_SYSTEMS): their table, written with their
release, and read when a code is shown. Kept apart from `codes`, so the tree and search never read them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from ..codes.records import Release, ScheduleRow
from .release_catalog import ReleaseCatalog
from .sqlite_errors import translating_errors

TABLE_SQL = """CREATE TABLE IF NOT EXISTS {schema}schedule_rows (
    id INTEGER PRIMARY KEY,
    release_id INTEGER NOT NULL REFERENCES releases(id),
    key TEXT NOT NULL,
    code TEXT,
    modifier TEXT NOT NULL DEFAULT '',
    paired_code TEXT,
    fields TEXT NOT NULL
)"""
INDEX_SQL = (
    "CREATE UNIQUE INDEX IF NOT EXISTS {schema}schedule_rows_key ON schedule_rows (release_id, key)",
    "CREATE INDEX IF NOT EXISTS {schema}schedule_rows_code ON schedule_rows (code)",
    "CREATE INDEX IF NOT EXISTS {schema}schedule_rows_pair ON schedule_rows (paired_code) "
    "WHERE paired_code IS NOT NULL",
)


def create_table(conn: sqlite3.Connection, schema: str = "") -> None:
    """The table and its indexes (schema "temp." for a read-only file written before the table existed)."""
    conn.execute(TABLE_SQL.format(schema=schema))
    for sql in INDEX_SQL:
        conn.execute(sql.format(schema=schema))


def has_table(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schedule_rows'").fetchone()
    return row is not None


def insert(conn: sqlite3.Connection, release_id: int, rows: Iterable[ScheduleRow]) -> None:
    """Inside the import's transaction."""
    conn.executemany(
        "INSERT INTO schedule_rows (release_id, key, code, modifier, paired_code, fields) VALUES (?, ?, ?, ?, ?, ?)",
        (
            (release_id, r.key, r.code, r.modifier, r.paired_code, json.dumps(r.fields, ensure_ascii=False))
            for r in rows
        ),
    )


def delete(conn: sqlite3.Connection, release_id: int) -> None:
    conn.execute("DELETE FROM schedule_rows WHERE release_id = ?", (release_id,))


COLUMNS = "key, code, modifier, paired_code, fields"


class ScheduleReader:
    """Reads schedule rows, each with the release it came from (its provenance): `ReferenceStore.schedules`.
    SQLite's errors become one sentence naming the database, and damage is told to the store's on_damage."""

    def __init__(self, conn: sqlite3.Connection, catalog: ReleaseCatalog, store: Any) -> None:
        self.conn = conn
        self.catalog = catalog
        self.store = store  # its path names the database in errors; its on_damage hears of damage

    @property
    def path(self) -> Any:
        return self.store.path

    @property
    def on_damage(self) -> Any:
        return self.store.on_damage

    @translating_errors
    def newest_release(self, system: str) -> Release | None:
        """The newest stored release of one schedule system (releases() is ordered oldest first)."""
        found = [r for r in self.catalog.releases() if r.system == system]
        return found[-1] if found else None

    @translating_errors
    def rows_for_code(
        self, code: str, systems: Iterable[str], paired: bool = False
    ) -> list[tuple[Release, ScheduleRow]]:
        """Every row about a code in the newest release of each system, in file order; paired: the rows whose
        paired_code is the code instead (the add-on rows naming it as their primary code)."""
        column = "paired_code" if paired else "code"
        sql = f"SELECT {COLUMNS} FROM schedule_rows WHERE {column} = ? AND release_id = ? ORDER BY id"
        found = []
        for system in systems:
            release = self.newest_release(system)
            if release is not None:
                found += [(release, _row(r)) for r in self.conn.execute(sql, (code, release.id))]
        return found

    @translating_errors
    def row(self, system: str, key: str, release: Release | None = None) -> tuple[Release, ScheduleRow] | None:
        """The row with a key in a release (the newest of its system by default)."""
        release = release or self.newest_release(system)
        if release is None:
            return None
        sql = f"SELECT {COLUMNS} FROM schedule_rows WHERE release_id = ? AND key = ?"
        found = self.conn.execute(sql, (release.id, key)).fetchone()
        return (release, _row(found)) if found else None

    @translating_errors
    def rows_of(self, release: Release) -> list[ScheduleRow]:
        """Every row of one release, in file order (localities for a picker, two releases for a diff)."""
        sql = f"SELECT {COLUMNS} FROM schedule_rows WHERE release_id = ? ORDER BY id"
        return [_row(r) for r in self.conn.execute(sql, (release.id,))]

    @translating_errors
    def count(self, release: Release) -> int:
        return self.conn.execute("SELECT count(*) FROM schedule_rows WHERE release_id = ?", (release.id,)).fetchone()[0]


def _row(row: sqlite3.Row) -> ScheduleRow:
    return ScheduleRow(row["key"], row["code"], row["modifier"], json.loads(row["fields"]), row["paired_code"])
