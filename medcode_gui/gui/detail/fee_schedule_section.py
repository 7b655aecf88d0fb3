"""The detail pane's fee schedule section: the Medicare physician fee schedule's record of the code shown.

Three widgets the pane lays out in its column like its other sections (a heading, the record's fields as a
FieldsTable, the rows of the code with a pricing modifier), filled from a view's "fee_schedule" entry.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from .fields_table import FieldsTable
from .labels import SELECTABLE, make_label

# The modifier rows' values shown, in brief: (fee schedule column, words).
MODIFIER_ROW_VALUES = (
    ("STATUS CODE", "status"),
    ("WORK RVU", "work RVU"),
    ("NON-FACILITY TOTAL", "non-facility total"),
    ("FACILITY TOTAL", "facility total"),
)


def modifier_rows_html(rows: dict[str, dict[str, str]]) -> str:
    """The fee schedule's rows for the code with a pricing modifier (26, TC, 53), in brief."""
    lines = []
    for modifier, values in rows.items():
        parts = [f"{name} {escape(values[key])}" for key, name in MODIFIER_ROW_VALUES if values.get(key)]
        lines.append(f"<b>With modifier {escape(modifier)}</b>: " + ", ".join(parts))
    return "<br>".join(lines)


class FeeScheduleSection:
    """The fee schedule's heading, fields table and modifier rows; fill() says which of them have something."""

    def __init__(self) -> None:
        self.heading: QLabel = make_label("Fee schedule heading", flags=Qt.TextInteractionFlag.NoTextInteraction)
        self.table = FieldsTable()
        self.table.setAccessibleName("Fee schedule fields")
        self.table.setAccessibleDescription("The Medicare physician fee schedule's record of the code")
        self.modifiers_label: QLabel = make_label("Fee schedule modifier rows", rich=True, flags=SELECTABLE)

    @property
    def widgets(self) -> tuple[QLabel, FieldsTable, QLabel]:
        """Top to bottom, as the pane lays them out."""
        return self.heading, self.table, self.modifiers_label

    def fill(self, fee: dict[str, Any] | None) -> set[QWidget]:
        """Show a view's fee_schedule entry (None: the code has no record); the widgets that have something."""
        if not fee:
            self.table.setRowCount(0)
            return set()
        dated = f", effective {fee['effective_date']}" if fee.get("effective_date") else ""
        self.heading.setText(f"Medicare physician fee schedule ({fee['release']}{dated}, {fee['file']})")
        self.table.set_entries(list(fee["decoded"]) + list(fee["amounts"]))
        visible: set[QWidget] = {self.heading, self.table}
        if rows := fee.get("modifier_rows"):
            self.modifiers_label.setText(modifier_rows_html(rows))
            visible.add(self.modifiers_label)
        return visible
