"""Changes made to the database by anyone else (`medcode import` in a terminal, another window, this window's
own import thread): noticed within a second, and every view follows without a restart."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QTableView

from ...codes.errors import MedcodeError
from .import_flow import ImportFlow
from .navigation import Navigation
from .search_controller import SearchController
from .session import Session

POLL_MS = 750  # how often the window asks SQLite whether another connection committed (a few microseconds)


class DatabaseWatch(QObject):
    """Asks Session.store.changed_elsewhere() on a timer; on a change, the views read the database again."""

    def __init__(
        self,
        session: Session,
        parent: QObject,
        *,
        imports: ImportFlow,
        search: SearchController,
        navigation: Navigation,
        table: QTableView,
        interval_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.imports, self.search, self.navigation, self.table = imports, search, navigation, table
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        imports.database_written.connect(self.follow)  # the window's own import: the same refresh

    def check(self) -> bool:
        """Follow a change committed by another connection since the last check; True if there was one."""
        try:
            changed = self.session.store.changed_elsewhere()
        except MedcodeError:  # busy or unreadable for a moment: the next tick asks again
            return False
        if changed:
            self.follow()
        return changed

    def follow(self) -> None:
        """The refresh after any import, the window's own included (title, releases, picker, tree, other
        windows), then the results and the code shown, read again."""
        self.imports.refresh()
        # The results are listed again without selecting their first row: the detail pane keeps its code.
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        try:
            self.search.run_search()
        finally:
            selection.blockSignals(False)
        current, results = self.session.current, self.search.results
        listed = current is not None and results.row_of(current.record.code, current.record.kind) >= 0
        if self.search.search_box.text().strip() and results.rowCount() and not listed:
            # A search that found nothing before (or other codes) finds these now: the pane shows the first,
            # as the search typed again would, not what it showed before the import.
            self.search.show_selected_result()
        else:
            self.navigation.show_current_again()
