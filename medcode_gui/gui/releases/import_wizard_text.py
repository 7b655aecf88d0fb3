"""What the import wizard says about its files: the status line under the table and the selected file's details.

Plain functions of the rows (import_wizard_model.ImportRow), so the sentences can be read and tested apart
from the dialog.
"""

from __future__ import annotations

from .import_wizard_model import ImportRow


def details_text(row: ImportRow) -> str:
    """The selected file in one line: being examined, what it needs, its error, or its path and warnings."""
    if row.examining:
        return f"{row.path}: examining…"
    if row.needs_name:
        return (
            f"{row.error} Double-click (or F2) its Label and Effective cells to give them; "
            "the file is then examined again."
        )
    if row.error:
        return row.error
    return "; ".join([row.path, *row.warnings])


def summary_text(rows: list[ImportRow], ready: list[ImportRow], changing: list[ImportRow], read_only: bool) -> str:
    """The status line: how many files are being examined, ready, already imported, or blocked.

    `ready` are the rows that could be imported, `changing` those of them that would add something.
    """
    if read_only:
        return "The database is read-only; importing is disabled."
    if not rows:
        return "Add files to import."
    parts = []
    examining = sum(row.examining for row in rows)
    if examining:
        parts.append(f"{examining} being examined")
    if changing:
        parts.append(f"{len(changing)} ready to import")
    unchanged = len(ready) - len(changing)
    if unchanged:
        parts.append(f"{unchanged} already imported")
    blocked = len(rows) - len(ready) - examining
    if blocked:
        parts.append(f"{blocked} cannot be imported as listed")
    text = "Files: " + ", ".join(parts) + "."
    if ready and not changing and not examining:
        text += " Nothing would change: importing would add nothing to the database."
    return text
