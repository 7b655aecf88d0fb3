"""`medcode import` killed (SIGKILL) at random moments: the database always opens, passes SQLite's integrity
check, and holds the releases it held before, or those plus the whole new one; nothing left behind breaks the
next start."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TXT_2018, ZIP_2019, data_file

from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore

KILLS = 24
SEED = 424242


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A database already holding the 2018 release (and the starter data)."""
    path = tmp_path_factory.mktemp("kill") / "ref.sqlite"
    with ReferenceStore(path) as store:
        store.import_release(read_release(data_file(TXT_2018)))
    return path.read_bytes()


def import_command(db: Path) -> list[str]:
    return [sys.executable, "-m", "medcode_gui", "--db", str(db), "import", str(data_file(ZIP_2019))]


def releases_and_rows(db: Path) -> dict[str, tuple[int, int]]:
    """label -> (codes + modifiers as the release row says, code rows actually stored)."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = "SELECT count(*) FROM codes WHERE release_id = ?"
        return {
            label: (codes + modifiers, conn.execute(count, (rid,)).fetchone()[0])
            for rid, label, codes, modifiers in conn.execute("SELECT id, label, codes, modifiers FROM releases")
        }
    finally:
        conn.close()


def test_import_killed_at_random_moments_leaves_a_whole_database(tmp_path: Path, base_db: bytes) -> None:
    # One import run to the end: how long it takes, and what a finished import holds.
    whole = tmp_path / "whole" / "ref.sqlite"
    whole.parent.mkdir()
    whole.write_bytes(base_db)
    started = time.perf_counter()
    subprocess.run(import_command(whole), check=True, capture_output=True, timeout=120)
    duration = time.perf_counter() - started
    before = releases_and_rows_of_bytes(tmp_path / "before.sqlite", base_db)
    after = releases_and_rows(whole)
    assert set(after) - set(before) == {"HCPCS-2019"}

    rng = random.Random(SEED)
    outcomes = []
    for kill in range(KILLS):
        folder = tmp_path / f"kill{kill}"
        folder.mkdir()
        db = folder / "ref.sqlite"
        db.write_bytes(base_db)
        delay = rng.uniform(0.05, duration * 1.3)  # spread over the whole import, start-up included
        process = subprocess.Popen(import_command(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        held = releases_and_rows(db)  # the first connection rolls back what a killed import left in its journal
        assert held in (before, after), f"kill {kill} after {delay:.2f} s left {held}"
        assert all(declared == stored for declared, stored in held.values())
        # A journal whose header was never written (killed as it was being created) is not hot: SQLite ignores
        # it and reuses it on the next write. Anything else (a temporary database, say) would be a leftover.
        leftovers = sorted(p.name for p in folder.iterdir() if p.name not in (db.name, db.name + "-journal"))
        assert not leftovers, f"kill {kill} after {delay:.2f} s left {leftovers}"
        if db.with_name(db.name + "-journal").exists():
            assert releases_and_rows(db) == held  # inert: a second opening sees the same database
        with ReferenceStore(db) as store:  # the next start: opens, searches, can import again
            assert store.search("J1100", 5)
            if "HCPCS-2019" not in held and kill < 3:  # (a few: each takes a second)
                assert store.import_release(read_release(data_file(ZIP_2019))).status == "imported"
        outcomes.append(("HCPCS-2019" in held, process.returncode))
    killed = [o for o in outcomes if o[1] == -signal.SIGKILL]
    print(f"import takes {duration:.2f} s; {len(killed)} of {KILLS} runs killed; outcomes: {outcomes}")
    assert len(killed) >= KILLS // 2  # most kills landed during the import, not after it
    assert any(not finished for finished, _ in killed)  # some before the commit


def releases_and_rows_of_bytes(path: Path, data: bytes) -> dict[str, tuple[int, int]]:
    path.write_bytes(data)
    return releases_and_rows(path)
