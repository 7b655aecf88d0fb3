"""The results table: search hits (or a tree node's codes) as rows, with matched words highlighted."""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ..records import StoredCode
from ..views import badge
from .palette import badge_colour

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Code", "Description", "Type", "Status", "Release")
CODE, DESCRIPTION, TYPE, STATUS, RELEASE = range(len(COLUMNS))
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 10  # the description as HTML with the matched words in bold


class ResultsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[StoredCode] = []
        self._badges: dict[int, str] = {}
        self._pattern: re.Pattern[str] | None = None

    def set_hits(self, hits: list[StoredCode], words: list[str] | None = None) -> None:
        """Show these hits; words (as typed, matched as prefixes) are highlighted in the descriptions."""
        self.beginResetModel()
        self._hits = list(hits)
        self._badges: dict[int, str] = {}  # filled as rows are shown: only visible rows pay for it
        escaped = [re.escape(w) for w in (words or []) if w]
        self._pattern = re.compile(r"\b(" + "|".join(escaped) + r")\w*", re.IGNORECASE) if escaped else None
        self.endResetModel()

    def hit(self, row: int) -> StoredCode:
        return self._hits[row]

    def rows(self) -> list[StoredCode]:
        return list(self._hits)

    def row_of(self, code: str, kind: str | None = None) -> int:
        for row, hit in enumerate(self._hits):
            if hit.record.code == code and (kind is None or hit.record.kind == kind):
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit, column = self._hits[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(hit, index.row(), column)
        if role == HIGHLIGHT_ROLE and column == DESCRIPTION:
            return self._highlighted(hit.record.short_description)
        if role == Qt.ItemDataRole.ToolTipRole:
            note = " (plain-language starter description)" if not hit.release.is_official else ""
            return f"{hit.record.code}: {hit.record.long_description}{note}"
        if role == Qt.ItemDataRole.ForegroundRole and column == TYPE:
            return badge_colour(self._badge(index.row()))
        if role == Qt.ItemDataRole.ForegroundRole and hit.status == "terminated":
            return QColor("#9a3412")
        return None

    def _display(self, hit: StoredCode, row: int, column: int) -> str:
        record = hit.record
        status = hit.status if not record.termination_date else f"ended {record.termination_date}"
        return (record.code, record.short_description, self._badge(row), status, hit.release.label)[column]

    def _badge(self, row: int) -> str:
        if row not in self._badges:
            record = self._hits[row].record
            self._badges[row] = badge(record.code, record.kind)
        return self._badges[row]

    def _highlighted(self, text: str) -> str:
        escaped = html.escape(text)
        return self._pattern.sub(lambda m: f"<b>{m.group(0)}</b>", escaped) if self._pattern else escaped

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
