"""The results table: a QTableView that paints its rows itself, the same pixels as the standard painting.

QTableView.paintEvent prepares a style option and a model index per cell, asks the Python model for
rowCount and columnCount for each index, and calls the delegate's paint through Python with its arguments
wrapped: ~8 us a cell before the delegate paints anything, over 1 ms for the ~175 cells of a page. Here one
Python loop walks the dirty rows and hands each cell straight to ResultsDelegate.paint_cell, with the state
and colours worked out once per paint, not per cell.

What QTableView does per cell is kept (QTableViewPrivate::drawCell): the selected cells (from the
selection's ranges), the style's row panel (PE_PanelItemViewRow) under selected or hovered cells, the current
cell's focus frame, then the grid lines over the rows painted. What this loop does not do (another model or
delegate, spans, alternating row colours, right to left) is left to QTableView.paintEvent.

Columns: the description stretches over the width the others leave; every other column is as wide as its
header and the rows in view (`fit_columns`), worked out again when the rows change and by the zoom
(view_options), and grown as the rows scrolled into view need. Qt's ResizeToContents would ask the delegate's size
hint for every cell of a column on every search; this reads the few rows in view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QLineF, QRect, Qt
from PySide6.QtGui import QColor, QCursor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionViewItem, QTableView, QWidget

from .results_delegate import HAS_FOCUS, SELECTED, ResultsDelegate
from .results_model import ResultsModel, RowCells

MOUSE_OVER = QStyle.StateFlag.State_MouseOver.value
NO_CELL = (-1, -1)

Column = tuple[int, int, int]  # (logical column, x in the viewport, width less the grid line)


class ResultsView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spans = False
        self._widths_font, self._widths, self._header_widths = "", {}, {}  # fit_columns's measures, per font
        self.verticalScrollBar().valueChanged.connect(lambda: self.fit_columns(grow_only=True))

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:  # after the view's own handling of the reset: the rows in view are the new ones
            model.modelReset.connect(self.fit_columns)
            model.rowsInserted.connect(lambda: self.fit_columns(grow_only=True))

    def fit_columns(self, grow_only: bool = False) -> None:
        """Every column that does not stretch as wide as its header and its texts in the rows in view (only
        wider if grow_only); the stretching one (the description) takes the rest."""
        model, header = self.model(), self.horizontalHeader()
        if model is None:
            return
        width_of = self._text_widths()
        rows = self._rows_in_view(model.rowCount())
        index, data = model.index, model.data
        for column in range(model.columnCount()):
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
                continue
            widths = [width_of(str(data(index(row, column)) or "")) for row in rows]
            width = max(widths + [self._header_width(column)])
            if not grow_only or width > header.sectionSize(column):
                header.resizeSection(column, width)

    def _text_widths(self) -> Callable[[str], int]:
        """A text's width in a cell in the view's font, with the cell's margins and some air; kept per font
        (the same few types, statuses and releases recur from row to row and search to search)."""
        key = self.font().key()
        if key != self._widths_font:
            self._widths_font, self._widths, self._header_widths = key, {}, {}
        widths, metrics = self._widths, self.fontMetrics()
        margin = 2 * metrics.averageCharWidth()

        def width_of(text: str) -> int:
            width = widths.get(text)
            if width is None:
                width = widths[text] = metrics.horizontalAdvance(text) + margin if text else 0
            return width

        return width_of

    def _header_width(self, column: int) -> int:
        width = self._header_widths.get(column)
        if width is None:
            width = self._header_widths[column] = self.horizontalHeader().sectionSizeFromContents(column).width()
        return width

    def _rows_in_view(self, count: int) -> range:
        top = max(0, self.rowAt(0))
        shown = self.viewport().height() // max(1, self.verticalHeader().defaultSectionSize()) + 1
        return range(top, min(count, top + shown))

    def setSpan(self, row: int, column: int, rows: int, columns: int) -> None:
        self._spans = True  # QTableView paints spans
        super().setSpan(row, column, rows, columns)

    def paintEvent(self, event: QPaintEvent) -> None:
        model, delegate = self.model(), self.itemDelegate()
        if (
            not isinstance(model, ResultsModel)
            or not isinstance(delegate, ResultsDelegate)
            or self._spans
            or self.alternatingRowColors()
            or self.isRightToLeft()
        ):
            super().paintEvent(event)
            return
        painter = QPainter(self.viewport())
        try:
            self._paint(painter, event, model, delegate)
        finally:
            painter.end()

    def _paint(self, painter: QPainter, event: QPaintEvent, model: ResultsModel, delegate: ResultsDelegate) -> None:
        columns_header, rows_header = self.horizontalHeader(), self.verticalHeader()
        if columns_header.count() == 0 or rows_header.count() == 0:
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        delegate.use_font(option.font)
        grid = 1 if self.showGrid() else 0
        right_end = columns_header.length() - columns_header.offset() - 1
        bottom_end = rows_header.length() - rows_header.offset() - 1
        region = event.region()
        # A cell in two rectangles of the region is painted once, as QTableView does.
        painted: set[tuple[int, int]] | None = set() if region.rectCount() > 1 else None
        for dirty in region:
            dirty.setBottom(min(dirty.bottom(), bottom_end))
            dirty.setRight(min(dirty.right(), right_end))
            if not dirty.isValid():
                continue
            rows, columns = self._rows(rows_header, dirty), self._columns(columns_header, dirty, grid)
            if rows and columns:
                _CellPainter(self, painter, option, model, delegate, grid).paint(rows, columns, painted)
                if grid:
                    self._paint_grid(painter, option, dirty, rows, columns, grid)

    @staticmethod
    def _rows(header: QHeaderView, dirty: QRect) -> list[int]:
        """The logical rows shown in dirty, top to bottom."""
        top, bottom = header.visualIndexAt(dirty.top()), header.visualIndexAt(dirty.bottom())
        if bottom == -1:
            bottom = header.count() - 1
        if top == -1 or top > bottom:
            return []
        rows = [header.logicalIndex(visual) for visual in range(top, bottom + 1)]
        return [row for row in rows if not header.isSectionHidden(row)] if header.sectionsHidden() else rows

    def _columns(self, header: QHeaderView, dirty: QRect, grid: int) -> list[Column]:
        """The logical columns shown in dirty, left to right, each with its x and width."""
        left, right = header.visualIndexAt(dirty.left()), header.visualIndexAt(dirty.right())
        left = 0 if left == -1 else left
        right = header.count() - 1 if right == -1 else right
        columns = []
        for visual in range(left, right + 1):
            column = header.logicalIndex(visual)
            if not header.isSectionHidden(column):
                columns.append((column, self.columnViewportPosition(column), self.columnWidth(column) - grid))
        return columns

    def hovered_cell(self) -> tuple[int, int]:
        """The (row, column) under the mouse when the style follows it (WA_Hover), else (-1, -1)."""
        viewport = self.viewport()
        if not viewport.testAttribute(Qt.WidgetAttribute.WA_Hover) or not viewport.underMouse():
            return NO_CELL
        index = self.indexAt(viewport.mapFromGlobal(QCursor.pos()))
        return (index.row(), index.column()) if index.isValid() else NO_CELL

    def _paint_grid(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        dirty: QRect,
        rows: list[int],
        columns: list[Column],
        grid: int,
    ) -> None:
        """The grid lines over the rows and columns of dirty, as QTableView draws them; a solid one as a
        one-pixel rectangle, the same pixels at a quarter of a line's cost on the raster engine."""
        style = self.style()
        colour = QColor.fromRgba(style.styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, self) & 0xFFFFFFFF)
        pen_style = self.gridStyle()
        old = painter.pen()
        painter.setPen(QPen(colour, 1, pen_style))
        lines = [
            QRect(dirty.left(), self.rowViewportPosition(row) + self.rowHeight(row) - grid, dirty.width(), 1)
            for row in rows
        ]
        lines += [QRect(left + width, dirty.top(), 1, dirty.height()) for _column, left, width in columns]
        for line in lines:
            if pen_style == Qt.PenStyle.SolidLine:
                painter.fillRect(line, colour)
            else:  # from the first pixel to the last, through their centres
                painter.drawLine(QLineF(line.topLeft(), line.bottomRight()).translated(0.5, 0.5))
        if style.styleHint(QStyle.StyleHint.SH_Table_AlwaysDrawLeftTopGridLines, option, self):
            top, left = self.rowViewportPosition(rows[0]), columns[0][1]
            if self.horizontalHeader().isHidden() and top == dirty.top():
                painter.drawLine(dirty.left(), top, dirty.right(), top)
            if self.verticalHeader().isHidden() and left == dirty.left():
                painter.drawLine(left, dirty.top(), left, dirty.bottom())
        painter.setPen(old)


