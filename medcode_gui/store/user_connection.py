"""Opening the user database (create it when missing, refuse a reference database or a foreign, newer or
damaged file clearly) and writing to it: one transaction, committed and synced before the caller returns."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from ..codes.errors import DatabaseError
from .connection import _check_header, _is_read_only, new_database_file
from .schema import APPLICATION_ID
from .user_schema import USER_APPLICATION_ID, USER_SCHEMA_VERSION

# What the parts of UserStore call to write: `with writing(): ...` is one committed transaction.
Writing = Callable[[], AbstractContextManager[None]]


@contextmanager
def writing(conn: sqlite3.Connection, path: Path, read_only: bool) -> Iterator[None]:
    """One transaction, committed (and synced) before the caller returns to the user."""
    if read_only:
        raise DatabaseError(f"{path} is read-only; your stars, lists and notes cannot be changed.")
    # IMMEDIATE takes the write lock at once: a second process (the CLI beside the GUI) waits its turn
    # (busy_timeout) instead of failing half-way through.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # SQLite rolls back by itself after some errors (a full disk)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def connect(path: Path) -> tuple[sqlite3.Connection, bool]:
    """Open (or create) the user database at path; returns the connection and whether it is read-only."""
    if not path.exists():
        _create(path)
    _check_header(path)
    read_only = _is_read_only(path)
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    conn = None
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        _check_identity(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")  # the GUI and the CLI may write at the same moment
        # A rollback journal (no -wal/-shm files, so a read-only file or folder still opens) with EXTRA:
        # each COMMIT syncs the file and, after unlinking the journal, the folder, so a commit survives a
        # power cut and not just a crash of the app (FULL would leave the journal's unlink unsynced).
        conn.execute("PRAGMA synchronous = EXTRA")
    except (sqlite3.DatabaseError, DatabaseError) as error:
        if conn is not None:
            conn.close()
        if isinstance(error, DatabaseError):
            raise
        raise DatabaseError(f"{path} cannot be opened as a MedCode user database ({error}).") from None
    return conn, read_only


def _create(path: Path) -> None:
    """Build the schema in a temporary file beside path, then give it its name: never a half-made database."""
    import sqlite_utils  # only needed to create a database

    from .user_schema import create_user_schema

    with new_database_file(path, ".medcode-user-", "the user database") as temp:
        conn = sqlite3.connect(temp, isolation_level=None)
        create_user_schema(sqlite_utils.Database(conn, execute_plugins=False))
        conn.close()
        _publish(temp, path)


def _publish(temp: Path, path: Path) -> None:
    """Give the new file its name without ever replacing a user database that appeared meanwhile (the GUI
    and the CLI started at once): a hard link fails if the name exists, where a rename would overwrite."""
    try:
        os.link(temp, path)
    except FileExistsError:
        return  # the other process's database is the one both use
    except OSError:
        os.replace(temp, path)  # a file system without hard links
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the new name durable (POSIX; Windows cannot open a folder, and NTFS journals names itself)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _check_identity(conn: sqlite3.Connection, path: Path) -> None:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if application_id == APPLICATION_ID:
        raise DatabaseError(
            f"{path} is a MedCode reference database, not a user database; give another file for your "
            "stars, lists and notes."
        )
    if application_id != USER_APPLICATION_ID:
        raise DatabaseError(f"{path} is an SQLite database of another application, not a MedCode user database.")
    if version > USER_SCHEMA_VERSION:
        raise DatabaseError(
            f"{path} was written by a newer MedCode (user schema {version}; this version reads "
            f"{USER_SCHEMA_VERSION}); update MedCode to open it."
        )
    if version < USER_SCHEMA_VERSION:
        raise DatabaseError(f"{path} uses an older user schema ({version}) that this version cannot migrate.")
