"""The search box and the results: a keystroke, the debounce, the first page in the keystroke's own frame, the
rest just after it, and the selected result's detail pane after the results are painted."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    SignalInstance,
)
from PySide6.QtWidgets import QLineEdit, QTableView, QTreeView

from ...codes.errors import DatabaseError
from ...codes.explain import explain
from ...codes.outline import OutlineNode
from ...codes.records import StoredCode
from ...codes.wording import counted
from ...search.query import is_code_shaped, parse_query
from ...search.why import highlight_pattern
from ..detail.detail_pane import DetailPane
from ..results.results_model import ResultsModel
from ..results.search_notice import SearchNotice
from ..results.short_column import ShortColumn
from ..tree.kept_expansion import KeptExpansion
from ..tree.tree_model import OutlineTreeModel
from .session import Session

SEARCH_LIMIT = 500
# Results listed in a keystroke's own frame: what the table shows and half as many again (at least
# MIN_FIRST_PAGE); the rest, up to SEARCH_LIMIT, are listed just after that frame. Building 500 hits took 10 of
# the 15 ms a short word's search cost a keystroke.
MIN_FIRST_PAGE = 30
NODE_PAGE = 2000
DEBOUNCE_MS = 120
# The selected result's detail pane is filled by a low-priority posted event: it comes after the repaint
# manager's update request (also low priority, posted earlier), so the results are painted first; a 0 ms
# timer would run before that frame. Qt keeps one queue of posted events per thread, ordered by priority and
# then by posting: which object receives them (this controller, not the window) does not change their order.
SHOW_SELECTED_RESULT = QEvent.Type(QEvent.registerEventType())
LIST_REST_OF_RESULTS = QEvent.Type(QEvent.registerEventType())  # the same way, after the first page's frame


class SearchController(QObject):
    """Owns the debounce timer and the search in progress; shows the selected result through show_code."""

    def __init__(
        self,
        session: Session,
        parent: QObject,
        *,
        search_box: QLineEdit,
        results: ResultsModel,
        table: QTableView,
        tree: QTreeView,
        tree_model: OutlineTreeModel,
        detail: DetailPane,
        notice: SearchNotice,
        show_code: Callable[[StoredCode], None],
        search_finished: SignalInstance,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.search_box, self.results, self.table = search_box, results, table
        self.tree, self.tree_model, self.detail = tree, tree_model, detail
        self.notice = notice
        results.set_why(lambda hit: self.session.store.match_reasons(hit))  # the store of the moment
        self.show_code = show_code  # Navigation.show_code, called directly: no signal on the way to the pane
        self.search_finished = search_finished  # MainWindow's own signal, emitted here: no relay
        self._result_pending = False  # a SHOW_SELECTED_RESULT event is posted
        self._rest_pending: tuple[str, float] | None = None  # (text, ms so far) of a search showing its first page
        self._timer = QTimer(self, singleShot=True, interval=debounce_ms)
        self._timer.timeout.connect(self.run_search)
        search_box.installEventFilter(self)
        search_box.textChanged.connect(self._timer.start)
        search_box.returnPressed.connect(self.enter_results)
        table.selectionModel().selectionChanged.connect(self._on_result_selected)
        tree.selectionModel().currentChanged.connect(self._on_tree_current)
        self.short_column = ShortColumn(table)
        self.kept_expansion = KeptExpansion(tree, tree_model)  # before any reset of the tree (imports, releases)
        self.show_stars()

    def show_stars(self) -> None:
        """The results and the tree mark the user's starred codes (again after a star changes)."""
        user_store = self.session.user_store
        starred = {(star.code, star.kind) for star in user_store.starred()} if user_store is not None else set()
        self.results.set_starred(starred)
        self.tree_model.set_starred(starred)

    def handlers(self) -> dict[str, Callable[[], object]]:
        """The window's actions (common/shortcuts.py) this part carries out."""
        return {
            "find": self.focus_search,
        }

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def run_search(self) -> None:
        """Search now (the box's text), or show the selected tree node's codes when the box is empty."""
        try:
            self._run_search()
        except DatabaseError as error:
            self._say_failed(error)

    def _say_failed(self, error: DatabaseError) -> None:
        """A search the database could not answer (damaged, locked...): no results, and the reason where the
        results and the code would be, never an empty list that looks like "no match". Damage is also
        offered a remedy by the window (damage_offer.py, told by the store)."""
        self._rest_pending = None
        self.results.set_hits([])
        self.notice.clear_notice()
        self.detail.show_no_match("The search failed", str(error))
        self.session.status.showMessage(str(error))
        self.search_finished.emit(0)

    def _run_search(self) -> None:
        self._timer.stop()
        self._rest_pending = None
        text = self.search_box.text()
        started = time.perf_counter()
        complete = True
        store, release = self.session.store, self.session.release
        if text.strip():
            first_page = self.first_page_size()
            hits = store.search(text, first_page + 1, release)
            complete = len(hits) <= first_page
            hits = hits + self._note_hits(text, _keys(hits)) if complete else hits[:first_page]
            plan = next((hit.plan for hit in hits if hit.plan is not None), None)
            self.results.set_hits(hits, parse_query(text).words, highlight_pattern(plan))
            self._tell_how_understood(text, plan, hits)
            what = counted(len(hits), "result")
        else:
            node = self.tree_model.node_at(self.tree.currentIndex()) if self.tree.currentIndex().isValid() else None
            hits = self._list_node(node)
            self.notice.clear_notice()
            what = f"{counted(self.results.total(), 'code')} in {node.title}" if node else "Type a code or words"
        elapsed = (time.perf_counter() - started) * 1000
        if complete:
            self.session.status.showMessage(f"{what} in {elapsed:.1f} ms")
        else:
            self.session.status.showMessage(f"First {len(hits)} results in {elapsed:.1f} ms; listing the rest")
            self._rest_pending = (text, elapsed)
            QCoreApplication.postEvent(self, QEvent(LIST_REST_OF_RESULTS), Qt.EventPriority.LowEventPriority.value)
        if hits:
            self.table.selectRow(0)
        elif text.strip() and is_code_shaped(text):
            self.detail.show_explanation(explain(text))  # say what the string is, even with no data for it
        elif text.strip():
            self.detail.show_no_match(text.strip(), "No code matches these words. " + self.notice.text_hint())
        if complete:
            self.search_finished.emit(len(hits))

    def _list_node(self, node: OutlineNode | None) -> list[StoredCode]:
        """A tree node's codes in the results: the first page now, the rest as the table scrolls down to
        them (ResultsModel.fetchMore), to the node's count in the tree."""
        store, release = self.session.store, self.session.release
        if node is None:
            self.results.set_hits([])
            return []
        first = store.codes_in_node(node.id, release, limit=NODE_PAGE)
        total = self.tree_model.count(node.id) if len(first) == NODE_PAGE else len(first)

        def more(offset: int) -> list[StoredCode]:
            return store.codes_in_node(node.id, release, limit=NODE_PAGE, offset=offset)

        self.results.set_hits(first, total=total, more=more)
        return first

    def _tell_how_understood(self, text: str, plan: object, hits: list[StoredCode]) -> None:
        """Above the results: the query as corrected, or, for words that found nothing, what to try."""
        self.notice.clear_notice()
        if plan is not None and plan.corrected:
            self.notice.show_corrected(text.strip(), plan.corrected)
        elif not hits and not is_code_shaped(text) and (words := parse_query(text).word_text):
            self.notice.show_no_match(text.strip(), self.session.store.suggestions(words))

    def first_page_size(self) -> int:
        """How many results a keystroke's frame lists: the rows the table shows, and half as many again."""
        row_height = max(1, self.table.verticalHeader().defaultSectionSize())
        shown = self.table.viewport().height() // row_height + 1
        return max(MIN_FIRST_PAGE, shown * 3 // 2)

    def finish_search(self) -> None:
        """List the rest of the results of a search that showed its first page: after that page's frame, or
        at once for anything that needs every result (export, printing, presentation)."""
        self.results.fetch_all()  # a tree node's codes, all of them
        if self._rest_pending is None:
            return
        text, elapsed = self._rest_pending
        self._rest_pending = None
        started = time.perf_counter()
        try:
            hits = self.session.store.search(text, SEARCH_LIMIT, self.session.release)
        except DatabaseError as error:
            self._say_failed(error)
            return
        limited = len(hits) == SEARCH_LIMIT
        self.results.add_hits(hits + self._note_hits(text, _keys(hits)))
        elapsed += (time.perf_counter() - started) * 1000
        count = self.results.rowCount()
        shown = counted(count, "result") + (" (first 500)" if limited else "")
        self.session.status.showMessage(f"{shown} in {elapsed:.1f} ms")
        self.search_finished.emit(count)

    def _note_hits(self, text: str, found: set[tuple[str, str]]) -> list[StoredCode]:
        """Codes whose note (the user's own) matches the words typed, after the reference hits."""
        user_store = self.session.user_store
        if user_store is None or not parse_query(text).words:
            return []
        hits = []
        for note in user_store.search_notes(text, limit=50):
            if (note.code, note.kind) not in found and (
                hit := self.session.store.lookup(note.code, self.session.release)
            ):
                hit.match, hit.snippet = "note", note.snippet
                hits.append(hit)
        return hits

    def enter_results(self) -> None:
        """Enter or Down in the search box: the search is kept among the recent ones, the results get the focus."""
        if self.search_box.text().strip():
            text = self.search_box.text().strip()
            self.session.remember(lambda: self.session.user_store.record_search(text), asked=False)
        self.run_search()
        if self.results.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def show_node_codes(self, index: QModelIndex) -> None:
        """The codes of an outline node in the results (the search box emptied)."""
        self.search_box.clear()
        self.tree.setCurrentIndex(index)
        self.run_search()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down and self.results.rowCount():
                self.enter_results()
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
        self.show_selected_result()

    def show_selected_result(self) -> None:
        """The detail pane shows the selected result (and the notice why it matched)."""
        rows = self.table.selectionModel().selectedRows()
        if rows:
            hit = self.results.hit(rows[0].row())
            if not self._show_code(hit):
                return
            if hit.plan is not None:
                self.notice.show_why(hit.record.code, self.session.store.match_reasons(hit))
            else:
                self.notice.clear_why()

    def select_result(self, hit: StoredCode) -> None:
        """The results highlight the code shown (chosen in the tree, a link, history): its row if listed (the
        selected row kept if it is that code already), else no row, never another code's."""
        record = hit.record
        rows = self.table.selectionModel().selectedRows()
        if rows and (shown := self.results.hit(rows[0].row()).record).code == record.code and shown.kind == record.kind:
            return
        row = self.results.row_of(record.code, record.kind)
        while row < 0 and self.results.canFetchMore(QModelIndex()):  # a node list's later pages
            self.results.fetchMore(QModelIndex())
            row = self.results.row_of(record.code, record.kind)
        selection = self.table.selectionModel()
        selection.blockSignals(True)  # the detail pane shows the code already
        try:
            if row >= 0:
                self.table.selectRow(row)
                self.table.scrollTo(self.results.index(row, 0))
            else:
                self.table.clearSelection()
        finally:
            selection.blockSignals(False)
        self.table.viewport().update()

    def _show_code(self, hit: StoredCode) -> bool:
        """The detail pane shows the code chosen; when the database cannot give its details, the reason."""
        try:
            self.show_code(hit)
        except DatabaseError as error:
            self.detail.show_no_match(hit.record.code, str(error))
            self.session.status.showMessage(str(error))
            return False
        return True

    def _on_tree_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.tree_model.code_at(current)
        if hit is not None:
            self._show_code(hit)
            self.select_result(hit)
        elif not self.search_box.text().strip():
            self.run_search()


def _keys(hits: list[StoredCode]) -> set[tuple[str, str]]:
    return {(hit.record.code, hit.record.kind) for hit in hits}
