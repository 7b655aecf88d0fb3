"""The DMEPOS fee schedule (csv): one row per code and modifier pair (up to two modifiers), its jurisdiction,
category, ceiling and floor, and a non-rural and rural amount per state ("AL (NR)", "AL (R)"...). Detected
from its header row; the period from its title row ("April 2025 Fee Schedule")."""

from __future__ import annotations

import re

from ..codes.records import DMEPOS, ParsedRelease, ProgressCallback, ScheduleRow, no_progress
from .schedule_table import csv_rows, data_rows, find_header, head_text, key, release, schedule_rows
from .source import Source

MAX_BYTES = 32 * 1024 * 1024  # the real file of 3,511 rows is 2.4 MB
HEADER = "HCPCS,Mod,Mod2,JURIS,CATG,"  # the start of the header row; parse requires the rest
REQUIRED = ("HCPCS", "Mod", "Mod2", "JURIS", "CATG", "Ceiling", "Floor")
_MONTHS = {"january": 1, "april": 4, "july": 7, "october": 10}
_TITLE = re.compile(r"(January|April|July|October)\s+(\d{4})\s+Fee Schedule", re.IGNORECASE)


def sniff(source: Source) -> bool:
    return HEADER in head_text(source)


def parse(
    source: Source, label: str | None = None, effective: str | None = None, progress: ProgressCallback = no_progress
) -> ParsedRelease:
    source.refuse_over(MAX_BYTES, "DMEPOS fee schedule")
    rows = csv_rows(source.data, source.name)
    header = find_header(rows, REQUIRED, source.name, "DMEPOS fee schedule")
    table = data_rows(rows, header, "HCPCS", source.name)
    progress("Reading DMEPOS rows", len(table), len(table))
    made = schedule_rows(table, _row, source.name)
    named = _named(" ".join(" ".join(row) for row in rows[:header]))
    return release(DMEPOS, named, (label, effective), source, source.name, "dmepos-csv", made)


def _row(fields: dict[str, str]) -> ScheduleRow:
    modifiers = " ".join(m for m in (fields["Mod"], fields["Mod2"]) if m)
    return ScheduleRow(key(fields["HCPCS"], fields["Mod"], fields["Mod2"]), fields["HCPCS"], modifiers, fields)


def _named(title: str) -> tuple[str, str] | None:
    found = _TITLE.search(title)
    if not found:
        return None
    month = _MONTHS[found.group(1).lower()]
    return f"DMEPOS-{found.group(2)}-{month:02d}", f"{found.group(2)}-{month:02d}-01"
