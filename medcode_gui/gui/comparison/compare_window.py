"""The comparison basket: two to six codes as columns, every field as a row, differences highlighted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...comparison.compare import MAX_COMPARED, compare_codes, comparison_csv
from ..common.rich_text_delegate import RichTextDelegate
from ..common.save_dialog import save_with_dialog
from ..common.screen_fit import fit_to_screen
from .compare_model import DIFF_HTML_ROLE, CompareModel

EMPTY_HINT = "Add codes with Ctrl+K in the main window, from a context menu, or type one above and press Enter."


class CompareWindow(QWidget):
    """A window of its own, so a trainer can put it on a second screen beside the main window."""

    basket_changed = Signal(list)  # the codes in the basket, in column order
    code_activated = Signal(str)  # a column header was double-clicked: open that code in the main window

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store = store
        self.codes: list[str] = []
        self.setWindowTitle("Compare codes — MedCode Browser")
        self.setAccessibleName("Compare codes")
        self.model = CompareModel(self)
        self._build()
        fit_to_screen(self, QSize(1100, 720))  # the preferred size where the screen has room
        self.refresh()

    def _build(self) -> None:
        self.add_box = QLineEdit(placeholderText="Add a code (e.g. 45378) and press Enter")
        self.add_box.setAccessibleName("Add a code to the comparison")
        self.add_box.returnPressed.connect(self._add_typed)
        self.only_differences = QCheckBox("Only rows that differ")
        self.only_differences.toggled.connect(self.model.set_only_differences)
        remove = QPushButton("Remove column")
        remove.setToolTip("Remove the selected code from the basket (Delete)")
        remove.clicked.connect(self.remove_selected)
        clear = QPushButton("Clear")
        clear.clicked.connect(self.clear)
        export = QPushButton("Export CSV…")
        export.setToolTip("Save this comparison as CSV (Ctrl+S)")
        export.clicked.connect(self.choose_export)
        bar = QHBoxLayout()
        for widget in (self.add_box, self.only_differences, remove, clear, export):
            bar.addWidget(widget, 1 if widget is self.add_box else 0)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Comparison")
        self.table.setItemDelegate(RichTextDelegate(DIFF_HTML_ROLE, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().sectionDoubleClicked.connect(
            lambda column: self.code_activated.emit(self.model.code_at(column))
        )
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # codes as typed, never as markup
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.remove_selected)
        QShortcut(QKeySequence.StandardKey.Save, self, self.choose_export)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

    def set_store(self, store: Any) -> None:
        self.store = store
        self.refresh()

    def add_code(self, code: str) -> bool:
        """Add a code as the last column; False (with the reason shown) when full, present or unknown."""
        code = code.strip().upper()
        if not code:
            return False
        if code in self.codes:
            self.status.setText(f"{code} is already in the comparison.")
            return False
        if len(self.codes) >= MAX_COMPARED:
            self.status.setText(f"The comparison holds at most {MAX_COMPARED} codes; remove one first.")
            return False
        if self.store.lookup(code) is None:
            self.status.setText(f"{code} is not in this database.")
            return False
        self.codes.append(code)
        self.refresh()
        return True

    def remove_code(self, code: str) -> None:
        if code in self.codes:
            self.codes.remove(code)
            self.refresh()

    def remove_selected(self) -> None:
        columns = sorted({index.column() for index in self.table.selectionModel().selectedIndexes()})
        for column in reversed(columns):
            self.codes.pop(column)
        if columns:
            self.refresh()

    def clear(self) -> None:
        self.codes = []
        self.refresh()

    def refresh(self) -> None:
        comparison = compare_codes(self.store, self.codes)
        self.model.set_comparison(comparison)
        differing = len(comparison["differing_fields"])
        if not self.codes:
            self.status.setText(EMPTY_HINT)
        elif len(self.codes) == 1:
            self.status.setText("Add at least one more code to compare.")
        else:
            self.status.setText(f"{len(self.codes)} codes, {len(comparison['fields'])} fields, {differing} differ.")
        self.basket_changed.emit(list(self.codes))

    def _add_typed(self) -> None:
        if self.add_code(self.add_box.text()):
            self.add_box.clear()

    def export_csv(self, path: str | Path) -> None:
        """Write the comparison as CSV (UTF-8 with a BOM, so spreadsheet programs read accents right)."""
        Path(path).write_text(comparison_csv(self.model.comparison), encoding="utf-8-sig")

    def choose_export(self) -> None:
        if len(self.codes) < 2:
            self.status.setText("Add at least two codes before exporting.")
            return
        suggested = "comparison-" + "-".join(self.codes) + ".csv"
        if path := save_with_dialog(self, "Export the comparison", suggested, self.export_csv):
            self.status.setText(f"Saved {path}.")
