"""The full-text vocabulary (store/fts_vocabulary.py) and the word search built on it, on the real releases."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from medcode_gui.store import ReferenceStore, fts_vocabulary

PREFIXES = ["inj", "wheel", "cath", "oxygen", "dexameth", "amb", "prosth", "ab"]


def hit_keys(store: ReferenceStore, text: str, release_label: str | None = None) -> set[tuple[str, str, str]]:
    return {(h.record.code, h.record.kind, h.release.label) for h in store.search(text, 100_000, release_label)}


def descriptor_words(store: ReferenceStore, code: str) -> str:
    record = store.lookup(code).record
    return f"{record.code} {record.short_description} {record.long_description}".lower()


def test_written_out_prefixes_find_exactly_what_fts5_prefixes_find(
    store: ReferenceStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fts_vocabulary, "MIN_ROWS_TO_EXPAND", 10**9)  # never written out: FTS5's prefix
    as_prefixes = {word: hit_keys(store, word) for word in PREFIXES}
    monkeypatch.setattr(fts_vocabulary, "MIN_ROWS_TO_EXPAND", 0)
    monkeypatch.setattr(fts_vocabulary, "MAX_EXPANSION", 10_000)  # always written out
    for word in PREFIXES:
        terms = fts_vocabulary.expand(store.conn, word, prefix=True)
        assert terms and all(term.startswith(word) for term in terms), word
        assert as_prefixes[word] and hit_keys(store, word) == as_prefixes[word], word


def test_a_word_the_index_does_not_hold_is_left_out(store: ReferenceStore) -> None:
    assert fts_vocabulary.expand(store.conn, "zzqxv", prefix=True) == []
    wheelchair = [h.record.code for h in store.search("wheelchair", 50)]
    assert wheelchair and [h.record.code for h in store.search("wheelchair zzqxv", 50)] == wheelchair


def test_codes_holding_all_words_but_one_come_before_codes_holding_any(store: ReferenceStore) -> None:
    # No code of 2019 mentions a wheelchair cushion and insulin; many hold two of the three words, and some
    # hold "insulin" alone: those must not be shown while codes hold two.
    hits = [h.record.code for h in store.search("wheelchair cushion insulin", 200)]
    assert hits and all(
        sum(word in descriptor_words(store, code) for word in ("wheelchair", "cushion", "insulin")) >= 2
        for code in hits
    )
    assert not {h.record.code for h in store.search("insulin", 200)} & set(hits)


def test_any_word_when_no_code_holds_two(store: ReferenceStore) -> None:
    hits = {h.record.code for h in store.search("dexamethasone wheelchair", 200)}
    assert hits >= {"J1100", "E1161"} and len(hits) > 2


def test_a_section_letter_keeps_every_match_of_that_section(store: ReferenceStore) -> None:
    for release in (None, "HCPCS-2018"):
        unscoped = {key for key in hit_keys(store, "injection", release) if key[0].startswith("J")}
        assert unscoped and hit_keys(store, "j: injection", release) == unscoped
    modifiers = {key for key in hit_keys(store, "left") if key[1] == "modifier"}
    assert modifiers and hit_keys(store, "mod: left") == modifiers


def copy_of(db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(db, copy)
    return copy


def forget_vocabulary(db: Path) -> None:
    """As a version that did not keep the vocabulary would leave the file."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(f"DELETE FROM {fts_vocabulary.TERMS_TABLE}")
        conn.execute("DELETE FROM meta WHERE key = ?", (fts_vocabulary.STAMP_KEY,))
    conn.close()


def test_a_stale_vocabulary_is_rebuilt_when_the_database_opens(two_release_db: Path, tmp_path: Path) -> None:
    db = copy_of(two_release_db, tmp_path)
    forget_vocabulary(db)
    with ReferenceStore(db) as store:
        assert fts_vocabulary.is_current(store.conn)
        assert fts_vocabulary.expand(store.conn, "wheelchair", prefix=False) == ["wheelchair"]
        store.delete_release("HCPCS-2018")
        assert fts_vocabulary.is_current(store.conn)


def test_a_read_only_database_with_a_stale_vocabulary_is_searched_by_fts5_alone(
    two_release_db: Path, tmp_path: Path
) -> None:
    db = copy_of(two_release_db, tmp_path)
    forget_vocabulary(db)
    before = db.read_bytes()
    os.chmod(db, stat.S_IRUSR | stat.S_IRGRP)
    try:
        with ReferenceStore(db) as store:
            assert store.read_only and not fts_vocabulary.is_current(store.conn)
            assert "E1161" in {h.record.code for h in store.search("wheelch", 200)}
            assert {h.record.code for h in store.search("wheelchair zzqxv", 200)} >= {"E1161"}
    finally:
        os.chmod(db, stat.S_IRUSR | stat.S_IWUSR)
    assert db.read_bytes() == before


def test_the_index_version_names_the_normalizers_stemmer() -> None:
    """A database indexed with another stemmer must be re-indexed: the stamp says which one wrote it."""
    from medcode_gui.search.normalize import STEMMER_ALGORITHM
    from medcode_gui.store.index_version import INDEX_VERSION

    assert INDEX_VERSION.endswith(f"-{STEMMER_ALGORITHM}")
