"""Hostile files (issue 16, item 4): each is refused by `medcode import`, run as a user runs it, in a fresh
process, with one sentence, in bounded time and within 300 MB of peak memory.

The elapsed-time bound is a hang guard (generous, not a timing test); the figures themselves are in
docs/benchmarks.md. Memory is the child's peak resident size (ru_maxrss), measured by a small parent process
of its own so that no other test's child can be counted; where the platform has no `resource` module
(Windows) the peak is not available and only the exit, the sentence and the time are checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import hostile_files
import pytest

MEMORY_LIMIT_MB = 300  # the bound on a refused hostile file
HANG_GUARD_S = 30  # the bound is 10 s; this only catches a hang or a return to minutes

# Runs the import as its child and prints {"code", "stderr", "peak_mb"}: ru_maxrss of RUSAGE_CHILDREN is the
# peak of the one child this parent ever had (kilobytes on Linux, bytes on macOS).
_MEASURE = """
import json, subprocess, sys
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
try:
    import resource
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_mb = peak / 2**20 if sys.platform == "darwin" else peak / 1024
except ImportError:
    peak_mb = None
print(json.dumps({"code": result.returncode, "stderr": result.stderr, "peak_mb": peak_mb}))
"""


def import_measured(file: Path, db: Path) -> tuple[dict, float]:
    medcode = [sys.executable, "-m", "medcode_gui", "--db", str(db), "import", str(file)]
    command = [sys.executable, "-c", _MEASURE, *medcode]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), elapsed


def assert_refused(file: Path, db: Path, words: str) -> None:
    """Exit 1, one sentence on stderr naming the problem (no traceback), within the time and memory bounds."""
    outcome, elapsed = import_measured(file, db)
    stderr = outcome["stderr"]
    assert outcome["code"] == 1, stderr
    assert "Traceback" not in stderr and "Error" not in stderr.replace("Error:", ""), stderr
    sentence = stderr.strip().splitlines()[-1]
    assert words in sentence, sentence
    assert sentence.endswith("."), sentence
    assert elapsed < HANG_GUARD_S, f"{file.name} took {elapsed:.1f} s"
    if outcome["peak_mb"] is not None:
        assert outcome["peak_mb"] <= MEMORY_LIMIT_MB, f"{file.name} peaked at {outcome['peak_mb']:.0f} MB"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "hostile.sqlite"


def test_xlsx_whose_sheet_inflates_to_1_6_gb_is_refused(tmp_path: Path, db: Path) -> None:
    bomb = hostile_files.xlsx_bomb(tmp_path)
    assert bomb.stat().st_size < 10 * 2**20  # small on disk: the attack is the inflation
    assert_refused(bomb, db, "xl/worksheets/sheet1.xml")


def test_xlsx_bomb_under_the_part_limit_is_refused_by_its_ratio(tmp_path: Path, db: Path) -> None:
    """40 MB of sheet XML is under the 48 MB part limit; packed a thousand to one, it is refused all the same."""
    assert_refused(hostile_files.xlsx_bomb(tmp_path, inflated_mb=40), db, "as only a zip bomb is")


def test_zip_of_100_members_of_199_mb_is_refused(tmp_path: Path, db: Path) -> None:
    assert_refused(hostile_files.zip_of_many_members(tmp_path), db, "absurd size")


def test_zip_of_members_each_under_the_limit_is_refused_by_its_total(tmp_path: Path, db: Path) -> None:
    """Five members of 30 MB pass the member limit (64 MB) but not the archive's total (128 MB)."""
    path = hostile_files.zip_of_many_members(tmp_path, members=5, member_mb=30, ratio_ok=True)
    assert_refused(path, db, "unpacks to more than 128 MB")


@pytest.mark.parametrize("kind", sorted(hostile_files.JUNK_HEADERS))
def test_200_mb_of_junk_under_a_valid_header_is_refused(tmp_path: Path, db: Path, kind: str) -> None:
    path = hostile_files.junk_under_header(tmp_path, kind, size_mb=200)
    words = "holds no HCPCS or CPT4 concepts" if kind == "athena" else "far larger than any"
    assert_refused(path, db, words)


@pytest.mark.parametrize(
    ("kind", "size_mb", "words"),
    [
        ("generic-csv", 30, "line 2: 'ZZZZZ-junk-row' is not a CPT or HCPCS code"),
        ("pprrvu-csv", 15, "line 3 has 3 columns instead of 31"),
        ("athena", 30, "holds no HCPCS or CPT4 concepts"),
    ],
)
def test_junk_under_the_size_limit_is_refused_at_its_first_row(
    tmp_path: Path, db: Path, kind: str, size_mb: int, words: str
) -> None:
    """Within each format's size limit the rows are streamed: the first junk row refuses the file at once (Athena,
    whose exports hold other vocabularies, streams to the end keeping nothing)."""
    assert_refused(hostile_files.junk_under_header(tmp_path, kind, size_mb=size_mb), db, words)


def test_a_device_that_never_ends_is_refused(db: Path) -> None:
    device = hostile_files.endless_device()
    # Windows' NUL is refused as a device or as empty, depending on the version: its name is in either sentence.
    assert_refused(device, db, "/dev/zero is not a regular file" if device.name == "zero" else device.name)
