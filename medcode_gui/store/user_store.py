"""The user's own data: stars, named code lists, notes and recents, in a file apart from the reference data.

The reference database is replaced and rebuilt by imports; this one is not. It lives beside it as
user.sqlite, has its own identity (application_id "MCUS"), and names codes by code string and kind only,
so importing, replacing or deleting reference releases never touches it. Every write is committed, and
synced to disk, before the method returns: what the app acknowledged survives a crash or a power cut.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from ..codes.errors import DatabaseError
from ..paths import user_data_dir
from .code_lists import MAX_NAME_CHARS, CodeList, CodeLists, ListEntry
from .list_csv import EXPORT_COLUMNS, Describe, list_csv
from .recents import RECENTS_KEPT, RecentCode, Recents
from .stars import Starred, Stars
from .user_connection import connect, writing
from .user_keys import KINDS, MAX_CODE_CHARS
from .user_notes import MAX_NOTE_CHARS, Note, NoteHit, Notes

# The parts' records and limits, importable from here as before the parts had modules of their own.
__all__ = [
    "EXPORT_COLUMNS",
    "KINDS",
    "MAX_CODE_CHARS",
    "MAX_NAME_CHARS",
    "MAX_NOTE_CHARS",
    "RECENTS_KEPT",
    "USER_DB_ENV",
    "USER_DB_FILE",
    "CodeList",
    "Describe",
    "ListEntry",
    "Note",
    "NoteHit",
    "RecentCode",
    "Starred",
    "UserStore",
    "user_database_path",
]

T = TypeVar("T")
USER_DB_ENV = "MEDCODE_USER_DB"
USER_DB_FILE = "user.sqlite"


def user_database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--user-db wins, then MEDCODE_USER_DB, then user.sqlite in the user's data directory."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(USER_DB_ENV):
        return Path(os.environ[USER_DB_ENV]).expanduser()
    return user_data_dir() / USER_DB_FILE


def _translating_errors(method: Callable[..., T]) -> Callable[..., T]:
    """Turn SQLite's exceptions into one sentence naming the database (damaged, locked, full disk...)."""

    @functools.wraps(method)
    def wrapper(self: UserStore, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as error:
            raise DatabaseError(f"The user database {self.path} cannot be used: {error}.") from None

    return wrapper


class UserStore:
    """Stars, code lists, notes and recents of one user database file.

    Each kind of data has its part in a module of its own (stars.py, code_lists.py, user_notes.py, recents.py;
    list_csv.py writes a list as CSV); opening the file and the one way of writing are user_connection.py's.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        """Open the user database at path (see user_database_path); a missing one is created empty."""
        self.path = user_database_path(path)
        self.conn, self.read_only = connect(self.path)
        write = functools.partial(writing, self.conn, self.path, self.read_only)
        self._stars = Stars(self.conn, write)
        self._lists = CodeLists(self.conn, write)
        self._notes = Notes(self.conn, write)
        self._recents = Recents(self.conn, write)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> UserStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Stars ----------------------------------------------------------------------------------------------

    @_translating_errors
    def star(self, code: str, kind: str = "code") -> None:
        """Star a code; starring a starred code keeps its first star time."""
        self._stars.star(code, kind)

    @_translating_errors
    def unstar(self, code: str, kind: str = "code") -> None:
        self._stars.unstar(code, kind)

    @_translating_errors
    def is_starred(self, code: str, kind: str = "code") -> bool:
        return self._stars.is_starred(code, kind)

    @_translating_errors
    def starred(self) -> list[Starred]:
        """Every starred code, newest first."""
        return self._stars.starred()

    # Code lists -----------------------------------------------------------------------------------------

    @_translating_errors
    def create_list(self, name: str) -> CodeList:
        """A new, empty list; names are unique regardless of case."""
        return self._lists.create_list(name)

    @_translating_errors
    def rename_list(self, old: str, new: str) -> None:
        self._lists.rename_list(old, new)

    @_translating_errors
    def delete_list(self, name: str) -> None:
        self._lists.delete_list(name)

    @_translating_errors
    def lists(self) -> list[CodeList]:
        """Every list with how many codes it holds, by name."""
        return self._lists.lists()

    @_translating_errors
    def has_list(self, name: str) -> bool:
        return self._lists.has_list(name)

    @_translating_errors
    def list_codes(self, name: str) -> list[ListEntry]:
        """A list's codes in their order."""
        return self._lists.list_codes(name)

    @_translating_errors
    def lists_containing(self, code: str, kind: str = "code") -> list[str]:
        """Names of the lists holding a code (for a code's detail view)."""
        return self._lists.lists_containing(code, kind)

    @_translating_errors
    def add_to_list(self, name: str, code: str, kind: str = "code", position: int | None = None) -> ListEntry:
        """Add a code at position (1-based; default: the end); a code already in the list is refused."""
        return self._lists.add_to_list(name, code, kind, position)

    @_translating_errors
    def add_many_to_list(
        self, name: str, codes: Iterable[tuple[str, str]], create: bool = False
    ) -> list[tuple[str, str]]:
        """Append (code, kind) pairs in one transaction (all or none), creating the list first if create is
        set; returns the pairs skipped because the list already held them."""
        return self._lists.add_many_to_list(name, codes, create)

    @_translating_errors
    def remove_from_list(self, name: str, code: str, kind: str | None = None) -> None:
        """Remove a code (of any kind unless kind is given); the codes after it move up."""
        self._lists.remove_from_list(name, code, kind)

    @_translating_errors
    def move_in_list(self, name: str, code: str, new_position: int, kind: str | None = None) -> None:
        """Move a code to new_position (1-based, clamped to the list), shifting the codes between."""
        self._lists.move_in_list(name, code, new_position, kind)

    @_translating_errors
    def export_list_csv(self, name: str, describe: Describe | None = None) -> str:
        """The list as CSV (EXPORT_COLUMNS); describe(code, kind) fills the descriptive columns from the
        reference data, which this store never reads."""
        return list_csv(self._lists.list_codes(name), describe)

    # Notes ----------------------------------------------------------------------------------------------

    @_translating_errors
    def set_note(self, code: str, kind: str, text: str) -> None:
        """Save the note of a code; empty (or blank) text deletes it."""
        self._notes.set_note(code, kind, text)

    @_translating_errors
    def note(self, code: str, kind: str = "code") -> str | None:
        return self._notes.note(code, kind)

    @_translating_errors
    def notes(self) -> list[Note]:
        """Every note, most recently edited first."""
        return self._notes.notes()

    @_translating_errors
    def search_notes(self, text: str, limit: int = 50) -> list[NoteHit]:
        """Codes whose note holds every word of text (as word prefixes, case and accents folded), best first."""
        return self._notes.search_notes(text, limit)

    # Recents --------------------------------------------------------------------------------------------

    @_translating_errors
    def record_code(self, code: str, kind: str = "code") -> None:
        """Remember a code the user viewed: it moves to the top; only the last RECENTS_KEPT are kept."""
        self._recents.record_code(code, kind)

    @_translating_errors
    def record_search(self, text: str) -> None:
        """Remember a search (blank ones are not); the same search in other case moves to the top."""
        self._recents.record_search(text)

    @_translating_errors
    def recent_codes(self, n: int = 20) -> list[RecentCode]:
        """The codes viewed last, newest first."""
        return self._recents.recent_codes(n)

    @_translating_errors
    def recent_searches(self, n: int = 20) -> list[str]:
        """The searches run last, newest first."""
        return self._recents.recent_searches(n)
