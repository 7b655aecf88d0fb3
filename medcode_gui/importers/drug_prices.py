"""The ASP pricing file (Part B drug payment limits): per code its dosage unit and payment limit. CMS ships a zip
holding an .xls and its Section 508 .csv twin; the csv is read (the .xls, an old binary workbook, is skipped: it
holds the same table). The csv itself, unpacked, is read too. Detected from the header row; the period from the
notice "Effective January 1, 2025 through March 31, 2025"."""

from __future__ import annotations

import datetime as dt
import re

from ..codes.errors import ImportFormatError
from ..codes.records import ASP, ParsedRelease, ProgressCallback, ScheduleRow, no_progress
from .schedule_table import (
    csv_rows,
    data_rows,
    decode,
    find_header,
    head_text,
    read_zip_member,
    release,
    schedule_rows,
    zip_member,
)
from .source import Source

MAX_BYTES = 16 * 1024 * 1024  # the real zip is 72 KB, its csv 59 KB
CODE_COLUMN = "HCPCS Code"
HEADER = "HCPCS Code,Short Description,HCPCS Code Dosage,"  # parse requires the rest
REQUIRED = (CODE_COLUMN, "HCPCS Code Dosage", "Payment Limit")
_EFFECTIVE = re.compile(r"Effective\s+(January|April|July|October)\s+(\d{1,2}),\s+(\d{4})", re.IGNORECASE)


def _is_asp_csv(head: bytes) -> bool:
    return HEADER in decode(head)


def sniff(source: Source) -> bool:
    return HEADER in head_text(source) or zip_member(source, _is_asp_csv) is not None


def parse(
    source: Source, label: str | None = None, effective: str | None = None, progress: ProgressCallback = no_progress
) -> ParsedRelease:
    source.refuse_over(MAX_BYTES, "ASP pricing file")
    member = zip_member(source, _is_asp_csv) if source.is_zip else source.name
    if member is None:
        raise ImportFormatError(f"{source.name} holds no ASP pricing csv ({HEADER},...).")
    data = read_zip_member(source, member) if source.is_zip else source.data
    rows = csv_rows(data, source.name)
    header = find_header(rows, REQUIRED, source.name, "ASP pricing file")
    table = data_rows(rows, header, CODE_COLUMN, source.name)
    progress("Reading drug payment limits", len(table), len(table))
    made = schedule_rows(table, _row, source.name)
    named = _named(" ".join(" ".join(row) for row in rows[:header]))
    file_format = "asp-zip/csv" if source.is_zip else "asp-csv"
    return release(ASP, named, (label, effective), source, member, file_format, made)


def _row(fields: dict[str, str]) -> ScheduleRow:
    return ScheduleRow(fields[CODE_COLUMN], fields[CODE_COLUMN], "", fields)


def _named(notice: str) -> tuple[str, str] | None:
    found = _EFFECTIVE.search(notice)
    if not found:
        return None
    day = dt.datetime.strptime(" ".join(found.groups()), "%B %d %Y").date()
    return f"ASP-{day.year}-{day.month:02d}", day.isoformat()
