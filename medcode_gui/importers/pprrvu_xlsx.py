"""Reader for the .xlsx twin of the PFS relative value file (PPRRVU2025_Oct.xlsx, in CMS's RVU25D bundle).

One sheet laid out as the csv: title rows, column titles split over rows, the row starting HCPCS, MOD,
DESCRIPTION, then one row per code and pricing modifier. Text cells (codes, indicators such as "09", "XXX")
are text; numbers are stored as binary floats and shown by the cell's number format: "0.00" on the relative
values, the shares and the OPPS amounts (the csv's and the txt's two decimals), General elsewhere (the
conversion factor 32.3465, indicators 9 and 99). calamine gives the float, so each number is written back as
its column's format shows it, which is what CMS's csv twin holds (tests/importers/test_pprrvu_xlsx.py checks
every field of every row against it).
"""

from __future__ import annotations

import io
import zipfile

from python_calamine import CalamineWorkbook

from ..codes.errors import ImportFormatError
from ..codes.pfs_codebook import PFS_AMOUNT_FIELDS
from .hcpcs_xlsx import cell_text
from .source import Source, check_inflation, is_xlsx, read_member

MAX_XLSX_BYTES = 24 * 1024 * 1024  # the workbook file; the real one is 2.4 MB
MAX_PART_BYTES = 160 * 1024 * 1024  # one part unpacked: the real sheet XML is 18 MB
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all parts unpacked together: the real ones 19 MB
MAX_STRINGS_BYTES = 16 * 1024 * 1024  # the shared strings a sniff reads: the real ones 0.8 MB
TITLE = b"Physician Fee Schedule Relative Value File"
HEADER_SEARCH_ROWS = 30
# Columns whose numbers the workbook formats "0.00"; the conversion factor is the only General decimal.
TWO_DECIMALS = frozenset(PFS_AMOUNT_FIELDS) - {"CONV FACTOR"}


def looks_like_pprrvu_xlsx(source: Source) -> bool:
    """A workbook whose shared strings hold the fee schedule's title and its HCPCS, MOD, DESCRIPTION header.

    An xlsx is a zip, so its first 64 KB say nothing of its cells: this reads only the shared strings part
    (under 1 MB), never the sheet."""
    if not is_xlsx(source):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
            strings = read_member(archive, "xl/sharedStrings.xml", source.name, MAX_STRINGS_BYTES)
    except (KeyError, ImportFormatError, zipfile.BadZipFile, EOFError, OSError, ValueError):
        return False
    return TITLE in strings and all(f"<t>{word}</t>".encode() in strings for word in ("HCPCS", "MOD", "PCTC"))


def parse_pprrvu_xlsx(source: Source, columns: list[str], header_start: list[str]) -> tuple[str, list[list[str]]]:
    """The text above the header row (the title naming the release), and the data rows as strings in the csv's
    column order (columns), numbers as the workbook shows them."""
    if source.size > MAX_XLSX_BYTES:
        raise ImportFormatError(f"{source.name} is far larger than any fee schedule workbook; refused.")
    rows = _sheet_rows(source)
    starts = [[cell_text(c).strip() for c in row[:4]] for row in rows[:HEADER_SEARCH_ROWS]]
    header = next((i for i, start in enumerate(starts) if start == header_start), None)
    if header is None:
        raise ImportFormatError(
            f"{source.name} has no HCPCS, MOD, DESCRIPTION, ... header row; it is not a PPRRVU workbook."
        )
    above = "\n".join(" ".join(cell_text(c) for c in row) for row in rows[:header])
    found = []
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        if not any(cell_text(c).strip() for c in row):
            continue
        if len(row) != len(columns):
            raise ImportFormatError(
                f"{source.name} row {number} has {len(row)} columns instead of {len(columns)}; the workbook is damaged."
            )
        found.append([_shown(column, cell) for column, cell in zip(columns, row, strict=True)])
    if not found:
        raise ImportFormatError(f"{source.name} holds no fee schedule rows.")
    return above, found


def _sheet_rows(source: Source) -> list[list[object]]:
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
            check_inflation(archive, source.name, MAX_PART_BYTES, MAX_UNPACKED_BYTES)
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(source.data))
        return workbook.get_sheet_by_index(0).to_python()
    except ImportFormatError:
        raise
    except Exception as error:  # zipfile's and calamine's own types for every kind of damage
        raise ImportFormatError(f"{source.name} could not be read as an Excel workbook ({error}).") from None


def _shown(column: str, cell: object) -> str:
    """A cell as the workbook displays it: two decimals in the "0.00" columns, else as General shows it."""
    if isinstance(cell, float) and column in TWO_DECIMALS:
        return f"{cell:.2f}"
    return cell_text(cell).strip()
