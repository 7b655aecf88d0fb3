"""SQLite's exceptions as the one-sentence errors users see, and telling damage (a page SQLite cannot read)
from a locked, busy or full database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from ..codes.errors import DatabaseDamaged, DatabaseError

T = TypeVar("T")
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26  # primary result codes; extended ones (CORRUPT_VTAB...) share the low byte
DAMAGE_WORDS = ("malformed", "file is not a database")  # for an error that carries no code


def is_damage(error: sqlite3.Error) -> bool:
    """Whether SQLite raised this because the file is damaged, not because it is locked, busy or full."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    return any(words in str(error) for words in DAMAGE_WORDS)


def quick_check(conn: sqlite3.Connection) -> str | None:
    """SQLite's quick_check (every page read, no index compared with its table): None when the file is
    sound, else its first complaint."""
    try:
        first = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise
        return str(error)
    # Its report starts "*** in database main ***" and spans lines: keep the complaint, on one line.
    return None if first == "ok" else " ".join(first.replace("*** in database main ***", "").split())


def translating_errors(method: Callable[..., T]) -> Callable[..., T]:
    """For the methods of a store with a `path`: SQLite's exceptions become one sentence naming the database.

    Damage is DatabaseDamaged, also told to the store's on_damage callback if it has one: the window sets it
    to offer a fresh database whichever of its parts met the damage first (see gui/main/damage_offer.py).
    """

    @wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as error:
            if not is_damage(error):
                raise DatabaseError(f"The database {self.path} cannot be used: {error}.") from None
            damaged = DatabaseDamaged(self.path, str(error))
            if (on_damage := getattr(self, "on_damage", None)) is not None:
                on_damage(damaged)
            raise damaged from None

    return wrapper
