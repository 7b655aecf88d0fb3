"""What the window's parts share: the databases, the settings, the release and the code shown, the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QStatusBar

from ...codes.errors import MedcodeError
from ...codes.records import StoredCode
from ...store import ReferenceStore
from ...store.user_store import UserStore
from ..common.payment_data import PaymentChoice


class Session:
    """The state every part of the main window reads; each value has one part that writes it.

    store: the reference database (replaced by ImportFlow.open_database); user_store: the user's own
    database, None when it could not be opened; release: the release label shown, None for the newest of each
    system (written by ReleasePicker); current: the code the detail pane shows (written by Navigation);
    payment_choice: the locality and state of the payment figures (written by LocalityPicker).
    """

    def __init__(
        self, store: ReferenceStore, user_store: UserStore | None, settings: QSettings, status: QStatusBar
    ) -> None:
        self.store = store
        self.user_store = user_store
        self.settings = settings
        self.status = status
        self.release: str | None = None
        self.current: StoredCode | None = None
        self.payment_choice = PaymentChoice()
        self._automatic_refusal_told = False  # a refused write of a recent code or search was shown once

    def remember(self, write: Callable[[], object], asked: bool = True) -> str | None:
        """A write to the user database: None when it was written, else why not (read-only, damaged, refused).

        The reason stays in the status bar until the next message replaces it (no timeout: a refusal that
        vanished after a few seconds could be missed, and the caller must not claim success over it). A write
        the user asked for (the star, a note, a list) says it every time; one the user did not ask for (asked
        False: the recent codes and searches, written at each code opened) says it once per session, so that a
        read-only user.sqlite does not cover every status message of the session with the same sentence.
        """
        if self.user_store is None:
            return "Your user database could not be opened."
        try:
            write()
        except MedcodeError as error:
            if asked or not self._automatic_refusal_told:
                self.status.showMessage(str(error))
            self._automatic_refusal_told |= not asked
            return str(error)
        return None


def open_user_store() -> UserStore | None:
    """The user's own database; if it cannot be opened the window still browses, without My codes."""
    try:
        return UserStore()
    except MedcodeError:
        return None
