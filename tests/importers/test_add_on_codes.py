"""The NCCI add-on code workbook: every pair, each row as the file gives it, pairs over several periods kept."""

from __future__ import annotations

from collections import Counter

from conftest import AOC_XLSX, data_file
from python_calamine import CalamineWorkbook

from medcode_gui.importers import read_release


def test_every_pair_is_read_with_its_columns_raw() -> None:
    parsed = read_release(data_file(AOC_XLSX))
    sheet = CalamineWorkbook.from_path(data_file(AOC_XLSX)).get_sheet_by_index(0).to_python()
    header, rows = [str(cell) for cell in sheet[1]], sheet[2:]
    assert len(parsed.schedule_rows) == len(rows) == 9000
    assert Counter(r.fields["AOC_Edit_Type"] for r in parsed.schedule_rows) == {"1": 8293, "3": 660, "2": 47}
    for read, row in zip(parsed.schedule_rows, rows, strict=True):  # field by field, in file order
        assert read.fields == dict(zip(header, [str(cell) for cell in row], strict=True))
        assert (read.code, read.paired_code) == (row[1], row[3])
    contractor = [r for r in parsed.schedule_rows if r.paired_code == "CCCCC"]
    assert len(contractor) == 55 and {r.fields["AOC_Edit_Type"] for r in contractor} == {"2", "3"}


def test_a_pair_over_two_periods_is_two_rows() -> None:
    parsed = read_release(data_file(AOC_XLSX))
    pair = [r for r in parsed.schedule_rows if (r.code, r.paired_code) == ("20701", "11010")]
    assert [(r.fields["AOC_Edit_Type"], r.fields["AOC_Edit_EffDT"], r.fields["AOC_Edit_DelDT"]) for r in pair] == [
        ("3", "2023001", ""),
        ("1", "2020001", "2022365"),
    ]
