"""The user's notes on codes (notes, with the full-text index notes_fts kept in step by triggers)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from ..codes.errors import MedcodeError
from ..search.query import MAX_QUERY_CHARS, MAX_WORD_CHARS, MAX_WORDS, fts_expression
from .user_connection import Writing
from .user_keys import code_key, now

MAX_NOTE_CHARS = 100_000
_WORD = re.compile(r"\w+", re.UNICODE)


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


class Notes:
    """UserStore's notes."""

    def __init__(self, conn: sqlite3.Connection, writing: Writing) -> None:
        self.conn = conn
        self.writing = writing

    def set_note(self, code: str, kind: str, text: str) -> None:
        """Save the note of a code; empty (or blank) text deletes it."""
        code, kind = code_key(code, kind)
        text = text or ""
        if len(text) > MAX_NOTE_CHARS:
            raise MedcodeError(f"A note holds at most {MAX_NOTE_CHARS:,} characters; this one has {len(text):,}.")
        with self.writing():
            if not text.strip():
                self.conn.execute("DELETE FROM notes WHERE code = ? AND kind = ?", (code, kind))
                return
            # an UPSERT fires the update trigger, which keeps the full-text index in step
            self.conn.execute(
                "INSERT INTO notes (code, kind, text, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (code, kind) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                (code, kind, text, now()),
            )

    def note(self, code: str, kind: str) -> str | None:
        code, kind = code_key(code, kind)
        row = self.conn.execute("SELECT text FROM notes WHERE code = ? AND kind = ?", (code, kind)).fetchone()
        return row["text"] if row else None

    def notes(self) -> list[Note]:
        """Every note, most recently edited first."""
        rows = self.conn.execute(
            "SELECT code, kind, text, updated_at FROM notes ORDER BY updated_at DESC, id DESC"
        ).fetchall()
        return [Note(**dict(row)) for row in rows]

    def search_notes(self, text: str, limit: int) -> list[NoteHit]:
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
