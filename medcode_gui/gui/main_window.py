"""A minimal main window: one search box, a results table and a detail pane over the reference store."""

from __future__ import annotations

import time

from PySide6.QtCore import QItemSelection, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..explain import explain
from ..store import ReferenceStore
from ..views import lookup_view
from .detail_html import code_html, explanation_html
from .results_model import ResultsModel

SEARCH_LIMIT = 200
DEBOUNCE_MS = 120


class MainWindow(QMainWindow):
    search_finished = Signal(int)  # number of hits
    detail_shown = Signal(str)  # the code shown

    def __init__(self, store: ReferenceStore, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle(f"MedCode Browser — {store.path.name}")
        self.search_box = QLineEdit(placeholderText="Search a code (J1100), a range (J9000-J9999), E01*, or words")
        self.search_box.setClearButtonEnabled(True)
        self.results = ResultsModel(self)
        self.table = QTableView()
        self.table.setModel(self.results)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.detail = QTextBrowser()
        self.detail.setFont(QFont(self.detail.font().family(), 11))
        self._build_layout()
        self._timer = QTimer(self, singleShot=True, interval=debounce_ms)
        self._timer.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(self._timer.start)
        self.search_box.returnPressed.connect(self.run_search)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.search_box.setFocus)
        self.resize(1100, 700)
        self._show_welcome()

    def _build_layout(self) -> None:
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([550, 550])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.search_box)
        layout.addWidget(splitter)
        self.setCentralWidget(central)

    def _show_welcome(self) -> None:
        releases = self.store.releases()
        if releases:
            listed = ", ".join(f"{r.label} ({r.codes:,} codes)" for r in releases)
            self.statusBar().showMessage(f"Releases: {listed}")
        else:
            self.statusBar().showMessage("No releases yet: import one with `medcode import FILE`.")

    def run_search(self) -> None:
        self._timer.stop()
        started = time.perf_counter()
        hits = self.store.search(self.search_box.text(), SEARCH_LIMIT)
        self.results.set_hits(hits)
        elapsed = (time.perf_counter() - started) * 1000
        self.statusBar().showMessage(f"{len(hits)} results in {elapsed:.1f} ms")
        if hits:
            self.table.selectRow(0)
        elif self.search_box.text().strip():
            # Nothing stored matches: still say what the typed string is (explain-a-code needs no data).
            self.detail.setHtml(explanation_html(explain(self.search_box.text())))
        self.search_finished.emit(len(hits))

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if rows:
            self.show_code(self.results.hit(rows[0].row()))

    def show_code(self, hit) -> None:  # noqa: ANN001 - a StoredCode
        view = lookup_view(self.store, hit.record.code, hit.release.label)
        self.detail.setHtml(code_html(view))
        self.detail_shown.emit(hit.record.code)
