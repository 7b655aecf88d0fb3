"""The fixed-width PPRRVU reader against the layout in RVU25D.pdf.

No real txt twin of PPRRVU2025_Oct.csv is in ../shared/data, so the round-trip test writes one at test time (into
tmp_path) from the real csv rows, using LAYOUT: text left-aligned, numbers right-aligned, a HDR block first, CRLF
line ends. The only formatting difference from the csv is the one the layout prescribes: PRE OP, INTRA OP and
POST OP have the picture ".99", so the txt holds ".09" where the csv holds "0.09". Four records copied from CMS's
own PPRRVU25_JAN.txt (RVU25A, Level II G codes: public domain) check the positions against real bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PPRRVU, TXT_2019, data_file, pprrvu_rows

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.importers import pprrvu
from medcode_gui.importers.pprrvu_txt import (
    LAYOUT,
    NUMERIC_COLUMNS,
    RECORD_LENGTH,
    looks_like_pprrvu_txt,
    parse_pprrvu_txt,
)

SHARES = ("PRE OP", "INTRA OP", "POST OP")  # picture .99: no leading zero in the txt
LAYOUT_INDEX = {column: i for i, column in enumerate(LAYOUT)}
HEADER = [  # the HDR block of the CMS txt (5-50 holds the copyright statement)
    "HDR CPT CODES AND DESCRIPTIONS ONLY ARE COPYRIGHT ",
    "HDR 2024 AMERICAN MEDICAL ASSOCIATION.  ALL RIGHTS",
    "HDR RESERVED.  APPLICABLE FARS/DFARS APPLY.       ",
]

# Verbatim records of PPRRVU25_JAN.txt (CMS RVU25A, January 2025), 171 characters each.
CMS_RECORDS = [
    "G025226Pet imaging initial dx                            N+  1.50   0.59     0.59    0.03   2.12  2.121XXX"
    ".00.00.0099999             32.3465 090 99      0.00   0.00   0.00",
    "G0276  Pild/placebo control clin tr                      R   7.17   3.03NA   3.03    0.74  10.94 10.940000"
    ".00.00.0022210             32.3465 090 99      0.00   0.00   0.00",
    "G0277  Hbot, full body chamber, 30m                      A   0.00   5.22     5.22NA  0.04   5.26  5.263XXX"
    ".00.00.0000000             32.3465 090 99      0.00   0.00   0.00",
    "G0342  Laparoscopy islet cell trans                      A  11.92   7.88NA   7.88    3.03  22.83 22.830090"
    ".09.81.1020210             32.3465 090 99      0.00   0.00   0.00",
]
# fmt: off
CMS_PARSED = [
    ["G0252", "26", "Pet imaging initial dx", "N", "+", "1.50", "0.59", "", "0.59", "", "0.03", "2.12", "2.12",
     "1", "XXX", ".00", ".00", ".00", "9", "9", "9", "9", "9", "", "32.3465", "09", "0", "99", "0.00", "0.00", "0.00"],
    ["G0276", "", "Pild/placebo control clin tr", "R", "", "7.17", "3.03", "NA", "3.03", "", "0.74", "10.94", "10.94",
     "0", "000", ".00", ".00", ".00", "2", "2", "2", "1", "0", "", "32.3465", "09", "0", "99", "0.00", "0.00", "0.00"],
    ["G0277", "", "Hbot, full body chamber, 30m", "A", "", "0.00", "5.22", "", "5.22", "NA", "0.04", "5.26", "5.26",
     "3", "XXX", ".00", ".00", ".00", "0", "0", "0", "0", "0", "", "32.3465", "09", "0", "99", "0.00", "0.00", "0.00"],
    ["G0342", "", "Laparoscopy islet cell trans", "A", "", "11.92", "7.88", "NA", "7.88", "", "3.03", "22.83", "22.83",
     "0", "090", ".09", ".81", ".10", "2", "0", "2", "1", "0", "", "32.3465", "09", "0", "99", "0.00", "0.00", "0.00"],
]
# fmt: on


def txt_value(column: str, value: str) -> str:
    """A csv value as the txt holds it: the shares lose their leading zero (".09" for "0.09")."""
    return value[1:] if column in SHARES and value.startswith("0.") else value


def record(row: list[str]) -> str:
    """One fixed-width record for a csv row, written as LAYOUT and the PDF's pictures say."""
    line = [" "] * RECORD_LENGTH
    for (column, (begin, end)), value in zip(LAYOUT.items(), row, strict=True):
        width = end - begin + 1
        value = txt_value(column, value)
        assert len(value) <= width, (column, value)
        line[begin - 1 : end] = value.rjust(width) if column in NUMERIC_COLUMNS else value.ljust(width)
    return "".join(line)


def txt_bytes(rows: list[list[str]], newline: str = "\r\n") -> bytes:
    return newline.join([*HEADER, *(record(row) for row in rows), ""]).encode("latin-1")


