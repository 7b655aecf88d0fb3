"""The detail pane's table of the record's fields (Field, Value, Meaning), also used for the fee schedule's record.

It never scrolls itself: it is as tall as its rows and the pane around it scrolls. Its columns and row heights
are measured here, for the reason fit() gives. A meaning that cites other fields (coverage: "see CIM 60-3")
links to their rows: a link selects the row and scrolls the pane to it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..common.view_fields import NOT_DOCUMENTED
from .section_html import cited_meaning_html

VALUE_COLUMN, MEANING_COLUMN = 1, 2
FIELD_SHARE, MIN_MEANING_WIDTH = 0.4, 80  # the fields table's Field column at most 40% of its width
VALUE_SHARE = 0.3  # Value at most 30%: a long description wraps there rather than squeezing Meaning
ELIDE_SLACK = 8  # measured a little narrower than painted: a wrapped line that just fits would be elided
UNDOCUMENTED_ROLE = Qt.ItemDataRole.UserRole + 1


def _tip(text: str) -> str:
    """A tooltip that shows `text` literally (escaped rich text: Qt would guess at markup otherwise) and wraps."""
    return f"<p>{escape(text)}</p>"


class FieldsTable(QTableWidget):
    """The record's fields, read-only, as tall as its rows (the pane scrolls, not the table)."""

    field_shown = Signal(str)  # a cited field's row was selected and scrolled to (the raw field name)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(["Field", "Value", "Meaning"])
        self.setAccessibleName("Fields")
        self.setAccessibleDescription("Fields of the CMS record with their raw values and meanings")
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
        self._fields: list[str] = []
        self._sizes: dict[tuple[str, int, str], int] = {}  # the delegate's measures of cells (see _cell_size)

    def set_entries(self, entries: list[dict[str, Any]]) -> None:
        self.clearContents()  # drops the link labels of the previous code's rows too
        self._fields = [str(entry["field"]) for entry in entries]
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
            if entry.get("see") and words:
                self.setCellWidget(row, MEANING_COLUMN, self._citing_label(meaning, entry["see"], full))
        self._style_items()
        self.fit()

    def _citing_label(self, meaning: str, see: list[dict[str, Any]], tip: str) -> QLabel:
        """A meaning with links to the fields it cites, over the cell (whose item keeps the plain text)."""
        label = QLabel(cited_meaning_html(meaning, see))
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setAutoFillBackground(True)  # hides the item's own text beneath
        label.setContentsMargins(3, 0, 3, 0)
        label.setToolTip(_tip(tip))
        label.setAccessibleName("Meaning, with links to the references")
        label.linkActivated.connect(self.show_field)
        return label

    def show_field(self, href: str) -> None:
        """Select the row of a field (`field:CIM1` or `CIM1`) and scroll the pane around the table to it."""
        field = href.removeprefix("field:")
        if field not in self._fields:
            return
        row = self._fields.index(field)
        self.selectRow(row)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        area = self._scroll_area()
        if area is not None and area.widget() is not None:
            top = self.mapTo(area.widget(), QPoint(0, self.horizontalHeader().height() + self.rowViewportPosition(row)))
            margin = max(self.rowHeight(row), area.viewport().height() // 3)  # well inside the view, not at its edge
            area.ensureVisible(top.x(), top.y() + self.rowHeight(row) // 2, 0, margin)
        self.field_shown.emit(field)

    def _scroll_area(self) -> QScrollArea | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        return parent

    def _style_items(self) -> None:
        """Values in bold, undocumented meanings in italics, in the table's own (scaled) font."""
        fonts: dict[tuple[bool, bool], QFont] = {}  # four fonts for a record's 150 cells, made once
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                if item := self.item(row, column):
                    style = (column == VALUE_COLUMN, bool(item.data(UNDOCUMENTED_ROLE)))
                    if style not in fonts:
                        fonts[style] = QFont(self.font())
                        fonts[style].setBold(style[0])
                        fonts[style].setItalic(style[1])
                    item.setFont(fonts[style])

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
        share = max(int(available * VALUE_SHARE), self._widest_word(VALUE_COLUMN))  # a word is never cut
        value = min(self._natural_width(VALUE_COLUMN), share)
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
            widths.append(self._cell_size(option, row, column, 0))
        return max(widths) + (1 if self.showGrid() else 0)

    def _widest_word(self, column: int) -> int:
        """The width of the widest word of a column, in each cell's font, with the cell's margins."""
        widest = 0
        for row in range(self.rowCount()):
            if item := self.item(row, column):
                metrics = QFontMetrics(item.font())
                widest = max([widest, *(metrics.horizontalAdvance(word) for word in item.text().split())])
        return widest + ELIDE_SLACK + 2

    def _row_height(self, row: int) -> int:
        """The height of a row with every column's text wrapped to its width."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        height = 0
        for column in range(self.columnCount()):
            height = max(height, self._cell_height(option, row, column))
        return height + (1 if self.showGrid() else 0)

    def _cell_height(self, option: QStyleOptionViewItem, row: int, column: int) -> int:
        """A cell's text wrapped to its column, as the delegate measures it."""
        return self._cell_size(option, row, column, self.columnWidth(column) - ELIDE_SLACK)

    def _cell_size(self, option: QStyleOptionViewItem, row: int, column: int, width: int) -> int:
        """The delegate's measure of a cell: its height wrapped to width, or (width 0) its unwrapped width.
        Remembered by text, width and font: a record's 150 cells are mostly the layout's names and "none",
        the same from code to code, so each is measured once rather than at every code shown."""
        index = self.model().index(row, column)
        item = self.item(row, column)
        key = (item.text(), width, item.font().key()) if item is not None else None
        if key is not None and key in self._sizes:
            return self._sizes[key]
        if width:
            option.rect = QRect(0, 0, width, max(1, self.rowHeight(row)))  # valid, or no wrapping
        hint = self.itemDelegateForIndex(index).sizeHint(option, index)
        size = hint.height() if width else hint.width()
        if key is not None:
            if len(self._sizes) > 20_000:  # bounded: a long session of zooms and widths
                self._sizes.clear()
            self._sizes[key] = size
        return size

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._refit.start()
