"""The clinical lab fee schedule: every code and modifier with its rate, raw; the quarter from its dates."""

from __future__ import annotations

import csv

from conftest import CLFS_CSV, data_file

from medcode_gui.importers import read_release


def test_every_code_and_modifier_is_a_row_with_every_column() -> None:
    parsed = read_release(data_file(CLFS_CSV))
    with data_file(CLFS_CSV).open(encoding="cp1252", newline="") as handle:
        lines = list(csv.reader(handle))
    header, rows = lines[4], lines[5:]
    assert len(parsed.schedule_rows) == len(rows) == 2105
    for read, row in zip(parsed.schedule_rows, rows, strict=True):
        assert read.fields == dict(zip(header, row, strict=True))
    panel = [r for r in parsed.schedule_rows if r.code == "80053"]
    assert [(r.modifier, r.fields["RATE"]) for r in panel] == [("", "00010.56"), ("QW", "00010.56")]
    # The title names the year only; the quarter is the latest EFF_DATE (codes added 2025-04-01).
    assert max(r.fields["EFF_DATE"] for r in parsed.schedule_rows) == "20250401"
    assert parsed.info.label == "CLFS-2025-Q2"
