"""A code list as CSV, its descriptive columns filled by a hook: the user store never reads reference data."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from ..codes.spreadsheet_cells import safe_cell
from .code_lists import ListEntry

EXPORT_COLUMNS = ("position", "code", "kind", "system", "short_description", "release", "source_file")
# Given (code, kind), returns what the reference data says of it: any of EXPORT_COLUMNS' descriptive keys.
Describe = Callable[[str, str], dict[str, Any]]


def list_csv(entries: Iterable[ListEntry], describe: Describe | None = None) -> str:
    """The entries as CSV (EXPORT_COLUMNS); describe(code, kind) fills the descriptive columns."""
    out = io.StringIO()
    writer = csv.DictWriter(out, EXPORT_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for entry in entries:
        described = describe(entry.code, entry.kind) if describe else {}
        row = {**described, "position": entry.position, "code": entry.code, "kind": entry.kind}
        writer.writerow({column: safe_cell(value) for column, value in row.items()})
    return out.getvalue()
