"""My codes: starred codes, recent codes and the user's named code lists, beside the main window.

Reads and writes only the user database (UserStore); codes are described through a callable the window
passes in, so this widget never queries the reference data itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QGridLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...codes.errors import MedcodeError
from ..common.plain_text import rich_text_of
from ..common.save_dialog import save_with_dialog

STARRED, RECENT = "\x00starred", "\x00recent"  # combo data of the two built-in collections
CODE_ROLE = Qt.ItemDataRole.UserRole + 50
KIND_ROLE = Qt.ItemDataRole.UserRole + 51
Describe = Callable[[str, str], str]  # (code, kind) -> "short description · release"


class WorkspaceDock(QDockWidget):
    code_activated = Signal(str)  # Enter or a double-click on a code
    present_requested = Signal(list)  # the codes shown, in order, for presentation mode
    print_requested = Signal(str, list)  # title and codes, to print (the print dialog first)
    pdf_requested = Signal(str, list)  # title and codes, to save as a PDF list (the file dialog first)
    changed = Signal()  # the user data changed (a list, a star): other views refresh

    def __init__(self, user_store: Any, describe: Describe, parent: QWidget | None = None) -> None:
        super().__init__("My codes", parent)
        self.setObjectName("workspace")
        self.user_store, self.describe = user_store, describe
        self.describe_row: Callable[[str, str], dict] | None = None  # the window sets it: export's columns
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.collection = QComboBox()
        self.collection.setAccessibleName("Collection")
        self.collection.currentIndexChanged.connect(lambda _: self.show_entries())
        self.entries = QListWidget()
        self.entries.setAccessibleName("Codes in the collection")
        self.entries.itemActivated.connect(lambda item: self.code_activated.emit(item.data(CODE_ROLE)))
        buttons = {
            "New list…": self.new_list,
            "Rename…": self.rename_list,
            "Delete list": self.delete_list,
            "Remove": self.remove_selected,
            "Move up": lambda: self.move_selected(-1),
            "Move down": lambda: self.move_selected(1),
            "Export CSV…": self.choose_export,
            "Print…": lambda: self.print_requested.emit(self.title(), self.codes()),
            "Save as PDF…": lambda: self.pdf_requested.emit(self.title(), self.codes()),
            "Present (F11)": lambda: self.present_requested.emit(self.codes()),
        }
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for number, (text, handler) in enumerate(buttons.items()):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(handler)
            grid.addWidget(button, number // 3, number % 3)
            self.buttons[text] = button
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # list names as typed, never as markup
        self.status.setWordWrap(True)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.collection)
        column.addWidget(self.entries, 1)
        column.addLayout(grid)
        column.addWidget(self.status)
        self.setWidget(body)
        QShortcut(QKeySequence.StandardKey.Delete, self.entries, self.remove_selected)
        QShortcut(QKeySequence("Alt+Up"), self.entries, lambda: self.move_selected(-1))
        QShortcut(QKeySequence("Alt+Down"), self.entries, lambda: self.move_selected(1))

    # What is shown -----------------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Re-read the lists (after a change here, in the CLI, or another window) and keep the selection."""
        current = select or self.collection.currentData()
        self.collection.blockSignals(True)
        self.collection.clear()
        self.collection.addItem(f"★ Starred ({len(self.user_store.starred())})", STARRED)
        self.collection.addItem("Recent codes", RECENT)
        for code_list in self.user_store.lists():
            self.collection.addItem(f"{code_list.name} ({code_list.count})", code_list.name)
        self.collection.setCurrentIndex(max(0, self.collection.findData(current)))
        self.collection.blockSignals(False)
        self.show_entries()

    def current_list(self) -> str | None:
        """The named list shown, or None for Starred and Recent."""
        data = self.collection.currentData()
        return None if data in (STARRED, RECENT, None) else data

    def title(self) -> str:
        return self.collection.currentText()

    def show_entries(self) -> None:
        data = self.collection.currentData()
        if data == STARRED:
            entries = [(s.code, s.kind) for s in self.user_store.starred()]
        elif data == RECENT:
            entries = [(r.code, r.kind) for r in self.user_store.recent_codes(50)]
        elif data:
            entries = [(e.code, e.kind) for e in self.user_store.list_codes(data)]
        else:
            entries = []
        self.entries.clear()
        for code, kind in entries:
            item = QListWidgetItem(f"{code}   {self.describe(code, kind)}")
            item.setData(CODE_ROLE, code)
            item.setData(KIND_ROLE, kind)
            item.setToolTip(rich_text_of(f"{code} ({kind}): Enter opens it"))
            self.entries.addItem(item)
        editable = self.current_list() is not None
        for text in ("Rename…", "Delete list", "Move up", "Move down"):
            self.buttons[text].setEnabled(editable)
        self.buttons["Remove"].setEnabled(data != RECENT and bool(entries))
        self.status.setText(f"{len(entries)} codes" if entries else "Empty.")

    def codes(self) -> list[str]:
        return [self.entries.item(row).data(CODE_ROLE) for row in range(self.entries.count())]

    # Changes ---------------------------------------------------------------------------------------------------

    def _attempt(self, change: Callable[[], object], select: str | None = None) -> bool:
        """Run a change of the user data; a refusal (a duplicate name...) is one sentence in the dock."""
        try:
            change()
        except MedcodeError as error:
            self.status.setText(str(error))
            return False
        self.refresh(select)
        self.changed.emit()
        return True

    def new_list(self, name: str | None = None) -> bool:
        if name is None:
            name, ok = QInputDialog.getText(self, "New list", "Name of the new list:")
            if not ok:
                return False
        return self._attempt(lambda: self.user_store.create_list(name.strip()), name.strip())

    def rename_list(self, new: str | None = None) -> bool:
        old = self.current_list()
        if old is None:
            return False
        if new is None:
            new, ok = QInputDialog.getText(self, "Rename list", f"New name for {old}:", text=old)
            if not ok:
                return False
        return self._attempt(lambda: self.user_store.rename_list(old, new.strip()), new.strip())

    def delete_list(self, confirm: bool = True) -> bool:
        name = self.current_list()
        if name is None:
            return False
        question = rich_text_of(f"Delete the list {name}? The codes themselves stay in the database.")
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        if confirm and QMessageBox.question(self, "Delete list", question, buttons) != QMessageBox.StandardButton.Yes:
            return False
        return self._attempt(lambda: self.user_store.delete_list(name), STARRED)

    def remove_selected(self) -> None:
        item = self.entries.currentItem()
        if item is None:
            return
        code, kind = item.data(CODE_ROLE), item.data(KIND_ROLE)
        name = self.current_list()
        if self.collection.currentData() == STARRED:
            self._attempt(lambda: self.user_store.unstar(code, kind), STARRED)
        elif name is not None:
            self._attempt(lambda: self.user_store.remove_from_list(name, code, kind), name)

    def move_selected(self, step: int) -> None:
        name, row = self.current_list(), self.entries.currentRow()
        if name is None or row < 0 or not 0 <= row + step < self.entries.count():
            return
        code, kind = self.entries.item(row).data(CODE_ROLE), self.entries.item(row).data(KIND_ROLE)
        if self._attempt(lambda: self.user_store.move_in_list(name, code, row + step + 1, kind), name):
            self.entries.setCurrentRow(row + step)

    def export_csv(self, path: str | Path, describe_row: Callable[[str, str], dict] | None = None) -> bool:
        name = self.current_list()
        if name is None:
            self.status.setText("Choose a named list to export.")
            return False
        Path(path).write_text(self.user_store.export_list_csv(name, describe_row), encoding="utf-8-sig")
        self.status.setText(f"Saved {path}.")
        return True

    def choose_export(self) -> None:
        name = self.current_list()
        if name is None:
            self.status.setText("Choose a named list to export.")
            return
        save_with_dialog(self, "Export the list", f"{name}.csv", lambda path: self.export_csv(path, self.describe_row))
