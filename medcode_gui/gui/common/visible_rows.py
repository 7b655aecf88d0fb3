"""Rows as tall as their wrapped text, for the rows in view only: a table of thousands of changes cannot size
every row up front (ResizeToContents measures them all at each change), and one-line rows clip wrapped text."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QTableView

MAX_PASSES = 4  # rows that grow push others out of view; a few passes settle it


class VisibleRowsFitter(QObject):
    """Resizes the rows in the table's viewport to their contents whenever the view shows other rows: scrolled,
    resized, its columns resized, or its model's rows changed."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self._pending = QTimer(self, singleShot=True, interval=0)  # one fit per burst of changes
        self._pending.timeout.connect(self.fit)
        table.verticalScrollBar().valueChanged.connect(self._pending.start)
        table.horizontalHeader().sectionResized.connect(self._pending.start)
        table.viewport().installEventFilter(self)
        self.watch_model()

    def watch_model(self) -> None:
        """Follow the table's model (call again after setModel)."""
        model = self.table.model()
        if model is not None:
            for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
                signal.connect(self._pending.start)

    def eventFilter(self, watched: QObject, event) -> bool:  # noqa: ANN001 - a QEvent
        if event.type() == event.Type.Resize:
            self._pending.start()
        return False

    def fit(self) -> None:
        """Size the rows in view to their contents."""
        table = self.table
        for _ in range(MAX_PASSES):
            first = table.rowAt(0)
            if first < 0:
                return
            last = table.rowAt(table.viewport().height() - 1)
            last = table.model().rowCount() - 1 if last < 0 else last
            before = [table.rowHeight(row) for row in range(first, last + 1)]
            for row in range(first, last + 1):
                table.resizeRowToContents(row)
            if [table.rowHeight(row) for row in range(first, last + 1)] == before:
                return
