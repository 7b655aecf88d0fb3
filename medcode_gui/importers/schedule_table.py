"""What the payment and rules importers share (add-on codes, OPPS, DMEPOS, lab, drugs, ASC): a table read from a
csv or the first sheet of a workbook, its header row found below CMS's notice rows, and every data row kept raw
under the file's own headings as a ScheduleRow.

Headings are stripped of the stray spaces CMS leaves in them (" SI", "APC "); cell values are stripped of
surrounding spaces only, never rounded or reformatted. A heading CMS left empty is named "column N".
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable

from python_calamine import CalamineWorkbook

from ..codes.errors import ImportFormatError
from ..codes.records import ParsedRelease, ReleaseInfo, ScheduleRow
from .hcpcs_xlsx import cell_text
from .release_naming import check_iso_date
from .source import Source, check_inflation, is_xlsx, open_zip, read_member, read_member_head

HEADER_SEARCH_ROWS = 40  # notice rows above the header: at most 8 in the real files
CODE = re.compile(r"[A-Z0-9]{5}")  # a CPT or HCPCS code's shape
MAX_PART_BYTES = 48 * 1024 * 1024  # one part of a workbook unpacked (the OPPS sheet: 7 MB)
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
_SHEET_NAME = re.compile(rb'<sheet [^>]*name="([^"]*)"')


def decode(data: bytes) -> str:
    """CMS writes these csv files in Windows-1252 (curly quotes, non-breaking spaces); UTF-8 when it says so."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # never fails: every byte is a character


def csv_rows(data: bytes, name: str) -> list[list[str]]:
    """Every row; a file cut short (CMS ends every line, the last too, with a line break) or with an open quote
    is refused rather than read as a shorter table."""
    if not data.rstrip(b"\x1a").endswith(b"\n"):
        raise ImportFormatError(f"{name} ends in the middle of a line; it is cut short (download it again).")
    try:
        return list(csv.reader(io.StringIO(decode(data), newline=""), strict=True))
    except csv.Error as error:
        raise ImportFormatError(f"{name} is not a well-formed csv ({error}); it is damaged.") from None


def xlsx_rows(data: bytes, name: str) -> list[list[str]]:
    """The first sheet's cells as text (whole numbers without ".0"), after the workbook passed the zip limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_inflation(archive, name, MAX_PART_BYTES, MAX_UNPACKED_BYTES)
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = workbook.get_sheet_by_index(0).to_python()
    except ImportFormatError:
        raise
    except Exception:  # zipfile and calamine raise their own types for every kind of damage
        raise ImportFormatError(f"{name} could not be read as an Excel workbook: it is damaged or truncated.") from None
    return [[cell_text(cell) for cell in row] for row in rows]


def sheet_names(source: Source) -> list[str]:
    """The sheet names of a workbook, from the head of xl/workbook.xml (a sniff unpacks nothing more)."""
    if not source.is_zip:
        return []
    try:
        with zipfile.ZipFile(source.path if source.in_file else io.BytesIO(source.data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                return []
            head = read_member_head(archive, "xl/workbook.xml", source.name)
    except (ImportFormatError, zipfile.BadZipFile, EOFError, OSError, ValueError):
        return []
    return [found.decode("utf-8", "replace") for found in _SHEET_NAME.findall(head)]


def head_text(source: Source) -> str:
    """The first bytes of a plain text file, for a sniff (never a zip's packed bytes)."""
    return "" if source.is_zip else decode(source.head)


def find_header(rows: list[list[str]], required: Iterable[str], name: str, kind: str) -> int:
    """The index of the first row holding every required heading, else one sentence saying what is missing."""
    wanted = set(required)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if wanted <= {cell.strip() for cell in row}:
            return index
    raise ImportFormatError(
        f"{name} has no header row naming {', '.join(sorted(wanted))}; it is not a complete {kind}."
    )


def headings(row: list[str]) -> list[str]:
    names = [cell.strip() or f"column {number}" for number, cell in enumerate(row, start=1)]
    while names and names[-1].startswith("column ") and not row[len(names) - 1].strip():
        names.pop()  # trailing empty columns (a csv's last comma) are no column at all
    return names


def data_rows(rows: list[list[str]], header: int, code_column: str, name: str) -> list[dict[str, str]]:
    """Every row below the header as {heading: value}, up to the notes CMS puts below the table.

    Blank rows are skipped; the table ends at the first row whose code cell is not a code (a note), and a code
    row after a note, or a row wider than the header, means the file is damaged.
    """
    names = headings(rows[header])
    code_at = names.index(code_column)
    table: list[dict[str, str]] = []
    ended_at: int | None = None
    for number, row in enumerate(rows[header + 1:], start=header + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(names) or any(cell.strip() for cell in row[len(names):]):
            raise ImportFormatError(
                f"{name} row {number} has {len(row)} cells, not the {len(names)} of its header; damaged or cut short."
            )
        is_code = CODE.fullmatch(row[code_at].strip()) is not None
        if is_code and ended_at is not None:
            raise ImportFormatError(f"{name} row {number} lists a code below the notes of row {ended_at}; damaged.")
        if not is_code:
            ended_at = ended_at or number
            continue
        table.append({heading: (row[i].strip() if i < len(row) else "") for i, heading in enumerate(names)})
    if not table:
        raise ImportFormatError(f"{name} has a header row but no rows of codes below it; it is truncated.")
    return table


def schedule_rows(
    table: list[dict[str, str]], make: Callable[[dict[str, str]], ScheduleRow], name: str
) -> list[ScheduleRow]:
    """The rows as ScheduleRows; a key given twice means the file is not what it claims."""
    made, seen = [], set()
    for fields in table:
        row = make(fields)
        if row.key in seen:
            raise ImportFormatError(f"{name} lists {row.key.replace('|', ' ').strip()} twice; it is damaged.")
        seen.add(row.key)
        made.append(row)
    return made


def release(
    system: str,
    named: tuple[str, str] | None,
    given: tuple[str | None, str | None],
    source: Source,
    member: str,
    file_format: str,
    rows: list[ScheduleRow],
) -> ParsedRelease:
    """The release: its label and effective date as the user gave them, else as the file says (named)."""
    label, effective = given
    if named is None and not (label and effective):
        raise ImportFormatError(
            f"{source.name} does not say which period it holds; import it with a label and an effective date."
        )
    label = label or named[0]  # type: ignore[index]
    effective = check_iso_date(effective) if effective else named[1]  # type: ignore[index]
    info = ReleaseInfo(system, label, effective, source.name, member, source.sha256, file_format)
    return ParsedRelease(info, [], schedule_rows=rows)


def key(*parts: str) -> str:
    return "|".join(parts)


def zip_member(source: Source, wanted: Callable[[bytes], bool]) -> str | None:
    """The first member of a zip (not a workbook) whose first bytes `wanted` accepts; None when none does.

    Only the zip's directory and each member's first bytes are read (open_zip's checks first), for a sniff.
    """
    if not source.is_zip or is_xlsx(source):
        return None
    try:
        with open_zip(source) as archive:
            for member in archive.infolist():
                if not member.is_dir() and wanted(read_member_head(archive, member.filename, source.name)):
                    return member.filename
    except ImportFormatError:
        return None  # hcpcs_release claims every zip and says what is wrong with a damaged or unsafe one
    return None


def read_zip_member(source: Source, member: str) -> bytes:
    with open_zip(source) as archive:
        return read_member(archive, member, source.name)
