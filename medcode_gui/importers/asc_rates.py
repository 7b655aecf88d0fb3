"""ASC Addendum AA (covered surgical procedures): per code its payment indicator, weight and rate. CMS ships a zip
of every addendum as csv (AA, BB, DD1...) and one workbook; Addendum AA's csv is read, found by its title row
("Addendum AA"). Detected from content; the period from the heading "January 2025 Payment Indicator"."""

from __future__ import annotations

import re

from ..codes.errors import ImportFormatError
from ..codes.records import ASC, ParsedRelease, ProgressCallback, ScheduleRow, no_progress
from .schedule_table import (
    csv_rows,
    data_rows,
    decode,
    find_header,
    read_zip_member,
    release,
    schedule_rows,
    zip_member,
)
from .source import Source

MAX_BYTES = 32 * 1024 * 1024  # the real zip of seven addenda is 0.8 MB
CODE_COLUMN = "HCPCS Code"
_MONTHS = {"january": 1, "april": 4, "july": 7, "october": 10}
_PERIOD = re.compile(r"(January|April|July|October)\s+(\d{4})\s+Payment Indicator", re.IGNORECASE)


def _is_addendum_aa(head: bytes) -> bool:
    first_line = decode(head[:4096]).lstrip('"').split("\n", 1)[0]
    return first_line.startswith("Addendum AA") and "ASC" in first_line


def sniff(source: Source) -> bool:
    return _is_addendum_aa(source.head) if not source.is_zip else zip_member(source, _is_addendum_aa) is not None


def parse(
    source: Source, label: str | None = None, effective: str | None = None, progress: ProgressCallback = no_progress
) -> ParsedRelease:
    source.refuse_over(MAX_BYTES, "ASC addenda file")
    member = zip_member(source, _is_addendum_aa) if source.is_zip else source.name
    if member is None:
        raise ImportFormatError(f"{source.name} holds no ASC Addendum AA csv.")
    data = read_zip_member(source, member) if source.is_zip else source.data
    rows = csv_rows(data, source.name)
    header_text = " ".join(" ".join(row) for row in rows[:8])
    period = _PERIOD.search(header_text)
    required = [CODE_COLUMN, f"{period.group(0)}" if period else "Payment Indicator"]
    header = find_header(rows, required, source.name, "ASC Addendum AA")
    table = data_rows(rows, header, CODE_COLUMN, source.name)
    progress("Reading ASC rates", len(table), len(table))
    made = schedule_rows(table, _row, source.name)
    file_format = "asc-aa-zip/csv" if source.is_zip else "asc-aa-csv"
    return release(ASC, _named(period), (label, effective), source, member, file_format, made)


def _row(fields: dict[str, str]) -> ScheduleRow:
    return ScheduleRow(fields[CODE_COLUMN], fields[CODE_COLUMN], "", fields)


def _named(period: re.Match[str] | None) -> tuple[str, str] | None:
    if period is None:
        return None
    month = _MONTHS[period.group(1).lower()]
    return f"ASC-{period.group(2)}-{month:02d}", f"{period.group(2)}-{month:02d}-01"
