"""ASC Addendum AA: found among the zip's seven addenda, every code with its indicator and rate raw."""

from __future__ import annotations

import csv
import io
import zipfile

from conftest import ASC_ZIP, data_file

from medcode_gui.importers import read_release

MEMBER = "508-Version-Jan-2025-ASC-AA.csv"


def test_addendum_aa_is_read_row_by_row_up_to_its_notes() -> None:
    parsed = read_release(data_file(ASC_ZIP))
    with zipfile.ZipFile(data_file(ASC_ZIP)) as archive:
        lines = list(csv.reader(io.TextIOWrapper(archive.open(MEMBER), encoding="cp1252", newline="")))
    header, rows = lines[3], [row for row in lines[4:] if len(row[0]) == 5]
    assert parsed.info.source_member == MEMBER
    assert len(parsed.schedule_rows) == len(rows) == 4183
    names = [h.strip() or "column 2" for h in header]
    for read, row in zip(parsed.schedule_rows, rows, strict=True):
        assert read.fields == dict(zip(names, [cell.strip() for cell in row], strict=True))
    cataract = next(r for r in parsed.schedule_rows if r.code == "66984").fields
    assert (cataract["January 2025 Payment Indicator"], cataract["January 2025 Payment Rate"]) == ("A2", "$1,214.31")
