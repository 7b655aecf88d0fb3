"""Reader for the .xlsx twin of the CMS HCPCS Level II file (one row per code, a disclaimer block above)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from python_calamine import CalamineWorkbook

from ..codes.errors import ImportFormatError
from ..codes.records import CodeRecord, ProgressCallback, no_progress
from .hcpcs_layout import (
    DETAIL_FIELDS,
    FIRST_LINE_RECIDS,
    XLSX_COLUMNS,
    build_record,
    join_description,
)
from .source import check_inflation

MAX_XLSX_BYTES = 32 * 1024 * 1024  # the workbook file; the real ones are about 0.7 MB
MAX_PART_BYTES = 48 * 1024 * 1024  # one part unpacked: the real sheet XML is 4.3 MB
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # all parts unpacked together: the real ones 5.5 MB
HEADER_SEARCH_ROWS = 60  # quarterly files put the header anywhere below a disclaimer block
DETAIL_NAMES = [name for name, _, _ in DETAIL_FIELDS]


def cell_text(value: object) -> str:
    """A cell as the text CMS wrote: whole floats lose '.0', dates become CCYYMMDD."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y%m%d")
    return str(value)


def check_workbook(data: bytes) -> None:
    """Refuse a workbook that inflates past the limits before calamine (which unpacks in Rust, whole) sees it."""
    if len(data) > MAX_XLSX_BYTES:
        raise ImportFormatError("The workbook is far larger than any HCPCS release; refused.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_inflation(archive, "The workbook", MAX_PART_BYTES, MAX_UNPACKED_BYTES)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError):
        raise ImportFormatError("The file could not be read as an Excel workbook (its zip is damaged).") from None


def _read_sheets(data: bytes, names: list[str] | None = None) -> list[list[list[object]]]:
    check_workbook(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if names is not None:
            names.extend(workbook.sheet_names)
        return [workbook.get_sheet_by_index(i).to_python() for i in range(len(workbook.sheet_names))]
    except Exception as error:  # calamine raises its own types for every kind of damage
        raise ImportFormatError(f"The file could not be read as an Excel workbook ({error}).") from None


def _find_header(rows: list[list[object]]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = {cell_text(c).strip().upper() for c in row}
        if {"HCPC", "RECID", "LONG DESCRIPTION"} <= names:
            return index
    return None


def _column_map(header: list[object]) -> dict[str, int]:
    positions = {cell_text(c).strip().upper(): i for i, c in enumerate(header)}
    missing = [name for name in XLSX_COLUMNS if name not in positions]
    if missing:
        raise ImportFormatError("The workbook has a HCPCS header row but lacks the columns " + ", ".join(missing) + ".")
    return {name: positions[name] for name in XLSX_COLUMNS}


def looks_like_hcpcs_xlsx(data: bytes) -> bool:
    """Whether a sheet has the HCPCS header row; a workbook past the limits is refused here, not let through."""
    check_workbook(data)
    try:
        return any(_find_header(rows) is not None for rows in _read_sheets(data))
    except ImportFormatError:
        return False


def parse_hcpcs_xlsx(
    data: bytes, progress: ProgressCallback = no_progress, hints: list[str] | None = None
) -> list[CodeRecord]:
    """Parse the workbook's code rows, joining a long description that overflows into extra rows.

    `hints`, if given, receives what the workbook says of itself besides its rows: the name of the sheet read
    and the text of the rows above its header (release_naming reads a year from them).
    """
    sheet_names: list[str] = []
    for index, rows in enumerate(_read_sheets(data, sheet_names)):
        header = _find_header(rows)
        if header is not None:
            if hints is not None:
                hints.append(sheet_names[index])
                hints.extend(" ".join(cell_text(c) for c in row).strip() for row in rows[:header])
            return _parse_rows(rows, header, progress)
    raise ImportFormatError("The workbook has no sheet with the CMS HCPCS columns (HCPC, RECID, LONG DESCRIPTION).")


def _parse_rows(rows: list[list[object]], header: int, progress: ProgressCallback) -> list[CodeRecord]:
    columns = _column_map(rows[header])
    records: list[CodeRecord] = []
    pending: tuple[str, str, dict[str, str], list[str]] | None = None
    body = rows[header + 1 :]
    for number, row in enumerate(body, start=header + 2):
        cells = {name: cell_text(row[i]) if i < len(row) else "" for name, i in columns.items()}
        code, recid = cells["HCPC"].strip(), cells["RECID"].strip()
        if not code:
            continue
        has_details = any(cells[name].strip() for name in DETAIL_NAMES)
        if pending and pending[0] == code and not has_details:
            # A description too long for one cell overflows into a row of its own (G0503 in 2019), whatever
            # RECID that row carries.
            pending[3].append(cells["LONG DESCRIPTION"])
        elif recid in FIRST_LINE_RECIDS:
            if pending:
                records.append(build_record(pending[0], pending[1], join_description(pending[3]), pending[2]))
            details = {name: cells[name] for name in DETAIL_NAMES}
            pending = (code, FIRST_LINE_RECIDS[recid], details, [cells["LONG DESCRIPTION"]])
        else:
            raise ImportFormatError(
                f"Row {number} ({code}) is neither a code row nor the overflow of the row above it."
            )
        if number % 2000 == 0:
            progress("Reading rows", number - header, len(body))
    if pending:
        records.append(build_record(pending[0], pending[1], join_description(pending[3]), pending[2]))
    if not records:
        raise ImportFormatError("The workbook's HCPCS sheet holds no code rows.")
    return records
