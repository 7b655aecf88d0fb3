"""The main window: outline tree, one search box, results, detail pane; keyboard first.

The window builds the widgets and lays them out; what they do lives in its parts, one module each:
search_controller (the search box and the results), navigation (the code shown, history, the tree, copying),
release_picker (the release shown), import_flow (new data), workspace_actions (My codes), output_actions
(printing, PDF, CSV, presentation), view_options (zoom, theme), windows (the windows opened on demand),
actions and context_menus (the menus). They share a Session: the databases, the release and the code shown.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...store import ReferenceStore
from ...store.user_store import UserStore
from ..common.legend import LegendLabel
from ..common.screen_fit import fit_to_screen, keep_on_screen
from ..detail.detail_pane import DetailPane
from ..results.results_delegate import ResultsDelegate
from ..results.results_model import DESCRIPTION, ResultsModel
from ..results.results_view import ResultsView
from ..results.search_notice import SearchNotice
from ..tree.tree_model import OutlineTreeModel
from .actions import build_actions, build_menus, connect_actions
from .context_menus import ContextMenus
from .database_watch import DatabaseWatch
from .first_launch import FirstLaunch, FirstLaunchPanel
from .import_flow import ImportFlow
from .locality_picker import LocalityPicker
from .navigation import Navigation
from .output_actions import OutputActions
from .release_picker import ReleasePicker
from .search_controller import DEBOUNCE_MS, SearchController
from .session import Session, open_user_store
from .view_options import ViewOptions, fit_table_to_font
from .windows import Windows
from .workspace_actions import WorkspaceActions

PREFERRED_SIZE = QSize(1440, 860)
PANE_SHARES = (0.2, 0.5, 0.3)  # tree, results, detail: the results widest, the tree wide enough for a code and words
WIDE_ENOUGH_FOR_SIDE_DOCK = 1400  # narrower, My codes docks below the results, not beside them


def pane_widths(width: int) -> list[int]:
    """The splitter's first widths (tree, results, detail) in a window width wide."""
    return [int(width * share) for share in PANE_SHARES]


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
        user_store = user_store if user_store is not None else open_user_store()
        self.session = Session(store, user_store, settings or QSettings(), self.statusBar())
        self._build_widgets()
        self.actions_by_name = build_actions(self)
        self.menus = build_menus(self, self.actions_by_name)
        self._build_layout()
        self._build_parts(debounce_ms)
        self._connect()
        self.setAcceptDrops(True)
        self.imports.refresh()
        self._restore_state()

    # Building -------------------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.search_box = QLineEdit(placeholderText="Code (J1100), range (J9000-J9999), E01*, 99213-25, cpt: words…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search")
        self.tree_model = OutlineTreeModel(self.session.store, parent=self)
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setAccessibleName("Outline")
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(14)  # codes sit five levels deep: a narrow pane still shows them and their words
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.notice = SearchNotice()
        self.results = ResultsModel(self)
        self.table = ResultsView()  # paints its rows in one loop, not a Python call per cell
        self.table.setModel(self.results)
        self.table.setAccessibleName("Results")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setItemDelegate(ResultsDelegate(self.table))  # every cell from layouts kept across searches
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        fit_table_to_font(self.table, self.fontMetrics())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.detail = DetailPane()
        self.release_picker = QComboBox()
        self.release_picker.setAccessibleName("Release shown")
        self.release_picker.setToolTip("Which release the tree, the search and the details show (Ctrl+Shift+R)")
        self.release_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.locality_box = QLineEdit()  # the payment figures' locality: a ZIP code, a county or a locality
        self.locality_box.setAccessibleName("Locality")
        self.locality_box.setToolTip("The locality of the payment amounts: a ZIP code, a county or a name (Ctrl+G)")
        self.locality_box.setMaximumWidth(self.fontMetrics().horizontalAdvance("x" * 36))  # the search box is wider
        self.state_box = QComboBox()
        self.state_box.setAccessibleName("DMEPOS state")
        self.state_box.setToolTip("The state of the DMEPOS amounts (the locality's unless another is chosen)")
        self.release_label = QLabel()
        self.release_label.setTextFormat(Qt.TextFormat.PlainText)  # release labels, never markup
        self.release_label.setAccessibleName("Releases shown")
        self.statusBar().addPermanentWidget(LegendLabel())
        self.statusBar().addPermanentWidget(self.release_label)

    def _build_layout(self) -> None:
        toolbar = QToolBar("Navigation")
        toolbar.setObjectName("navigation")
        toolbar.setMovable(False)
        toolbar.addAction(self.actions_by_name["back"])
        toolbar.addAction(self.actions_by_name["forward"])
        toolbar.addWidget(self.search_box)
        toolbar.addWidget(QLabel(" Release: "))
        toolbar.addWidget(self.release_picker)
        toolbar.addWidget(QLabel(" Locality: "))
        toolbar.addWidget(self.locality_box)
        toolbar.addWidget(self.state_box)
        self.addToolBar(toolbar)
        self.splitter = QSplitter()
        self.splitter.setObjectName("main-splitter")
        results_area = QWidget()  # the results, with the line saying how the search was understood above them
        column = QVBoxLayout(results_area)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notice)
        column.addWidget(self.table)
        actions = self.actions_by_name
        self.first_launch_panel = FirstLaunchPanel(actions["import"], actions["update_from_cms"])
        self.first_launch_panel.hide()  # shown in the table's place while only the starter data is in
        column.addWidget(self.first_launch_panel)
        for widget in (self.tree, results_area, self.detail):
            self.splitter.addWidget(widget)
        self.setCentralWidget(self.splitter)
        fit_to_screen(self, PREFERRED_SIZE)  # 90% of a laptop's screen, the preferred size on a bigger one
        self.splitter.setSizes(pane_widths(self.width()))

    def _build_parts(self, debounce_ms: int) -> None:
        session, actions = self.session, self.actions_by_name
        shown = {"results": self.results, "table": self.table, "tree": self.tree, "tree_model": self.tree_model}
        self.view_options = ViewOptions(
            session.settings, self, tree=self.tree, table=self.table, detail=self.detail, actions=actions
        )
        self.navigation = Navigation(
            session, self, detail=self.detail, actions=actions, detail_shown=self.detail_shown, **shown
        )
        self.search = SearchController(
            session,
            self,
            search_box=self.search_box,
            detail=self.detail,
            notice=self.notice,
            show_code=self.navigation.show_code,
            search_finished=self.search_finished,
            debounce_ms=debounce_ms,
            **shown,
        )
        self.releases = ReleasePicker(
            session,
            self,
            picker=self.release_picker,
            label=self.release_label,
            tree_model=self.tree_model,
            navigation=self.navigation,
            search=self.search,
            release_changed=self.release_changed,
        )
        self.windows = Windows(session, self, self.navigation)
        self.locality = LocalityPicker(
            session, self, box=self.locality_box, state_box=self.state_box, detail=self.detail
        )
        self.output = OutputActions(
            session,
            self,
            detail=self.detail,
            results=self.results,
            search_box=self.search_box,
            search=self.search,
            navigation=self.navigation,
            view_options=self.view_options,
        )
        self.workspace_actions = WorkspaceActions(
            session,
            self,
            actions=actions,
            go_menu=self.menus["&Go"],
            search_box=self.search_box,
            navigation=self.navigation,
            output=self.output,
        )
        self.imports = ImportFlow(
            session,
            self,
            actions=actions,
            results=self.results,
            detail=self.detail,
            import_finished=self.import_finished,
        )
        self.database_watch = DatabaseWatch(
            session, self, imports=self.imports, search=self.search, navigation=self.navigation, table=self.table
        )
        self.context_menus = ContextMenus(
            self, actions=actions, navigation=self.navigation, search=self.search, windows=self.windows, **shown
        )
        self.first_launch = FirstLaunch(
            session, self, panel=self.first_launch_panel, table=self.table, results=self.results
        )
        dock = self.workspace_actions.dock
        if dock is not None and self.width() < WIDE_ENOUGH_FOR_SIDE_DOCK:  # beside the results it would squeeze
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)  # their description to nothing
        if dock is not None:
            # once the dock is laid out (a queued call): resizing it while it is being shown has no effect
            dock.visibilityChanged.connect(lambda visible: visible and QTimer.singleShot(0, self._keep_dock_small))

    def _connect(self) -> None:
        navigation, windows, my_codes, imports = self.navigation, self.windows, self.workspace_actions, self.imports
        handlers = {"quit": self.close}
        parts = [self.search, navigation, self.releases, windows, self.output, my_codes, imports, self.view_options]
        parts.append(self.locality)
        for part in parts:
            handlers.update(part.handlers())
        connect_actions(self.actions_by_name, handlers)
        navigation.starred_shown.connect(my_codes.show_star)
        my_codes.stars_changed.connect(self.search.show_stars)
        imports.store_changed.connect(self.releases.follow_store)
        imports.store_changed.connect(windows.set_store)
        imports.store_changed.connect(self.first_launch.follow_store)
        self.table.activated.connect(lambda index: self.detail.setFocus())
        self.detail.code_link_activated.connect(navigation.open_code)
        self.detail.node_link_activated.connect(navigation.reveal_node)
        self.detail.compare_requested.connect(windows.add_to_comparison)
        self.detail.level_one_requested.connect(lambda code: windows.show_level_one(code=code))
        self.detail.note_edited.connect(my_codes.save_note)
        self.detail_shown.connect(self.locality.code_shown)  # the payment section, once the pane is painted
        self.locality.choice_changed.connect(windows.set_store)  # the basket's payment rows in the new locality
        self.detail.payment_section.import_requested.connect(self.actions_by_name["import"].trigger)
        my_codes.note_refused.connect(self.detail.note_edit.refused)

    def _keep_dock_small(self) -> None:
        """My codes takes at most a third of the window's height below the results, a quarter of its width beside
        (or its minimum, when that is more: Qt refuses a size below it)."""
        dock = self.workspace_actions.dock
        minimum = dock.minimumSizeHint()
        if self.dockWidgetArea(dock) in (Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea):
            height = max(self.height() // 3, minimum.height())
            if dock.height() > height:
                self.resizeDocks([dock], [height], Qt.Orientation.Vertical)
        elif dock.width() > (width := max(self.width() // 4, minimum.width())):
            self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)

    # State ----------------------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        settings = self.session.settings
        if geometry := settings.value("window/geometry"):
            self.restoreGeometry(QByteArray(geometry))  # Qt brings it onto a screen, frame not counted
        if state := settings.value("window/state"):
            self.restoreState(QByteArray(state))
        if splitter := settings.value("window/splitter"):
            self.splitter.restoreState(QByteArray(splitter))
        self.view_options.restore()
        self.locality.restore()
        self.navigation.restore_last_code()

    def save_state(self) -> None:
        settings = self.session.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        self.navigation.save_last_code()
        settings.sync()

    # Qt's events, handed to the part they concern --------------------------------------------------------

    def closeEvent(self, event) -> None:  # noqa: ANN001 - QCloseEvent
        self.detail.flush_note()  # a note typed just before closing is saved, not lost
        if not self.detail.note_edit.may_close():  # ...or, refused, not lost without a question
            event.ignore()
            return
        self.save_state()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        keep_on_screen(self)  # frame and title bar included, once the window system has told their size

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.imports.drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.imports.drop(event)
