"""The main window: outline tree, one search box, results, detail pane; keyboard first."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QItemSelection,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QTextBrowser,
    QToolBar,
    QTreeView,
    QWidget,
)

from ...codes.errors import MedcodeError
from ...codes.explain import explain
from ...codes.records import StoredCode
from ...search.query import parse_query
from ...store import ReferenceStore
from ...store.user_store import UserStore
from ...views.code_view import window_view
from ...views.hits_csv import hits_csv
from ...views.navigation_history import History
from ..common.legend import LegendLabel
from ..common.shortcuts import SHORTCUTS, shortcuts_html
from ..common.theme import apply_theme
from ..detail.detail_pane import DetailPane
from ..releases.import_task import ImportWorker, start_import
from ..results.results_delegate import ResultsDelegate
from ..results.results_model import CODE, DESCRIPTION, RELEASE, STATUS, TYPE, ResultsModel
from ..results.results_view import ResultsView
from ..tree.tree_model import OutlineTreeModel
from ..workspace.workspace_dock import WorkspaceDock
from .about_dialog import AboutDataDialog

if TYPE_CHECKING:  # the windows opened on demand are imported then: a faster start
    from ..comparison.compare_window import CompareWindow
    from ..comparison.level_one_window import LevelOneWindow
    from ..releases.diff_window import DiffWindow
    from ..releases.import_wizard import ImportWizard
    from ..workspace.presentation import PresentationWindow

SEARCH_LIMIT = 500
# Results listed in a keystroke's own frame: what the table shows and half as many again (at least
# MIN_FIRST_PAGE); the rest, up to SEARCH_LIMIT, are listed just after that frame. Building 500 hits took 10 of
# the 15 ms a short word's search cost a keystroke.
MIN_FIRST_PAGE = 30
ZOOM_STEP, MIN_ZOOM, MAX_ZOOM = 1.15, 0.6, 3.0
THEMES = ("system", "light", "dark")
NODE_PAGE = 2000
DEBOUNCE_MS = 120
COLUMN_SAMPLES = {CODE: "WWWWW", TYPE: "HCPCS mod", STATUS: "ended 2017-12-31", RELEASE: "HCPCS-2019-APR"}
IMPORT_FILTER = "Release files (*.zip *.txt *.xlsx *.csv);;All files (*)"
# The selected result's detail pane is filled by a low-priority posted event: it comes after the repaint
# manager's update request (also low priority, posted earlier), so the results are painted first; a 0 ms
# timer would run before that frame.
SHOW_SELECTED_RESULT = QEvent.Type(QEvent.registerEventType())
LIST_REST_OF_RESULTS = QEvent.Type(QEvent.registerEventType())  # the same way, after the first page's frame


class MainWindow(QMainWindow):
    search_finished = Signal(int)  # number of rows shown
    detail_shown = Signal(str)  # the code shown
    import_finished = Signal(bool, str)  # succeeded, the sentence shown to the user
    release_changed = Signal(str)  # the release label shown, "" for the newest of each system

    def __init__(
        self,
        store: ReferenceStore,
        settings: QSettings | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        user_store: UserStore | None = None,
    ):
        super().__init__()
        self.store = store
        self.user_store = user_store if user_store is not None else _open_user_store()
        self.settings = settings or QSettings()
        self.history = History()
        self.current: StoredCode | None = None
        self.release: str | None = None  # the release label shown; None: the newest of each system
        self._result_pending = False  # a SHOW_SELECTED_RESULT event is posted
        self._rest_pending: tuple[str, float] | None = None  # (text, ms so far) of a search showing its first page
        self.zoom = 1.0
        self.theme = "system"
        self._import_worker: ImportWorker | None = None
        self.compare_window: CompareWindow | None = None
        self.level_one_window: LevelOneWindow | None = None
        self.diff_window: DiffWindow | None = None
        self.import_wizard: ImportWizard | None = None
        self._build_widgets()
        self._build_actions()
        self._build_layout()
        self._build_workspace()
        self._timer = QTimer(self, singleShot=True, interval=debounce_ms)
        self._timer.timeout.connect(self.run_search)
        self._connect()
        self.setAcceptDrops(True)
        self._on_store_changed()
        self._restore_state()

    # Building -------------------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.search_box = QLineEdit(placeholderText="Code (J1100), range (J9000-J9999), E01*, 99213-25, cpt: words…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search")
        self.search_box.installEventFilter(self)
        self.tree_model = OutlineTreeModel(self.store, parent=self)
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setAccessibleName("Outline")
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.results = ResultsModel(self)
        self.table = ResultsView()  # paints its rows in one loop, not a Python call per cell
        self.table.setModel(self.results)
        self.table.setAccessibleName("Results")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setItemDelegate(ResultsDelegate(self.table))  # every cell from layouts kept across searches
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        # Fixed widths from the font: sizing columns to their contents reads every row on every search
        # (161,000 data() calls for a dozen keystrokes), far beyond a frame.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for column, sample in COLUMN_SAMPLES.items():
            self.table.setColumnWidth(column, self.fontMetrics().horizontalAdvance(sample) + 16)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.detail = DetailPane()
        self.release_picker = QComboBox()
        self.release_picker.setAccessibleName("Release shown")
        self.release_picker.setToolTip("Which release the tree, the search and the details show (Ctrl+Shift+R)")
        self.release_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.release_label = QLabel()
        self.release_label.setAccessibleName("Releases shown")
        self.statusBar().addPermanentWidget(LegendLabel())
        self.statusBar().addPermanentWidget(self.release_label)

    def _build_actions(self) -> None:
        handlers = {
            "find": self.focus_search,
            "back": self.go_back,
            "forward": self.go_forward,
            "previous_in_range": lambda: self.step_in_range(-1),
            "next_in_range": lambda: self.step_in_range(1),
            "reveal": self.reveal_current,
            "copy_code": self.copy_code,
            "copy_with_description": lambda: self.copy_code(with_description=True),
            "add_to_comparison": self.add_current_to_comparison,
            "show_comparison": self.show_comparison,
            "level_one": lambda: self.show_level_one(),
            "open_database": self.choose_database,
            "import": self.choose_import_files,
            "import_folder": self.choose_import_folder,
            "import_wizard": lambda: self.show_import_wizard(),
            "update_from_cms": self.update_from_cms,
            "about_data": self.show_about_data,
            "export_results": self.choose_export_results,
            "print": self.print_current,
            "save_pdf": lambda: self.save_current_pdf(),
            "save_list_pdf": lambda: self.save_results_pdf(),
            "present": lambda: self.present(),
            "zoom_in": lambda: self.set_zoom(self.zoom * ZOOM_STEP),
            "zoom_out": lambda: self.set_zoom(self.zoom / ZOOM_STEP),
            "zoom_reset": lambda: self.set_zoom(1.0),
            "theme_system": lambda: self.set_theme("system"),
            "theme_light": lambda: self.set_theme("light"),
            "theme_dark": lambda: self.set_theme("dark"),
            "choose_release": self.choose_release,
            "star": self.toggle_star,
            "add_to_list": lambda: self.add_current_to_list(),
            "show_workspace": self.toggle_workspace,
            "compare_releases": self.show_release_diff,
            "quit": self.close,
            "help": self.show_shortcuts,
        }
        self.actions_by_name: dict[str, QAction] = {}
        for name, (keys, text, what) in SHORTCUTS.items():
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setStatusTip(what)
            action.setToolTip(f"{what} ({', '.join(keys)})" if keys else what)
            action.triggered.connect(handlers[name])
            self.addAction(action)
            self.actions_by_name[name] = action
        menus = {
            "&File": [
                "open_database",
                "import",
                "import_folder",
                "import_wizard",
                "update_from_cms",
                None,
                "about_data",
                None,
                "quit",
            ],
            "&Edit": ["copy_code", "copy_with_description", None, "find", None, "export_results"],
            "&View": [
                "zoom_in",
                "zoom_out",
                "zoom_reset",
                None,
                "theme_system",
                "theme_light",
                "theme_dark",
                None,
                "present",
            ],
            "&Go": ["back", "forward", None, "previous_in_range", "next_in_range", None, "reveal", "choose_release"],
            "&My codes": ["star", "add_to_list", None, "show_workspace"],
            "&Compare": ["add_to_comparison", "show_comparison", None, "level_one", None, "compare_releases"],
            "&Help": ["help"],
        }
        for title, names in menus.items():
            menu = self.menuBar().addMenu(title)
            menu.setObjectName(title.replace("&", "").lower().replace(" ", "-") + "-menu")
            for name in names:
                if name is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions_by_name[name])

    def _build_layout(self) -> None:
        toolbar = QToolBar("Navigation")
        toolbar.setObjectName("navigation")
        toolbar.setMovable(False)
        toolbar.addAction(self.actions_by_name["back"])
        toolbar.addAction(self.actions_by_name["forward"])
        toolbar.addWidget(self.search_box)
        toolbar.addWidget(QLabel(" Release: "))
        toolbar.addWidget(self.release_picker)
        self.addToolBar(toolbar)
        self.splitter = QSplitter()
        self.splitter.setObjectName("main-splitter")
        for widget in (self.tree, self.table, self.detail):
            self.splitter.addWidget(widget)
        self.splitter.setSizes([300, 640, 500])  # the results get the room their five columns need
        self.setCentralWidget(self.splitter)
        self.resize(1440, 860)

    def _connect(self) -> None:
        self.search_box.textChanged.connect(self._timer.start)
        self.release_picker.activated.connect(lambda _: self.set_release(self.release_picker.currentData()))
        self.search_box.returnPressed.connect(self._enter_results)
        self.table.selectionModel().selectionChanged.connect(self._on_result_selected)
        self.table.activated.connect(lambda index: self.detail.setFocus())
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current)
        self.detail.code_link_activated.connect(self.open_code)
        self.detail.node_link_activated.connect(self.reveal_node)
        self.detail.compare_requested.connect(self.add_to_comparison)
        self.detail.level_one_requested.connect(lambda code: self.show_level_one(code=code))
        self.detail.note_edited.connect(self.save_note)
        self.table.customContextMenuRequested.connect(self._results_menu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)

    # State ----------------------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        if geometry := self.settings.value("window/geometry"):
            self.restoreGeometry(QByteArray(geometry))
        if state := self.settings.value("window/state"):
            self.restoreState(QByteArray(state))
        if splitter := self.settings.value("window/splitter"):
            self.splitter.restoreState(QByteArray(splitter))
        self.set_zoom(float(self.settings.value("view/zoom", 1.0)))
        self.set_theme(str(self.settings.value("view/theme", "system")))
        if last := self.settings.value("last/code"):
            self.open_code(str(last))
        else:
            self.detail.clear()

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        if self.current:
            self.settings.setValue("last/code", self.current.record.code)
        self.settings.sync()

    def closeEvent(self, event) -> None:  # noqa: ANN001 - QCloseEvent
        self.detail.flush_note()  # a note typed just before closing is saved, not lost
        self.save_state()
        super().closeEvent(event)

    def _on_store_changed(self) -> None:
        """After opening a database or importing: the title, the releases shown, what may be done."""
        self.setWindowTitle(f"MedCode Browser — {self.store.path.name}")
        if self.release and self.release.lower() not in {r.label.lower() for r in self.store.releases()}:
            self.release = None  # another database, or the release was replaced
        self._fill_release_picker()
        for name in ("import", "import_folder", "import_wizard", "update_from_cms"):
            importing = self.actions_by_name[name]
            importing.setEnabled(not self.store.read_only)
            if self.store.read_only:
                importing.setToolTip("The database is read-only; importing is disabled.")
        self.tree_model.store = self.store
        self.tree_model.release_label = self.release
        self.tree_model.refresh()
        for window in (self.compare_window, self.level_one_window, self.diff_window):
            if window is not None:
                window.set_store(self.store)

    def _fill_release_picker(self) -> None:
        newest = ", ".join(r.label for r in self.store.default_releases()) or "no releases"
        self.release_picker.blockSignals(True)
        self.release_picker.clear()
        self.release_picker.addItem(f"Newest ({newest})", None)
        for release in sorted(self.store.releases(), key=lambda r: (r.effective_date, r.id), reverse=True):
            self.release_picker.addItem(f"{release.label} ({release.effective_date})", release.label)
        self.release_picker.setCurrentIndex(max(0, self.release_picker.findData(self.release)))
        self.release_picker.blockSignals(False)
        self.release_label.setText(f"Showing: {self.release or newest}")

    def set_release(self, label: str | None) -> None:
        """Show one release (or None: the newest of each system); the tree, search and details follow."""
        self.release = label
        self.tree_model.set_release(label)
        self._fill_release_picker()
        self.release_changed.emit(label or "")
        if self.current:
            self.open_code(self.current.record.code, record_history=False)
        self.run_search()

    def choose_release(self) -> None:
        self.release_picker.setFocus()
        self.release_picker.showPopup()

    # My codes (the user database) --------------------------------------------------------------------------

    def _build_workspace(self) -> None:
        self.workspace: WorkspaceDock | None = None
        if self.user_store is None:
            for name in ("star", "add_to_list", "show_workspace"):
                self.actions_by_name[name].setEnabled(False)
                self.actions_by_name[name].setToolTip("Your user database could not be opened.")
            return
        self.workspace = WorkspaceDock(self.user_store, self._describe, self)
        self.workspace.describe_row = self._describe_row
        self.workspace.code_activated.connect(self.open_code)
        self.workspace.present_requested.connect(lambda codes: self.present(codes=codes) if codes else None)
        self.workspace.print_requested.connect(self._print_list)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.workspace)
        self.workspace.hide()
        self.actions_by_name["star"].setCheckable(True)
        recent_menu = self.menuBar().findChild(QMenu, "go-menu")
        if recent_menu is not None:
            self.recent_codes_menu = recent_menu.addMenu("Recent &codes")
            self.recent_searches_menu = recent_menu.addMenu("Recent &searches")
            self.recent_codes_menu.aboutToShow.connect(self._fill_recent_codes)
            self.recent_searches_menu.aboutToShow.connect(self._fill_recent_searches)

    def _describe(self, code: str, kind: str) -> str:
        hit = self.store.lookup(code)
        return f"{hit.record.short_description} · {hit.release.label}" if hit else "(not in this database)"

    def _describe_row(self, code: str, kind: str) -> dict:
        hit = self.store.lookup(code)
        if hit is None:
            return {}
        return {
            "system": hit.record.system,
            "short_description": hit.record.short_description,
            "release": hit.release.label,
            "source_file": hit.release.source_name,
        }

    def _remember(self, write) -> None:  # noqa: ANN001 - a callable writing to the user database
        """A write to the user database; a refusal (read-only, damaged) is said in the status bar, once."""
        if self.user_store is None:
            return
        try:
            write()
        except MedcodeError as error:
            self.statusBar().showMessage(str(error), 10_000)

    def toggle_star(self) -> None:
        if self.user_store is None or not self.current:
            return
        record = self.current.record
        starred = self.user_store.is_starred(record.code, record.kind)
        change = self.user_store.unstar if starred else self.user_store.star
        self._remember(lambda: change(record.code, record.kind))
        self._update_star(not starred)
        self.statusBar().showMessage(f"{record.code} {'unstarred' if starred else 'starred'}", 3000)
        if self.workspace:
            self.workspace.refresh()

    def _update_star(self, starred: bool) -> None:
        action = self.actions_by_name["star"]
        action.setChecked(bool(starred))
        action.setText("Un&star" if starred else "&Star")

    def add_current_to_list(self, name: str | None = None) -> bool:
        """Add the current code to a list (asked for when not given; a new name creates the list)."""
        if self.user_store is None or not self.current:
            return False
        if name is None:
            names = [code_list.name for code_list in self.user_store.lists()]
            name, ok = QInputDialog.getItem(
                self, "Add to list", "List (type a new name to create one):", names, 0, True
            )
            if not ok or not name.strip():
                return False
        name, record = name.strip(), self.current.record
        try:
            if not self.user_store.has_list(name):
                self.user_store.create_list(name)
            self.user_store.add_to_list(name, record.code, record.kind)
        except MedcodeError as error:
            self.statusBar().showMessage(str(error), 8000)
            return False
        self.statusBar().showMessage(f"{record.code} added to {name}", 4000)
        if self.workspace:
            self.workspace.refresh(name)
        return True

    def save_note(self, code: str, kind: str, text: str) -> None:
        self._remember(lambda: self.user_store.set_note(code, kind, text))
        self.statusBar().showMessage(f"Note on {code} saved" if text.strip() else f"Note on {code} removed", 3000)

    def toggle_workspace(self) -> None:
        if self.workspace:
            self.workspace.setVisible(not self.workspace.isVisible())
            if self.workspace.isVisible():
                self.workspace.refresh()
                self.workspace.entries.setFocus()

    def _fill_recent_codes(self) -> None:
        self.recent_codes_menu.clear()
        for recent in self.user_store.recent_codes(15):
            self.recent_codes_menu.addAction(recent.code, lambda code=recent.code: self.open_code(code))

    def _fill_recent_searches(self) -> None:
        self.recent_searches_menu.clear()
        for text in self.user_store.recent_searches(15):
            self.recent_searches_menu.addAction(text.replace("&", "&&"), lambda t=text: self.search_box.setText(t))

    # Printing and presenting ------------------------------------------------------------------------------

    def print_current(self) -> None:
        from ..workspace.printing import card_header, card_html, print_with_dialog

        if view := self.detail.current_view:
            print_with_dialog(self, card_html(view), card_header(view))
        else:
            self.statusBar().showMessage("No code to print.", 5000)

    def save_current_pdf(self, path: Path | None = None) -> bool:
        from ..workspace.printing import save_card_pdf

        view = self.detail.current_view
        if not view:
            self.statusBar().showMessage("No code to save.", 5000)
            return False
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save as PDF", f"{view['code']}.pdf", "PDF files (*.pdf)")
            if not chosen:
                return False
            path = Path(chosen)
        try:
            pages = save_card_pdf(view, path)
        except OSError as error:
            QMessageBox.warning(self, "Save as PDF", f"{path} could not be written: {error.strerror or error}.")
            return False
        self.statusBar().showMessage(f"Saved {view['code']} to {path} ({pages} page{'s' if pages != 1 else ''}).", 5000)
        return True

    def save_results_pdf(self, path: Path | None = None, hits: list[StoredCode] | None = None, title: str = "") -> bool:
        """The results (or the given codes) as a PDF list, with their releases and files on every page."""
        from ..workspace.printing import rows_and_sources, save_list_pdf

        if hits is None:
            self.finish_search()
            hits = self.results.rows()
        if not hits:
            self.statusBar().showMessage("No codes to save.", 5000)
            return False
        text = self.search_box.text().strip()
        title = title or (f"Search: {text}" if text else "Codes")
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save the list as PDF", "codes.pdf", "PDF files (*.pdf)")
            if not chosen:
                return False
            path = Path(chosen)
        rows, sources = rows_and_sources(hits)
        try:
            pages = save_list_pdf(title, rows, sources, path)
        except OSError as error:
            QMessageBox.warning(self, "Save as PDF", f"{path} could not be written: {error.strerror or error}.")
            return False
        self.statusBar().showMessage(f"Saved {len(rows):,} codes to {path} ({pages} pages).", 5000)
        return True

    def present(self, full_screen: bool = True, codes: list[str] | None = None) -> PresentationWindow | None:
        """Presentation mode: a list of codes (a code list), or the current code stepping through the results
        list if it holds the code, else through its range."""
        from ..workspace.presentation import ListSequence, PresentationWindow, RangeSequence

        if codes:
            sequence, start = ListSequence(codes), codes[0]
        elif self.current:
            start = self.current.record.code
            self.finish_search()
            shown = [hit.record.code for hit in self.results.rows()]
            use_list = len(shown) > 1 and start in shown
            sequence = ListSequence(shown) if use_list else RangeSequence(self.store, self.release)
        else:
            self.statusBar().showMessage("Pick a code to present.", 5000)
            return None
        window = PresentationWindow(self.store, sequence, start=start, release_label=self.release, scale=self.zoom)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closed.connect(lambda last: self.open_code(last) if last else None)
        self._presentation = window  # held while open
        if full_screen:
            window.present()
        else:
            window.show()
        return window

    def _print_list(self, title: str, codes: list[str]) -> None:
        hits = [hit for code in codes if (hit := self.store.lookup(code))]
        self.save_results_pdf(hits=hits, title=title)

    # View -----------------------------------------------------------------------------------------------

    def set_zoom(self, factor: float) -> None:
        """Scale the type of the tree, the results and the details (kept for the next launch)."""
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        base = QApplication.font().pointSizeF() or 10.0
        for view in (self.tree, self.table):
            font = view.font()
            font.setPointSizeF(base * self.zoom)
            view.setFont(font)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        for column, sample in COLUMN_SAMPLES.items():
            self.table.setColumnWidth(column, self.table.fontMetrics().horizontalAdvance(sample) + 16)
        self.detail.set_font_scale(self.zoom)
        self.settings.setValue("view/zoom", self.zoom)

    def set_theme(self, theme: str) -> None:
        """Light, dark, or as the desktop is ("system"): Qt repaints every window in the new palette."""
        self.theme = theme if theme in THEMES else "system"
        self.scheme = apply_theme(self.theme)
        for name in THEMES:
            self.actions_by_name[f"theme_{name}"].setCheckable(True)
            self.actions_by_name[f"theme_{name}"].setChecked(name == self.theme)
        self.settings.setValue("view/theme", self.theme)

    # Search and results ---------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def run_search(self) -> None:
        """Search now (the box's text), or show the selected tree node's codes when the box is empty."""
        self._timer.stop()
        self._rest_pending = None
        text = self.search_box.text()
        started = time.perf_counter()
        complete = True
        if text.strip():
            first_page = self.first_page_size()
            hits = self.store.search(text, first_page + 1, self.release)
            complete = len(hits) <= first_page
            hits = hits + self._note_hits(text, _keys(hits)) if complete else hits[:first_page]
            self.results.set_hits(hits, parse_query(text).words)
            what = f"{len(hits):,} results"
        else:
            node = self.tree_model.node_at(self.tree.currentIndex()) if self.tree.currentIndex().isValid() else None
            hits = self.store.codes_in_node(node.id, self.release, limit=NODE_PAGE) if node else []
            self.results.set_hits(hits)
            what = f"{len(hits):,} codes in {node.title}" if node else "Type a code or words"
        elapsed = (time.perf_counter() - started) * 1000
        if complete:
            self.statusBar().showMessage(f"{what} in {elapsed:.1f} ms")
        else:
            self.statusBar().showMessage(f"First {len(hits)} results in {elapsed:.1f} ms; listing the rest")
            self._rest_pending = (text, elapsed)
            QCoreApplication.postEvent(self, QEvent(LIST_REST_OF_RESULTS), Qt.EventPriority.LowEventPriority.value)
        if hits:
            self.table.selectRow(0)
        elif text.strip():
            self.detail.show_explanation(explain(text))  # say what the string is, even with no data for it
        if complete:
            self.search_finished.emit(len(hits))

    def first_page_size(self) -> int:
        """How many results a keystroke's frame lists: the rows the table shows, and half as many again."""
        row_height = max(1, self.table.verticalHeader().defaultSectionSize())
        shown = self.table.viewport().height() // row_height + 1
        return max(MIN_FIRST_PAGE, shown * 3 // 2)

    def finish_search(self) -> None:
        """List the rest of the results of a search that showed its first page: after that page's frame, or
        at once for anything that needs every result (export, printing, presentation)."""
        if self._rest_pending is None:
            return
        text, elapsed = self._rest_pending
        self._rest_pending = None
        started = time.perf_counter()
        hits = self.store.search(text, SEARCH_LIMIT, self.release)
        limited = len(hits) == SEARCH_LIMIT
        self.results.add_hits(hits + self._note_hits(text, _keys(hits)))
        elapsed += (time.perf_counter() - started) * 1000
        count = self.results.rowCount()
        self.statusBar().showMessage(f"{count:,} results{' (first 500)' if limited else ''} in {elapsed:.1f} ms")
        self.search_finished.emit(count)

    def _note_hits(self, text: str, found: set[tuple[str, str]]) -> list[StoredCode]:
        """Codes whose note (the user's own) matches the words typed, after the reference hits."""
        if self.user_store is None or not parse_query(text).words:
            return []
        hits = []
        for note in self.user_store.search_notes(text, limit=50):
            if (note.code, note.kind) not in found and (hit := self.store.lookup(note.code, self.release)):
                hit.match, hit.snippet = "note", note.snippet
                hits.append(hit)
        return hits

    def _enter_results(self) -> None:
        if self.search_box.text().strip():
            self._remember(lambda: self.user_store.record_search(self.search_box.text().strip()))
        self.run_search()
        if self.results.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001 - Qt objects
        if watched is self.search_box and event.type() == event.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down and self.results.rowCount():
                self._enter_results()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.search_box.clear()
                return True
        return super().eventFilter(watched, event)

    def _on_result_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        """The detail pane follows the selection in the next frame: the results are painted first."""
        if selected.indexes() and not self._result_pending:
            self._result_pending = True
            QCoreApplication.postEvent(self, QEvent(SHOW_SELECTED_RESULT), Qt.EventPriority.LowEventPriority.value)

    def customEvent(self, event: QEvent) -> None:
        if event.type() == LIST_REST_OF_RESULTS:
            self.finish_search()
            return
        if event.type() != SHOW_SELECTED_RESULT:
            super().customEvent(event)
            return
        self._result_pending = False
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.show_code(self.results.hit(rows[0].row()))

    def _on_tree_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.tree_model.code_at(current)
        if hit is not None:
            self.show_code(hit)
        elif not self.search_box.text().strip():
            self.run_search()

    # Showing codes and moving around ------------------------------------------------------------------------

    def show_code(self, hit: StoredCode, record_history: bool = True) -> None:
        view = window_view(self.store, hit)
        if not view["found"]:
            return
        if self.user_store is not None:
            view["note"] = self.user_store.note(hit.record.code, hit.record.kind) or ""
            view["starred"] = self.user_store.is_starred(hit.record.code, hit.record.kind)
        self.current = hit
        self.detail.show_view(view)
        if record_history:
            self.history.visit(f"{hit.record.code}|{hit.record.kind}")
        self.settings.setValue("last/code", hit.record.code)  # kept even if the app is killed, not closed
        self._remember(lambda: self.user_store.record_code(hit.record.code, hit.record.kind))
        self._update_star(view.get("starred", False))
        self._update_navigation()
        self.detail_shown.emit(hit.record.code)

    def open_code(self, code: str, record_history: bool = True) -> bool:
        """Show a code from anywhere (a link, history, the last session); False if the database lacks it."""
        code = code.split("|")[0]
        hit = (self.store.lookup(code, self.release) if self.release else None) or self.store.lookup(code)
        if hit is None:
            self.detail.show_explanation(explain(code))
            return False
        self.show_code(hit, record_history)
        row = self.results.row_of(hit.record.code, hit.record.kind)
        if row >= 0:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
        return True

    def go_back(self) -> None:
        if self.history.can_go_back():
            self.open_code(self.history.back(), record_history=False)

    def go_forward(self) -> None:
        if self.history.can_go_forward():
            self.open_code(self.history.forward(), record_history=False)

    def step_in_range(self, step: int) -> None:
        if self.current:
            record = self.current.record
            neighbour = self.store.adjacent_code(record.code, record.kind, step, self.release)
            if neighbour:
                self.open_code(neighbour)

    def _update_navigation(self) -> None:
        self.actions_by_name["back"].setEnabled(self.history.can_go_back())
        self.actions_by_name["forward"].setEnabled(self.history.can_go_forward())

    def reveal_current(self) -> None:
        if self.current:
            self.reveal_code(self.current.record.code, self.current.record.kind)

    def reveal_code(self, code: str, kind: str = "code") -> bool:
        index = self.tree_model.index_for_code(code, kind)
        if not index.isValid():
            return False
        self._select_in_tree(index)
        return True

    def reveal_node(self, node_id: str) -> None:
        index = self.tree_model.index_for_node(node_id)
        if index.isValid():
            self._select_in_tree(index)
            self.tree.expand(index)

    def _select_in_tree(self, index: QModelIndex) -> None:
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.selectionModel().blockSignals(True)
        self.tree.setCurrentIndex(index)
        self.tree.selectionModel().blockSignals(False)
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    # Clipboard ------------------------------------------------------------------------------------------

    def copy_code(self, with_description: bool = False) -> None:
        focus = self.focusWidget()
        if not with_description and isinstance(focus, QLineEdit | QTextBrowser) and _selected_text(focus):
            QGuiApplication.clipboard().setText(_selected_text(focus))
            return
        if self.current:
            record = self.current.record
            text = f"{record.code}\t{record.short_description}" if with_description else record.code
            QGuiApplication.clipboard().setText(text)
            self.statusBar().showMessage(f"Copied {text.replace(chr(9), ' ')}", 3000)

    # Context menus --------------------------------------------------------------------------------------

    def _results_menu(self, position) -> None:  # noqa: ANN001 - QPoint
        index = self.table.indexAt(position)
        if index.isValid():
            self.show_code(self.results.hit(index.row()))
            self._code_menu().exec(self.table.viewport().mapToGlobal(position))

    def _tree_menu(self, position) -> None:  # noqa: ANN001 - QPoint
        index = self.tree.indexAt(position)
        hit = self.tree_model.code_at(index)
        if hit is not None:
            self.show_code(hit)
            self._code_menu(reveal=False).exec(self.tree.viewport().mapToGlobal(position))
        elif index.isValid():
            self.node_menu(index).exec(self.tree.viewport().mapToGlobal(position))

    def node_menu(self, index: QModelIndex) -> QMenu:
        """The context menu of an outline node: its codes, expanding it, and for CPT (or HCPCS Level I,
        which is CPT) the Level I against CPT comparison of that section."""
        menu = QMenu(self)
        menu.addAction("Show its codes in the results", lambda: self._show_node_codes(index))
        menu.addAction("Expand everything below", lambda: self.tree.expandRecursively(index, 3))
        node = self.tree_model.node_at(index)
        if node is not None and (node.id == "hcpcs.1" or node.id.startswith("cpt")):
            section = None if node.id in ("cpt", "hcpcs.1") else node.id
            menu.addAction("Compare Level I with CPT here…", lambda: self.show_level_one(section))
        return menu

    def _code_menu(self, reveal: bool = True) -> QMenu:
        menu = QMenu(self)
        for name in (
            "copy_code",
            "copy_with_description",
            "star",
            "add_to_list",
            "add_to_comparison",
            "previous_in_range",
            "next_in_range",
        ):
            menu.addAction(self.actions_by_name[name])
        if reveal:
            menu.addAction(self.actions_by_name["reveal"])
        return menu

    def _show_node_codes(self, index: QModelIndex) -> None:
        self.search_box.clear()
        self.tree.setCurrentIndex(index)
        self.run_search()

    # Files ----------------------------------------------------------------------------------------------

    def choose_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open a reference database",
            str(self.store.path.parent),
            "MedCode databases (*.sqlite *.db);;All files (*)",
        )
        if path:
            self.open_database(Path(path))

    def open_database(self, path: Path) -> bool:
        try:
            store = ReferenceStore(path)
        except MedcodeError as error:
            QMessageBox.warning(self, "MedCode Browser", str(error))
            return False
        self.store.close()
        self.store = store
        self.current = None
        self.results.set_hits([])
        self.detail.clear()
        self._on_store_changed()
        return True

    def choose_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import CMS release files", "", IMPORT_FILTER)
        if files:
            self.import_files(files)

    def update_from_cms(self) -> None:
        """Download the newest quarterly HCPCS zip from CMS and import it: the app's only use of the network."""
        from ..releases.update_task import UpdateWorker, start_update

        if self.store.read_only:
            QMessageBox.information(self, "MedCode Browser", "The database is read-only; updating is disabled.")
            return
        self._update_worker = worker = UpdateWorker(self.store.path)
        self.progress_dialog = dialog = QProgressDialog("Looking for the newest CMS release…", "Cancel", 0, 100, self)
        dialog.setWindowTitle("Update from CMS")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(worker.cancel)
        worker.progress.connect(self._on_import_progress)
        worker.succeeded.connect(self._on_import_succeeded)
        worker.failed.connect(self._on_update_failed)
        self._update_thread = start_update(worker, self)

    def _on_update_failed(self, message: str) -> None:
        self.progress_dialog.reset()
        self.statusBar().showMessage(message, 10_000)
        self.import_finished.emit(False, message)
        if not message.startswith("Update cancelled"):
            QMessageBox.warning(self, "Update from CMS", message)

    def show_import_wizard(self, files: list[str] | None = None) -> ImportWizard:
        """The import wizard (window-modal): files examined, labels and dates fixed, then one import."""
        from ..releases.import_wizard import ImportWizard

        wizard = ImportWizard(self.store, self)
        wizard.imported.connect(self._on_wizard_imported)
        wizard.finished.connect(wizard.deleteLater)
        if files:
            wizard.add_paths(files)
        wizard.open()
        self.import_wizard = wizard  # held while open: deleting it mid-import would abort the process
        return wizard

    def _on_wizard_imported(self, summaries: list[str]) -> None:
        self.store.reload()  # the import thread wrote through its own connection
        self._on_store_changed()
        message = "; ".join(summaries)
        self.statusBar().showMessage(message, 10_000)
        self.import_finished.emit(True, message)

    def choose_export_results(self) -> None:
        self.finish_search()
        hits = self.results.rows()
        if not hits:
            self.statusBar().showMessage("No results to export.", 5000)
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export the results", "results.csv", "CSV files (*.csv)")
        if path:
            self.export_results(Path(path))

    def export_results(self, path: Path) -> bool:
        """The results shown as CSV (UTF-8 with a BOM for spreadsheet programs); False with the reason if not."""
        self.finish_search()
        try:
            path.write_text(hits_csv(self.results.rows()), encoding="utf-8-sig")
        except OSError as error:
            QMessageBox.warning(self, "Export", f"{path} could not be written: {error.strerror or error}.")
            return False
        self.statusBar().showMessage(f"Saved {self.results.rowCount():,} results to {path}.", 5000)
        return True

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of CPT data files")
        if folder:
            self.import_files([folder])

    def import_files(self, files: list[str]) -> None:
        """Import in the background with a progress dialog; cancel or failure leaves the database unchanged."""
        if self.store.read_only:
            QMessageBox.information(self, "MedCode Browser", "The database is read-only; importing is disabled.")
            return
        self._import_worker = worker = ImportWorker(self.store.path, list(files))
        self.progress_dialog = dialog = QProgressDialog("Starting the import…", "Cancel", 0, 100, self)
        dialog.setWindowTitle("Importing")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        # A lambda runs in the window's thread at once; the worker's own slot would be queued to its busy
        # thread and only run after the import had finished.
        dialog.canceled.connect(lambda: worker.cancel())
        worker.progress.connect(self._on_import_progress)
        worker.succeeded.connect(self._on_import_succeeded)
        worker.failed.connect(self._on_import_failed)
        self._import_thread = start_import(worker, self)

    def _on_import_progress(self, stage: str, done: int, total: int) -> None:
        self.progress_dialog.setLabelText(stage)
        self.progress_dialog.setValue(int(100 * done / total) if total else 0)

    def _on_import_succeeded(self, summaries: list[str]) -> None:
        self.progress_dialog.reset()
        self.store.reload()  # the import thread wrote through its own connection
        self._on_store_changed()
        message = "; ".join(summaries)
        self.statusBar().showMessage(message, 10_000)
        self.import_finished.emit(True, message)

    def _on_import_failed(self, message: str) -> None:
        self.progress_dialog.reset()
        self.statusBar().showMessage(message, 10_000)
        self.import_finished.emit(False, message)
        if not message.startswith("Import cancelled"):
            QMessageBox.warning(self, "Import", message)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.import_files(files)

    # Comparison -----------------------------------------------------------------------------------------

    def add_current_to_comparison(self) -> None:
        if self.current:
            self.add_to_comparison(self.current.record.code)

    def add_to_comparison(self, code: str) -> bool:
        window = self._comparison_window()
        added = window.add_code(code)
        self.statusBar().showMessage(
            f"{code} added to the comparison ({len(window.codes)} codes; Ctrl+Shift+K shows it)"
            if added
            else window.status.text(),
            5000,
        )
        return added

    def show_comparison(self) -> None:
        window = self._comparison_window()
        window.show()
        window.raise_()
        window.activateWindow()

    def _comparison_window(self) -> CompareWindow:
        from ..comparison.compare_window import CompareWindow

        if self.compare_window is None:
            self.compare_window = CompareWindow(self.store, self)
            self.compare_window.code_activated.connect(self.open_code)
        return self.compare_window

    def show_level_one(self, section: str | None = None, code: str | None = None) -> LevelOneWindow:
        """The Level I against CPT window, on a section (an outline node under CPT) or a code's row."""
        from ..comparison.level_one_window import LevelOneWindow

        if self.level_one_window is None:
            self.level_one_window = LevelOneWindow(self.store, self)
            self.level_one_window.code_activated.connect(self.open_code)
        window = self.level_one_window
        window.show()
        window.raise_()
        window.show_section(section)
        if code:
            window.select_code(code)
        return window

    def show_release_diff(self) -> DiffWindow:
        """The releases-compared window, on the newest release against the one before it."""
        from ..releases.diff_window import DiffWindow

        if self.diff_window is None:
            self.diff_window = DiffWindow(self.store, self)
            self.diff_window.code_activated.connect(self.open_code)
            self.diff_window.compare()
        self.diff_window.show()
        self.diff_window.raise_()
        return self.diff_window

    # Dialogs --------------------------------------------------------------------------------------------

    def show_about_data(self) -> None:
        AboutDataDialog(self.store, self).exec()

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", shortcuts_html())


def _selected_text(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit):
        return widget.selectedText()
    if isinstance(widget, QTextBrowser):
        return widget.textCursor().selectedText()
    return ""


def _open_user_store() -> UserStore | None:
    """The user's own database; if it cannot be opened the window still browses, without My codes."""
    try:
        return UserStore()
    except MedcodeError:
        return None


def _keys(hits: list[StoredCode]) -> set[tuple[str, str]]:
    return {(hit.record.code, hit.record.kind) for hit in hits}
