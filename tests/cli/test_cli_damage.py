"""`medcode` on a damaged database (issue 16): one sentence naming the file and what to do, no traceback;
an import into it is refused and writes nothing."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import medcode
from conftest import TXT_2018, data_file


def said(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def test_a_search_meeting_damage_is_one_sentence_naming_the_file(damaged_db: Path) -> None:
    result = medcode("search", "J1100", db=damaged_db)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = said(result.stderr)
    assert str(damaged_db) in line and "is damaged" in line and "move it away" in line


def test_a_lookup_meeting_damage_is_one_sentence(damaged_db: Path) -> None:
    result = medcode("lookup", "J1100", db=damaged_db)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(said(result.stderr)) == 1 and "is damaged" in result.stderr


def test_an_import_into_a_damaged_database_is_refused_and_writes_nothing(damaged_db: Path) -> None:
    before = damaged_db.read_bytes()
    result = medcode("import", str(data_file(TXT_2018)), db=damaged_db)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "is damaged" in result.stderr and "nothing was imported" in result.stderr
    assert damaged_db.read_bytes() == before
    assert not damaged_db.with_name(damaged_db.name + "-journal").exists()
