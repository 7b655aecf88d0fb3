"""My codes in the main window: the star, the code lists, notes, recent codes and searches, the workspace dock.

Everything here writes the user database (Session.user_store); without one, the actions are disabled and the
window still browses.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMainWindow, QMenu

from ..workspace.workspace_dock import WorkspaceDock
from .navigation import Navigation
from .output_actions import OutputActions
from .session import Session

WORKSPACE_ACTIONS = ("star", "add_to_list", "show_workspace")


class WorkspaceActions(QObject):
    note_refused = Signal(str, str, str, str)  # code, kind, text, why: a note the user database did not take
    stars_changed = Signal()  # a code starred or unstarred (here or in the dock): the star marks follow

    def __init__(
        self,
        session: Session,
        window: QMainWindow,
        *,
        actions: dict[str, QAction],
        go_menu: QMenu,
        search_box: QLineEdit,
        navigation: Navigation,
        output: OutputActions,
    ) -> None:
        super().__init__(window)
        self.session = session
        self.window = window  # the dock's place, and the parent of the list dialog
        self.star_action = actions["star"]
        self.search_box, self.navigation = search_box, navigation
        self.dock: WorkspaceDock | None = None
        if session.user_store is None:
            for name in WORKSPACE_ACTIONS:
                actions[name].setEnabled(False)
                actions[name].setToolTip("Your user database could not be opened.")
            return
        self.dock = WorkspaceDock(session.user_store, self.describe, window)
        self.dock.describe_row = self.describe_row
        self.dock.code_activated.connect(navigation.open_code)
        self.dock.present_requested.connect(lambda codes: output.present(codes=codes) if codes else None)
        self.dock.print_requested.connect(output.print_list)
        self.dock.pdf_requested.connect(output.save_list_pdf)
        self.dock.changed.connect(self.show_current_star)  # unstarred in the dock: the star action follows
        self.dock.changed.connect(self.stars_changed)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.star_action.setCheckable(True)
        self.recent_codes_menu = go_menu.addMenu("Recent &codes")
        self.recent_searches_menu = go_menu.addMenu("Recent &searches")
        self.recent_codes_menu.aboutToShow.connect(self.fill_recent_codes)
        self.recent_searches_menu.aboutToShow.connect(self.fill_recent_searches)

    def handlers(self) -> dict[str, Callable[[], object]]:
        """The window's actions (common/shortcuts.py) this part carries out."""
        return {
            "star": self.toggle_star,
            "add_to_list": lambda: self.add_current_to_list(),
            "show_workspace": self.toggle_workspace,
        }

    def describe(self, code: str, kind: str) -> str:
        hit = self.session.store.lookup(code)
        return f"{hit.record.short_description} · {hit.release.label}" if hit else "(not in this database)"

    def describe_row(self, code: str, kind: str) -> dict:
        hit = self.session.store.lookup(code)
        if hit is None:
            return {}
        return {
            "system": hit.record.system,
            "short_description": hit.record.short_description,
            "release": hit.release.label,
            "source_file": hit.release.source_name,
        }

    # Stars, lists, notes --------------------------------------------------------------------------------

    def toggle_star(self) -> None:
        user_store, current = self.session.user_store, self.session.current
        if user_store is None or not current:
            return
        record = current.record
        starred = user_store.is_starred(record.code, record.kind)
        change = user_store.unstar if starred else user_store.star
        refusal = self.session.remember(lambda: change(record.code, record.kind))
        # the action toggled its check mark when triggered: it shows what the database holds, written or not
        self.show_star(user_store.is_starred(record.code, record.kind))
        self.stars_changed.emit()
        if refusal:
            return  # remember() left the reason in the status bar
        self.session.status.showMessage(f"{record.code} {'unstarred' if starred else 'starred'}", 3000)
        if self.dock:
            self.dock.refresh()

    def show_current_star(self) -> None:
        """The star action says what the user database holds for the code shown."""
        user_store, current = self.session.user_store, self.session.current
        if user_store is not None and current:
            self.show_star(user_store.is_starred(current.record.code, current.record.kind))

    def show_star(self, starred: bool) -> None:
        """The star action says whether the code shown is starred."""
        self.star_action.setChecked(bool(starred))
        self.star_action.setText("Un&star" if starred else "&Star")

    def add_current_to_list(self, name: str | None = None) -> bool:
        """Add the current code to a list (asked for when not given; a new name creates the list)."""
        user_store, current = self.session.user_store, self.session.current
        if user_store is None or not current:
            return False
        if name is None:
            names = [code_list.name for code_list in user_store.lists()]
            name, ok = QInputDialog.getItem(
                self.window, "Add to list", "List (type a new name to create one):", names, 0, True
            )
            if not ok or not name.strip():
                return False
        name, record = name.strip(), current.record

        def add() -> None:
            if not user_store.has_list(name):
                user_store.create_list(name)
            user_store.add_to_list(name, record.code, record.kind)

        if self.session.remember(add):
            return False  # the reason stays in the status bar
        self.session.status.showMessage(f"{record.code} added to {name}", 4000)
        if self.dock:
            self.dock.refresh(name)
        return True

    def save_note(self, code: str, kind: str, text: str) -> None:
        """Write a note; a refusal is said (status bar) and sent back (note_refused) so the text is kept, unsaved."""
        refusal = self.session.remember(lambda: self.session.user_store.set_note(code, kind, text))
        if refusal:
            self.note_refused.emit(code, kind, text, refusal)
            return
        self.session.status.showMessage(f"Note on {code} saved" if text.strip() else f"Note on {code} removed", 3000)

    # The dock and the recent menus ----------------------------------------------------------------------

    def toggle_workspace(self) -> None:
        if self.dock:
            self.dock.setVisible(not self.dock.isVisible())
            if self.dock.isVisible():
                self.dock.refresh()
                self.dock.entries.setFocus()

    def fill_recent_codes(self) -> None:
        self.recent_codes_menu.clear()
        for recent in self.session.user_store.recent_codes(15):
            self.recent_codes_menu.addAction(recent.code, lambda code=recent.code: self.navigation.open_code(code))

    def fill_recent_searches(self) -> None:
        self.recent_searches_menu.clear()
        for text in self.session.user_store.recent_searches(15):
            self.recent_searches_menu.addAction(text.replace("&", "&&"), lambda t=text: self.search_box.setText(t))
