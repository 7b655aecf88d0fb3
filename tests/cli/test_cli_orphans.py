"""Orphaned temporary databases (a first run killed while making the database) are removed when `medcode`
opens a database, as at the window's start: the CLI makes the database on first use too (issue 16, item 3)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from cli_helpers import medcode


def dead_pid() -> int:
    """The pid of a process that has ended (so none runs with it, barring a reuse in the meantime)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def leave(folder: Path, name: str, age_s: float = 3600) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"half a database")
    then = time.time() - age_s
    os.utime(path, (then, then))
    return path


def test_a_command_on_the_reference_database_removes_its_orphans(tmp_path: Path) -> None:
    dead = dead_pid()
    orphans = [
        leave(tmp_path, f".medcode-new-{dead}-k2j4.sqlite"),
        leave(tmp_path, f".medcode-new-{dead}-k2j4.sqlite-journal"),
    ]
    young = leave(tmp_path, f".medcode-new-{dead}-young.sqlite", age_s=5)  # may still be in the making
    result = medcode("releases", db=tmp_path / "reference.sqlite")  # the first use makes the database
    assert result.returncode == 0, result.stderr
    assert [path.name for path in orphans if path.exists()] == []
    assert young.exists() and (tmp_path / "reference.sqlite").exists()


def test_a_list_command_removes_the_orphans_beside_the_user_database(tmp_path: Path) -> None:
    user_folder = tmp_path / "user"
    orphan = leave(user_folder, f".medcode-user-{dead_pid()}-x9.sqlite-wal")
    result = medcode("list", "--user-db", str(user_folder / "user.sqlite"), db=tmp_path / "reference.sqlite")
    assert result.returncode == 0, result.stderr
    assert not orphan.exists()
    assert (user_folder / "user.sqlite").exists()
