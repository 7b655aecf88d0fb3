"""Two releases of a payment or rules file compared (releases/schedule_diff.py) as a table: the kind of change,
the row's key, its code and modifier, and what changed (each column's old -> new raw value)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ...releases.schedule_diff import SCHEDULE_KIND_TITLES, RowChange, change_text
from ..common.plain_text import rich_text_of
from .diff_model import DIFF_HTML_ROLE, ChangeRowsModel

Index = QModelIndex | QPersistentModelIndex
# Five columns, "What changed" last, as in DiffModel: the window's column sizes and delegate fit both.
COLUMNS = ("Change", "Key", "Code", "Modifier", "What changed")
CHANGE, KEY, CODE, MODIFIER, DETAILS = range(len(COLUMNS))


class ScheduleDiffModel(ChangeRowsModel):
    columns = COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        kind, change = self._rows[index.row()]
        text = self._text(kind, change, index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return rich_text_of(text)
        if role == DIFF_HTML_ROLE and index.column() == DETAILS:  # the window's delegate wraps it whole
            return escape(text)
        return None

    @staticmethod
    def _text(kind: str, change: RowChange, column: int) -> str:
        if column == CHANGE:
            return SCHEDULE_KIND_TITLES[kind]
        if column == KEY:
            return change.key
        if column == CODE:
            return change.code
        if column == MODIFIER:
            return change.row.modifier
        return change_text(kind, change)
