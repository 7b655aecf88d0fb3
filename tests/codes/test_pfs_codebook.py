"""Checks for resources/pfs_codebook.json and medcode_gui.codes.pfs_codebook against the real PPRRVU2025_Oct.csv.

The codebook transcribes the value tables of RVU25D.pdf (record layout and Attachment A). Every coded value that
occurs in the October 2025 file must decode, apart from the gaps listed in KNOWN_GAPS.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from conftest import REPO_ROOT, pprrvu_rows

from medcode_gui.codes.pfs_codebook import (
    LABELS,
    PFS_AMOUNT_FIELDS,
    UNDOCUMENTED,
    coded_columns,
    decode_pfs,
    pfs_codebook,
    pfs_label,
    pfs_meaning,
)
from medcode_gui.importers.pprrvu_txt import LAYOUT

CODEBOOK_PATH = REPO_ROOT / "resources" / "pfs_codebook.json"
COLUMNS = list(LAYOUT)

CODED = [
    "STATUS CODE",
    "MOD",
    "NOT USED FOR MEDICARE PAYMENT",
    "NON-FAC NA INDICATOR",
    "FACILITY NA INDICATOR",
    "PCTC IND",
    "GLOB DAYS",
    "MULT PROC",
    "BILAT SURG",
    "ASST SURG",
    "CO-SURG",
    "TEAM SURG",
    "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES",
    "CALCULATION FLAG",
    "DIAGNOSTIC IMAGING FAMILY INDICATOR",
]

# RVU25D.pdf has no entry for the NOT USED FOR MEDICARE PAYMENT column: neither a position in the record layout nor
# a meaning for its "+" (148 rows of the October 2025 file, e.g. 99387). Nothing else in the file is undocumented.
KNOWN_GAPS = {"NOT USED FOR MEDICARE PAYMENT": {"+"}}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return [dict(zip(COLUMNS, row, strict=True)) for row in pprrvu_rows()]


def row_for(rows: list[dict[str, str]], code: str, modifier: str = "") -> dict[str, str]:
    return next(row for row in rows if row["HCPCS"] == code and row["MOD"] == modifier)


def by_column(entries: list[dict]) -> dict[str, dict]:
    return {entry["field"]: entry for entry in entries}


def test_packaged_codebook_is_the_resource_file() -> None:
    assert pfs_codebook() == json.loads(CODEBOOK_PATH.read_text(encoding="utf-8"))


def test_source_and_table_shape() -> None:
    book = pfs_codebook()
    assert book["_source"]["document"] == "CMS RVU25D record layout (RVU25D.pdf)"
    assert book["_source"]["note"] == "public domain, transcribed"
    assert book["_source"]["release"]
    for name, table in book.items():
        if name.startswith("_"):
            continue
        assert {"field", "column", "values", "pdf_pages"} <= set(table), name
        assert table["column"] in COLUMNS, name
        assert all(1 <= page <= 22 for page in table["pdf_pages"]), name
        assert all(isinstance(words, str) and words.strip() for words in table["values"].values()), name
    assert sorted(coded_columns()) == sorted(CODED)


def test_tables_hold_every_value_the_layout_lists() -> None:
    expected = {
        "STATUS CODE": "A B C D E F G H I J M N P R T X",
        "MOD": "26 TC 53",
        "PCTC IND": "0 1 2 3 4 5 6 7 8 9",
        "GLOB DAYS": "000 010 090 MMM XXX YYY ZZZ",
        "MULT PROC": "0 1 2 3 4 5 6 7 9",  # the layout has no 8
        "BILAT SURG": "0 1 2 3 9",
        "ASST SURG": "0 1 2 9",
        "CO-SURG": "0 1 2 9",
        "TEAM SURG": "0 1 2 9",
        "NON-FAC NA INDICATOR": "NA",
        "FACILITY NA INDICATOR": "NA",
        "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES": "01 02 03 04 05 06 21 22 66 6A 77 7A 09",
        "CALCULATION FLAG": "0",
        "DIAGNOSTIC IMAGING FAMILY INDICATOR": "01 02 03 04 05 06 07 08 09 10 11 88 99",
        "NOT USED FOR MEDICARE PAYMENT": "",
    }
    for column, values in expected.items():
        assert sorted(coded_columns()[column]["values"]) == sorted(values.split()), column


def test_every_value_in_the_october_2025_file_is_documented(rows: list[dict[str, str]]) -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for column in CODED:
            if row[column].strip():  # a blank cell is "no modifier", "not NA", "no flag"
                seen[column].add(row[column].strip())
    undocumented = {
        column: sorted(value for value in values if pfs_meaning(column, value) is None)
        for column, values in seen.items()
    }
    undocumented = {column: values for column, values in undocumented.items() if values}
    print("undocumented values:", undocumented)
    assert undocumented == {column: sorted(values) for column, values in KNOWN_GAPS.items()}


def test_known_gap_decodes_to_none_with_a_note(rows: list[dict[str, str]]) -> None:
    entry = by_column(decode_pfs(row_for(rows, "99387")))["NOT USED FOR MEDICARE PAYMENT"]
    assert entry == {
        "field": "NOT USED FOR MEDICARE PAYMENT",
        "label": "Not used for Medicare payment",
        "code": "+",
        "meaning": None,
        "note": UNDOCUMENTED,
    }


def test_colonoscopy_45378(rows: list[dict[str, str]]) -> None:
    decoded = by_column(decode_pfs(row_for(rows, "45378")))
    status = decoded["STATUS CODE"]
    assert (status["label"], status["code"]) == ("Status", "A")
    assert status["meaning"].startswith("Active Code. These codes are paid separately under the physician fee")
    assert decoded["GLOB DAYS"]["code"] == "000"
    assert decoded["GLOB DAYS"]["meaning"].startswith("Endoscopic or minor procedure")
    assert decoded["MULT PROC"]["meaning"].startswith("Standard payment adjustment rules for multiple procedures")
    assert decoded["PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES"]["meaning"] == "Concept does not apply."
    assert "MOD" not in decoded and "NON-FAC NA INDICATOR" not in decoded  # blank cells
    assert all("note" not in entry for entry in decoded.values())
    discontinued = by_column(decode_pfs(row_for(rows, "45378", "53")))["MOD"]
    assert discontinued["meaning"].startswith("Discontinued Procedure")


def test_status_spot_checks(rows: list[dict[str, str]]) -> None:
    def status(code: str) -> dict:
        return by_column(decode_pfs(row_for(rows, code)))["STATUS CODE"]

    assert status("G0008")["code"] == "X" and status("G0008")["meaning"].startswith("Statutory Exclusion.")
    assert status("99387")["code"] == "N"
    assert status("99387")["meaning"] == "Non-covered Services. These services are not covered by Medicare."
    assert status("D0120")["code"] == "R" and status("D0120")["meaning"].startswith("Restricted Coverage.")


def test_decoder_order_and_undocumented_values() -> None:
    entries = decode_pfs({"GLOB DAYS": "090", "STATUS CODE": "A", "MULT PROC": "8", "WORK RVU": "3.26"})
    assert [entry["field"] for entry in entries] == ["STATUS CODE", "GLOB DAYS", "MULT PROC"]
    assert entries[2] == {
        "field": "MULT PROC",
        "label": "Multiple procedures (mod 51)",
        "code": "8",
        "meaning": None,
        "note": UNDOCUMENTED,
    }
    assert decode_pfs({}) == []


def test_labels_and_amount_fields() -> None:
    assert set(LABELS) == set(COLUMNS)
    assert pfs_label("PCTC IND") == "PC/TC indicator"
    assert pfs_label("SOME NEW COLUMN") == "SOME NEW COLUMN"
    assert set(PFS_AMOUNT_FIELDS) <= set(COLUMNS)
    assert not set(PFS_AMOUNT_FIELDS) & set(CODED)
    # Everything else is text (code, descriptor, endoscopic base code) or coded.
    assert set(COLUMNS) - set(PFS_AMOUNT_FIELDS) - set(CODED) == {"HCPCS", "DESCRIPTION", "ENDO BASE"}


def test_amount_fields_are_numbers_in_the_file(rows: list[dict[str, str]]) -> None:
    for row in rows[:2000]:
        for column in PFS_AMOUNT_FIELDS:
            float(row[column])
