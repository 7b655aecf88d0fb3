"""The import wizard's sentences about its files, from rows alone (the wizard's tests see them on screen)."""

from __future__ import annotations

from medcode_gui.gui.releases.import_wizard_model import NAMELESS, ImportRow
from medcode_gui.gui.releases.import_wizard_text import details_text, summary_text


def row(key: int, **state) -> ImportRow:  # noqa: ANN003 - ImportRow's fields
    return ImportRow(key=key, path=f"/data/file{key}.txt", **state)


def test_details_say_what_the_selected_file_is_or_needs() -> None:
    assert details_text(row(1)) == "/data/file1.txt: examining…"
    nameless = details_text(row(2, examining=False, error=f"my.csv {NAMELESS}."))
    assert nameless.startswith(f"my.csv {NAMELESS}. Double-click (or F2)") and "examined again" in nameless
    assert details_text(row(3, examining=False, error="notes.txt is not a release")) == "notes.txt is not a release"
    warned = row(4, examining=False, warnings=["2 rows skipped", "no modifiers"])
    assert details_text(warned) == "/data/file4.txt; 2 rows skipped; no modifiers"


def test_the_summary_counts_examining_ready_unchanged_and_blocked_files() -> None:
    examining, new, same, junk = row(1), row(2, examining=False), row(3, examining=False), row(4, examining=False)
    rows = [examining, new, same, junk]
    text = summary_text(rows, ready=[new, same], changing=[new], read_only=False)
    assert text == "Files: 1 being examined, 1 ready to import, 1 already imported, 1 cannot be imported as listed."
    unchanged = summary_text([same], ready=[same], changing=[], read_only=False)
    assert unchanged == "Files: 1 already imported. Nothing would change: importing would add nothing to the database."
    assert summary_text([], [], [], read_only=False) == "Add files to import."
    assert summary_text(rows, [new], [new], read_only=True) == "The database is read-only; importing is disabled."
