"""The search box and the results: one search per keystroke (at once when searches are quick), its first page
in the keystroke's own frame, further rows as the table scrolls to them, and the first result's detail pane
(with its recent-code write) only once typing pauses."""

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
# Results listed in a keystroke's own frame: what the table shows and two more (at least MIN_FIRST_PAGE; half
# as many again put 11% of first-time keys over 16 ms, two more 1-2%). Further rows, up to SEARCH_LIMIT, come
# SEARCH_PAGE at a time as the table scrolls to them (ResultsModel.fetchMore), never from a second search per
# keystroke. Building 500 hits took 10 of the 15 ms a short word's search cost a keystroke.
MIN_FIRST_PAGE = 30
SEARCH_PAGE = 100
NODE_PAGE = 2000
# The wait after a keystroke follows the last search's cost: none after one that fit in a frame (a typist sees
# every letter's results in its own frame; a wait as long as a 6 ms search put a third of the keys over 16 ms),
# as long as the search took, at most DEBOUNCE_MS, after a slow one (a burst of keys pays once).
DEBOUNCE_MS = 120
QUICK_SEARCH_MS = 16.0
# The first result's detail pane (18-29 ms) and its recent-code write (a commit) wait for typing to pause;
# a row chosen in the table is shown at once.
PAUSE_MS = 300
# The selected result's detail pane is filled by a low-priority posted event: it comes after the repaint
# manager's update request (also low priority, posted earlier), so the results are painted first; a 0 ms
# timer would run before that frame. Qt keeps one queue of posted events per thread, ordered by priority and
# then by posting: which object receives them (this controller, not the window) does not change their order.
SHOW_SELECTED_RESULT = QEvent.Type(QEvent.registerEventType())


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
        self._debounce_ms = debounce_ms  # the longest wait, after a slow search
        self._last_search_ms = 0.0
        self._from_search = False  # the selection being made is run_search's own (its first row)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.run_search)
        self._pause = QTimer(self, singleShot=True, interval=PAUSE_MS)  # typing paused: show the first result
        self._pause.timeout.connect(self.show_selected_result)
        search_box.installEventFilter(self)
        search_box.textChanged.connect(self._on_text_changed)
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

    def _on_text_changed(self) -> None:
        """A keystroke: search now if the last search was quick, else after a wait as long as it took."""
        wait = 0 if self._last_search_ms < QUICK_SEARCH_MS else min(self._debounce_ms, int(self._last_search_ms))
        self._timer.start(wait)

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
        self._pause.stop()
        self.results.set_hits([])
        self.notice.clear_notice()
        self.detail.show_no_match("The search failed", str(error))
        self.session.status.showMessage(str(error))
        self.search_finished.emit(0)

    def _run_search(self) -> None:
        self._timer.stop()
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
            more = None if complete else self._search_pages(text)
            self.results.set_hits(
                hits, parse_query(text).words, highlight_pattern(plan), total=SEARCH_LIMIT, more=more, page=SEARCH_PAGE
            )
            self._tell_how_understood(text, plan, hits)
            what = counted(len(hits), "result") if complete else f"First {len(hits)} results (more as you scroll)"
        else:
            node = self.tree_model.node_at(self.tree.currentIndex()) if self.tree.currentIndex().isValid() else None
            hits = self._list_node(node)
            self.notice.clear_notice()
            what = f"{counted(self.results.total(), 'code')} in {node.title}" if node else "Type a code or words"
        elapsed = (time.perf_counter() - started) * 1000
        self._last_search_ms = elapsed
        self.session.status.showMessage(f"{what} in {elapsed:.1f} ms")
        self._pause.stop()
        if hits:
            self._from_search = bool(text.strip())  # a typed search's first row: its pane waits for a pause
            try:
                self.table.selectRow(0)
            finally:
                self._from_search = False
        elif text.strip() and is_code_shaped(text):
            self.detail.show_explanation(explain(text))  # say what the string is, even with no data for it
        elif text.strip():
            self.detail.show_no_match(text.strip(), "No code matches these words. " + self.notice.text_hint())
        self.search_finished.emit(len(hits))

    def _search_pages(self, text: str) -> Callable[[int], list[StoredCode]]:
        """The next page of a search's hits from an offset, for the table's fetchMore; the user's note hits
        after the last page. The store reuses the keystroke's plan and rung (text_search._last_rung)."""
        store, release = self.session.store, self.session.release
        ended = False

        def more(offset: int) -> list[StoredCode]:
            nonlocal ended
            if ended:
                return []
            hits = store.search(text, min(SEARCH_LIMIT, offset + SEARCH_PAGE), release)
            page = hits[offset:]
            if len(hits) < min(SEARCH_LIMIT, offset + SEARCH_PAGE):  # the search's last page
                ended = True
                page += self._note_hits(text, _keys(hits))
            listed = offset + len(page)
            more_to_come = not ended and listed < SEARCH_LIMIT
            self.session.status.showMessage(
                f"First {listed} results (more as you scroll)" if more_to_come else counted(listed, "result")
            )
            return page

        return more

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
        """How many results a keystroke's frame lists: the rows the table shows, and two more."""
        row_height = max(1, self.table.verticalHeader().defaultSectionSize())
        shown = self.table.viewport().height() // row_height + 1
        return max(MIN_FIRST_PAGE, shown + 2)

    def finish_search(self) -> None:
        """Every result listed (a search's up to SEARCH_LIMIT, a tree node's to its count), for anything that
        needs them all: export, printing, presentation."""
        try:
            self.results.fetch_all()
        except DatabaseError as error:
            self._say_failed(error)

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
            if self._pause.isActive():  # a row chosen: no wait for a pause
                self._pause.stop()
                self.show_selected_result()

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
        """The detail pane follows the selection in the next frame (the results are painted first); a
        search's own first row only once typing pauses."""
        if not selected.indexes():
            return
        if self._from_search:
            self._pause.start()
            return
        self._pause.stop()
        if not self._result_pending:
            self._result_pending = True
            QCoreApplication.postEvent(self, QEvent(SHOW_SELECTED_RESULT), Qt.EventPriority.LowEventPriority.value)

    def customEvent(self, event: QEvent) -> None:
        if event.type() != SHOW_SELECTED_RESULT:
            super().customEvent(event)
            return
        self._result_pending = False
        self.show_selected_result()

    def show_selected_result(self) -> None:
        """The detail pane shows the selected result (and the notice why it matched)."""
        self._pause.stop()
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
