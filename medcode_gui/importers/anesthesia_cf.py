"""The anesthesia conversion factor of each PFS locality (ANES2025): csv, fixed-width txt and xlsx.

One row per locality: contractor, locality, name and the locality's anesthesia CF. The csv and xlsx name the
national anesthesia CF in their last heading ("National Anes CF of 20.3178"): it is kept as a row of its own,
key "national". The txt has no heading: its lines are "10112  00  ALABAMA  1931", the CF with its decimal point
implied (99v99, two decimals); the point is put back ("19.31", no figure changed) and the line's own digits
kept under "Anes CF as written". None of the three says its year inside: the label comes from the file's name
(ANES2025 -> ANES-2025), or from --label.
"""

from __future__ import annotations

import re

from ..codes.errors import ImportFormatError
from ..codes.records import ANESTHESIA_CF, ParsedRelease, ProgressCallback, ReleaseInfo, ScheduleRow, no_progress
from .pfs_tables import check_number, head_rows, locality_key, rows_after_header, table_rows, text_lines, unique_rows
from .release_naming import resolve_release_name
from .source import Source

COLUMNS = ("Contractor", "Locality", "Locality Name", "Anes CF")
NATIONAL_KEY = "national"
NATIONAL_FIELD = "National Anes CF"
MAX_BYTES = 1024 * 1024  # the real files are 4 to 15 KB
_NATIONAL = re.compile(r"Anes CF of (\d*\.\d+)", re.I)
_TXT_ROW = re.compile(r"(\d{5}) {2,}(\d{2}) {2,}(\S.*?) {2,}(\d{3,5})")
SNIFF_LINES = 5


def sniff(source: Source) -> bool:
    rows = head_rows(source)
    if rows and [cell.upper() for cell in rows[0][:3]] == ["CONTRACTOR", "LOCALITY", "LOCALITY NAME"]:
        return bool(_NATIONAL.search(" ".join(rows[0])))
    if source.is_zip:
        return False
    lines = [line for line in source.head.decode("latin-1").splitlines() if line.strip()][:SNIFF_LINES]
    return len(lines) == SNIFF_LINES and all(_TXT_ROW.fullmatch(line.rstrip()) for line in lines)


def parse(
    source: Source, label: str | None = None, effective: str | None = None, progress: ProgressCallback = no_progress
) -> ParsedRelease:
    source.refuse_over(MAX_BYTES, "anesthesia conversion factor file")
    if source.is_zip or source.head[:11] == b"Contractor,":
        rows, file_format = _table(source), "anes-xlsx" if source.is_zip else "anes-csv"
    else:
        rows, file_format = _txt(source), "anes-txt"
    if not [row for row in rows if row.key != NATIONAL_KEY]:
        raise ImportFormatError(f"{source.name} holds no locality rows; it is not a whole anesthesia CF file.")
    progress("Reading localities", len(rows), len(rows))
    warnings: list[str] = []
    rows = unique_rows(rows, source.name, warnings)
    label, effective = resolve_release_name(ANESTHESIA_CF, [source.name], label, effective)
    info = ReleaseInfo(ANESTHESIA_CF, label, effective, source.name, source.name, source.sha256, file_format)
    return ParsedRelease(info, [], warnings=warnings, schedule_rows=rows)


def _is_header(cells: list[str]) -> bool:
    return [cell.upper() for cell in cells[:3]] == ["CONTRACTOR", "LOCALITY", "LOCALITY NAME"]


def _table(source: Source) -> list[ScheduleRow]:
    table = table_rows(source)
    body = rows_after_header(table, _is_header, source.name, "Contractor, Locality, Locality Name")
    header = next(cells for cells in table if _is_header(cells))
    national = _NATIONAL.search(" ".join(header))
    rows = []
    if national:
        fields = {NATIONAL_FIELD: national.group(1), "Heading": header[3] if len(header) > 3 else ""}
        rows.append(ScheduleRow(NATIONAL_KEY, None, "", fields))
    for number, cells in body:
        if not cells or not cells[0][:1].isdigit():
            continue  # the blank rows and notes below the table
        if len(cells) < len(COLUMNS) or not cells[3]:
            raise ImportFormatError(f"{source.name} row {number} lacks some of the {len(COLUMNS)} columns.")
        check_number(cells[3], source.name, f"row {number}")
        rows.append(_row(cells[: len(COLUMNS)], source.name))
    return rows


def _txt(source: Source) -> list[ScheduleRow]:
    rows = []
    for number, line in text_lines(source):
        match = _TXT_ROW.fullmatch(line.rstrip())
        if not match:
            raise ImportFormatError(f"{source.name} line {number} is not an anesthesia CF row.")
        mac, locality, name, written = match.groups()
        row = _row([mac, locality, name, f"{int(written[:-2])}.{written[-2:]}"], source.name)
        rows.append(ScheduleRow(row.key, None, "", {**row.fields, "Anes CF as written": written}))
    return rows


def _row(cells: list[str], name: str) -> ScheduleRow:
    return ScheduleRow(locality_key(cells[0], cells[1], name), None, "", dict(zip(COLUMNS, cells, strict=True)))
