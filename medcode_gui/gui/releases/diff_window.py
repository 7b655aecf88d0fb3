"""Releases compared: pick two releases, see every change by kind, filter, export, open a code. Two releases of
a payment or rules file (GPCI, OPPS...) are compared row by row by key, in a table of their own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...codes.code_order import code_sort_key
from ...codes.errors import MedcodeError
from ...codes.records import Release
from ...codes.wording import counted
from ...releases.release_diff import KIND_TITLES, KINDS, ReleaseDiff, diff_any, diff_csv
from ...releases.schedule_diff import SCHEDULE_KIND_TITLES, ScheduleDiff, schedule_diff_csv
from ..common.rich_text_delegate import RichTextDelegate
from ..common.save_dialog import save_with_dialog
from ..common.screen_fit import fit_to_screen
from ..common.visible_rows import VisibleRowsFitter
from .diff_model import DESCRIPTION, DETAILS, DIFF_HTML_ROLE, DiffModel
from .schedule_diff_model import ScheduleDiffModel

KIND_ROLE = Qt.ItemDataRole.UserRole + 41
KIND_TIPS = {
    "spacing_only": "Descriptors with the same words, spaced differently: not counted as a descriptor change, "
    "as CMS's transaction report does not count them"
}


class DiffWindow(QWidget):
    code_activated = Signal(str)  # Enter or a double-click on a change: open the code in the main window
    computed = Signal(dict)  # the counts per kind after comparing two releases
    shown = Signal(int)  # rows shown after a filter change

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store = store
        self.diff: ReleaseDiff | ScheduleDiff | None = None
        self.setWindowTitle("Compare releases — MedCode Browser")
        self.model: DiffModel | ScheduleDiffModel = DiffModel(self)
        self.code_model, self.schedule_model = self.model, ScheduleDiffModel(self)
        self._build()
        fit_to_screen(self, QSize(1250, 780))  # the preferred size where the screen has room
        self.fill_releases()

    def _build(self) -> None:
        self.old_box, self.new_box = QComboBox(), QComboBox()
        self.old_box.setAccessibleName("Old release")
        self.new_box.setAccessibleName("New release")
        compare = QPushButton("Compare")
        compare.setDefault(True)
        compare.clicked.connect(self.compare)
        self.filter_box = QLineEdit(placeholderText="Filter by code or words")
        self.filter_box.setAccessibleName("Filter changes")
        self.filter_box.textChanged.connect(self._apply_filter)
        export = QPushButton("Export CSV…")
        export.setToolTip("Save the changes shown as CSV (Ctrl+S)")
        export.clicked.connect(self.choose_export)
        bar = QHBoxLayout()
        for widget in (QLabel("From"), self.old_box, QLabel("to"), self.new_box, compare, self.filter_box, export):
            bar.addWidget(widget, 1 if widget is self.filter_box else 0)
        self.kinds = QListWidget()
        self.kinds.setAccessibleName("Kinds of change")
        for kind in KINDS:
            item = QListWidgetItem(KIND_TITLES[kind])
            item.setData(KIND_ROLE, kind)
            item.setToolTip(KIND_TIPS.get(kind, ""))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.kinds.addItem(item)
        self.kinds.itemChanged.connect(lambda _: self._apply_filter())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Changes")
        self.table.setItemDelegateForColumn(DETAILS, RichTextDelegate(DIFF_HTML_ROLE, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.row_fitter = VisibleRowsFitter(self.table)  # wrapped "what changed" text shown whole
        self._size_columns()
        self.table.activated.connect(self._activated)
        splitter = QSplitter()
        splitter.addWidget(self.kinds)
        splitter.addWidget(self.table)
        splitter.setSizes([240, 1000])
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # labels, file names: never markup
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        QShortcut(QKeySequence.StandardKey.Save, self, self.choose_export)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

    def set_store(self, store: Any) -> None:
        self.store = store
        self.fill_releases()

    def fill_releases(self) -> None:
        """Official releases newest first (the store's order); chosen: the two newest of one system."""
        releases = [r for r in self.store.releases() if r.is_official]
        for box in (self.old_box, self.new_box):
            box.clear()
            for release in reversed(releases):
                box.addItem(f"{release.label} ({release.effective_date}, {release.source_name})", release.label)
        if pair := default_pair(releases):
            self.old_box.setCurrentIndex(self.old_box.findData(pair[0].label))
            self.new_box.setCurrentIndex(self.new_box.findData(pair[1].label))
        self.summary.setText("" if len(releases) > 1 else "Import at least two releases to compare them.")

    def compare(self, old: str | None = None, new: str | None = None) -> bool:
        """Compare two releases (by label; default: the ones chosen above). False, with the reason, if not."""
        old = old or self.old_box.currentData()
        new = new or self.new_box.currentData()
        if not old or not new:
            self.summary.setText("Import at least two releases to compare them.")
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.diff = diff_any(self.store, old, new)
        except MedcodeError as error:
            self.summary.setText(str(error))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._use_model(self.schedule_model if isinstance(self.diff, ScheduleDiff) else self.code_model)
        if isinstance(self.diff, ReleaseDiff):  # a schedule's rows stay in file order
            for changes in self.diff.changes.values():  # CPT by category (I, II, III), then Level II
                changes.sort(key=lambda change: (code_sort_key(change.code), change.kind))
        self.old_box.setCurrentIndex(self.old_box.findData(self.diff.old.label))
        self.new_box.setCurrentIndex(self.new_box.findData(self.diff.new.label))
        counts = self.diff.counts()
        schedule = isinstance(self.diff, ScheduleDiff)
        titles = SCHEDULE_KIND_TITLES if schedule else KIND_TITLES
        self.kinds.blockSignals(True)
        for row in range(self.kinds.count()):
            item = self.kinds.item(row)
            kind = item.data(KIND_ROLE)
            item.setText(f"{titles.get(kind, KIND_TITLES[kind])} ({counts[kind]:,})")
            item.setHidden(kind not in titles)  # a schedule's rows are only added, removed or changed
        self.kinds.blockSignals(False)
        self._apply_filter()
        self.computed.emit(counts)
        return True

    def set_kinds(self, kinds: set[str]) -> None:
        """Show only these kinds of change (the check boxes follow)."""
        self.kinds.blockSignals(True)
        for row in range(self.kinds.count()):
            item = self.kinds.item(row)
            checked = item.data(KIND_ROLE) in kinds
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.kinds.blockSignals(False)
        self._apply_filter()

    def checked_kinds(self) -> tuple[str, ...]:
        items = (self.kinds.item(row) for row in range(self.kinds.count()))
        return tuple(item.data(KIND_ROLE) for item in items if item.checkState() == Qt.CheckState.Checked)

    def _apply_filter(self) -> None:
        if self.diff is None:
            return
        needle = self.filter_box.text().strip().casefold()
        rows = [
            (kind, change)
            for kind in self.checked_kinds()
            for change in self.diff.changes[kind]
            if not needle or needle in _searched_text(change)
        ]
        self.model.set_changes(rows)  # type: ignore[arg-type]  # the model of the diff shown (_use_model)
        counts = self.diff.counts()
        titles = SCHEDULE_KIND_TITLES if isinstance(self.diff, ScheduleDiff) else KIND_TITLES
        self.summary.setText(
            f"{self.diff.old.label} → {self.diff.new.label}: {counted(len(rows), 'change')} shown. "
            + ", ".join(f"{title.lower()} {counts[k]:,}" for k, title in titles.items())
        )
        self.shown.emit(len(rows))

    def export_csv(self, path: str | Path) -> None:
        if isinstance(self.diff, ScheduleDiff):
            Path(path).write_text(schedule_diff_csv(self.diff, self.checked_kinds()), encoding="utf-8-sig")
        elif self.diff is not None:
            Path(path).write_text(diff_csv(self.diff, self.checked_kinds()), encoding="utf-8-sig")

    def _use_model(self, model: DiffModel | ScheduleDiffModel) -> None:
        """The table shows code changes or a schedule's row changes; the row fitter follows its model."""
        if self.table.model() is not model:
            self.model = model
            self.table.setModel(model)
            self.row_fitter.watch_model()
            self._size_columns()  # a new model resets the header's sections

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, self.fontMetrics().horizontalAdvance("Short description changed") + 16)
        wide = isinstance(self.model, DiffModel)  # a description, or a schedule row's modifier
        self.table.setColumnWidth(DESCRIPTION, self.fontMetrics().horizontalAdvance("W" * (22 if wide else 6)))

    def _activated(self, index: Any) -> None:
        """Enter or a double-click: open the change's code (a row about a place has none)."""
        if code := self.model.change_at(index.row())[1].code:
            self.code_activated.emit(code)

    def choose_export(self) -> None:
        if self.diff is None:
            self.summary.setText("Compare two releases before exporting.")
            return
        suggested = f"changes-{self.diff.old.label}-to-{self.diff.new.label}.csv"
        if path := save_with_dialog(self, "Export the changes", suggested, self.export_csv):
            self.summary.setText(f"Saved {path}.")


def _searched_text(change: Any) -> str:
    """What the filter box looks in: a code's descriptors, or a schedule row's key, code and values."""
    if hasattr(change, "key"):
        return " ".join([change.key, change.code, *change.row.fields.values()]).casefold()
    return " ".join([change.code, change.record.short_description, change.record.long_description]).casefold()


def default_pair(releases: list[Release]) -> tuple[Release, Release] | None:
    """(old, new) to compare first, from releases oldest first: the two newest of the system most recently
    released twice (a fee schedule against a HCPCS file would list every code as added); with no system
    released twice, the newest against the one before it."""
    for position in range(len(releases) - 1, 0, -1):
        newest = releases[position]
        older = [r for r in releases[:position] if r.system == newest.system]
        if older:
            return older[-1], newest
    return (releases[-2], releases[-1]) if len(releases) > 1 else None
