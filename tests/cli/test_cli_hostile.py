"""Hostile input and outputs on the command line: formula cells neutralised in every CSV, bad stdin and bad
node names as one sentence, release labels checked."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import medcode
from conftest import FORMULA, LINK

from medcode_gui.store.user_store import USER_DB_ENV


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_compare_csv_neutralises_formula_cells(hostile_db: Path) -> None:
    result = medcode("compare", "J1100", "J9000", "--csv", db=hostile_db)
    assert result.returncode == 0, result.stderr
    rows = {row[0]: row[1:] for row in table(result.stdout)}
    assert [rows["Short description"][i] for i in (0, 4, 8)] == ["'" + FORMULA, "'@SUM(1+1)", "yes"]


def test_diff_csv_neutralises_formula_cells(hostile_db: Path) -> None:
    result = medcode("diff", "HOSTILE-1", "HOSTILE-2", "--csv", db=hostile_db)
    assert result.returncode == 0, result.stderr
    changes = {(row[1], row[3]): (row[4], row[5]) for row in table(result.stdout)[1:]}
    assert changes["J1100", "short description"] == ("Plain steroid injection", "'" + FORMULA)
    assert changes["J9000", "short description"] == (LINK, "'@SUM(1+1)")


def test_list_export_neutralises_formula_cells(
    hostile_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(USER_DB_ENV, str(tmp_path / "user.sqlite"))
    added = medcode("list", "add", "Injected", "J1100", "J9000", "--create", db=hostile_db)
    assert added.returncode == 0, added.stderr
    result = medcode("list", "export", "Injected", db=hostile_db)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [(row["code"], row["short_description"]) for row in rows] == [
        ("J1100", "'" + FORMULA),
        ("J9000", "'@SUM(1+1)"),
    ]


def test_search_stdin_that_is_not_utf8_is_one_sentence(hostile_db: Path) -> None:
    command = [sys.executable, "-m", "medcode_gui", "--db", str(hostile_db), "search", "--stdin"]
    result = subprocess.run(command, input=b"J1100\n\xff\xfe bad\n", capture_output=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.decode() == "Error: Line 2 of the standard input is not UTF-8 text; save it as UTF-8.\n"
    assert result.stdout.decode().count("\n") == 1  # the line before was answered


def test_level_one_with_an_unknown_section_is_one_sentence(hostile_db: Path) -> None:
    result = medcode("level-one", "--section", "../../etc", db=hostile_db)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: There is no outline node '../../etc';") and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("label", "sentence"),
    [
        ("HCPCS\n2019", "A release label holds printable characters only: no line breaks, tabs or escapes."),
        ("\x1b[31mRED", "A release label holds printable characters only: no line breaks, tabs or escapes."),
        ("x" * 20_000, "A release label holds at most 64 characters; this one has 20,000."),
    ],
)
def test_a_bad_release_label_is_refused_and_nothing_is_stored(tmp_path: Path, label: str, sentence: str) -> None:
    source = tmp_path / "codes.csv"
    source.write_text("code,description\nJ1100,Invented steroid injection\n")
    db = tmp_path / "ref.sqlite"
    result = medcode("import", str(source), "--label", label, "--effective", "2024-01-01", db=db)
    assert result.returncode == 1
    assert result.stderr.strip().endswith(sentence) and label not in result.stderr
    assert "CUSTOM" not in medcode("releases", db=db).stdout
