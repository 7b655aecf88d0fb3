"""The search index: every code row's words as stems (search/normalize.py), with the plain-language text
known for the same code, and what the search learns from the releases (abbreviations, the words people see).

Tables (derived from `codes`, so they can always be rebuilt from it):
- search_fts: FTS5, rowid = codes.id; columns code, official (short and long descriptor), lay (the starter
  set's plain-language description and AMA consumer/clinician descriptors of the same code, from whatever
  release holds them: so "womb lining sample" finds the official 58100 row).
- lay_texts: those plain-language texts, by the release that brought them.
- abbreviations: (abbreviation, full word, times) learned from each HCPCS release's short and long descriptors.
- search_words: every word as written, with its stem: what a typo is corrected to, and how a stem is shown.

Everything is written inside the import or deletion transaction, so the index always agrees with the codes.
A database written before this index existed (schema 1), or by an app whose normalizer differs
(INDEX_VERSION), is re-indexed when opened; read-only, it gets the index in memory (temp schema) instead.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable

from ..codes.records import CPT, HCPCS, STARTER
from ..search.normalize import stem, words
from . import fts_vocabulary
from .index_version import mark_current

STARTER_SOURCE = "MedCode plain-language starter description"
LAY_FIELDS = {"CONSUMER DESCRIPTOR": "AMA consumer descriptor"}
CLINICIAN_PREFIX = "CLINICIAN DESCRIPTOR "
WRITE_BATCH = 2000
FTS_COLUMNS = "code, official, lay"
FTS_OPTIONS = "tokenize = 'unicode61'"  # the text is already folded and stemmed: FTS5 only splits it


def create_tables(conn: sqlite3.Connection, schema: str = "main") -> None:
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {schema}.search_fts USING fts5({FTS_COLUMNS}, {FTS_OPTIONS})")
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {schema}.lay_texts (release_id INTEGER NOT NULL, code TEXT NOT NULL, "
        "kind TEXT NOT NULL, source TEXT NOT NULL, text TEXT NOT NULL)"
    )
    conn.execute(f"CREATE INDEX IF NOT EXISTS {schema}.lay_texts_code ON lay_texts (code, kind)")
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {schema}.abbreviations (release_id INTEGER NOT NULL, "
        "abbreviation TEXT NOT NULL, word TEXT NOT NULL, count INTEGER NOT NULL)"
    )
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {schema}.search_words (word TEXT PRIMARY KEY, stem TEXT NOT NULL) WITHOUT ROWID"
    )


def rebuild(conn: sqlite3.Connection, schema: str = "main") -> None:
    """Inside the caller's transaction (or in temp): the whole index anew from the codes table."""
    conn.execute(f"DROP TABLE IF EXISTS {schema}.search_fts")
    for table in ("lay_texts", "abbreviations", "search_words"):
        conn.execute(f"DROP TABLE IF EXISTS {schema}.{table}")
    create_tables(conn, schema)
    releases = conn.execute("SELECT id, system FROM main.releases ORDER BY id").fetchall()
    for release_id, system in releases:
        _learn(conn, release_id, system)
    for release_id, _system in releases:
        _index_rows(conn, "c.release_id = ?", (release_id,))


def reindex(conn: sqlite3.Connection) -> None:
    """Inside the caller's transaction: the index and its vocabulary anew, stamped with this normalizer."""
    rebuild(conn)
    mark_current(conn)
    fts_vocabulary.rebuild(conn)


def index_release(conn: sqlite3.Connection, release_id: int, system: str) -> None:
    """Inside the import transaction, after the release's codes are written."""
    lay_keys = _learn(conn, release_id, system)
    _index_rows(conn, "c.release_id = ?", (release_id,))
    if lay_keys:  # the plain-language text of these codes changed: their rows in other releases too
        _reindex_codes(conn, lay_keys, other_than=release_id)


def delete_release(conn: sqlite3.Connection, release_id: int) -> None:
    """Inside the deletion transaction, before the release's codes are deleted."""
    lay_keys = {
        tuple(row)
        for row in conn.execute("SELECT DISTINCT code, kind FROM lay_texts WHERE release_id = ?", (release_id,))
    }
    conn.execute("DELETE FROM search_fts WHERE rowid IN (SELECT id FROM codes WHERE release_id = ?)", (release_id,))
    conn.execute("DELETE FROM lay_texts WHERE release_id = ?", (release_id,))
    conn.execute("DELETE FROM abbreviations WHERE release_id = ?", (release_id,))
    if lay_keys:
        _reindex_codes(conn, lay_keys, other_than=release_id)


