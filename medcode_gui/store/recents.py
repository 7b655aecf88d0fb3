"""The codes the user viewed and the searches they ran last (recent_codes, recent_searches)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..search.query import MAX_QUERY_CHARS
from .user_connection import Writing
from .user_keys import code_key, now

RECENTS_KEPT = 50


@dataclass(frozen=True)
class RecentCode:
    code: str
    kind: str
    used_at: str


class Recents:
    """UserStore's recent codes and searches."""

    def __init__(self, conn: sqlite3.Connection, writing: Writing) -> None:
        self.conn = conn
        self.writing = writing

    def record_code(self, code: str, kind: str) -> None:
        """Remember a code the user viewed: it moves to the top; only the last RECENTS_KEPT are kept."""
        code, kind = code_key(code, kind)
        with self.writing():
            self.conn.execute("DELETE FROM recent_codes WHERE code = ? AND kind = ?", (code, kind))
            self.conn.execute("INSERT INTO recent_codes (code, kind, used_at) VALUES (?, ?, ?)", (code, kind, now()))
            self._prune("recent_codes")

    def record_search(self, text: str) -> None:
        """Remember a search (blank ones are not); the same search in other case moves to the top."""
        text = " ".join((text or "")[:MAX_QUERY_CHARS].split())
        if not text:
            return
        with self.writing():
            self.conn.execute("DELETE FROM recent_searches WHERE key = ?", (text.casefold(),))
            self.conn.execute(
                "INSERT INTO recent_searches (key, text, used_at) VALUES (?, ?, ?)", (text.casefold(), text, now())
            )
            self._prune("recent_searches")

    def _prune(self, table: str) -> None:
        self.conn.execute(
            f"DELETE FROM {table} WHERE id NOT IN (SELECT id FROM {table} ORDER BY id DESC LIMIT ?)", (RECENTS_KEPT,)
        )

    def recent_codes(self, n: int) -> list[RecentCode]:
        """The codes viewed last, newest first."""
        rows = self.conn.execute("SELECT code, kind, used_at FROM recent_codes ORDER BY id DESC LIMIT ?", (n,))
        return [RecentCode(**dict(row)) for row in rows]

    def recent_searches(self, n: int) -> list[str]:
        """The searches run last, newest first."""
        rows = self.conn.execute("SELECT text FROM recent_searches ORDER BY id DESC LIMIT ?", (n,))
        return [row["text"] for row in rows]
