"""Temporary databases a killed first start left (issue 16): removed by the next start, never one another
process is still making (its pid running, or too young)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from medcode_gui.store.connection import new_database_file, remove_orphans


def dead_pid() -> int:
    """The pid of a process that has ended (so none runs with it, barring a reuse in the meantime)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def running_pid():
    """A process that runs until the test ends (it waits for its stdin to close)."""
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    yield child.pid
    child.stdin.close()
    child.wait()


def leave(folder: Path, name: str, age_s: float = 3600) -> Path:
    path = folder / name
    path.write_bytes(b"half a database")
    then = time.time() - age_s
    os.utime(path, (then, then))
    return path


def test_a_new_database_file_is_named_with_its_makers_pid(tmp_path: Path) -> None:
    with new_database_file(tmp_path / "reference.sqlite", ".medcode-new-", "the database") as temp:
        assert temp.name.startswith(f".medcode-new-{os.getpid()}-")
        assert remove_orphans(tmp_path, min_age_s=0) == []  # this process runs: its file stays
        assert temp.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows: pids are not asked (a held file cannot be deleted)")
def test_orphans_of_ended_processes_go_and_the_rest_stays(tmp_path: Path, running_pid: int) -> None:
    dead = dead_pid()
    orphans = [
        leave(tmp_path, f".medcode-new-{dead}-k2j4.sqlite"),
        leave(tmp_path, f".medcode-new-{dead}-k2j4.sqlite-journal"),
        leave(tmp_path, f".medcode-user-{dead}-x9.sqlite-wal"),
        leave(tmp_path, ".medcode-new-ab12cd.sqlite-shm"),  # an older version's name: no pid, old enough
    ]
    kept = [
        leave(tmp_path, f".medcode-new-{running_pid}-zz.sqlite"),  # its maker still runs
        leave(tmp_path, f".medcode-new-{dead}-young.sqlite", age_s=5),  # too young to be sure
        leave(tmp_path, "reference.sqlite"),
        leave(tmp_path, "reference.sqlite.damaged-20260101-120000"),
        leave(tmp_path, ".medcode-new-notes.txt"),
    ]
    assert sorted(remove_orphans(tmp_path)) == sorted(orphans)
    assert [p for p in orphans if p.exists()] == []
    assert all(p.exists() for p in kept)


def test_a_missing_folder_has_no_orphans(tmp_path: Path) -> None:
    assert remove_orphans(tmp_path / "nowhere") == []
