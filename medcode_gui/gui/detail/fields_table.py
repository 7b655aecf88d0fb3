"""The detail pane's table of decoded fields (Field, Value, Meaning), also used for the fee schedule's record.

It never scrolls itself: it is as tall as its rows and the pane around it scrolls. Its columns and row heights
are measured here, for the reason fit() gives.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QRect, Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSizePolicy,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..common.view_fields import NOT_DOCUMENTED

VALUE_COLUMN, MEANING_COLUMN = 1, 2
FIELD_SHARE, MIN_MEANING_WIDTH = 0.4, 80  # the fields table's Field column at most 40% of its width
UNDOCUMENTED_ROLE = Qt.ItemDataRole.UserRole + 1


def _tip(text: str) -> str:
    """A tooltip that shows `text` literally (escaped rich text: Qt would guess at markup otherwise) and wraps."""
    return f"<p>{escape(text)}</p>"


class FieldsTable(QTableWidget):
    """The decoded fields, read-only, as tall as its rows (the pane scrolls, not the table)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(["Field", "Value", "Meaning"])
        self.setAccessibleName("Fields")
        self.setAccessibleDescription("Coded fields of the CMS record with their meanings")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # fit() sets the widths
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # A new width or font refits on the next turn of the event loop, once the layout has settled.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit)

    def set_entries(self, entries: list[dict[str, Any]]) -> None:
        self.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            field, code = str(entry["field"]), str(entry.get("code", ""))
            label = str(entry.get("label") or field)
            words = entry.get("meaning")
            meaning = str(words) if words else NOT_DOCUMENTED
            full = meaning + (f" ({entry['note']})" if entry.get("note") and words else "")
            cells = (
                (f"{label} ({field})", f"{label}: CMS record field {field}"),
                (code, f"{label} {code}: {full}"),
                (meaning, full),
            )
            for column, (text, tip) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(_tip(tip))
                item.setData(UNDOCUMENTED_ROLE, column == MEANING_COLUMN and not words)
                self.setItem(row, column, item)
        self._style_items()
        self.fit()

    def _style_items(self) -> None:
        """Values in bold, undocumented meanings in italics, in the table's own (scaled) font."""
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                if item := self.item(row, column):
                    font = QFont(self.font())
                    font.setBold(column == VALUE_COLUMN)
                    font.setItalic(bool(item.data(UNDOCUMENTED_ROLE)))
                    item.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._style_items()
            self._refit.start()

    def fit(self) -> None:
        """Columns to the table's width, rows as tall as their wrapped text, the table as tall as its rows.

        Value gets its natural width, Field at most FIELD_SHARE of the width (it wraps beyond), Meaning the
        rest. Measured here rather than by ResizeToContents/resizeRowsToContents: those measure only what lies
        inside the viewport, which is still tiny while the table is being shown.
        """
        available = max(1, self.width() - 2 * self.frameWidth())
        value = self._natural_width(VALUE_COLUMN)
        field = min(self._natural_width(0), max(1, int(available * FIELD_SHARE)))
        self.setColumnWidth(0, field)
        self.setColumnWidth(VALUE_COLUMN, value)
        self.setColumnWidth(MEANING_COLUMN, max(MIN_MEANING_WIDTH, available - field - value))
        for row in range(self.rowCount()):
            self.setRowHeight(row, self._row_height(row))
        header = self.horizontalHeader()
        height = max(header.height(), header.sizeHint().height()) + self.verticalHeader().length()
        self.setFixedHeight(height + 2 * self.frameWidth())

    def _natural_width(self, column: int) -> int:
        """The width of a column's widest cell or heading, unwrapped."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        widths = [self.horizontalHeader().sectionSizeFromContents(column).width()]
        for row in range(self.rowCount()):
            index = self.model().index(row, column)
            widths.append(self.itemDelegateForIndex(index).sizeHint(option, index).width())
        return max(widths) + (1 if self.showGrid() else 0)

    def _row_height(self, row: int) -> int:
        """The height of a row with every column's text wrapped to its width."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        height = 0
        for column in range(self.columnCount()):
            index = self.model().index(row, column)
            option.rect = QRect(0, 0, self.columnWidth(column), max(1, self.rowHeight(row)))  # valid, or no wrapping
            height = max(height, self.itemDelegateForIndex(index).sizeHint(option, index).height())
        return height + (1 if self.showGrid() else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._refit.start()
