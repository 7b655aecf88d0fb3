"""The `medcode` command run as a user runs it: a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def medcode(*args: str, db: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "medcode_gui", *(["--db", str(db)] if db else []), *args]
    return subprocess.run(command, capture_output=True, text=True, input=stdin, timeout=120)


def as_json(result: subprocess.CompletedProcess):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
