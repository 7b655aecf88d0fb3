"""The PFS geographic practice cost indices by locality (GPCI2025, Addendum E): csv, fixed-width txt and xlsx.

One row per locality (109 in 2025): contractor (MAC), state, locality number and name, and the work (PW), practice
expense (PE) and malpractice (MP) GPCIs. Every twin gives the same rows under the same names (COLUMNS); values
are kept as the file writes them ("1" in the csv, "1.000" in the txt). The year comes from the title row
("FINAL CY 2025 GEOGRAPHIC PRACTICE COST INDICES"), failing that from the file name.
"""

from __future__ import annotations

import re

from ..codes.errors import ImportFormatError
from ..codes.records import GPCI, ParsedRelease, ProgressCallback, ReleaseInfo, ScheduleRow, no_progress
from .pfs_tables import check_number, head_rows, locality_key, rows_after_header, table_rows, text_lines, unique_rows
from .release_naming import resolve_release_name
from .source import Source

COLUMNS = ("MAC", "State", "Locality Number", "Locality Name", "PW GPCI", "PE GPCI", "MP GPCI")
TITLE = "GEOGRAPHIC PRACTICE COST INDICES"
MAX_BYTES = 1024 * 1024  # the real files are 5 to 19 KB
_YEAR = re.compile(r"CY (\d{4}) GEOGRAPHIC PRACTICE COST INDICES", re.I)
# A txt data line: MAC, state, locality, name, then the three indices ("10112   AL   00   ALABAMA   1.000 ...").
_TXT_ROW = re.compile(r"(\d{5})\s+([A-Z]{2})\s+(\d{2})\s+(.*?)\s+(\d*\.\d+)\s+(\d*\.\d+)\s+(\d*\.\d+)\s*")


def sniff(source: Source) -> bool:
    rows = head_rows(source)
    return any(TITLE in " ".join(row).upper() and "GPCI" in " ".join(row).upper() for row in rows[:2])


def parse(
    source: Source, label: str | None = None, effective: str | None = None, progress: ProgressCallback = no_progress
) -> ParsedRelease:
    source.refuse_over(MAX_BYTES, "GPCI file")
    if source.is_zip or b"Locality Number," in source.head:
        rows, file_format = _table(source), "gpci-xlsx" if source.is_zip else "gpci-csv"
    else:
        rows, file_format = _txt(source), "gpci-txt"
    if not rows:
        raise ImportFormatError(f"{source.name} holds no locality rows; it is not a whole GPCI file.")
    progress("Reading localities", len(rows), len(rows))
    warnings: list[str] = []
    rows = unique_rows(rows, source.name, warnings)
    title = _YEAR.search(" ".join(" ".join(row) for row in head_rows(source)))
    names = [f"GPCI {title.group(1)}"] if title else []
    label, effective = resolve_release_name(GPCI, [*names, source.name], label, effective)
    info = ReleaseInfo(GPCI, label, effective, source.name, source.name, source.sha256, file_format)
    return ParsedRelease(info, [], warnings=warnings, schedule_rows=rows)


def _table(source: Source) -> list[ScheduleRow]:
    body = rows_after_header(table_rows(source), _is_header, source.name, "Medicare Administrative Contractor")
    rows = []
    for number, cells in body:
        if not cells or not cells[0][:1].isdigit():
            continue  # the notes below the table ("MAC Assignments as of ...", the footnotes)
        if len(cells) < len(COLUMNS) or not all(cells[: len(COLUMNS)]):
            raise ImportFormatError(f"{source.name} row {number} lacks some of the {len(COLUMNS)} GPCI columns.")
        rows.append(_row(cells[: len(COLUMNS)], source.name, f"row {number}"))
    return rows


def _is_header(cells: list[str]) -> bool:
    text = " ".join(cells).upper()
    return "LOCALITY NUMBER" in text and "PW GPCI" in text


def _txt(source: Source) -> list[ScheduleRow]:
    rows = []
    for number, line in text_lines(source):
        if not line[:1].isdigit():
            continue  # the title, header and footnote lines
        match = _TXT_ROW.fullmatch(line)
        if not match:
            raise ImportFormatError(f"{source.name} line {number} is not a GPCI row (MAC, state, locality, 3 GPCIs).")
        rows.append(_row(list(match.groups()), source.name, f"line {number}"))
    return rows


def _row(cells: list[str], name: str, where: str) -> ScheduleRow:
    for cell in cells[4:]:
        check_number(cell, name, where)
    key = locality_key(cells[0], cells[2], name)
    return ScheduleRow(key, None, "", dict(zip(COLUMNS, cells, strict=True)))
