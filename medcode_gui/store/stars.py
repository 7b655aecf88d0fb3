"""The user's starred codes (the stars table of the user database)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .user_connection import Writing
from .user_keys import code_key, now


@dataclass(frozen=True)
class Starred:
    code: str
    kind: str
    starred_at: str  # ISO timestamp, UTC


class Stars:
    """UserStore's stars."""

    def __init__(self, conn: sqlite3.Connection, writing: Writing) -> None:
        self.conn = conn
        self.writing = writing

    def star(self, code: str, kind: str) -> None:
        """Star a code; starring a starred code keeps its first star time."""
        code, kind = code_key(code, kind)
        with self.writing():
            self.conn.execute(
                "INSERT OR IGNORE INTO stars (code, kind, starred_at) VALUES (?, ?, ?)", (code, kind, now())
            )

    def unstar(self, code: str, kind: str) -> None:
        code, kind = code_key(code, kind)
        with self.writing():
            self.conn.execute("DELETE FROM stars WHERE code = ? AND kind = ?", (code, kind))

    def is_starred(self, code: str, kind: str) -> bool:
        code, kind = code_key(code, kind)
        return self.conn.execute("SELECT 1 FROM stars WHERE code = ? AND kind = ?", (code, kind)).fetchone() is not None

    def starred(self) -> list[Starred]:
        """Every starred code, newest first."""
        rows = self.conn.execute("SELECT code, kind, starred_at FROM stars ORDER BY id DESC").fetchall()
        return [Starred(**dict(row)) for row in rows]
