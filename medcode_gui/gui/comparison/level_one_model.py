"""HCPCS Level I against CPT as a table: code, the CMS descriptor, the CPT descriptor (words diffed),
the fee schedule status, and what differs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...codes.wording import value_words
from ...comparison.level_one import CMS_ONLY, CPT_ONLY, DIFFERENT, STATE_DETAIL, STATE_TEXT, LevelOneRow
from ..common.plain_text import rich_text_of
from ..releases.diff_html import segments_html

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Code", "CMS (HCPCS Level I)", "CPT (AMA files)", "CMS status", "Difference")
CODE, CMS_TEXT, CPT_TEXT, STATUS, STATE = range(len(COLUMNS))
DIFF_HTML_ROLE = Qt.ItemDataRole.UserRole + 30
STATE_COLOURS = {DIFFERENT: "#fef3c7", CMS_ONLY: "#e0f2fe", CPT_ONLY: "#fce7f3"}
MISSING = "—"
STATUS_FIELD = "STATUS CODE"  # the fee schedule column LevelOneRow.cms_status reads


class LevelOneModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[LevelOneRow] = []
        self._html: dict[int, tuple[str, str]] = {}  # row -> (CMS html, CPT html), built when first shown

    def set_rows(self, rows: list[LevelOneRow]) -> None:
        self.beginResetModel()
        self._rows, self._html = list(rows), {}
        self.endResetModel()

    def row_at(self, row: int) -> LevelOneRow:
        return self._rows[row]

    def row_of(self, code: str) -> int:
        return next((i for i, row in enumerate(self._rows) if row.code == code), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return rich_text_of(self._tooltip(row, column))
        if role == DIFF_HTML_ROLE and column in (CMS_TEXT, CPT_TEXT) and row.state == DIFFERENT:
            return self._diff_html(index.row())[column - CMS_TEXT]
        if role == Qt.ItemDataRole.BackgroundRole and column == STATE and row.state in STATE_COLOURS:
            return QBrush(QColor(STATE_COLOURS[row.state]))
        if role == Qt.ItemDataRole.ForegroundRole and column == STATE and row.state in STATE_COLOURS:
            return QBrush(QColor("#1f2937"))
        return None

    def _text(self, row: LevelOneRow, column: int) -> str:
        if column == CODE:
            return row.code
        if column == CMS_TEXT:
            return row.cms_text if row.cms else MISSING
        if column == CPT_TEXT:
            return row.cpt_text if row.cpt else MISSING
        if column == STATUS:  # "I (Not valid for Medicare purposes)": the letter, then its words
            return value_words(STATUS_FIELD, row.cms_status) if row.cms_status else (MISSING if not row.cms else "")
        return STATE_TEXT[row.state]

    def _tooltip(self, row: LevelOneRow, column: int) -> str | None:
        if column == STATUS and row.cms_status:
            whole = value_words(STATUS_FIELD, row.cms_status, whole=True)
            return whole if whole != row.cms_status else f"{whole}: not documented in the RVU layout"
        if column == STATE:
            return STATE_DETAIL[row.state]
        if column == CPT_TEXT and row.cpt and row.cpt.record.long_description:
            return row.cpt.record.long_description
        return self._text(row, column)

    def _diff_html(self, row_number: int) -> tuple[str, str]:
        if row_number not in self._html:
            cms, cpt = self._rows[row_number].diff()
            self._html[row_number] = (segments_html(cms), segments_html(cpt))
        return self._html[row_number]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and section < len(COLUMNS):
            return COLUMNS[section]
        return None