class _CellPainter:
    """The cells of one paint event, as QTableViewPrivate::drawCell paints each: the style's row panel when
    the cell is selected or hovered, the delegate's cell, the focus frame of the current cell."""

    def __init__(
        self,
        view: ResultsView,
        painter: QPainter,
        option: QStyleOptionViewItem,
        model: ResultsModel,
        delegate: ResultsDelegate,
        grid: int,
    ) -> None:
        self.view, self.painter, self.option = view, painter, option
        self.model, self.delegate, self.grid = model, delegate, grid
        self.state = option.state.value
        self.palette = option.palette
        self.plain = delegate.look(self.palette, self.state)
        self.hovered = view.hovered_cell()
        current = view.currentIndex()
        has_focus = current.isValid() and (view.hasFocus() or view.viewport().hasFocus())
        self.focus = (current.row(), current.column()) if has_focus else NO_CELL

    def paint(self, rows: list[int], columns: list[Column], painted: set[tuple[int, int]] | None) -> None:
        view, painter, delegate, palette, plain = self.view, self.painter, self.delegate, self.palette, self.plain
        selected = self._selected_cells(rows)
        special_rows = {self.hovered[0], self.focus[0], *selected}
        for row in rows:
            top, height = view.rowViewportPosition(row), view.rowHeight(row) - self.grid
            cells = self.model.cells(row)
            if row in special_rows or painted is not None:
                self._paint_special_row(row, cells, top, height, columns, selected.get(row, ()), painted)
                continue
            for column, left, width in columns:  # the common case, kept to the painting alone
                delegate.paint_cell(painter, cells, column, left, top, width, height, plain, palette)

    def _paint_special_row(
        self,
        row: int,
        cells: RowCells,
        top: int,
        height: int,
        columns: list[Column],
        chosen: set[int] | tuple[()],
        painted: set[tuple[int, int]] | None,
    ) -> None:
        """A row with a selected, hovered or current cell (or in a region of several rectangles)."""
        for column, left, width in columns:
            if painted is not None:
                if (row, column) in painted:
                    continue
                painted.add((row, column))
            state = self.state
            if column in chosen:
                state |= SELECTED
            if (row, column) == self.hovered:
                state |= MOUSE_OVER
            if (row, column) == self.focus:
                state |= HAS_FOCUS
            cell = None
            if state & (SELECTED | MOUSE_OVER):
                cell = self._option(left, top, width, height, state)
                panel = QStyle.PrimitiveElement.PE_PanelItemViewRow
                self.view.style().drawPrimitive(panel, cell, self.painter, self.view)
            look = self.delegate.look(self.palette, state)
            self.delegate.paint_cell(self.painter, cells, column, left, top, width, height, look, self.palette)
            if state & HAS_FOCUS:
                cell = cell or self._option(left, top, width, height, state)
                self.delegate.draw_focus(self.painter, cell, self.model.index(row, column))

    def _option(self, left: int, top: int, width: int, height: int, state: int) -> QStyleOptionViewItem:
        """The style option of one cell, as drawCell hands it to the style and the delegate."""
        cell = QStyleOptionViewItem(self.option)
        cell.rect = QRect(left, top, width, height)
        cell.state = QStyle.StateFlag(state)
        cell.palette.setCurrentColorGroup(cell.palette.ColorGroup.Normal)
        return cell

    def _selected_cells(self, rows: list[int]) -> dict[int, set[int]]:
        """The selected columns of each of these rows that has any: a row is selected whole here, but a
        program may select single cells."""
        selected: dict[int, set[int]] = {}
        first, last = min(rows), max(rows)
        for chosen in self.view.selectionModel().selection():
            if chosen.parent().isValid() or chosen.bottom() < first or chosen.top() > last:
                continue
            for row in range(max(first, chosen.top()), min(last, chosen.bottom()) + 1):
                selected.setdefault(row, set()).update(range(chosen.left(), chosen.right() + 1))
        return selected
