"""The OPPS cap on PFS payment by code, modifier and locality (OPPSCAP_Oct): csv and fixed-width txt.

One row per code, modifier (blank or TC), contractor and locality: the procedure status (A active, C carrier
priced) and the facility and non-facility prices after the cap (RVU25D.pdf: "the payment amounts after the
application of the OPPS based payment caps, except for carrier priced codes. For carrier price codes, the field
only contains the OPPS based payment caps"). Values kept as written, under the csv's headings (CMS's own
"NON-FACILTY"). Neither file says its year: the label comes from --label, or from a name carrying one.
"""

from __future__ import annotations

import re

from ..codes.errors import ImportFormatError
from ..codes.records import (
    OPPS_CAP,
    ParsedRelease,
    ProgressCallback,
    ReleaseInfo,
    ScheduleRow,
    no_progress,
    opps_cap_key,
)
from .pfs_tables import check_number, locality_key, text_lines, unique_rows
from .release_naming import resolve_release_name
from .source import Source

COLUMNS = ("HCPCS", "MOD", "PROCSTAT", "CARRIER", "LOCALITY", "FACILITY PRICE", "NON-FACILTY PRICE")
HEADER = ",".join(COLUMNS)
MAX_BYTES = 16 * 1024 * 1024  # the real csv is 0.6 MB
# "0633TTC C 01112  05   150.69    150.69": code, modifier, status, carrier, locality, facility, non-facility.
_TXT_ROW = re.compile(r"([0-9A-Z]{5})([0-9A-Z ]{2}) ([A-Z]) (\d{5}) {2}(\d{2}) +(\d+\.\d+) +(\d+\.\d+) *")
_CODE = re.compile(r"[0-9A-Z]{5}")
SNIFF_LINES = 5


def sniff(source: Source) -> bool:
    if source.is_zip:
        return False
    text = source.head.decode("latin-1")
    if text.startswith(HEADER):
        return True
    lines = text.splitlines()[:SNIFF_LINES]
    return len(lines) == SNIFF_LINES and all(_TXT_ROW.fullmatch(line) for line in lines)


def parse(
    source: Source, label: str | None = None, effective: str | None = None, progress: ProgressCallback = no_progress
) -> ParsedRelease:
    source.refuse_over(MAX_BYTES, "OPPS cap file")
    if source.head.startswith(HEADER.encode()):
        cells, file_format = _csv_cells(source), "oppscap-csv"
    else:
        cells, file_format = _txt_cells(source), "oppscap-txt"
    if not cells:
        raise ImportFormatError(f"{source.name} holds no rows; it is not a whole OPPS cap file.")
    rows = [_row(row, source.name, where) for where, row in cells]
    progress("Reading OPPS cap rows", len(rows), len(rows))
    warnings: list[str] = []
    rows = unique_rows(rows, source.name, warnings)
    label, effective = resolve_release_name(OPPS_CAP, [source.name], label, effective)
    info = ReleaseInfo(OPPS_CAP, label, effective, source.name, source.name, source.sha256, file_format)
    return ParsedRelease(info, [], warnings=warnings, schedule_rows=rows)


def _csv_cells(source: Source) -> list[tuple[str, list[str]]]:
    found = []
    for number, line in text_lines(source)[1:]:
        cells = [cell.strip() for cell in line.split(",")]  # CMS quotes nothing here: no cell holds a comma
        if not any(cells):
            continue  # the blank last row
        if len(cells) != len(COLUMNS):
            raise ImportFormatError(f"{source.name} line {number} has {len(cells)} columns instead of {len(COLUMNS)}.")
        found.append((f"line {number}", cells))
    return found


def _txt_cells(source: Source) -> list[tuple[str, list[str]]]:
    found = []
    for number, line in text_lines(source):
        match = _TXT_ROW.fullmatch(line)
        if not match:
            raise ImportFormatError(f"{source.name} line {number} is not an OPPS cap row.")
        found.append((f"line {number}", [cell.strip() for cell in match.groups()]))
    return found


def _row(cells: list[str], name: str, where: str) -> ScheduleRow:
    code, modifier = cells[0].upper(), cells[1].upper()
    if not _CODE.fullmatch(code):
        raise ImportFormatError(f"{name} {where} holds {code!r} where a HCPCS code belongs; the file is damaged.")
    for cell in cells[5:]:
        check_number(cell, name, where)
    key = opps_cap_key(code, modifier, locality_key(cells[3], cells[4], name))
    return ScheduleRow(key, code, modifier, dict(zip(COLUMNS, cells, strict=True)))
