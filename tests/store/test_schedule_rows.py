"""Payment and rules rows (schedule_rows): written with their release in one transaction, read with their
release, removed with it, and a database written before the table existed (schema 2) brought up to date."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from medcode_gui.codes.records import ADD_ON, GPCI, ParsedRelease, ReleaseInfo, ScheduleRow
from medcode_gui.store import ReferenceStore
from medcode_gui.store.schema import SCHEMA_VERSION


def gpci_release(label: str = "GPCI-2025", rows: int = 3, fail_at: int | None = None) -> ParsedRelease:
    info = ReleaseInfo(GPCI, label, "2025-01-01", "GPCI2025.csv", "GPCI2025.csv", label * 4, "test")
    made = [
        ScheduleRow(f"0111{i}-0{i}", None, "", {"Locality Name": f"Place {i}", "2025 PW GPCI": f"1.0{i}"})
        for i in range(rows)
    ]
    if fail_at is not None:
        made.insert(fail_at, made[0])  # a repeated key breaks the unique index mid-write
    return ParsedRelease(info, [], schedule_rows=made)


def test_rows_are_written_read_with_their_release_and_removed_with_it(empty_db: Path) -> None:
    with ReferenceStore(empty_db) as store:
        store.import_release(gpci_release())
        release = store.schedules.newest_release(GPCI)
        assert release is not None and release.label == "GPCI-2025" and release.is_schedule
        found = store.schedules.row(GPCI, "01111-01")
        fields = {"Locality Name": "Place 1", "2025 PW GPCI": "1.01"}
        assert found == (release, ScheduleRow("01111-01", None, "", fields))
        assert [r.key for r in store.schedules.rows_of(release)] == ["01110-00", "01111-01", "01112-02"]
        assert store.schedules.count(release) == 3
        assert store.release_systems().get(release.id) is None  # no codes: never part of a view of codes
        store.delete_release("GPCI-2025")
        assert store.schedules.newest_release(GPCI) is None
        assert store.conn.execute("SELECT count(*) FROM schedule_rows").fetchone()[0] == 0


def test_a_pair_is_found_from_either_code(empty_db: Path) -> None:
    info = ReleaseInfo(ADD_ON, "AOC-2026-Q2", "2026-04-01", "AOC.xlsx", "AOC.xlsx", "c" * 64, "test")
    rows = [ScheduleRow(f"99292|{p}", "99292", "", {"Primary_Code": p}, p) for p in ("99291", "99292X")]
    with ReferenceStore(empty_db) as store:
        store.import_release(ParsedRelease(info, [], schedule_rows=rows))
        assert [r.paired_code for _, r in store.schedules.rows_for_code("99292", [ADD_ON])] == ["99291", "99292X"]
        assert [r.code for _, r in store.schedules.rows_for_code("99291", [ADD_ON], paired=True)] == ["99292"]
        assert store.schedules.rows_for_code("99291", [ADD_ON]) == []


def test_a_failed_write_leaves_no_rows_and_no_release(empty_db: Path) -> None:
    with ReferenceStore(empty_db) as store:
        with pytest.raises(Exception, match="UNIQUE"):
            store.import_release(gpci_release(fail_at=2))
        assert store.schedules.newest_release(GPCI) is None
        assert store.conn.execute("SELECT count(*) FROM schedule_rows").fetchone()[0] == 0


def as_written_by_schema_2(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE schedule_rows")
        conn.execute("PRAGMA user_version = 2")
    conn.close()


def test_a_schema_2_database_gets_the_table_when_opened(two_release_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "v2.sqlite"
    shutil.copyfile(two_release_db, db)
    as_written_by_schema_2(db)
    with ReferenceStore(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "E0135" in [h.record.code for h in store.search("walkers", 10)]  # its index kept, not rebuilt
        store.import_release(gpci_release())
        assert store.schedules.row(GPCI, "01110-00") is not None


def test_a_read_only_schema_2_database_reads_no_rows_and_stays_as_it_was(two_release_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "v2-ro.sqlite"
    shutil.copyfile(two_release_db, db)
    as_written_by_schema_2(db)
    before = db.read_bytes()
    os.chmod(db, stat.S_IRUSR | stat.S_IRGRP)
    try:
        with ReferenceStore(db) as store:
            assert store.read_only
            assert store.schedules.row(GPCI, "01110-00") is None
            assert store.schedules.rows_for_code("76145", [GPCI]) == []
    finally:
        os.chmod(db, stat.S_IRUSR | stat.S_IWUSR)
    assert db.read_bytes() == before
