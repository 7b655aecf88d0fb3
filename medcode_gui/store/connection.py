"""Opening a reference database: create it when missing, refuse foreign, newer or damaged files clearly."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..codes.errors import DatabaseDamaged, DatabaseError
from .schema import APPLICATION_ID, MIGRATABLE_VERSIONS, SCHEMA_VERSION
from .sqlite_errors import quick_check

SQLITE_HEADER = b"SQLite format 3\x00"

WAL_SIZE_LIMIT = 64 * 2**20  # bytes of -wal kept after a checkpoint
# Fills a freshly created database file (with the starter data) before it takes its final name.
Populate = Callable[[Path], None]


def connect(path: Path, populate: Populate | None = None) -> tuple[sqlite3.Connection, bool]:
    """Open (or create) the database at path; returns the connection and whether it is read-only."""
    if not path.exists():
        _create(path, populate)
    _check_header(path)
    read_only = _is_read_only(path)
    conn = None
    try:
        conn = _open_read_only(path) if read_only else _open(f"{path.resolve().as_uri()}?mode=rw")
        _check_identity(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        # Writers wait for each other (an import commits while another begins); readers never wait in WAL mode.
        conn.execute("PRAGMA busy_timeout = 5000")
        if not read_only:
            _use_wal(conn)
    except (sqlite3.DatabaseError, DatabaseError) as error:
        if conn is not None:
            conn.close()  # no -wal or -shm left beside a file that is not ours
        if isinstance(error, DatabaseError):
            raise
        raise DatabaseError(f"{path} cannot be opened as a MedCode database ({error}).") from None
    return conn, read_only


def _open(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection. A WAL database needs its -shm file, which SQLite cannot create in a folder we may
    not write (a read-only share): there the file is read as immutable (no locks, no WAL), which is what a
    read-only copy is; a writer elsewhere would go unnoticed, and nothing can write here."""
    uri = path.resolve().as_uri()
    conn = _open(f"{uri}?mode=ro")
    try:
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # the first read needs the -shm file
        return conn
    except sqlite3.OperationalError:  # "attempt to write a readonly database", "unable to open database file"
        conn.close()
    return _open(f"{uri}?mode=ro&immutable=1")


def _use_wal(conn: sqlite3.Connection) -> None:
    """WAL journal mode (kept in the file): readers go on reading the last commit while an import writes, and a
    rolled-back or killed import never touched the main file (its pages are only in the -wal, which SQLite
    ignores unless committed). A database another process is writing to stays as it is until the next open."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        with suppress(sqlite3.OperationalError):  # locked by a writer of an older version: next time
            conn.execute("PRAGMA journal_mode = WAL")
    # After a big import the -wal is cut back to this size at the next checkpoint instead of keeping its size.
    conn.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")


def _is_read_only(path: Path) -> bool:
    """Not writable for us, or marked read-only by its owner (root passes access checks, but means it too)."""
    no_write_bits = not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    return no_write_bits or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def _create(path: Path, populate: Populate | None) -> None:
    """Build the schema in a temporary file beside path, then move it into place: never a half-made database."""
    import sqlite_utils  # only needed to create a database; keeps every other start 60 ms faster

    from .schema import create_schema

    with new_database_file(path, ".medcode-new-", "the database") as temp:
        conn = sqlite3.connect(temp, isolation_level=None)
        # No free pages are ever left in the file, so a rolled-back import leaves it byte-for-byte as it was
        # (SQLite does not journal pages that were already free when a transaction began).
        conn.execute("PRAGMA auto_vacuum = FULL")
        create_schema(sqlite_utils.Database(conn, execute_plugins=False))
        conn.execute("PRAGMA journal_mode = WAL")  # see _use_wal; closing the last connection folds the -wal in
        conn.close()
        if populate:
            populate(temp)
        os.replace(temp, path)


@contextmanager
def new_database_file(path: Path, prefix: str, what: str) -> Iterator[Path]:
    """An empty temporary file beside path to build a new database in (so it can take path's name in one
    step); removed afterwards unless it was given that name. what names the database in the error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The pid in the name tells a later start whether its maker still runs (see remove_orphans).
        handle, temp_name = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}-", suffix=".sqlite", dir=path.parent)
        os.close(handle)
    except OSError as error:
        raise DatabaseError(f"Cannot create {what} at {path}: {error.strerror or error}.") from None
    try:
        yield Path(temp_name)
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)


# The temporary databases new_database_file makes, <prefix><pid>-<random>.sqlite (an older version's have no
# pid), and SQLite's side files beside them.
TEMP_DATABASE = re.compile(r"^\.medcode-(?:new|user)-(?:(\d+)-)?.*\.sqlite(?:-journal|-wal|-shm)?$")
ORPHAN_AGE_S = 600.0  # a first start makes its database in seconds: a younger file may still be in the making


def remove_orphans(folder: Path, min_age_s: float = ORPHAN_AGE_S) -> list[Path]:
    """Remove the temporary databases (and their side files) a killed start left in folder; returns them.

    Never one another process may still be making: younger than min_age_s, or (POSIX) named with the pid of
    a running process. On Windows, where a file another process holds open cannot be deleted, that failure
    (like any other) leaves the file for a later start.
    """
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        match = TEMP_DATABASE.match(name)
        if not match or (match[1] and _process_running(int(match[1]))):
            continue
        path = folder / name
        try:
            if now - path.stat().st_mtime < min_age_s:
                continue
            path.unlink()
        except OSError:  # gone already, held open (Windows), not ours to remove
            continue
        removed.append(path)
    return removed


def _process_running(pid: int) -> bool:
    """Whether a process with this pid runs; on Windows never asked (there os.kill would end it)."""
    if sys.platform == "win32":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as another user
        return True
    return True


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
    if version < SCHEMA_VERSION and version not in MIGRATABLE_VERSIONS:
        raise DatabaseError(f"{path} uses an older schema ({version}) that this version cannot migrate.")


SIDE_FILES = ("-journal", "-wal", "-shm")  # SQLite's files beside a database


def is_damaged_or_foreign(path: Path) -> bool:
    """A file that is no MedCode database (not SQLite, another application's) or a damaged one; False for a
    newer MedCode's database, a locked or unreadable file: moving those aside would not help."""
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return True
    except OSError:
        return False
    try:
        # Read-write when allowed (it only reads): closing it then removes the -wal and -shm a WAL file needs.
        mode = "ro" if _is_read_only(path) else "rw"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
    except sqlite3.Error:
        return False
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return True
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            return False
        too_old = version < SCHEMA_VERSION and version not in MIGRATABLE_VERSIONS
        return too_old or conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except sqlite3.OperationalError:  # locked, busy, cannot open: not the file's fault
        return False
    except sqlite3.DatabaseError:  # "file is not a database", "database disk image is malformed"
        return True
    finally:
        conn.close()


def damage_found(path: Path) -> DatabaseDamaged | None:
    """A full quick_check of the file (every page read: 10 ms to 12 s, see docs/benchmarks.md), for the smoke
    test; None when it is sound or cannot be checked (unreadable, locked: not damage)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        complaint = quick_check(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return DatabaseDamaged(path, complaint) if complaint else None


def move_aside(path: Path, now: dt.datetime | None = None) -> Path:
    """Rename the file (and SQLite's side files) to <name>.damaged-YYYYMMDD-HHMMSS beside it; never delete."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    count = 1
    while target.exists():
        count += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{count}")
    try:
        path.rename(target)
        for suffix in SIDE_FILES:
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
    except OSError as error:
        raise DatabaseError(f"{path} cannot be moved aside: {error.strerror or error}.") from None
    return target
