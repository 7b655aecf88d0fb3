"""The search index (store/search_index.py) on the real releases: kept whole through imports and deletions,
and brought to a database an older version wrote (schema 1, codes_fts), in place or, read-only, in memory."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

from medcode_gui.store import ReferenceStore
from medcode_gui.store.index_version import INDEX_KEY
from medcode_gui.store.schema import SCHEMA_VERSION


def as_written_by_schema_1(db: Path) -> None:
    """Turn a copy into what the previous version left: codes_fts over the descriptors, no search index."""
    conn = sqlite3.connect(db)
    with conn:
        for table in ("search_fts", "lay_texts", "abbreviations", "search_words"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.execute(
            "CREATE VIRTUAL TABLE codes_fts USING fts5(code, short_description, long_description, "
            "content=codes, content_rowid=id, tokenize='unicode61 remove_diacritics 2')"
        )
        conn.execute("INSERT INTO codes_fts (codes_fts) VALUES ('rebuild')")
        conn.execute("DELETE FROM meta WHERE key = ?", (INDEX_KEY,))
        conn.execute("PRAGMA user_version = 1")
    conn.close()


def old_copy(two_release_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "old.sqlite"
    shutil.copyfile(two_release_db, db)
    as_written_by_schema_1(db)
    return db


def indexed_rows(conn: sqlite3.Connection) -> tuple[int, int]:
    return (
        conn.execute("SELECT count(*) FROM search_fts").fetchone()[0],
        conn.execute("SELECT count(*) FROM codes").fetchone()[0],
    )


def test_a_schema_1_database_is_migrated_when_opened(two_release_db: Path, tmp_path: Path) -> None:
    db = old_copy(two_release_db, tmp_path)
    with ReferenceStore(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION  # migrated step by step
        assert not store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'codes_fts'").fetchone()
        rows, codes = indexed_rows(store.conn)
        assert rows == codes > 13_000
        assert "E0135" in [h.record.code for h in store.search("walkers", 10)]
        assert store.learned_abbreviations()["inj"][0][0] == "injection"
    with ReferenceStore(db) as again:  # migrated once: nothing left to do, the same answers
        assert "E0135" in [h.record.code for h in again.search("walkers", 10)]


def test_a_read_only_schema_1_database_is_searched_from_memory_and_left_as_it_was(
    two_release_db: Path, tmp_path: Path
) -> None:
    db = old_copy(two_release_db, tmp_path)
    before = db.read_bytes()
    os.chmod(db, stat.S_IRUSR | stat.S_IRGRP)
    try:
        with ReferenceStore(db) as store:
            assert store.read_only
            hits = store.search("dexamethazone", 10)
            assert "J1100" in [h.record.code for h in hits[:5]]
            assert hits[0].plan.corrected == "dexamethasone"
            assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        os.chmod(db, stat.S_IRUSR | stat.S_IWUSR)
    assert db.read_bytes() == before


def test_the_index_follows_a_deleted_release(two_release_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.sqlite"
    shutil.copyfile(two_release_db, db)
    with ReferenceStore(db) as store:
        lay_before = store.conn.execute("SELECT count(*) FROM lay_texts").fetchone()[0]
        store.delete_release("HCPCS-2018")
        rows, codes = indexed_rows(store.conn)
        assert rows == codes
        assert store.conn.execute("SELECT count(*) FROM lay_texts").fetchone()[0] == lay_before  # the starter's
        assert not store.conn.execute(
            "SELECT 1 FROM abbreviations WHERE release_id NOT IN (SELECT id FROM releases)"
        ).fetchone()
        assert "J1100" in [h.record.code for h in store.search("dexamethasone", 10)]
