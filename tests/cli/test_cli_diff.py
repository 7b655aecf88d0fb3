"""`medcode diff` as scripts call it, in a fresh process: spacing-only changes apart in text, JSON and CSV,
and a CSV whose every column is named plainly (the releases in their own columns)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from cli_helpers import as_json, medcode
from conftest import TXT_2018, XLSX_2018, data_file


@pytest.fixture(scope="module")
def twins_2018(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli-diff") / "twins.sqlite"
    for name, label in ((TXT_2018, "TXT-2018"), (XLSX_2018, "XLSX-2018")):
        imported = medcode("import", str(data_file(name)), "--label", label, "--effective", "2018-01-01", db=db)
        assert imported.returncode == 0, imported.stderr
    return db


def test_the_text_lists_spacing_only_changes_apart(twins_2018: Path) -> None:
    result = medcode("diff", "TXT-2018", "XLSX-2018", db=twins_2018)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "TXT-2018 (HCPC2018_CONTR_ANWEB_disc.txt) -> XLSX-2018 (HCPC2018_CONTR_ANWEB_disc.xlsx)"
    assert "Long description changed: 0" in lines
    assert "Spacing only (the same words; not counted as a descriptor change): 35" in lines
    a4221 = next(line for line in lines if line.startswith("  A4221"))
    assert a4221.endswith('[long description: 2 spaces → 1 space between "drugs" and "separately)"]')


def test_the_json_and_csv_carry_spacing_only_and_name_the_releases(twins_2018: Path) -> None:
    view = as_json(medcode("diff", "TXT-2018", "XLSX-2018", "--json", "--only", "spacing_only", db=twins_2018))
    assert view["counts"]["spacing_only"] == len(view["spacing_only"]) == 35
    assert "long_description_changed" not in view  # --only kept just the one kind
    result = medcode("diff", "TXT-2018", "XLSX-2018", "--csv", db=twins_2018)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "change", "code", "kind", "field", "old", "new", "old release", "old file", "new release", "new file"
    ]  # fmt: skip
    assert {row[0] for row in rows[1:]} == {"spacing_only"} and len(rows) == 36
    releases = ["TXT-2018", "HCPC2018_CONTR_ANWEB_disc.txt", "XLSX-2018", "HCPC2018_CONTR_ANWEB_disc.xlsx"]
    assert all(row[6:] == releases for row in rows[1:])
