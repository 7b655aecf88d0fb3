"""Cells written to a CSV file that cannot be turned into spreadsheet formulas (CSV injection).

Every CSV export (results, code lists, comparisons, release diffs; window and command line) passes each cell
through safe_cell. OWASP's rule: a cell beginning with =, +, -, @, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (or as the start of one, after the tab or return), so an
imported descriptor such as `=HYPERLINK("http://...")` would run when the export is opened. Such a cell gains
a leading apostrophe, which the spreadsheet takes as "this is text" and does not show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain signed number (a negative RVU or fee, "-0.50", "-1.5E3"). It is left as it is: a spreadsheet reads it
# as that number, no formula runs, and coders compare these values with the CMS files, so they must arrive
# unaltered (an apostrophe would turn the number into text).
_PLAIN_NUMBER = re.compile(r"[+-](\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")

T = TypeVar("T")


def safe_cell(value: T) -> T | str:
    """The value as a spreadsheet will not evaluate it: text a formula could start with gains a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: Iterable[T]) -> list[T | str]:
    """A row of cells, each through safe_cell."""
    return [safe_cell(value) for value in values]