def _learn(conn: sqlite3.Connection, release_id: int, system: str) -> set[tuple[str, str]]:
    """Store what a release teaches the search: its plain-language texts and (HCPCS, AMA CPT) the
    abbreviations its short descriptors use.
    Returns the (code, kind) pairs given plain-language text."""
    lay = list(_lay_texts(conn, release_id, system))
    conn.executemany(
        "INSERT INTO lay_texts (release_id, code, kind, source, text) VALUES (?, ?, ?, ?, ?)",
        [(release_id, *entry) for entry in lay],
    )
    if system in (HCPCS, CPT):  # the CMS file and the AMA files give each code a short and a long descriptor
        from ..search.abbreviations import learn_abbreviations

        pairs = conn.execute(
            "SELECT short_description, long_description FROM main.codes WHERE release_id = ? "
            "AND short_description != '' AND long_description != ''",
            (release_id,),
        ).fetchall()
        counts = learn_abbreviations((row[0], row[1]) for row in pairs)
        conn.executemany(
            "INSERT INTO abbreviations (release_id, abbreviation, word, count) VALUES (?, ?, ?, ?)",
            [(release_id, abbreviation, word, n) for (abbreviation, word), n in counts.items()],
        )
    return {(code, kind) for code, kind, _source, _text in lay}


def _lay_texts(conn: sqlite3.Connection, release_id: int, system: str) -> Iterable[tuple[str, str, str, str]]:
    """(code, kind, source, text): the starter set's descriptions, and the AMA consumer and clinician
    descriptors an AMA CPT release carries."""
    if system == STARTER:
        rows = conn.execute(
            "SELECT code, kind, long_description FROM main.codes WHERE release_id = ?", (release_id,)
        ).fetchall()
        yield from ((code, kind, STARTER_SOURCE, text) for code, kind, text in rows if text)
    elif system == CPT:
        rows = conn.execute("SELECT code, kind, fields FROM main.codes WHERE release_id = ?", (release_id,))
        for code, kind, fields_json in rows:
            fields = json.loads(fields_json or "{}")
            for name, text in fields.items():
                source = LAY_FIELDS.get(name) or (
                    f"AMA clinician descriptor {name[len(CLINICIAN_PREFIX) :]}"
                    if name.startswith(CLINICIAN_PREFIX)
                    else None
                )
                if source and text:
                    yield code, kind, source, text


def _index_rows(conn: sqlite3.Connection, where: str, params: tuple) -> None:
    """Index the code rows matching where (on codes c), with the plain-language text of their codes."""
    rows = conn.execute(
        f"SELECT c.id, c.code, c.kind, c.short_description, c.long_description FROM main.codes c WHERE {where}",
        params,
    ).fetchall()
    lay = _lay_by_code(conn, {(row[1], row[2]) for row in rows})
    seen: dict[str, str] = {}
    batch = []
    for row_id, code, kind, short, long in rows:
        official = _stems_of(f"{short or ''} {long or ''}", seen)
        lay_text = _stems_of(" ".join(lay.get((code, kind), ())), seen)
        batch.append((row_id, code.lower(), official, lay_text))
        if len(batch) >= WRITE_BATCH:
            _write(conn, batch)
            batch = []
    _write(conn, batch)
    conn.executemany("INSERT OR IGNORE INTO search_words (word, stem) VALUES (?, ?)", seen.items())


def _write(conn: sqlite3.Connection, batch: list[tuple[int, str, str, str]]) -> None:
    conn.executemany("INSERT INTO search_fts (rowid, code, official, lay) VALUES (?, ?, ?, ?)", batch)


def _stems_of(text: str, seen: dict[str, str]) -> str:
    """The text's stems, space separated; seen (word -> stem) grows with every new word."""
    found = words(text)
    for word in found:
        if word not in seen:
            seen[word] = stem(word)
    return " ".join(map(seen.__getitem__, found))


def _lay_by_code(conn: sqlite3.Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    """Plain-language texts of these (code, kind) pairs, every source, in the order they were stored."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    if not keys:
        return found
    for code, kind, text in conn.execute("SELECT code, kind, text FROM lay_texts ORDER BY rowid"):
        if (code, kind) in keys:
            found[(code, kind)].append(text)
    return found


def _reindex_codes(conn: sqlite3.Connection, keys: set[tuple[str, str]], other_than: int) -> None:
    codes = sorted({code for code, _kind in keys})
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        where = f"c.code IN ({marks}) AND c.release_id != ?"
        conn.execute(
            f"DELETE FROM search_fts WHERE rowid IN (SELECT c.id FROM main.codes c WHERE {where})", (*chunk, other_than)
        )
        _index_rows(conn, where, (*chunk, other_than))


def learned_abbreviations(conn: sqlite3.Connection) -> Counter[tuple[str, str]]:
    """(abbreviation, full word) -> times seen, over every release in the database."""
    rows = conn.execute("SELECT abbreviation, word, sum(count) FROM abbreviations GROUP BY abbreviation, word")
    return Counter({(abbreviation, word): n for abbreviation, word, n in rows})


def lay_texts_of(conn: sqlite3.Connection, code: str, kind: str) -> list[tuple[str, str]]:
    """(source, text) of every plain-language text of a code."""
    rows = conn.execute("SELECT source, text FROM lay_texts WHERE code = ? AND kind = ? ORDER BY rowid", (code, kind))
    return [(source, text) for source, text in rows]


def surface_words(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(word, stem) of every word the releases were written with."""
    return [(word, term) for word, term in conn.execute("SELECT word, stem FROM search_words")]
