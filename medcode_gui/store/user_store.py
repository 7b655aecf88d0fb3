"""The user's own data: stars, named code lists, notes and recents, in a file apart from the reference data.

The reference database is replaced and rebuilt by imports; this one is not. It lives beside it as
user.sqlite, has its own identity (application_id "MCUS"), and names codes by code string and kind only,
so importing, replacing or deleting reference releases never touches it. Every write is committed, and
synced to disk, before the method returns: what the app acknowledged survives a crash or a power cut.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from ..codes.errors import DatabaseError, MedcodeError
from ..paths import user_data_dir
from ..search.query import MAX_QUERY_CHARS, MAX_WORD_CHARS, MAX_WORDS, fts_expression
from .connection import _check_header, _is_read_only, new_database_file
from .schema import APPLICATION_ID
from .user_schema import USER_APPLICATION_ID, USER_SCHEMA_VERSION

T = TypeVar("T")
USER_DB_ENV = "MEDCODE_USER_DB"
USER_DB_FILE = "user.sqlite"
KINDS = ("code", "modifier")
MAX_CODE_CHARS = 16
MAX_NAME_CHARS = 100
MAX_NOTE_CHARS = 100_000
RECENTS_KEPT = 50
EXPORT_COLUMNS = ("position", "code", "kind", "system", "short_description", "release", "source_file")
# Given (code, kind), returns what the reference data says of it: any of EXPORT_COLUMNS' descriptive keys.
Describe = Callable[[str, str], dict[str, Any]]
_WORD = re.compile(r"\w+", re.UNICODE)


def user_database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--user-db wins, then MEDCODE_USER_DB, then user.sqlite in the user's data directory."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(USER_DB_ENV):
        return Path(os.environ[USER_DB_ENV]).expanduser()
    return user_data_dir() / USER_DB_FILE


@dataclass(frozen=True)
class Starred:
    code: str
    kind: str
    starred_at: str  # ISO timestamp, UTC


@dataclass(frozen=True)
class CodeList:
    name: str
    count: int
    created_at: str


@dataclass(frozen=True)
class ListEntry:
    position: int  # 1-based
    code: str
    kind: str
    added_at: str


@dataclass(frozen=True)
class Note:
    code: str
    kind: str
    text: str
    updated_at: str


@dataclass(frozen=True)
class NoteHit:
    code: str
    kind: str
    text: str
    snippet: str  # part of the note with the matched words marked [like this]
    updated_at: str


@dataclass(frozen=True)
class RecentCode:
    code: str
    kind: str
    used_at: str


def _translating_errors(method: Callable[..., T]) -> Callable[..., T]:
    """Turn SQLite's exceptions into one sentence naming the database (damaged, locked, full disk...)."""

    @wraps(method)
    def wrapper(self: UserStore, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as error:
            raise DatabaseError(f"The user database {self.path} cannot be used: {error}.") from None

    return wrapper


class UserStore:
    """Stars, code lists, notes and recents of one user database file."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        """Open the user database at path (see user_database_path); a missing one is created empty."""
        self.path = user_database_path(path)
        self.conn, self.read_only = _connect(self.path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> UserStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One transaction, committed (and synced) before the caller returns to the user."""
        if self.read_only:
            raise DatabaseError(f"{self.path} is read-only; your stars, lists and notes cannot be changed.")
        # IMMEDIATE takes the write lock at once: a second process (the CLI beside the GUI) waits its turn
        # (busy_timeout) instead of failing half-way through.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:  # SQLite rolls back by itself after some errors (a full disk)
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # Stars ----------------------------------------------------------------------------------------------

    @_translating_errors
    def star(self, code: str, kind: str = "code") -> None:
        """Star a code; starring a starred code keeps its first star time."""
        code, kind = _code_key(code, kind)
        with self._writing():
            self.conn.execute(
                "INSERT OR IGNORE INTO stars (code, kind, starred_at) VALUES (?, ?, ?)", (code, kind, _now())
            )

    @_translating_errors
    def unstar(self, code: str, kind: str = "code") -> None:
        code, kind = _code_key(code, kind)
        with self._writing():
            self.conn.execute("DELETE FROM stars WHERE code = ? AND kind = ?", (code, kind))

    @_translating_errors
    def is_starred(self, code: str, kind: str = "code") -> bool:
        code, kind = _code_key(code, kind)
        return self.conn.execute("SELECT 1 FROM stars WHERE code = ? AND kind = ?", (code, kind)).fetchone() is not None

    @_translating_errors
    def starred(self) -> list[Starred]:
        """Every starred code, newest first."""
        rows = self.conn.execute("SELECT code, kind, starred_at FROM stars ORDER BY id DESC").fetchall()
        return [Starred(**dict(row)) for row in rows]

    # Code lists -----------------------------------------------------------------------------------------

    @_translating_errors
    def create_list(self, name: str) -> CodeList:
        """A new, empty list; names are unique regardless of case."""
        with self._writing():
            return self._create_list(name)

    def _create_list(self, name: str) -> CodeList:
        name = _list_name(name)
        self._refuse_taken(name)
        created_at = _now()
        self.conn.execute(
            "INSERT INTO lists (name, name_key, created_at) VALUES (?, ?, ?)", (name, name.casefold(), created_at)
        )
        return CodeList(name, 0, created_at)

    def _refuse_taken(self, name: str, except_id: int | None = None) -> None:
        row = self.conn.execute("SELECT id, name FROM lists WHERE name_key = ?", (name.casefold(),)).fetchone()
        if row and row["id"] != except_id:
            raise MedcodeError(f"There is already a list named {row['name']!r}.")

    @_translating_errors
    def rename_list(self, old: str, new: str) -> None:
        with self._writing():
            list_id = self._list_id(old)
            new = _list_name(new)
            self._refuse_taken(new, except_id=list_id)
            self.conn.execute("UPDATE lists SET name = ?, name_key = ? WHERE id = ?", (new, new.casefold(), list_id))

    @_translating_errors
    def delete_list(self, name: str) -> None:
        with self._writing():
            list_id = self._list_id(name)
            self.conn.execute("DELETE FROM list_items WHERE list_id = ?", (list_id,))
            self.conn.execute("DELETE FROM lists WHERE id = ?", (list_id,))

    @_translating_errors
    def lists(self) -> list[CodeList]:
        """Every list with how many codes it holds, by name."""
        rows = self.conn.execute(
            "SELECT l.name, count(i.id) AS count, l.created_at FROM lists l "
            "LEFT JOIN list_items i ON i.list_id = l.id GROUP BY l.id ORDER BY l.name_key"
        ).fetchall()
        return [CodeList(**dict(row)) for row in rows]

    @_translating_errors
    def has_list(self, name: str) -> bool:
        return self._find_list(name) is not None

    @_translating_errors
    def list_codes(self, name: str) -> list[ListEntry]:
        """A list's codes in their order."""
        return self._entries(self._list_id(name))

    def _entries(self, list_id: int) -> list[ListEntry]:
        rows = self.conn.execute(
            "SELECT position, code, kind, added_at FROM list_items WHERE list_id = ? ORDER BY position",
            (list_id,),
        ).fetchall()
        return [ListEntry(**dict(row)) for row in rows]

    @_translating_errors
    def lists_containing(self, code: str, kind: str = "code") -> list[str]:
        """Names of the lists holding a code (for a code's detail view)."""
        code, kind = _code_key(code, kind)
        rows = self.conn.execute(
            "SELECT l.name FROM lists l JOIN list_items i ON i.list_id = l.id "
            "WHERE i.code = ? AND i.kind = ? ORDER BY l.name_key",
            (code, kind),
        ).fetchall()
        return [row["name"] for row in rows]

    @_translating_errors
    def add_to_list(self, name: str, code: str, kind: str = "code", position: int | None = None) -> ListEntry:
        """Add a code at position (1-based; default: the end); a code already in the list is refused."""
        code, kind = _code_key(code, kind)
        with self._writing():
            list_id = self._list_id(name)
            if self._item(list_id, code, kind):
                raise MedcodeError(f"{code} is already in the list {self._list_name(list_id)!r}.")
            return self._insert_item(list_id, code, kind, position)

    @_translating_errors
    def add_many_to_list(
        self, name: str, codes: Iterable[tuple[str, str]], create: bool = False
    ) -> list[tuple[str, str]]:
        """Append (code, kind) pairs in one transaction (all or none), creating the list first if create is
        set; returns the pairs skipped because the list already held them."""
        pairs = [_code_key(code, kind) for code, kind in codes]
        skipped = []
        with self._writing():
            if create and not self._find_list(name):
                self._create_list(name)
            list_id = self._list_id(name)
            for code, kind in pairs:
                if self._item(list_id, code, kind):
                    skipped.append((code, kind))
                else:
                    self._insert_item(list_id, code, kind, None)
        return skipped

    def _insert_item(self, list_id: int, code: str, kind: str, position: int | None) -> ListEntry:
        count = self.conn.execute("SELECT count(*) FROM list_items WHERE list_id = ?", (list_id,)).fetchone()[0]
        position = count + 1 if position is None else min(max(position, 1), count + 1)
        self.conn.execute(
            "UPDATE list_items SET position = position + 1 WHERE list_id = ? AND position >= ?", (list_id, position)
        )
        added_at = _now()
        self.conn.execute(
            "INSERT INTO list_items (list_id, code, kind, position, added_at) VALUES (?, ?, ?, ?, ?)",
            (list_id, code, kind, position, added_at),
        )
        return ListEntry(position, code, kind, added_at)

    @_translating_errors
    def remove_from_list(self, name: str, code: str, kind: str | None = None) -> None:
        """Remove a code (of any kind unless kind is given); the codes after it move up."""
        with self._writing():
            list_id = self._list_id(name)
            item = self._required_item(list_id, code, kind)
            self.conn.execute("DELETE FROM list_items WHERE id = ?", (item["id"],))
            self.conn.execute(
                "UPDATE list_items SET position = position - 1 WHERE list_id = ? AND position > ?",
                (list_id, item["position"]),
            )

    @_translating_errors
    def move_in_list(self, name: str, code: str, new_position: int, kind: str | None = None) -> None:
        """Move a code to new_position (1-based, clamped to the list), shifting the codes between."""
        with self._writing():
            list_id = self._list_id(name)
            item = self._required_item(list_id, code, kind)
            ids = [row["id"] for row in self.conn.execute(_ITEM_IDS_IN_ORDER, (list_id,))]
            ids.remove(item["id"])
            ids.insert(min(max(new_position, 1), len(ids) + 1) - 1, item["id"])
            self.conn.executemany(
                "UPDATE list_items SET position = ? WHERE id = ?", [(i, item_id) for i, item_id in enumerate(ids, 1)]
            )

    @_translating_errors
    def export_list_csv(self, name: str, describe: Describe | None = None) -> str:
        """The list as CSV (EXPORT_COLUMNS); describe(code, kind) fills the descriptive columns from the
        reference data, which this store never reads."""
        out = io.StringIO()
        writer = csv.DictWriter(out, EXPORT_COLUMNS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for entry in self.list_codes(name):
            described = describe(entry.code, entry.kind) if describe else {}
            writer.writerow({**described, "position": entry.position, "code": entry.code, "kind": entry.kind})
        return out.getvalue()

    def _find_list(self, name: str) -> sqlite3.Row | None:
        key = " ".join((name or "").split()).casefold()
        return self.conn.execute("SELECT id, name FROM lists WHERE name_key = ?", (key,)).fetchone()

    def _list_id(self, name: str) -> int:
        row = self._find_list(name)
        if row is None:
            raise MedcodeError(f"There is no list named {name!r}.")
        return int(row["id"])

    def _list_name(self, list_id: int) -> str:
        return self.conn.execute("SELECT name FROM lists WHERE id = ?", (list_id,)).fetchone()[0]

    def _item(self, list_id: int, code: str, kind: str | None) -> sqlite3.Row | None:
        kind_sql, kind_params = ("AND kind = ?", (kind,)) if kind else ("", ())
        return self.conn.execute(
            f"SELECT id, position FROM list_items WHERE list_id = ? AND code = ? {kind_sql} ORDER BY position",
            (list_id, code, *kind_params),
        ).fetchone()

    def _required_item(self, list_id: int, code: str, kind: str | None) -> sqlite3.Row:
        code, kind = _code_key(code, kind) if kind else (_code_key(code, "code")[0], None)
        item = self._item(list_id, code, kind)
        if item is None:
            raise MedcodeError(f"{code} is not in the list {self._list_name(list_id)!r}.")
        return item

    # Notes ----------------------------------------------------------------------------------------------

    @_translating_errors
    def set_note(self, code: str, kind: str, text: str) -> None:
        """Save the note of a code; empty (or blank) text deletes it."""
        code, kind = _code_key(code, kind)
        text = text or ""
        if len(text) > MAX_NOTE_CHARS:
            raise MedcodeError(f"A note holds at most {MAX_NOTE_CHARS:,} characters; this one has {len(text):,}.")
        with self._writing():
            if not text.strip():
                self.conn.execute("DELETE FROM notes WHERE code = ? AND kind = ?", (code, kind))
                return
            # an UPSERT fires the update trigger, which keeps the full-text index in step
            self.conn.execute(
                "INSERT INTO notes (code, kind, text, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (code, kind) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                (code, kind, text, _now()),
            )

    @_translating_errors
    def note(self, code: str, kind: str = "code") -> str | None:
        code, kind = _code_key(code, kind)
        row = self.conn.execute("SELECT text FROM notes WHERE code = ? AND kind = ?", (code, kind)).fetchone()
        return row["text"] if row else None

    @_translating_errors
    def notes(self) -> list[Note]:
        """Every note, most recently edited first."""
        rows = self.conn.execute(
            "SELECT code, kind, text, updated_at FROM notes ORDER BY updated_at DESC, id DESC"
        ).fetchall()
        return [Note(**dict(row)) for row in rows]

    @_translating_errors
    def search_notes(self, text: str, limit: int = 50) -> list[NoteHit]:
        """Codes whose note holds every word of text (as word prefixes, case and accents folded), best first."""
        words = [w.lower()[:MAX_WORD_CHARS] for w in _WORD.findall((text or "")[:MAX_QUERY_CHARS])][:MAX_WORDS]
        if not words:
            return []
        rows = self.conn.execute(
            "SELECT n.code, n.kind, n.text, n.updated_at, snippet(notes_fts, 0, '[', ']', '…', 16) AS snippet "
            "FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid WHERE notes_fts MATCH ? ORDER BY rank LIMIT ?",
            (fts_expression(words), limit),  # quoted prefix terms: typed text never reaches FTS syntax
        ).fetchall()
        return [NoteHit(**dict(row)) for row in rows]

    # Recents --------------------------------------------------------------------------------------------

    @_translating_errors
    def record_code(self, code: str, kind: str = "code") -> None:
        """Remember a code the user viewed: it moves to the top; only the last RECENTS_KEPT are kept."""
        code, kind = _code_key(code, kind)
        with self._writing():
            self.conn.execute("DELETE FROM recent_codes WHERE code = ? AND kind = ?", (code, kind))
            self.conn.execute("INSERT INTO recent_codes (code, kind, used_at) VALUES (?, ?, ?)", (code, kind, _now()))
            self._prune("recent_codes")

    @_translating_errors
    def record_search(self, text: str) -> None:
        """Remember a search (blank ones are not); the same search in other case moves to the top."""
        text = " ".join((text or "")[:MAX_QUERY_CHARS].split())
        if not text:
            return
        with self._writing():
            self.conn.execute("DELETE FROM recent_searches WHERE key = ?", (text.casefold(),))
            self.conn.execute(
                "INSERT INTO recent_searches (key, text, used_at) VALUES (?, ?, ?)", (text.casefold(), text, _now())
            )
            self._prune("recent_searches")

    def _prune(self, table: str) -> None:
        self.conn.execute(
            f"DELETE FROM {table} WHERE id NOT IN (SELECT id FROM {table} ORDER BY id DESC LIMIT ?)", (RECENTS_KEPT,)
        )

    @_translating_errors
    def recent_codes(self, n: int = 20) -> list[RecentCode]:
        """The codes viewed last, newest first."""
        rows = self.conn.execute("SELECT code, kind, used_at FROM recent_codes ORDER BY id DESC LIMIT ?", (n,))
        return [RecentCode(**dict(row)) for row in rows]

    @_translating_errors
    def recent_searches(self, n: int = 20) -> list[str]:
        """The searches run last, newest first."""
        rows = self.conn.execute("SELECT text FROM recent_searches ORDER BY id DESC LIMIT ?", (n,))
        return [row["text"] for row in rows]


_ITEM_IDS_IN_ORDER = "SELECT id FROM list_items WHERE list_id = ? ORDER BY position, id"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _code_key(code: str, kind: str) -> tuple[str, str]:
    """A code as stored: trimmed, upper case; kind "code" or "modifier". Shape checks are the callers'
    (explain.py): the store also keeps codes that no release, or no outline, knows yet."""
    value = (code or "").strip().upper() if isinstance(code, str) else ""
    if kind not in KINDS:
        raise MedcodeError(f"{kind!r} is not a kind of code; use one of {', '.join(KINDS)}.")
    if not value or len(value) > MAX_CODE_CHARS or not value.isprintable():
        raise MedcodeError(f"{code!r} is not a code or modifier.")
    return value, kind


def _list_name(name: str) -> str:
    """A list name with its whitespace tidied (line breaks and tabs become single spaces)."""
    value = " ".join((name or "").split())
    if not value:
        raise MedcodeError("A list needs a name.")
    if len(value) > MAX_NAME_CHARS or not value.isprintable():
        raise MedcodeError(f"A list name is at most {MAX_NAME_CHARS} printable characters.")
    return value


# Opening --------------------------------------------------------------------------------------------------


def _connect(path: Path) -> tuple[sqlite3.Connection, bool]:
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
