"""OPPS Addendum B: per code its status indicator, APC, relative weight, payment rate and copayments. A workbook,
detected from its sheet name ("2022 October Addendum B": the quarter CMS names there) and then its header row
(whose headings carry stray spaces: " SI", "APC ")."""

from __future__ import annotations

import re

from ..codes.records import OPPS, ParsedRelease, ProgressCallback, ScheduleRow, no_progress
from .schedule_table import data_rows, find_header, release, schedule_rows, sheet_names, xlsx_rows
from .source import Source

MAX_BYTES = 32 * 1024 * 1024  # the real workbook of 17,346 codes is 0.9 MB
CODE_COLUMN = "HCPCS Code"
REQUIRED = (CODE_COLUMN, "SI", "APC", "Relative Weight", "Payment Rate", "National Unadjusted Copayment",
            "Minimum Unadjusted Copayment")
_MONTHS = {"january": 1, "april": 4, "july": 7, "october": 10}
_SHEET = re.compile(r"(\d{4})\s+(January|April|July|October)\s+Addendum\s+B", re.IGNORECASE)


def sniff(source: Source) -> bool:
    return any(_SHEET.search(name) for name in sheet_names(source))


def parse(
    source: Source, label: str | None = None, effective: str | None = None, progress: ProgressCallback = no_progress
) -> ParsedRelease:
    source.refuse_over(MAX_BYTES, "OPPS Addendum B workbook")
    rows = xlsx_rows(source.data, source.name)
    header = find_header(rows, REQUIRED, source.name, "OPPS Addendum B")
    table = data_rows(rows, header, CODE_COLUMN, source.name)
    progress("Reading OPPS rows", len(table), len(table))
    made = schedule_rows(table, _row, source.name)
    return release(OPPS, _named(source), (label, effective), source, source.name, "opps-addendum-b-xlsx", made)


def _row(fields: dict[str, str]) -> ScheduleRow:
    return ScheduleRow(fields[CODE_COLUMN], fields[CODE_COLUMN], "", fields)


def _named(source: Source) -> tuple[str, str] | None:
    """"OPPS-2022-10", effective 2022-10-01, from the sheet's name (the title row gives the year only)."""
    for name in sheet_names(source):
        found = _SHEET.search(name)
        if found:
            month = _MONTHS[found.group(2).lower()]
            return f"OPPS-{found.group(1)}-{month:02d}", f"{found.group(1)}-{month:02d}-01"
    return None
