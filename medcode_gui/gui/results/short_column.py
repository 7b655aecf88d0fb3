"""The results' "Short" column (the abbreviated short descriptor): beside the description, shown only while the
table is wide enough that the description keeps room to be read."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

from .results_model import DESCRIPTION, SHORT

SHORT_SAMPLE = "n" * 28  # CMS short descriptors are at most 28 characters
DESCRIPTION_ROOM = 70  # characters of room the description keeps beside a shown short column


class ShortColumn(QObject):
    """Watches the table's resizes (and font changes): the short column is placed after the description and
    hidden while the description would have less than DESCRIPTION_ROOM characters of room beside it."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        header = table.horizontalHeader()
        header.moveSection(header.visualIndex(SHORT), header.visualIndex(DESCRIPTION) + 1)
        table.setColumnHidden(SHORT, True)
        table.viewport().installEventFilter(self)
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange):
            self.follow_width()
        return False

    def follow_width(self) -> None:
        table, metrics = self.table, self.table.fontMetrics()
        short_width = metrics.horizontalAdvance(SHORT_SAMPLE) + 16
        others = sum(
            table.columnWidth(column)
            for column in range(table.model().columnCount())
            if column not in (DESCRIPTION, SHORT) and not table.isColumnHidden(column)
        )
        room = table.viewport().width() - others - short_width
        wide = room >= metrics.averageCharWidth() * DESCRIPTION_ROOM
        if wide == table.isColumnHidden(SHORT):
            if wide:
                table.setColumnWidth(SHORT, short_width)
            table.setColumnHidden(SHORT, not wide)
