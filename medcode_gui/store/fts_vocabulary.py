"""The full-text index's vocabulary, kept as a plain table so a typed prefix expands to its words in microseconds.

Why: FTS5 answers a prefix query ("injection"*) by merging the whole index's lists of every word with that
prefix before it can apply a release's row-id range, and bm25 then reads them all again for its statistics.
On a million rows that was 5 ms before the first match. The same words written out as exact terms
("injection" OR "injections") let FTS5 seek straight into the range: 0.7 ms. The table also tells a word
the index does not hold at all, which the search then leaves out. The words come from FTS5's own
vocabulary (fts5vocab) of search_fts, whose words are the stems search/normalize.py wrote, so the expansion
matches exactly what the index holds.

The table is rebuilt inside every import or deletion transaction, and stamped with the releases it describes:
a database written by a version that did not keep it is re-indexed when next opened, or (read-only) searched
with FTS5's own prefix queries, so a stale vocabulary can never hide a match.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3

from .index_version import INDEX_VERSION

TERMS_TABLE = "fts_vocabulary"
INDEX_NAME = "search_fts"  # the index described (store/search_index.py)
STAMP_KEY = "fts_vocabulary_releases"
# When a prefix is written out as its words: each word costs bm25 a pass of its own (about 1 ms for 7 words
# of a 44,000-row index: "whee" took 8.6 ms written out, 2.6 ms as FTS5's prefix), while FTS5's prefix merge
# costs in proportion to the rows holding the words ("inj" on a million rows: 125 ms as a prefix, 60 ms
# written out). So only a prefix of a few words held by many rows is written out.
MAX_EXPANSION = 16
MIN_ROWS_TO_EXPAND = 20_000
_PLAIN_WORD = re.compile(r"^[a-z0-9]+$")  # folded exactly as unicode61 folds it (no case, accent or separator)


def create_terms_table(conn: sqlite3.Connection, schema: str = "main") -> None:
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {schema}.{TERMS_TABLE} (term TEXT PRIMARY KEY, rows INTEGER) WITHOUT ROWID"
    )


def releases_stamp(conn: sqlite3.Connection) -> str:
    """A fingerprint of the stored releases: the vocabulary is current when its stamp equals this."""
    rows = conn.execute("SELECT id, source_sha256 FROM main.releases ORDER BY id").fetchall()
    described = ";".join(f"{row[0]}:{row[1]}" for row in rows)
    # The normalizer's version is part of it: an index whose words change meaning makes an older table stale.
    return hashlib.sha256(f"{INDEX_NAME}/{INDEX_VERSION};{described}".encode()).hexdigest()


def is_current(conn: sqlite3.Connection) -> bool:
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (TERMS_TABLE,)).fetchone()
    stamp = conn.execute("SELECT value FROM main.meta WHERE key = ?", (STAMP_KEY,)).fetchone()
    return bool(exists and stamp and stamp[0] == releases_stamp(conn))


def rebuild(conn: sqlite3.Connection, schema: str = "main") -> None:
    """Inside the caller's transaction: the table holds exactly the words of the index, stamped. In the temp
    schema (a read-only database's index built in memory) it describes temp.search_fts, unstamped."""
    create_terms_table(conn, schema)
    conn.execute("DROP TABLE IF EXISTS temp.search_fts_vocabulary")
    conn.execute(f"CREATE VIRTUAL TABLE temp.search_fts_vocabulary USING fts5vocab({schema}, {INDEX_NAME}, row)")
    conn.execute(f"DELETE FROM {schema}.{TERMS_TABLE}")
    conn.execute(f"INSERT INTO {schema}.{TERMS_TABLE} (term, rows) SELECT term, doc FROM temp.search_fts_vocabulary")
    if schema == "main":
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (STAMP_KEY, releases_stamp(conn)))


def expand(conn: sqlite3.Connection, word: str, prefix: bool) -> list[str] | None:
    """The index's words a search word stands for, to match exactly: itself or, as a prefix, every word
    starting with it; [] when the index holds none; None when FTS5 should match the word itself (a word the
    tokenizer would split or fold, or a prefix not worth writing out, see MIN_ROWS_TO_EXPAND)."""
    if not _PLAIN_WORD.match(word):
        return None
    if not prefix:
        row = conn.execute(f"SELECT term FROM {TERMS_TABLE} WHERE term = ?", (word,)).fetchone()
        return [row[0]] if row else []
    found = conn.execute(
        f"SELECT term, rows FROM {TERMS_TABLE} WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
        (word, word + "\U0010ffff", MAX_EXPANSION + 1),
    ).fetchall()
    if not found:
        return []
    worth_it = len(found) <= MAX_EXPANSION and sum(row[1] for row in found) >= MIN_ROWS_TO_EXPAND
    return [row[0] for row in found] if worth_it else None
