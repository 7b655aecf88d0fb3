"""The windows opened on demand: the comparison basket, Level I against CPT, releases compared, the dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from ..common.payment_data import payment_of
from .about_dialog import AboutDataDialog, ShortcutsDialog
from .navigation import Navigation
from .session import Session

if TYPE_CHECKING:  # the windows themselves are imported when first opened: a faster start
    from ..comparison.compare_window import CompareWindow
    from ..comparison.level_one_window import LevelOneWindow
    from ..releases.diff_window import DiffWindow


class Windows(QObject):
    """Each window is made once, on first use, and kept; a code activated in any of them opens in the main one."""

    def __init__(self, session: Session, window: QWidget, navigation: Navigation) -> None:
        super().__init__(window)
        self.session = session
        self.window = window  # the parent of the windows and dialogs
        self.navigation = navigation
        self.compare_window: CompareWindow | None = None
        self.level_one_window: LevelOneWindow | None = None
        self.diff_window: DiffWindow | None = None

    def handlers(self) -> dict[str, Callable[[], object]]:
        """The window's actions (common/shortcuts.py) this part carries out."""
        return {
            "add_to_comparison": self.add_current_to_comparison,
            "show_comparison": self.show_comparison,
            "level_one": lambda: self.show_level_one(),
            "compare_releases": self.show_release_diff,
            "about_data": self.show_about_data,
            "help": self.show_shortcuts,
        }

    def set_store(self) -> None:
        """Another database, or an import: the windows already open show the new data."""
        for window in (self.compare_window, self.level_one_window, self.diff_window):
            if window is not None:
                window.set_store(self.session.store)

    # The comparison basket ------------------------------------------------------------------------------

    def add_current_to_comparison(self) -> None:
        if current := self.session.current:
            self.add_to_comparison(current.record.code)

    def add_to_comparison(self, code: str) -> bool:
        window = self._comparison_window()
        added = window.add_code(code)
        self.session.status.showMessage(
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
            self.compare_window = CompareWindow(self.session.store, self.window)
            self.compare_window.code_activated.connect(self.navigation.open_code)
            session = self.session  # the payment figures in the locality chosen (main/locality_picker)
            self.compare_window.model.payment_of = lambda code: payment_of(session.store, code, session.payment_choice)
        return self.compare_window

    # Level I against CPT, releases compared ---------------------------------------------------------------

    def show_level_one(self, section: str | None = None, code: str | None = None) -> LevelOneWindow:
        """The Level I against CPT window, on a section (an outline node under CPT) or a code's row."""
        from ..comparison.level_one_window import LevelOneWindow

        if self.level_one_window is None:
            self.level_one_window = LevelOneWindow(self.session.store, self.window)
            self.level_one_window.code_activated.connect(self.navigation.open_code)
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
            self.diff_window = DiffWindow(self.session.store, self.window)
            self.diff_window.code_activated.connect(self.navigation.open_code)
            self.diff_window.compare()
        self.diff_window.show()
        self.diff_window.raise_()
        return self.diff_window

    # Dialogs --------------------------------------------------------------------------------------------

    def show_about_data(self) -> None:
        AboutDataDialog(self.session.store, self.window).exec()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.window).exec()
