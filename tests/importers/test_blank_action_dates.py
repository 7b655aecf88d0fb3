"""The 2019 xlsx leaves ACT EFF DT blank for 116 codes (PROVENANCE.md): 115 that the txt dates, and A5513,
blank in the txt as well (docs/data-notes.md). The G0503 overflow row, not a code, is a blank cell too."""

from __future__ import annotations

from conftest import TXT_2019, XLSX_2019, data_file
from python_calamine import CalamineWorkbook

from medcode_gui.importers import read_release


def test_the_116th_blank_action_date_is_a5513_blank_in_both_twins() -> None:
    from_xlsx, from_txt = read_release(data_file(XLSX_2019)), read_release(data_file(TXT_2019))
    txt = {(r.code, r.kind): r for r in from_txt.records}
    blank = [(r.code, r.kind) for r in from_xlsx.records if not r.fields["ACT EFF DT"]]
    assert len(blank) == 116
    assert [key for key in blank if not txt[key].fields["ACT EFF DT"]] == [("A5513", "code")]
    assert [(r.code, r.kind) for r in from_txt.records if not r.fields["ACT EFF DT"]] == [("A5513", "code")]


def test_the_sheet_holds_one_more_blank_cell_the_g0503_overflow_row() -> None:
    """Read from the sheet itself, not through the importer: 117 blank cells, the 117th on the row that
    carries the end of G0503's long descriptor."""
    rows = CalamineWorkbook.from_path(str(data_file(XLSX_2019))).get_sheet_by_index(0).to_python()
    header = next(i for i, row in enumerate(rows) if row and row[0] == "HCPC")
    column = rows[header].index("ACT EFF DT")
    blank = [row for row in rows[header + 1 :] if str(row[column]).strip() == ""]
    assert len(blank) == 117
    named = [(str(row[0]).strip(), row[1], row[2]) for row in blank if str(row[0]).strip() in {"A5513", "G0503"}]
    assert named == [("A5513", "0010", "3"), ("G0503", "0020", "4")]  # RECID 4: a continuation, not a code
