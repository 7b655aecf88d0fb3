"""The import wizard's table of files: one row per file (ImportFilesModel), its effective date edited with a
calendar (DateDelegate), Delete or Backspace asking to remove the selected files."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QDateEdit, QHeaderView, QStyledItemDelegate, QTableView, QWidget

from .import_wizard_model import CODES, EFFECTIVE, FILE, FORMAT, LABEL, MODIFIERS, OUTCOME, SYSTEM, ImportFilesModel

EDITABLE = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.SelectedClicked
)
# A column's width fits its sample text (the last column stretches): typical values, not the longest.
COLUMN_SAMPLES = {
    FILE: "HCPC2019_CONTR_ANWEB.txt",
    FORMAT: "CMS fee schedule (PPRRVU csv)",
    SYSTEM: "HCPCS",
    LABEL: "HCPCS-2019-OCT",
    EFFECTIVE: "2019-01-01 ▼",
    CODES: "16,852",
    MODIFIERS: "Modifiers",
}


class DateDelegate(QStyledItemDelegate):
    """Effective dates edited with a calendar; an empty one starts at January 1 of this year."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:  # noqa: ANN001
        editor = QDateEdit(parent)
        editor.setDisplayFormat("yyyy-MM-dd")
        editor.setCalendarPopup(True)
        editor.setAccessibleName("Effective date")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        date = QDate.fromString(value, "yyyy-MM-dd")
        editor.setDate(date if date.isValid() else QDate(dt.date.today().year, 1, 1))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: ANN001
        model.setData(index, editor.date().toString("yyyy-MM-dd"), Qt.ItemDataRole.EditRole)


class ImportFilesTable(QTableView):
    """The files to import; Label and Effective editable (set_editable) except while importing."""

    remove_requested = Signal()  # Delete or Backspace, outside an open editor (which keeps its keys)

    def __init__(self, model: ImportFilesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName("Files to import")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.set_editable(True)
        self.setItemDelegateForColumn(EFFECTIVE, DateDelegate(self))
        self.verticalHeader().hide()
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(OUTCOME, QHeaderView.ResizeMode.Stretch)

    def set_column_widths(self, metrics: QFontMetrics) -> None:
        """Each column as wide as its sample measured with `metrics` (the wizard passes its own font's)."""
        for column, sample in COLUMN_SAMPLES.items():
            self.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)

    def set_editable(self, editable: bool) -> None:
        self.setEditTriggers(EDITABLE if editable else QAbstractItemView.EditTrigger.NoEditTriggers)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.remove_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
