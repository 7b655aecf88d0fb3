"""The NCCI add-on code (AOC) edits: each row an add-on code and one of its primary codes, with the edit type and
Julian dates (YYYYDDD, kept raw; the view gives them as ISO dates). A workbook, detected from its sheet name
("AOC_V2026Q2-MCR_xlsx": the version, year and quarter) and then its header row."""

from __future__ import annotations

import re

from ..codes.records import ADD_ON, ParsedRelease, ProgressCallback, ScheduleRow, no_progress
from .schedule_table import data_rows, find_header, key, release, schedule_rows, sheet_names, xlsx_rows
from .source import Source

MAX_BYTES = 16 * 1024 * 1024  # the real workbook of 9,000 pairs is 0.2 MB
ADD_ON_CODE, PRIMARY_CODE, EFFECTIVE = "Add-On_Code", "Primary_Code", "AOC_Edit_EffDT"
REQUIRED = ("AOC_Edit_Type", ADD_ON_CODE, "AOC_DelDT", PRIMARY_CODE, "Primary_Code_DelDT", "AOC_Edit_EffDT",
            "AOC_Edit_DelDT")
_VERSION = re.compile(r"AOC_V(\d{4})Q([1-4])", re.IGNORECASE)


def sniff(source: Source) -> bool:
    return any(_VERSION.search(name) for name in sheet_names(source))


def parse(
    source: Source, label: str | None = None, effective: str | None = None, progress: ProgressCallback = no_progress
) -> ParsedRelease:
    source.refuse_over(MAX_BYTES, "add-on code workbook")
    rows = xlsx_rows(source.data, source.name)
    header = find_header(rows, REQUIRED, source.name, "NCCI add-on code file")
    table = data_rows(rows, header, ADD_ON_CODE, source.name)
    progress("Reading add-on code pairs", len(table), len(table))
    made = schedule_rows(table, _row, source.name)
    return release(ADD_ON, _named(source), (label, effective), source, source.name, "aoc-xlsx", made)


def _row(fields: dict[str, str]) -> ScheduleRow:
    add_on, primary = fields[ADD_ON_CODE], fields[PRIMARY_CODE]
    # A pair recurs once per period of its edit (type 1 until 2022, type 3 since): the start date tells them apart.
    return ScheduleRow(key(add_on, primary, fields[EFFECTIVE]), add_on, "", fields, paired_code=primary)


def _named(source: Source) -> tuple[str, str] | None:
    """"AOC-2026-Q2", effective the quarter's first day, from the sheet's name (CMS names the version there)."""
    for name in sheet_names(source):
        found = _VERSION.search(name)
        if found:
            year, quarter = found.group(1), int(found.group(2))
            return f"AOC-{year}-Q{quarter}", f"{year}-{3 * quarter - 2:02d}-01"
    return None
