"""OPPS Addendum B: every code with its status indicator, APC, weight, rate and copayments, raw."""

from __future__ import annotations

from conftest import OPPS_XLSX, data_file
from python_calamine import CalamineWorkbook

from medcode_gui.importers import read_release


def test_every_code_is_read_under_its_heading_without_the_stray_spaces() -> None:
    parsed = read_release(data_file(OPPS_XLSX))
    sheet = CalamineWorkbook.from_path(data_file(OPPS_XLSX)).get_sheet_by_index(0).to_python()
    assert sheet[3][2:4] == [" SI", "APC "]  # CMS's headings, stray spaces and all
    rows = sheet[4:]
    assert len(parsed.schedule_rows) == len(rows) == 17347
    by_code = {r.code: r for r in parsed.schedule_rows}
    row = next(r for r in rows if r[0] == "66984")
    fields = by_code["66984"].fields
    assert (fields["SI"], fields["APC"]) == (row[2], row[3]) == ("J1", "5491")
    assert float(fields["Relative Weight"]) == row[4] and float(fields["Payment Rate"]) == row[5] == 2120.86
    assert fields["National Unadjusted Copayment"] == row[6] == "."  # CMS's "none"
    assert float(fields["Minimum Unadjusted Copayment"]) == row[7]
    assert fields["Payment Rate"] == "2120.86" and by_code["0001A"].fields["Payment Rate"] == "40"  # no float noise
