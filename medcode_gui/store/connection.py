"""Opening a reference database: create it when missing, refuse foreign, newer or damaged files clearly."""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import DatabaseError
from .schema import APPLICATION_ID, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"

# Fills a freshly created database file (with the starter data) before it takes its final name.
Populate = Callable[[Path], None]


def connect(path: Path, populate: Populate | None = None) -> tuple[sqlite3.Connection, bool]:
    """Open (or create) the database at path; returns the connection and whether it is read-only."""
    if not path.exists():
        _create(path, populate)
    _check_header(path)
    read_only = _is_read_only(path)
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        _check_identity(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")  # the window reads while an import thread writes
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"{path} cannot be opened as a MedCode database ({error}).") from None
    return conn, read_only


def _is_read_only(path: Path) -> bool:
    """Not writable for us, or marked read-only by its owner (root passes access checks, but means it too)."""
    no_write_bits = not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    return no_write_bits or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def _create(path: Path, populate: Populate | None) -> None:
    """Build the schema in a temporary file beside path, then move it into place: never a half-made database."""
    import sqlite_utils  # only needed to create a database; keeps every other start 60 ms faster

    from .schema import create_schema

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".medcode-new-", suffix=".sqlite", dir=path.parent)
        os.close(handle)
    except OSError as error:
        raise DatabaseError(f"Cannot create the database at {path}: {error.strerror or error}.") from None
    try:
        conn = sqlite3.connect(temp_name, isolation_level=None)
        # No free pages are ever left in the file, so a rolled-back import leaves it byte-for-byte as it was
        # (SQLite does not journal pages that were already free when a transaction began).
        conn.execute("PRAGMA auto_vacuum = FULL")
        create_schema(sqlite_utils.Database(conn, execute_plugins=False))
        conn.close()
        if populate:
            populate(Path(temp_name))
        os.replace(temp_name, path)
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(f"{path} cannot be read: {error.strerror or error}.") from None
    if header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not a MedCode database: it is not an SQLite file, or it is damaged.")


def _check_identity(conn: sqlite3.Connection, path: Path) -> None:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if application_id != APPLICATION_ID:
        raise DatabaseError(f"{path} is an SQLite database of another application, not a MedCode database.")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path} was written by a newer MedCode (schema {version}; this version reads {SCHEMA_VERSION}); "
            "update MedCode to open it."
        )
    if version < SCHEMA_VERSION:
        raise DatabaseError(f"{path} uses an older schema ({version}) that this version cannot migrate.")
