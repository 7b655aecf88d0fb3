"""The user's named code lists (lists, and their ordered codes in list_items)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from ..codes.errors import MedcodeError
from .user_connection import Writing
from .user_keys import code_key, now

MAX_NAME_CHARS = 100
_ITEM_IDS_IN_ORDER = "SELECT id FROM list_items WHERE list_id = ? ORDER BY position, id"


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


class CodeLists:
    """UserStore's code lists: names unique regardless of case, codes in the order the user gave them."""

    def __init__(self, conn: sqlite3.Connection, writing: Writing) -> None:
        self.conn = conn
        self.writing = writing

    def create_list(self, name: str) -> CodeList:
        """A new, empty list; names are unique regardless of case."""
        with self.writing():
            return self._create_list(name)

    def _create_list(self, name: str) -> CodeList:
        name = list_name(name)
        self._refuse_taken(name)
        created_at = now()
        self.conn.execute(
            "INSERT INTO lists (name, name_key, created_at) VALUES (?, ?, ?)", (name, name.casefold(), created_at)
        )
        return CodeList(name, 0, created_at)

    def _refuse_taken(self, name: str, except_id: int | None = None) -> None:
        row = self.conn.execute("SELECT id, name FROM lists WHERE name_key = ?", (name.casefold(),)).fetchone()
        if row and row["id"] != except_id:
            raise MedcodeError(f"There is already a list named {row['name']!r}.")

    def rename_list(self, old: str, new: str) -> None:
        with self.writing():
            list_id = self._list_id(old)
            new = list_name(new)
            self._refuse_taken(new, except_id=list_id)
            self.conn.execute("UPDATE lists SET name = ?, name_key = ? WHERE id = ?", (new, new.casefold(), list_id))

    def delete_list(self, name: str) -> None:
        with self.writing():
            list_id = self._list_id(name)
            self.conn.execute("DELETE FROM list_items WHERE list_id = ?", (list_id,))
            self.conn.execute("DELETE FROM lists WHERE id = ?", (list_id,))

    def lists(self) -> list[CodeList]:
        """Every list with how many codes it holds, by name."""
        rows = self.conn.execute(
            "SELECT l.name, count(i.id) AS count, l.created_at FROM lists l "
            "LEFT JOIN list_items i ON i.list_id = l.id GROUP BY l.id ORDER BY l.name_key"
        ).fetchall()
        return [CodeList(**dict(row)) for row in rows]

    def has_list(self, name: str) -> bool:
        return self._find_list(name) is not None

    def list_codes(self, name: str) -> list[ListEntry]:
        """A list's codes in their order."""
        rows = self.conn.execute(
            "SELECT position, code, kind, added_at FROM list_items WHERE list_id = ? ORDER BY position",
            (self._list_id(name),),
        ).fetchall()
        return [ListEntry(**dict(row)) for row in rows]

    def lists_containing(self, code: str, kind: str) -> list[str]:
        """Names of the lists holding a code (for a code's detail view)."""
        code, kind = code_key(code, kind)
        rows = self.conn.execute(
            "SELECT l.name FROM lists l JOIN list_items i ON i.list_id = l.id "
            "WHERE i.code = ? AND i.kind = ? ORDER BY l.name_key",
            (code, kind),
        ).fetchall()
        return [row["name"] for row in rows]

    def add_to_list(self, name: str, code: str, kind: str, position: int | None) -> ListEntry:
        """Add a code at position (1-based; default: the end); a code already in the list is refused."""
        code, kind = code_key(code, kind)
        with self.writing():
            list_id = self._list_id(name)
            if self._item(list_id, code, kind):
                raise MedcodeError(f"{code} is already in the list {self._list_name(list_id)!r}.")
            return self._insert_item(list_id, code, kind, position)

    def add_many_to_list(self, name: str, codes: Iterable[tuple[str, str]], create: bool) -> list[tuple[str, str]]:
        """Append (code, kind) pairs in one transaction (all or none), creating the list first if create is
        set; returns the pairs skipped because the list already held them."""
        pairs = [code_key(code, kind) for code, kind in codes]
        skipped = []
        with self.writing():
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
        added_at = now()
        self.conn.execute(
            "INSERT INTO list_items (list_id, code, kind, position, added_at) VALUES (?, ?, ?, ?, ?)",
            (list_id, code, kind, position, added_at),
        )
        return ListEntry(position, code, kind, added_at)

    def remove_from_list(self, name: str, code: str, kind: str | None) -> None:
        """Remove a code (of any kind unless kind is given); the codes after it move up."""
        with self.writing():
            list_id = self._list_id(name)
            item = self._required_item(list_id, code, kind)
            self.conn.execute("DELETE FROM list_items WHERE id = ?", (item["id"],))
            self.conn.execute(
                "UPDATE list_items SET position = position - 1 WHERE list_id = ? AND position > ?",
                (list_id, item["position"]),
            )

    def move_in_list(self, name: str, code: str, new_position: int, kind: str | None) -> None:
        """Move a code to new_position (1-based, clamped to the list), shifting the codes between."""
        with self.writing():
            list_id = self._list_id(name)
            item = self._required_item(list_id, code, kind)
            ids = [row["id"] for row in self.conn.execute(_ITEM_IDS_IN_ORDER, (list_id,))]
            ids.remove(item["id"])
            ids.insert(min(max(new_position, 1), len(ids) + 1) - 1, item["id"])
            self.conn.executemany(
                "UPDATE list_items SET position = ? WHERE id = ?", [(i, item_id) for i, item_id in enumerate(ids, 1)]
            )

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
        code, kind = code_key(code, kind) if kind else (code_key(code, "code")[0], None)
        item = self._item(list_id, code, kind)
        if item is None:
            raise MedcodeError(f"{code} is not in the list {self._list_name(list_id)!r}.")
        return item


def list_name(name: str) -> str:
    """A list name with its whitespace tidied (line breaks and tabs become single spaces)."""
    value = " ".join((name or "").split())
    if not value:
        raise MedcodeError("A list needs a name.")
    if len(value) > MAX_NAME_CHARS or not value.isprintable():
        raise MedcodeError(f"A list name is at most {MAX_NAME_CHARS} printable characters.")
    return value
