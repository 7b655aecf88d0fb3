"""The clinical laboratory fee schedule (CLFS, csv): per code and modifier its rate, indicator and effective date.
Detected from its header row. The year comes from the YEAR column and the quarter from the latest EFF_DATE
(the Q2 file lists codes effective 2025-04-01): the file's title names the year only."""

from __future__ import annotations

from ..codes.records import CLFS, ParsedRelease, ProgressCallback, ScheduleRow, no_progress
from .schedule_table import csv_rows, data_rows, find_header, head_text, key, release, schedule_rows
from .source import Source

MAX_BYTES = 32 * 1024 * 1024  # the real file of 2,105 rows is 0.6 MB
HEADER = "YEAR,HCPCS,MOD,EFF_DATE,"  # the start of the header row; parse requires the rest
REQUIRED = ("YEAR", "HCPCS", "MOD", "EFF_DATE", "INDICATOR", "RATE")


def sniff(source: Source) -> bool:
    return HEADER in head_text(source)


def parse(
    source: Source, label: str | None = None, effective: str | None = None, progress: ProgressCallback = no_progress
) -> ParsedRelease:
    source.refuse_over(MAX_BYTES, "clinical lab fee schedule")
    rows = csv_rows(source.data, source.name)
    header = find_header(rows, REQUIRED, source.name, "clinical lab fee schedule")
    table = data_rows(rows, header, "HCPCS", source.name)
    progress("Reading lab fee rows", len(table), len(table))
    made = schedule_rows(table, _row, source.name)
    return release(CLFS, _named(table), (label, effective), source, source.name, "clfs-csv", made)


def _row(fields: dict[str, str]) -> ScheduleRow:
    return ScheduleRow(key(fields["HCPCS"], fields["MOD"]), fields["HCPCS"], fields["MOD"], fields)


def _named(table: list[dict[str, str]]) -> tuple[str, str] | None:
    """"CLFS-2025-Q2", effective the latest EFF_DATE (CCYYMMDD) of the file's year."""
    dates = sorted(row["EFF_DATE"] for row in table if len(row["EFF_DATE"]) == 8 and row["EFF_DATE"].isdigit())
    years = {row["YEAR"] for row in table}
    if not dates or len(years) != 1 or not dates[-1].startswith(next(iter(years))):
        return None
    latest = dates[-1]
    quarter = (int(latest[4:6]) - 1) // 3 + 1
    return f"CLFS-{latest[:4]}-Q{quarter}", f"{latest[:4]}-{latest[4:6]}-{latest[6:]}"