def as_in_txt(row: list[str]) -> list[str]:
    """The csv row as the txt writes it: shares without their leading zero."""
    return [txt_value(column, value) for column, value in zip(LAYOUT, row, strict=True)]


@pytest.fixture(scope="module")
def csv_rows() -> list[list[str]]:
    return pprrvu_rows()


def test_layout_matches_the_csv_columns_and_the_pdf() -> None:
    assert list(LAYOUT) == pprrvu.COLUMNS
    spans = list(LAYOUT.values())
    assert spans[0] == (1, 5) and spans[-1] == (166, 171)
    assert all(begin <= end for begin, end in spans)
    assert all(spans[i][1] < spans[i + 1][0] for i in range(len(spans) - 1))  # ordered, no overlap
    widths = {column: end - begin + 1 for column, (begin, end) in LAYOUT.items()}
    # Pictures in RVU25D.pdf: 999.99 -> 6, 99.99 -> 5, .99 -> 3, 999.9999 -> 8, X(50) description.
    assert {widths[column] for column in NUMERIC_COLUMNS if column not in (*SHARES, "MP RVU", "CONV FACTOR")} == {6}
    assert (widths["MP RVU"], widths["CONV FACTOR"], widths["DESCRIPTION"]) == (5, 8, 50)
    assert {widths[column] for column in SHARES} == {3}


def test_round_trip_of_all_october_2025_rows(csv_rows: list[list[str]], tmp_path: Path) -> None:
    path = tmp_path / "PPRRVU2025_Oct.txt"
    path.write_bytes(txt_bytes(csv_rows))
    parsed = parse_pprrvu_txt(path.read_bytes())
    assert len(parsed) == len(csv_rows) == 19_090
    mismatches = [(got, want) for got, want in zip(parsed, csv_rows, strict=True) if got != as_in_txt(want)]
    assert mismatches == []
    # The shares are the only fields that differ from the csv, and only by the leading zero.
    shares = [LAYOUT_INDEX[column] for column in SHARES]
    pairs = zip(parsed, csv_rows, strict=True)
    differing = {i for got, want in pairs for i, (a, b) in enumerate(zip(got, want, strict=True)) if a != b}
    assert differing == set(shares)
    assert looks_like_pprrvu_txt(path.read_bytes())


def test_real_cms_records() -> None:
    data = "\n".join([*HEADER, *CMS_RECORDS]).encode("latin-1")  # LF, trailing blanks cut at 171
    assert parse_pprrvu_txt(data) == CMS_PARSED
    assert looks_like_pprrvu_txt(data)
    assert [record(row).rstrip() for row in CMS_PARSED] == CMS_RECORDS  # the test's writer makes CMS's bytes


def test_blank_lines_header_records_and_line_ends(csv_rows: list[list[str]]) -> None:
    rows = csv_rows[:5]
    lf = txt_bytes(rows, "\n")
    crlf_with_blanks = b"\r\n\r\n" + txt_bytes(rows).replace(b"\r\n", b"\r\n   \r\n") + b"\x1a"
    assert parse_pprrvu_txt(lf) == parse_pprrvu_txt(crlf_with_blanks) == [as_in_txt(row) for row in rows]


def test_latin1_description() -> None:
    row = CMS_PARSED[0].copy()
    row[2] = "Caf\xe9 test \x85 descriptor"  # 0x85 must not split the line
    assert parse_pprrvu_txt(record(row).encode("latin-1"))[0][2] == row[2]


def test_short_line_is_refused(csv_rows: list[list[str]]) -> None:
    lines = txt_bytes(csv_rows[:3], "\n").split(b"\n")
    lines[4] = lines[4][:90]  # the second record, cut after the malpractice RVU
    with pytest.raises(ImportFormatError, match=r"Line 5 .*NON-FACILITY TOTAL in positions 91-96 holds ''"):
        parse_pprrvu_txt(b"\n".join(lines))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n\n",
        "\n".join(HEADER).encode(),
        b"hello world\n",
        b"HCPCS,MOD,DESCRIPTION,STATUS CODE\n0001F,,Heart failure composite,I\n",
        bytes(range(256)) * 4,
    ],
    ids=["empty", "blank", "header-only", "text", "csv", "binary"],
)
def test_garbage_is_refused(data: bytes) -> None:
    assert not looks_like_pprrvu_txt(data)
    with pytest.raises(ImportFormatError):
        parse_pprrvu_txt(data)


def test_not_taken_for_other_cms_files(csv_rows: list[list[str]]) -> None:
    assert not looks_like_pprrvu_txt(data_file(TXT_2019).read_bytes())
    assert not looks_like_pprrvu_txt(data_file(PPRRVU).read_bytes())
    # A shifted record (one blank too many after the code) is not a record.
    shifted = "\n".join([*HEADER, " " + record(csv_rows[0])]).encode()
    assert not looks_like_pprrvu_txt(shifted)
