"""The reference database's tables, created with sqlite-utils, and how a database proves it is ours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import release_documents, schedule_rows
from .fts_vocabulary import rebuild as rebuild_vocabulary

if TYPE_CHECKING:
    import sqlite_utils

# 2: the search index (search_fts with its tables, store/search_index.py) replaced codes_fts; a schema-1
# database is migrated when opened writable (see migrate_from_1).
# 3: payment and rules files (schedule_rows, store/schedule_rows.py) and CMS's documents by release
# (store/release_documents.py); see migrate_to_current.
SCHEMA_VERSION = 3
MIGRATABLE_VERSIONS = (1, 2)

APPLICATION_ID = 0x4D434F44  # "MCOD": tells our databases from any other SQLite file
# unicode61 folds case and diacritics, so "Ñ" or "é" typed in the search box still match.
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


def create_schema(db: sqlite_utils.Database) -> None:
    """Create every table of an empty reference database (called on a fresh temporary file)."""
    db["releases"].create(
        {
            "id": int,
            "system": str,
            "label": str,
            "effective_date": str,
            "source_name": str,
            "source_member": str,
            "source_sha256": str,
            "file_format": str,
            "imported_at": str,
            "codes": int,
            "modifiers": int,
        },
        pk="id",
        not_null={"system", "label", "effective_date", "source_name", "source_sha256"},
    )
    db["releases"].create_index(["system", "label"], unique=True)
    db["codes"].create(
        {
            "id": int,
            "release_id": int,
            "code": str,
            "kind": str,
            "system": str,
            "short_description": str,
            "long_description": str,
            "added_date": str,
            "action_effective_date": str,
            "termination_date": str,
            "action_code": str,
            "node_id": str,  # the outline leaf the code sits on (see outline.py)
            "fields": str,  # JSON: every field of the source record, raw, under its official name
        },
        pk="id",
        foreign_keys=[("release_id", "releases", "id")],
        not_null={"release_id", "code", "kind", "system"},
    )
    db["codes"].create_index(["release_id", "code", "kind"], unique=True)
    db["codes"].create_index(["code"])
    db["codes"].create_index(["release_id", "node_id", "code"])
    # Codes per outline leaf, per release: the tree shows counts without scanning codes on each expansion.
    db["node_counts"].create(
        {"release_id": int, "node_id": str, "system": str, "kind": str, "count": int},
        pk=("release_id", "node_id", "system", "kind"),
        foreign_keys=[("release_id", "releases", "id")],
    )
    # Cross-references (XREF1-5), both ways: a code's targets, and the codes that point at a target.
    db["xrefs"].create(
        {"release_id": int, "code": str, "system": str, "target": str, "position": int},
        pk=("release_id", "code", "position"),
        foreign_keys=[("release_id", "releases", "id")],
    )
    db["xrefs"].create_index(["target"])
    db["meta"].create({"key": str, "value": str}, pk="key")
    # No triggers: the store indexes a whole release in one go, inside its import transaction.
    from . import index_version, search_index

    search_index.create_tables(db.conn)
    index_version.mark_current(db.conn)
    db["notes"].create(
        {"release_id": int, "number": str, "text": str},
        pk=("release_id", "number"),
        foreign_keys=[("release_id", "releases", "id")],
    )
    schedule_rows.create_table(db.conn)
    release_documents.create_tables(db.conn)  # NOC lists, corrections, notes files (store/release_documents.py)
    rebuild_vocabulary(db.conn)  # empty, and stamped: a database with no releases is current
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def migrate_from_1(conn) -> None:  # noqa: ANN001 - sqlite3.Connection
    """Inside the caller's transaction: a schema-1 database gets the search index in place of codes_fts."""
    from . import search_index

    conn.execute("DROP TABLE IF EXISTS codes_fts")
    search_index.reindex(conn)
    conn.execute("PRAGMA user_version = 2")


def migrate_to_current(conn) -> None:  # noqa: ANN001 - sqlite3.Connection
    """Inside the caller's transaction, after the search index is current: each later version's step (each
    creates what it adds IF NOT EXISTS, so a step met twice does no harm), then the version stamp."""
    schedule_rows.create_table(conn)  # 3
    release_documents.create_tables(conn)  # 3
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
