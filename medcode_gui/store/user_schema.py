"""The user database's tables (stars, code lists, notes, recents), created with sqlite-utils.

It is a separate file from the reference database, with its own identity, so that importing, replacing or
deleting reference releases can never touch what the user made. Codes are kept by code string and kind,
never by reference row ids, so they outlive any release.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .schema import FTS_TOKENIZE

if TYPE_CHECKING:
    import sqlite_utils

USER_SCHEMA_VERSION = 1
USER_APPLICATION_ID = 0x4D435553  # "MCUS": a MedCode user database, told apart from the reference ("MCOD")


def create_user_schema(db: sqlite_utils.Database) -> None:
    """Create every table of an empty user database (called on a fresh temporary file)."""
    # Every table has an INTEGER PRIMARY KEY: VACUUM may renumber an implicit rowid, which would break the
    # notes' full-text index (it refers to rowids) and the ordering. Ordering everywhere is by id: SQLite gives
    # a new row max(id)+1, so the newest row sorts last even when two writes share a timestamp, and "moving
    # to the top" is a delete and a fresh insert.
    _keyed_by_code(db, "stars", {"starred_at": str})
    db["lists"].create(
        # name_key is the casefolded name: list names are unique regardless of case, in any script
        {"id": int, "name": str, "name_key": str, "created_at": str},
        pk="id",
        not_null={"name", "name_key", "created_at"},
    )
    db["lists"].create_index(["name_key"], unique=True)
    db["list_items"].create(
        {"id": int, "list_id": int, "code": str, "kind": str, "position": int, "added_at": str},
        pk="id",
        foreign_keys=[("list_id", "lists", "id")],
        not_null={"list_id", "code", "kind", "position", "added_at"},
    )
    db["list_items"].create_index(["list_id", "code", "kind"], unique=True)
    db["list_items"].create_index(["list_id", "position"])
    _keyed_by_code(db, "notes", {"text": str, "updated_at": str})
    # Notes are few and written one at a time, so triggers keep the index in step at no noticeable cost.
    db["notes"].enable_fts(["text"], create_triggers=True, tokenize=FTS_TOKENIZE)
    _keyed_by_code(db, "recent_codes", {"used_at": str})
    # key is the casefolded search, so "J1100" and "j1100" are one entry (the latest spelling is kept)
    db["recent_searches"].create(
        {"id": int, "key": str, "text": str, "used_at": str}, pk="id", not_null={"key", "text", "used_at"}
    )
    db["recent_searches"].create_index(["key"], unique=True)
    db.execute(f"PRAGMA application_id = {USER_APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {USER_SCHEMA_VERSION}")


def _keyed_by_code(db: sqlite_utils.Database, table: str, columns: dict[str, type]) -> None:
    """A table with one row per (code, kind): a code string and "code" or "modifier"."""
    db[table].create({"id": int, "code": str, "kind": str, **columns}, pk="id", not_null={"code", "kind", *columns})
    db[table].create_index(["code", "kind"], unique=True)
