"""The DMEPOS fee schedule: one row per code and modifier pair, every state's amounts raw."""

from __future__ import annotations

import csv

from conftest import DMEPOS_CSV, data_file

from medcode_gui.importers import read_release


def test_every_code_and_modifier_pair_is_a_row_with_every_column() -> None:
    parsed = read_release(data_file(DMEPOS_CSV))
    with data_file(DMEPOS_CSV).open(encoding="cp1252", newline="") as handle:
        lines = list(csv.reader(handle))
    header, rows = lines[6], lines[7:]
    assert len(parsed.schedule_rows) == len(rows) == 3511
    for read, row in zip(parsed.schedule_rows, rows, strict=True):
        assert read.fields == dict(zip(header, row, strict=True))
    e0100 = [r for r in parsed.schedule_rows if r.code == "E0100"]
    assert [(r.key, r.modifier) for r in e0100] == [("E0100|NU|", "NU"), ("E0100|RR|", "RR"), ("E0100|UE|", "UE")]
    new = e0100[0].fields
    assert (new["AL (NR)"], new["AL (R)"], new["Ceiling"], new["Floor"]) == ("29.45", "0.00", "29.45", "25.03")
    two = next(r for r in parsed.schedule_rows if r.fields["Mod2"])
    assert two.modifier == f"{two.fields['Mod']} {two.fields['Mod2']}"
