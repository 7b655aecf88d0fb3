"""Which normalizer wrote a database's search index (store/search_index.py), read at every open without
loading the normalizer itself: its stemmer is named (a test keeps it equal to search/normalize.py's), so a
database indexed otherwise is re-indexed."""

import sqlite3

INDEX_VERSION = "1-english"
INDEX_KEY = "search_index_version"


def is_current(conn: sqlite3.Connection) -> bool:
    """Whether the database's own index was written by this normalizer."""
    row = conn.execute("SELECT value FROM main.meta WHERE key = ?", (INDEX_KEY,)).fetchone()
    return bool(row and row[0] == INDEX_VERSION)


def mark_current(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT OR REPLACE INTO main.meta (key, value) VALUES (?, ?)", (INDEX_KEY, INDEX_VERSION))
