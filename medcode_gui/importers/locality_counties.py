"""The counties in each PFS locality (25LOCCO, "COUNTIES INCLUDED IN 2025 LOCALITIES"): csv, fixed-width txt, xlsx.

One row per locality: contractor, locality number, state, fee schedule area and counties. CMS's quirks are kept
in the values and mended only in the key: the csv drops leading zeros ("2102", "0" for 02102-00), a state is
named only on its state's first locality (the rows below it leave the cell blank), blank rows separate the
localities, and one row (05302-99) is written twice. The key is MAC-NN with the zeros back ("02102-00").
The txt cuts the counties column at 58 characters (its lines end at 201): a locality whose counties reach that
width is named in the release's warnings; the csv and xlsx give them whole.
"""

from __future__ import annotations

import re

from ..codes.errors import ImportFormatError
from ..codes.records import LOCALITY_COUNTIES, ParsedRelease, ProgressCallback, ReleaseInfo, ScheduleRow, no_progress
from .pfs_tables import head_rows, locality_key, rows_after_header, table_rows, text_lines, unique_rows
from .release_naming import resolve_release_name
from .source import Source

COLUMNS = ("MAC", "Locality Number", "State", "Fee Schedule Area", "Counties")
TITLE = "COUNTIES INCLUDED IN"
MAX_BYTES = 1024 * 1024  # the real files are 6 to 19 KB
_YEAR = re.compile(r"COUNTIES INCLUDED IN (\d{4}) LOCALITIES", re.I)
# The txt's columns (0-based, end exclusive), measured on 25LOCCO.txt; the gaps between them are blank.
TXT_SLICES = ((4, 9), (16, 18), (22, 45), (45, 143), (143, None))
_TXT_GAPS = ((0, 4), (9, 16), (18, 22))
TXT_WIDTH = 201  # the txt's longest line: its counties column ends there, cut


def sniff(source: Source) -> bool:
    return any(TITLE in " ".join(row).upper() for row in head_rows(source)[:2])


def parse(
    source: Source, label: str | None = None, effective: str | None = None, progress: ProgressCallback = no_progress
) -> ParsedRelease:
    source.refuse_over(MAX_BYTES, "locality county file")
    if source.is_zip or b"Locality Number," in source.head:
        rows, file_format = _table(source), "locco-xlsx" if source.is_zip else "locco-csv"
    else:
        rows, file_format = _txt(source), "locco-txt"
    warnings: list[str] = _cut_counties(rows, source.name) if file_format == "locco-txt" else []
    if not rows:
        raise ImportFormatError(f"{source.name} holds no locality rows; it is not a whole locality county file.")
    progress("Reading localities", len(rows), len(rows))
    rows = unique_rows(rows, source.name, warnings)
    title = _YEAR.search(" ".join(" ".join(row) for row in head_rows(source)))
    names = [f"LOCCO {title.group(1)}"] if title else []
    label, effective = resolve_release_name(LOCALITY_COUNTIES, [*names, source.name], label, effective)
    info = ReleaseInfo(LOCALITY_COUNTIES, label, effective, source.name, source.name, source.sha256, file_format)
    return ParsedRelease(info, [], warnings=warnings, schedule_rows=rows)


def _is_header(cells: list[str]) -> bool:
    text = " ".join(cells).upper()
    return "LOCALITY NUMBER" in text and "COUNTIES" in text


def _table(source: Source) -> list[ScheduleRow]:
    body = rows_after_header(table_rows(source), _is_header, source.name, "Locality Number ... Counties")
    rows = []
    for number, cells in body:
        if not cells or not cells[0][:1].isdigit():
            continue  # the blank rows between localities and the note below the table
        if len(cells) < len(COLUMNS):
            raise ImportFormatError(f"{source.name} row {number} lacks some of the {len(COLUMNS)} columns.")
        rows.append(_row(cells[: len(COLUMNS)], source.name))
    return rows


def _txt(source: Source) -> list[ScheduleRow]:
    rows = []
    for number, line in text_lines(source):
        if not line[4:9].isdigit():
            continue  # the title, header and note lines
        if any(line[begin:end].strip() for begin, end in _TXT_GAPS) or len(line) <= TXT_SLICES[-1][0]:
            raise ImportFormatError(f"{source.name} line {number} is not laid out as a locality county row.")
        rows.append(_row([line[begin:end].strip() for begin, end in TXT_SLICES], source.name))
    return rows


def _cut_counties(rows: list[ScheduleRow], name: str) -> list[str]:
    full = TXT_WIDTH - TXT_SLICES[-1][0] - 1  # a counties cell this long may have been cut by CMS
    cut = [row.key for row in rows if len(row.fields["Counties"]) >= full]
    if not cut:
        return []
    return [
        f"{name} cuts the counties column at {full + 1} characters; the counties of {', '.join(cut)} "
        "may be cut short (the csv and xlsx give them whole)."
    ]


def _row(cells: list[str], name: str) -> ScheduleRow:
    return ScheduleRow(locality_key(cells[0], cells[1], name), None, "", dict(zip(COLUMNS, cells, strict=True)))
