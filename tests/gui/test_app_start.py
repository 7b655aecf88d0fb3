"""`medcode-gui` starting (issue 16): the temporary databases a start killed while making its database left
behind are removed, in the reference database's folder and in the user database's."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


@pytest.mark.skipif(sys.platform == "win32", reason="Windows: pids are not asked (a held file cannot be deleted)")
def test_the_next_start_removes_what_a_killed_first_start_left(tmp_path: Path, sound_2019_db: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # its pid is now that of no process: the killed start's
    data, user = tmp_path / "data", tmp_path / "user"
    data.mkdir(), user.mkdir()
    (data / "reference.sqlite").write_bytes(sound_2019_db.read_bytes())
    left = [
        data / f".medcode-new-{child.pid}-q1w2.sqlite",
        data / f".medcode-new-{child.pid}-q1w2.sqlite-journal",
        user / f".medcode-user-{child.pid}-e3r4.sqlite",
    ]
    then = time.time() - 3600
    for path in left:
        path.write_bytes(b"half a database")
        os.utime(path, (then, then))
    result = subprocess.run(
        [sys.executable, "-m", "medcode_gui.gui.app", "--db", str(data / "reference.sqlite"), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MEDCODE_USER_DB": str(user / "user.sqlite")},
    )
    assert result.returncode == 0, result.stderr
    assert [path for path in left if path.exists()] == []
    assert (data / "reference.sqlite").exists()
