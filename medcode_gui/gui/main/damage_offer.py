"""A damaged reference database met while the window runs: whichever part read the damaged page (the search,
the tree, the detail pane, navigation, another window), the store tells this part (ReferenceStore.on_damage),
which offers ONE fresh database: the damaged file moved aside (never deleted), a new one made with the
starter data, and the window switched to it. Declined, or with no one to ask (the smoke test), the window
says what is wrong instead of showing empty lists."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from ...codes.errors import DatabaseDamaged, MedcodeError
from ...store.connection import move_aside

if TYPE_CHECKING:
    from .main_window import MainWindow

Ask = Callable[[str], bool]  # the question (a sentence) -> True to start a fresh database
ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
TOLD = "_told_to_damage_offer"  # set on a DatabaseDamaged the offer was told of (see quiet_told_damage)


class DamageOffer(QObject):
    """Watches the window's reference store (again after every switch); asks at most once per database."""

    def __init__(self, window: MainWindow, ask: Ask | None) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.ask = ask
        self.damage: DatabaseDamaged | None = None  # the first damage met in the database shown, if any
        self._asked = False
        self.watch()
        window.imports.store_changed.connect(self.watch)

    def watch(self) -> None:
        """Be told of damage in the store the window shows now (after opening another, a fresh one)."""
        if self.session.store.on_damage != self.report:
            self.session.store.on_damage = self.report
            self.damage, self._asked = None, False

    def report(self, error: DatabaseDamaged) -> None:
        """Called by the store as the damage is met, inside the call of whichever part met it: the question
        waits until that call is over (it may be a paint or a model reset, no place for a dialog)."""
        setattr(error, TOLD, True)  # handled here: escaping a Qt slot, it needs no traceback (quiet_told_damage)
        first = self.damage is None
        self.damage = self.damage or error
        if first and self.ask is not None:
            QTimer.singleShot(0, self._offer)
        elif self._asked or self.ask is None:
            QTimer.singleShot(0, self._say_damaged)

    def _offer(self) -> None:
        if self._asked or self.damage is None:
            return
        self._asked = True
        error = self.damage
        if self.ask(
            f"The database {error.path} is damaged ({error.detail}). Start a fresh database there, with the "
            "starter data? The damaged file is kept, renamed, beside it."
        ):
            self._start_fresh()
        else:
            self._say_damaged()

    def _start_fresh(self) -> None:
        path = self.session.store.path
        self.session.store.close()  # Windows cannot rename a file that is open
        try:
            aside = move_aside(path)
        except MedcodeError as error:
            self._say(str(error))
            return
        if self.window.imports.open_database(path):  # a new file: the starter data, then every view follows
            self.session.status.showMessage(
                f"The damaged database was kept as {aside.name}; this is a fresh one: import your releases again."
            )

    def _say_damaged(self) -> None:
        error = self.damage
        if error is not None:
            self._say(
                f"The database {error.path} is damaged ({error.detail}), so some codes cannot be shown: restart "
                "MedCode Browser to be offered a fresh database, or open another one (File, Open database)."
            )

    def _say(self, sentence: str) -> None:
        """The sentence where the user looks: the detail pane, and the status bar until something else is said."""
        self.window.results.set_hits([])
        self.window.detail.show_no_match("Damaged database", sentence)
        self.session.status.showMessage(sentence)


def quiet_told_damage(previous: ExceptHook) -> ExceptHook:
    """A sys.excepthook for the window, passing everything to previous but a DatabaseDamaged a DamageOffer was
    told of: one line on stderr for it, no traceback.

    Damage met by the tree's paging, navigation or a compare window raises out of a Qt slot or model override,
    where nothing can catch it; Qt prints what escapes through sys.excepthook. The offer has already asked
    (or said so in the window), so a traceback would only say the same, louder; other errors keep theirs.
    """

    def hook(kind: type[BaseException], error: BaseException, traceback: TracebackType | None) -> None:
        if isinstance(error, DatabaseDamaged) and getattr(error, TOLD, False):
            # PySide may have begun a line ("Error calling Python override of ...: "): this ends it.
            print(f"medcode-gui: {error.path} is damaged ({error.detail}); the window says so.", file=sys.stderr)
            return
        previous(kind, error, traceback)

    return hook
