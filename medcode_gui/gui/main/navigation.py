"""Moving around: showing a code, history back and forward, the range's neighbours, the tree, the clipboard."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Signal, SignalInstance
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView, QTextBrowser, QTreeView, QWidget

from ...codes.explain import explain
from ...codes.records import StoredCode
from ...views.code_view import window_view
from ...views.navigation_history import History
from ..detail.detail_pane import DetailPane
from ..results.results_model import ResultsModel
from ..tree.tree_model import OutlineTreeModel
from .session import Session

LAST_CODE = "last/code"  # the settings key of the code shown last, opened again at the next launch


class Navigation(QObject):
    """The code the detail pane shows (Session.current), how the user got there and where they go next."""

    starred_shown = Signal(bool)  # a code was shown: whether it is starred (the star action follows)

    def __init__(
        self,
        session: Session,
        window: QWidget,
        *,
        detail: DetailPane,
        results: ResultsModel,
        table: QTableView,
        tree: QTreeView,
        tree_model: OutlineTreeModel,
        actions: dict[str, QAction],
        detail_shown: SignalInstance,
    ) -> None:
        super().__init__(window)
        self.session = session
        self.window = window  # asked which widget has the focus (copying selected text)
        self.detail, self.results, self.table, self.tree, self.tree_model = detail, results, table, tree, tree_model
        self.back_action, self.forward_action = actions["back"], actions["forward"]
        self.detail_shown = detail_shown  # MainWindow's own signal, emitted here: no relay
        self.history = History()

    def handlers(self) -> dict[str, Callable[[], object]]:
        """The window's actions (common/shortcuts.py) this part carries out."""
        return {
            "back": self.go_back,
            "forward": self.go_forward,
            "previous_in_range": lambda: self.step_in_range(-1),
            "next_in_range": lambda: self.step_in_range(1),
            "reveal": self.reveal_current,
            "copy_code": self.copy_code,
            "copy_with_description": lambda: self.copy_code(with_description=True),
        }

    def show_code(self, hit: StoredCode, record_history: bool = True) -> None:
        session = self.session
        view = window_view(session.store, hit)
        if not view["found"]:
            return
        if session.user_store is not None:
            view["note"] = session.user_store.note(hit.record.code, hit.record.kind) or ""
            view["starred"] = session.user_store.is_starred(hit.record.code, hit.record.kind)
        session.current = hit
        self.detail.show_view(view)
        if record_history:
            self.history.visit(f"{hit.record.code}|{hit.record.kind}")
        session.settings.setValue(LAST_CODE, hit.record.code)  # kept even if the app is killed, not closed
        session.remember(lambda: session.user_store.record_code(hit.record.code, hit.record.kind), asked=False)
        self.starred_shown.emit(bool(view.get("starred", False)))
        self._update_history_actions()
        self.detail_shown.emit(hit.record.code)

    def open_code(self, code: str, record_history: bool = True) -> bool:
        """Show a code from anywhere (a link, history, the last session); False if the database lacks it."""
        code = code.split("|")[0]
        store, release = self.session.store, self.session.release
        hit = (store.lookup(code, release) if release else None) or store.lookup(code)
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

    def show_current_again(self) -> None:
        """After another program changed the database: the code shown, read again from the new view, or a
        sentence saying it is gone (its release was removed) instead of a stale record."""
        if (current := self.session.current) is None:
            return
        code = current.record.code
        if not self.open_code(code, record_history=False):
            self.session.current = None
            sentence = f"{code} is no longer in the database: another program removed the release it came from."
            self.detail.show_no_match(code, sentence)
            self.session.status.showMessage(sentence, 10_000)

    def restore_last_code(self) -> None:
        """The code shown when the app was last closed, or an empty detail pane."""
        if last := self.session.settings.value(LAST_CODE):
            self.open_code(str(last))
        else:
            self.detail.clear()

    def save_last_code(self) -> None:
        if self.session.current:
            self.session.settings.setValue(LAST_CODE, self.session.current.record.code)

    # History and the range ------------------------------------------------------------------------------

    def go_back(self) -> None:
        if self.history.can_go_back():
            self.open_code(self.history.back(), record_history=False)

    def go_forward(self) -> None:
        if self.history.can_go_forward():
            self.open_code(self.history.forward(), record_history=False)

    def step_in_range(self, step: int) -> None:
        if current := self.session.current:
            record = current.record
            neighbour = self.session.store.adjacent_code(record.code, record.kind, step, self.session.release)
            if neighbour:
                self.open_code(neighbour)

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.history.can_go_back())
        self.forward_action.setEnabled(self.history.can_go_forward())

    # The outline tree ---------------------------------------------------------------------------------------

    def reveal_current(self) -> None:
        if current := self.session.current:
            self.reveal_code(current.record.code, current.record.kind)

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

    # The clipboard --------------------------------------------------------------------------------------

    def copy_code(self, with_description: bool = False) -> None:
        focus = self.window.focusWidget()
        if not with_description and isinstance(focus, QLineEdit | QTextBrowser) and _selected_text(focus):
            QGuiApplication.clipboard().setText(_selected_text(focus))
            return
        if current := self.session.current:
            record = current.record
            text = f"{record.code}\t{record.short_description}" if with_description else record.code
            QGuiApplication.clipboard().setText(text)
            self.session.status.showMessage(f"Copied {text.replace(chr(9), ' ')}", 3000)


def _selected_text(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit):
        return widget.selectedText()
    if isinstance(widget, QTextBrowser):
        return widget.textCursor().selectedText()
    return ""
