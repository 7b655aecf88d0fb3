"""The CMS physician fee schedule relative value file (PPRRVU): the csv, its fixed-width txt and xlsx twins.

It lists CPT codes (HCPCS Level I) with CMS's own short descriptors, and Level II codes, one row per code
and pricing modifier (blank, 26, TC or 53). The store keeps one record per code: the row without a modifier
gives the named fields, and each modifier row's values are kept beside them as "<column> [<modifier>]".
"""

from __future__ import annotations

import csv
import io
import re

from ..codes.errors import ImportFormatError
from ..codes.outline import outline
from ..codes.records import PFS, PRICED_MODIFIERS, CodeRecord, ParsedRelease, ProgressCallback, ReleaseInfo, no_progress
from .pprrvu_txt import looks_like_pprrvu_txt, parse_pprrvu_txt
from .pprrvu_xlsx import looks_like_pprrvu_xlsx, parse_pprrvu_xlsx
from .release_naming import resolve_release_name
from .source import Source

COLUMNS = [
    "HCPCS",
    "MOD",
    "DESCRIPTION",
    "STATUS CODE",
    "NOT USED FOR MEDICARE PAYMENT",
    "WORK RVU",
    "NON-FAC PE RVU",
    "NON-FAC NA INDICATOR",
    "FACILITY PE RVU",
    "FACILITY NA INDICATOR",
    "MP RVU",
    "NON-FACILITY TOTAL",
    "FACILITY TOTAL",
    "PCTC IND",
    "GLOB DAYS",
    "PRE OP",
    "INTRA OP",
    "POST OP",
    "MULT PROC",
    "BILAT SURG",
    "ASST SURG",
    "CO-SURG",
    "TEAM SURG",
    "ENDO BASE",
    "CONV FACTOR",
    "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES",
    "CALCULATION FLAG",
    "DIAGNOSTIC IMAGING FAMILY INDICATOR",
    "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT",
    "FACILITY PE USED FOR OPPS PAYMENT AMOUNT",
    "MP USED FOR OPPS PAYMENT AMOUNT",
]
# The csv's header cells on the row that starts the data (the column titles above it are split over rows).
HEADER_START = ["HCPCS", "MOD", "DESCRIPTION", "CODE"]
# "2025 National Physician Fee Schedule Relative Value File October Release"
_TITLE = re.compile(r"(\d{4}) National Physician Fee Schedule Relative Value File (January|April|July|October)", re.I)
_MONTHS = {"january": "JAN", "april": "APR", "july": "JUL", "october": "OCT"}
# The shares of the surgical package: the txt's picture .99 drops the leading zero the csv and xlsx write.
SHARES = ("PRE OP", "INTRA OP", "POST OP")
SNIFF_BYTES = 4096
MAX_BYTES = 16 * 1024 * 1024  # the csv of a whole year's fee schedule is about 2.5 MB


def sniff(source: Source) -> bool:
    """The csv names the fee schedule in its title rows and has the HCPCS,MOD,DESCRIPTION header row; the xlsx
    holds the same words in its shared strings; the txt's first lines are all fixed-width PPRRVU records."""
    if source.is_zip:
        return looks_like_pprrvu_xlsx(source)
    head = source.head[:SNIFF_BYTES].decode("latin-1")
    if "Physician Fee Schedule" in head and "HCPCS,MOD,DESCRIPTION" in head:
        return True
    return looks_like_pprrvu_txt(source.head)


def parse(
    source: Source,
    label: str | None = None,
    effective: str | None = None,
    progress: ProgressCallback = no_progress,
) -> ParsedRelease:
    source.refuse_over(MAX_BYTES, "fee schedule file")
    head = source.head[:SNIFF_BYTES].decode("latin-1")  # CMS writes these files in ASCII/latin-1
    if source.is_zip:
        head, rows = parse_pprrvu_xlsx(source, COLUMNS, HEADER_START)
        file_format = "pprrvu-xlsx"
    elif "HCPCS,MOD,DESCRIPTION" in head:
        rows, file_format = _csv_rows(source.data, source.name), "pprrvu-csv"
    else:
        rows, file_format = _with_leading_zeros(parse_pprrvu_txt(source.data)), "pprrvu-txt"
    progress("Reading fee schedule rows", len(rows), len(rows))
    records = records_from_rows(rows, source.name)
    label, effective = resolve_release_name(PFS, [*_title_names(head), source.name], label, effective)
    info = ReleaseInfo(PFS, label, effective, source.name, source.name, source.sha256, file_format)
    return ParsedRelease(info, records)


def _csv_rows(data: bytes, name: str) -> list[list[str]]:
    """The rows under the header row, read one at a time: a row of the wrong width or code refuses the file."""
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="latin-1", newline=""))
    if not any(row[:4] == HEADER_START for row in reader):
        raise ImportFormatError(f"{name} has no HCPCS,MOD,DESCRIPTION,... header row; it is not a PPRRVU file.")
    rows = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise ImportFormatError(
                f"{name} line {reader.line_num} has {len(row)} columns instead of {len(COLUMNS)}; the file is damaged."
            )
        rows.append([cell.strip() for cell in row])
    return rows


def _with_leading_zeros(rows: list[list[str]]) -> list[list[str]]:
    """The txt's shares as the csv and xlsx twins write the same number: ".09" is "0.09" (nothing else differs)."""
    shares = [COLUMNS.index(column) for column in SHARES]
    for row in rows:
        for i in shares:
            if row[i].startswith("."):
                row[i] = "0" + row[i]
    return rows


def _title_names(text: str) -> list[str]:
    """A name carrying the release year and quarter, from the title row (e.g. "2025 OCT")."""
    title = _TITLE.search(text[:SNIFF_BYTES])
    return [f"{title.group(1)} {_MONTHS[title.group(2).lower()]}"] if title else []


def records_from_rows(rows: list[list[str]], name: str) -> list[CodeRecord]:
    """One record per code, from the rows in COLUMNS order (one per code and pricing modifier)."""
    by_code: dict[str, list[list[str]]] = {}
    for row in rows:
        by_code.setdefault(row[0], []).append(row)
    return [_record(code, code_rows, name) for code, code_rows in by_code.items()]


def _record(code: str, rows: list[list[str]], name: str) -> CodeRecord:
    leaf = outline().place(code) if len(code) == 5 else None  # the outline knows every code shape's system
    if leaf is None:
        raise ImportFormatError(f"{name} lists {code!r}, which is not a CPT or HCPCS code; the file is damaged.")
    modifiers = [row[1] for row in rows]
    if len(set(modifiers)) != len(modifiers):
        raise ImportFormatError(f"{name} lists {code} with modifier {modifiers[0] or '(none)'} twice.")
    main = next((row for row in rows if not row[1]), rows[0])
    fields = {column: value for column, value in zip(COLUMNS[1:], main[1:], strict=True)}
    for row in rows:
        if row is not main:
            fields.update({f"{column} [{row[1]}]": value for column, value in zip(COLUMNS[2:], row[2:], strict=True)})
    fields[PRICED_MODIFIERS] = ", ".join(m for m in modifiers if m)
    return CodeRecord(
        code=code,
        kind="code",
        system=leaf.inherited("system"),
        short_description=main[2],
        long_description="",  # the fee schedule carries only CMS's short descriptor
        fields=fields,
    )
