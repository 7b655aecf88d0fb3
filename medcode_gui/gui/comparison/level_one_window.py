"""HCPCS Level I against CPT: every CPT code's CMS record beside the AMA record, filterable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...codes.outline import outline
from ...comparison.level_one import LevelOneComparison, compare_level_one
from ..common.rich_text_delegate import RichTextDelegate
from ..common.screen_fit import fit_to_screen
from .level_one_model import CMS_TEXT, CODE, CPT_TEXT, DIFF_HTML_ROLE, STATE, STATUS, LevelOneModel

FILTER_CHOICES = [
    ("All codes", "all"),
    ("Only differences", "differences"),
    ("Only one side", "one_side"),
    ("CMS only (not in the CPT files)", "cms_only"),
    ("CPT only (CMS does not list it)", "cpt_only"),
]
NO_CPT = (
    "No AMA CPT data files are imported, so the CPT column is empty and every code shows as CMS only. "
    "Import your licensed CPT files (File › Import) to compare descriptors."
)
NO_CMS = "No CMS fee schedule (PPRRVU) is imported: import one to see the HCPCS Level I side."


class LevelOneWindow(QWidget):
    code_activated = Signal(str)  # Enter or a double-click on a row: open the code in the main window
    shown = Signal(int)  # rows shown after a refresh or a filter change

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store = store
        self.comparison: LevelOneComparison | None = None
        self.setWindowTitle("HCPCS Level I against CPT — MedCode Browser")
        self.model = LevelOneModel(self)
        self._build()
        fit_to_screen(self, QSize(1200, 760))  # the preferred size where the screen has room

    def _build(self) -> None:
        self.filter_box = QComboBox()
        self.filter_box.setAccessibleName("Which codes")
        for text, key in FILTER_CHOICES:
            self.filter_box.addItem(text, key)
        self.section_box = QComboBox()
        self.section_box.setAccessibleName("Section")
        self.section_box.addItem("All of CPT", None)
        for node in _cpt_sections():
            self.section_box.addItem("    " * (len(node.path()) - 2) + node.title, node.id)
        self.filter_box.currentIndexChanged.connect(self._apply_filter)
        self.section_box.currentIndexChanged.connect(self.refresh)
        self.releases_label = QLabel()
        self.releases_label.setTextFormat(Qt.TextFormat.PlainText)  # labels, file names: never markup
        self.releases_label.setWordWrap(True)
        self.releases_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show:"))
        bar.addWidget(self.filter_box)
        bar.addWidget(QLabel("Section:"))
        bar.addWidget(self.section_box, 1)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Level I against CPT")
        self.table.setItemDelegate(RichTextDelegate(DIFF_HTML_ROLE, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in (CMS_TEXT, CPT_TEXT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        samples = ((CODE, "WWWWWW"), (STATUS, "I (Not valid for Medicare purposes)"), (STATE, "Descriptors differ"))
        for column, sample in samples:
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 20)
        self.table.activated.connect(lambda index: self.code_activated.emit(self.model.row_at(index.row()).code))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.releases_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts_label)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

    def set_store(self, store: Any) -> None:
        self.store = store
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Pair the codes again (after an import, or another section chosen)."""
        self.comparison = compare_level_one(self.store, self.section_box.currentData())
        cms, cpt = self.comparison.cms_release, self.comparison.cpt_release
        sides = (
            f"CMS side: {cms.label} ({cms.source_name})" if cms else NO_CMS,
            f"CPT side: {cpt.label} ({cpt.source_name})" if cpt else NO_CPT,
        )
        self.releases_label.setText("   ·   ".join(sides))
        self._apply_filter()

    def _apply_filter(self) -> None:
        if self.comparison is None:
            return
        rows = self.comparison.filtered(self.filter_box.currentData())
        self.model.set_rows(rows)
        counts = self.comparison.counts()
        self.counts_label.setText(
            f"{len(rows):,} shown of {len(self.comparison.rows):,}: {counts['same']:,} same, "
            f"{counts['different']:,} differ, {counts['cms_only']:,} CMS only, {counts['cpt_only']:,} CPT only"
        )
        self.shown.emit(len(rows))

    def show_section(self, node_id: str | None) -> None:
        """Open on a section (an outline node under CPT), or all of CPT."""
        position = self.section_box.findData(node_id)
        self.section_box.blockSignals(True)  # one refresh below, not a second one from the signal
        self.section_box.setCurrentIndex(max(position, 0))
        self.section_box.blockSignals(False)
        self.refresh()

    def select_code(self, code: str) -> bool:
        row = self.model.row_of(code)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        return True


def _cpt_sections() -> list[Any]:
    """CPT's outline nodes to filter by: the categories and their sections (leaves of Category I too)."""
    found = []

    def walk(node: Any, depth: int) -> None:
        for child in node.children:
            found.append(child)
            if depth < 2:
                walk(child, depth + 1)

    walk(outline().node("cpt"), 0)
    return found
