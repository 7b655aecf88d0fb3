"""Damage found and said (issue 16): the first read that meets a damaged page raises DatabaseDamaged (told to
the store's on_damage), other SQLite errors stay DatabaseError, and nothing is written into a damaged file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from medcode_gui.codes.errors import DatabaseDamaged, DatabaseError
from medcode_gui.codes.records import ParsedRelease
from medcode_gui.store import ReferenceStore
from medcode_gui.store.sqlite_errors import is_damage, quick_check


def test_a_damaged_page_opens_then_the_first_read_of_it_says_damaged(damaged_db: Path) -> None:
    told: list[DatabaseDamaged] = []
    with ReferenceStore(damaged_db) as store:
        store.on_damage = told.append
        assert [r.label for r in store.releases()] == ["Starter", "HCPCS-2019"]  # these pages are sound
        with pytest.raises(DatabaseDamaged, match="is damaged") as raised:
            store.search("J1100")  # search, then lookup inside it: told once, not once per layer
    assert str(damaged_db) in str(raised.value)
    assert told == [raised.value]
    assert raised.value.path == damaged_db


def test_a_word_search_meeting_damage_raises_not_an_empty_list(damaged_db: Path) -> None:
    with ReferenceStore(damaged_db) as store, pytest.raises(DatabaseDamaged):
        store.search("dexamethasone")


def test_is_damage_tells_damage_from_a_locked_database(tmp_path: Path, damaged_db: Path) -> None:
    path = tmp_path / "locked.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    waiter = sqlite3.connect(path, timeout=0)
    with pytest.raises(sqlite3.OperationalError) as locked:
        waiter.execute("SELECT * FROM t").fetchall()
    holder.rollback()
    holder.close()
    waiter.close()
    assert not is_damage(locked.value)
    not_sqlite = tmp_path / "text.sqlite"
    not_sqlite.write_bytes(b"hello, world " * 400)
    with pytest.raises(sqlite3.DatabaseError) as foreign:
        sqlite3.connect(not_sqlite).execute("SELECT * FROM sqlite_master").fetchall()
    assert is_damage(foreign.value)
    with pytest.raises(sqlite3.DatabaseError) as malformed:
        sqlite3.connect(damaged_db).execute("SELECT fields FROM codes").fetchall()
    assert is_damage(malformed.value)


def test_other_sqlite_errors_are_not_called_damage(empty_db: Path, parsed_2018: ParsedRelease) -> None:
    told: list[DatabaseDamaged] = []
    with ReferenceStore(empty_db) as store:
        store.on_damage = told.append
        store.conn.execute("PRAGMA query_only = 1")  # every write fails: "attempt to write a readonly database"
        with pytest.raises(DatabaseError, match="readonly") as raised:
            store.import_release(parsed_2018)
    assert not isinstance(raised.value, DatabaseDamaged)
    assert told == []


def test_quick_check_names_the_damage_on_one_line(damaged_db: Path, sound_2019_db: Path) -> None:
    with sqlite3.connect(sound_2019_db) as sound:
        assert quick_check(sound) is None
    damaged = sqlite3.connect(damaged_db)
    complaint = quick_check(damaged)
    damaged.close()
    assert complaint and "\n" not in complaint and "***" not in complaint


def test_import_into_a_damaged_database_is_refused_and_writes_nothing(
    damaged_db: Path, parsed_2018: ParsedRelease
) -> None:
    before = damaged_db.read_bytes()
    with ReferenceStore(damaged_db) as store, pytest.raises(DatabaseDamaged, match="nothing was imported"):
        store.import_release(parsed_2018)
    assert damaged_db.read_bytes() == before


def test_removing_a_release_from_a_damaged_database_is_refused(damaged_db: Path) -> None:
    before = damaged_db.read_bytes()
    with ReferenceStore(damaged_db) as store, pytest.raises(DatabaseDamaged, match="nothing was removed"):
        store.delete_release("HCPCS-2019")
    assert damaged_db.read_bytes() == before
