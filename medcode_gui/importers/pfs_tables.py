"""Helpers shared by the payment-by-locality importers (GPCI, 25LOCCO, ANES, OPPSCAP, ZIP5): CMS ships each as a
csv, a fixed-width txt and often an xlsx, with title rows above the table and notes below it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from python_calamine import CalamineWorkbook

from ..codes.errors import ImportFormatError
from ..codes.records import ScheduleRow
from .hcpcs_txt import iter_lines
from .hcpcs_xlsx import cell_text, check_workbook
from .source import Source

SNIFF_ROWS = 6  # the title, header and first data rows: what a sniff looks at
_DIGITS = re.compile(r"\d{1,5}")


def head_text(source: Source) -> str:
    """The first bytes as text (CMS writes these files in ASCII/latin-1); "" for a zip."""
    return "" if source.is_zip else source.head.decode("latin-1")


def head_rows(source: Source) -> list[list[str]]:
    """The first rows of a csv or of an xlsx's first sheet, as text, for a sniff. An xlsx is looked at only when
    the whole workbook is in `source.head` (these workbooks are a few KB; a large zip is some other file)."""
    if source.is_zip:
        if source.size > len(source.head):
            return []
        try:
            return workbook_rows(source.head)[:SNIFF_ROWS]
        except ImportFormatError:
            return []
    lines = head_text(source).splitlines()[:SNIFF_ROWS]
    return [row for row in csv.reader(lines)]


def workbook_rows(data: bytes) -> list[list[str]]:
    """Every row of the first sheet, each cell as the text CMS wrote (whole floats lose '.0')."""
    check_workbook(data)
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    except Exception as error:  # calamine raises its own types for every kind of damage
        raise ImportFormatError(f"The file could not be read as an Excel workbook ({error}).") from None
    return [[cell_text(cell).strip() for cell in row] for row in sheet]


def table_rows(source: Source) -> list[list[str]]:
    """Every row of a csv (latin-1) or of an xlsx's first sheet, cells stripped of surrounding blanks."""
    if source.is_zip:
        return workbook_rows(source.data)
    text = source.data.decode("latin-1")
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]


def text_lines(source: Source) -> list[tuple[int, str]]:
    """(line number, line) of every line of a fixed-width txt that is not blank."""
    return [(number, line) for number, line in enumerate(iter_lines(source.data), start=1) if line.strip()]


def padded(text: str, width: int, name: str, what: str) -> str:
    """A contractor (5) or locality (2) number with the leading zeros CMS's csv sometimes drops ("2102")."""
    if not _DIGITS.fullmatch(text) or len(text) > width:
        raise ImportFormatError(f"{name}: {text!r} is not a {what}; the file is damaged.")
    return text.zfill(width)


def locality_key(mac: str, locality: str, name: str) -> str:
    """The locality as MAC-NN ("01112-05"), the key every locality file shares."""
    return f"{padded(mac, 5, name, 'contractor number')}-{padded(locality, 2, name, 'locality number')}"


def check_number(text: str, name: str, where: str) -> Decimal:
    """A figure the payment arithmetic reads: refused if it is not a number (a shifted or cut row)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ImportFormatError(f"{name} {where} holds {text!r} where a number belongs; the file is damaged.")
    return value


def rows_after_header(
    rows: list[list[str]], is_header: Callable[[list[str]], bool], name: str, kind: str
) -> list[tuple[int, list[str]]]:
    """(row number, cells) of the rows below the header row; a file without the header is refused."""
    for index, row in enumerate(rows):
        if is_header(row):
            return [(number, row) for number, row in enumerate(rows[index + 1 :], start=index + 2)]
    raise ImportFormatError(f"{name} has no {kind} header row; it is not that CMS file or its columns have changed.")


def unique_rows(rows: list[ScheduleRow], name: str, warnings: list[str]) -> list[ScheduleRow]:
    """Rows with unique keys: a row repeated word for word is kept once (said in the warnings); two different
    rows under one key refuse the file."""
    seen: dict[str, ScheduleRow] = {}
    for row in rows:
        if row.key not in seen:
            seen[row.key] = row
        elif seen[row.key].fields == row.fields:
            warnings.append(f"{name} lists {row.key} twice, word for word; it is kept once.")
        else:
            raise ImportFormatError(f"{name} lists {row.key} twice with different values; the file is damaged.")
    return list(seen.values())
