"""`medcode import` killed (SIGKILL) inside its write: the database always opens, passes SQLite's integrity check,
and holds the releases it held before, or those plus the whole new one; nothing left behind breaks the next start.

Where a kill lands does not depend on the machine's speed: the child runs the real command with a trace on its
SQLite connections, counts the statements from the first that writes, and says on its stdout when it reaches
the one chosen for this run. Most runs then wait there (before that statement runs) until they are killed, so
every such kill lands inside the write, at a statement known in advance; a few carry on and are killed as soon
as the parent reads the line (within the commit, as it happens), counted only when the import had not finished.
The journal mode does not matter: the signal comes from the child, not from a journal file."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import REPO_ROOT, TXT_2018, ZIP_2019, data_file

from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore

HELD = 16  # kills of a child held at a chosen statement of the write
RUNNING = 4  # kills of a child still writing, just after the statements before the commit
SEED = 424242
SIDE_FILES = ("-journal", "-wal", "-shm")  # SQLite's own: inert or recovered by the next opening

CHILD = textwrap.dedent(
    """
    import runpy, sqlite3, sys

    target, mode, db, source = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "BEGIN", "SAVEPOINT")
    seen = 0

    def trace(sql):
        global seen
        if seen == 0 and not sql.lstrip().upper().startswith(WRITES):
            return  # opening and reading: the write has not begun
        seen += 1
        if mode == "count" and sql.lstrip().upper().startswith("COMMIT"):
            print(f"commit {seen}", flush=True)
        if seen == target:
            print(f"inside {seen}", flush=True)
            if mode == "hold":
                sys.stdin.readline()  # held before this statement runs, until killed

    connect = sqlite3.connect

    def traced_connect(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(trace)
        return conn

    sqlite3.connect = traced_connect
    sys.argv = ["medcode", "--db", db, "import", source]
    status = 0
    try:
        runpy.run_module("medcode_gui", run_name="__main__")
    except SystemExit as exit:
        status = exit.code or 0
    print(f"done {seen} {status}", flush=True)
    """
)


def start_import(db: Path, target: int, mode: str) -> subprocess.Popen:
    """The real `medcode import` of the 2019 zip into db, traced (mode: count, hold or run)."""
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(target), mode, str(db), str(data_file(ZIP_2019))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO_ROOT,
    )


def kill_when_inside(db: Path, target: int, mode: str) -> tuple[bool, int | None]:
    """Run the import, kill it when it says it reached statement target; (landed inside the import, exit)."""
    process = start_import(db, target, mode)
    try:
        line = process.stdout.readline()
        assert line == f"inside {target}\n", f"the import never reached statement {target}: {line!r}"
    finally:
        process.kill()
        process.wait(timeout=60)
    rest = process.stdout.read()
    process.stdout.close()
    process.stdin.close()
    return not rest.startswith("done"), process.returncode


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


def base_database(folder: Path) -> Path:
    """A database already holding the 2018 release (and the starter data), closed."""
    folder.mkdir()
    path = folder / "ref.sqlite"
    with ReferenceStore(path) as store:
        store.import_release(read_release(data_file(TXT_2018)))
    return path


def copy_database(source: Path, folder: Path) -> Path:
    """A copy of the closed database (SQLite's backup API: the same whatever its journal mode)."""
    folder.mkdir()
    path = folder / "ref.sqlite"
    with sqlite3.connect(source) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return path


def test_import_killed_inside_its_write_leaves_a_whole_database(tmp_path: Path) -> None:
    base = base_database(tmp_path / "base")
    before = releases_and_rows(base)
    # One import run to the end, traced: the statements of its write, and which one commits.
    whole = copy_database(base, tmp_path / "whole")
    counted = start_import(whole, 0, "count")
    lines = counted.communicate(timeout=300)[0].split("\n")
    commits = [int(line.split()[1]) for line in lines if line.startswith("commit")]
    done = next(line.split() for line in lines if line.startswith("done"))
    total, status = int(done[1]), done[2]
    assert status == "0" and commits and total > 1000
    after = releases_and_rows(whole)
    assert set(after) - set(before) == {"HCPCS-2019"}
    commit = commits[-1]  # the import writes in one transaction: a kill before its COMMIT must leave nothing

    rng = random.Random(SEED)
    held = [1, 2, commit - 1, commit, *sorted(rng.sample(range(3, commit - 1), HELD - 5)), total]
    running = [commit - rng.randint(0, 3) for _ in range(RUNNING)]
    runs = [(t, "hold") for t in held] + [(t, "run") for t in running]
    inside = []
    for number, (target, mode) in enumerate(runs):
        folder = tmp_path / f"kill{number}"
        db = copy_database(base, folder)
        landed_inside, returncode = kill_when_inside(db, target, mode)
        held_now = releases_and_rows(db)  # the first connection recovers what a killed import left
        where = f"kill {number} ({mode}) at statement {target} of {total} (commit at {commit})"
        if mode == "hold":
            assert landed_inside and returncode != 0, where
            assert held_now == (before if target <= commit else after), f"{where} left {held_now}"
        else:
            assert held_now in (before, after), f"{where} left {held_now}"
        assert all(declared == stored for declared, stored in held_now.values()), where
        if any(db.with_name(db.name + side).exists() for side in SIDE_FILES):
            assert releases_and_rows(db) == held_now, where  # a second opening sees the same database
        with ReferenceStore(db) as store:  # the next start: opens, searches, can import again
            assert store.search("J1100", 5), where
            if "HCPCS-2019" not in held_now and number < 2:  # (two: each takes a second)
                assert store.import_release(read_release(data_file(ZIP_2019))).status == "imported", where
        leftovers = sorted(
            p.name for p in folder.iterdir() if p.name not in [db.name] + [db.name + s for s in SIDE_FILES]
        )
        assert not leftovers, f"{where} left {leftovers} after the next start"
        if landed_inside:
            inside.append((target, mode, "HCPCS-2019" in held_now))
    with sqlite3.connect(base) as conn:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    print(f"journal mode {mode}: {len(inside)} of {len(runs)} kills inside the import ({len(held)} held): {inside}")
    assert len([run for run in inside if run[1] == "hold"]) == len(held)  # by construction, whatever the speed
