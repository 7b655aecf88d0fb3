"""Release names and dates inferred from what a file holds (issue 18): two-digit years, re-posted names, and
renamed files dated from their own records, sheet name or title. The rules are general: nothing below names a
year the code knows in advance."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import TXT_2018, TXT_2019, XLSX_2019, data_file

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.importers import read_release
from medcode_gui.importers.release_naming import release_from_contents, release_from_names


def copied(relative: str, folder: Path, name: str) -> Path:
    target = folder / name
    shutil.copyfile(data_file(relative), target)
    return target


@pytest.mark.parametrize(
    ("name", "label", "effective"),
    [
        ("HCPC17_CONTR_ANWEB.txt", "HCPCS-2017", "2017-01-01"),
        ("HCPC2026_JAN_ANWEB_01122026.xlsx", "HCPCS-2026-JAN", "2026-01-01"),
        ("HCPC2025_OCT_ANWEB_v3_09152025.xlsx", "HCPCS-2025-OCT", "2025-10-01"),
        ("HCPCS21_APR_ANWEB.xlsx", "HCPCS-2021-APR", "2021-04-01"),
    ],
)
def test_names_with_two_digit_years_and_posting_dates(name: str, label: str, effective: str) -> None:
    assert release_from_names("HCPCS", name) == (label, effective)


@pytest.mark.parametrize(("relative", "name", "label"), [(TXT_2018, "HCPC18_CONTR_ANWEB.txt", "HCPCS-2018"),
                                                        (TXT_2019, "HCPC19_CONTR_ANWEB.txt", "HCPCS-2019")])
def test_two_digit_year_files_are_named(tmp_path: Path, relative: str, name: str, label: str) -> None:
    parsed = read_release(copied(relative, tmp_path, name))
    assert (parsed.info.label, parsed.info.effective_date) == (label, f"{label[-4:]}-01-01")
    assert parsed.naming_note == ""  # the name said it


@pytest.mark.parametrize(
    ("relative", "name", "label", "carried"),
    [(TXT_2018, "hcpcs.txt", "HCPCS-2018", 305), (TXT_2019, "hcpcs.txt", "HCPCS-2019", 370),
     (XLSX_2019, "anweb.xlsx", "HCPCS-2019", 370)],
)
def test_renamed_files_are_dated_from_their_records(
    tmp_path: Path, relative: str, name: str, label: str, carried: int
) -> None:
    parsed = read_release(copied(relative, tmp_path, name))
    effective = f"{label[-4:]}-01-01"
    assert (parsed.info.label, parsed.info.effective_date) == (label, effective)
    assert parsed.naming_note == (
        f"label {label} inferred from the file's contents (newest action date {effective}, on {carried} records); "
        "give --label/--effective to override"
    )


def test_the_2019_xlsx_with_its_header_on_row_1(tmp_path: Path) -> None:
    """No disclaimer rows above the header: the records' dates alone name the release."""
    import xlsxwriter  # a test dependency (pyproject's test extras), never skipped
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(data_file(XLSX_2019)).get_sheet_by_index(0).to_python()
    header = next(i for i, row in enumerate(rows) if "LONG DESCRIPTION" in row)
    target = tmp_path / "anweb.xlsx"
    with xlsxwriter.Workbook(str(target)) as book:
        sheet = book.add_worksheet("Sheet1")
        for number, row in enumerate(rows[header:]):
            sheet.write_row(number, 0, [cell if cell != "" else None for cell in row])
    parsed = read_release(target)
    assert (parsed.info.label, parsed.info.effective_date) == ("HCPCS-2019", "2019-01-01")
    assert len(parsed.records) == 6800
    assert "newest action date 2019-01-01" in parsed.naming_note


def test_label_and_effective_still_win(tmp_path: Path) -> None:
    parsed = read_release(copied(TXT_2019, tmp_path, "hcpcs.txt"), "Mine", "2019-02-01")
    assert (parsed.info.label, parsed.info.effective_date, parsed.naming_note) == ("Mine", "2019-02-01", "")


def test_a_quarterly_date_gives_the_quarterly_label_and_rare_dates_are_announcements() -> None:
    dates = ["2020-01-01"] * 300 + ["2020-04-01"] * 40 + ["2020-07-01"] * 2 + ["2020-03-17"] * 9
    assert release_from_contents("HCPCS", dates)[:2] == ("HCPCS-2020-APR", "2020-04-01")
    assert release_from_contents("HCPCS", ["2021-01-01"] * 3)[:2] == ("HCPCS-2021", "2021-01-01")


def test_without_dates_a_year_named_inside_the_file_is_used() -> None:
    found = release_from_contents("HCPCS", [None, "2017-07-01"], ["Disclaimer", "HCPCS_2018_Alpha"])
    assert found == ("HCPCS-2018", "2018-01-01", "the file says \u201cHCPCS_2018_Alpha\u201d")
    assert release_from_contents("HCPCS", [], ["NOC CODES - HCPCS 2019"])[:2] == ("HCPCS-2019", "2019-01-01")
    assert release_from_contents("HCPCS", [], ["nothing here"]) is None


def test_a_file_saying_nothing_is_still_refused(tmp_path: Path) -> None:
    lines = data_file(TXT_2019).read_bytes().splitlines(keepends=True)
    records = [line for line in lines if line[5:10].isdigit()][:40]
    blank = [line[:276] + b" " * 8 + line[284:] if len(line) > 284 else line for line in records]
    target = tmp_path / "codes.txt"
    target.write_bytes(b"".join(blank))
    with pytest.raises(ImportFormatError, match="does not say which release it is"):
        read_release(target)
