"""The locality and state the payment figures are for, chosen in the toolbar, and the detail pane's payment
section filled for the code shown (after the pane shows it, so the pane's fill never waits for the payment
files).

A locality is chosen by its name, by a county in it (the completer lists both, from the imported GPCI and
25LOCCO files), by its MAC and number ("01112-05") or by a ZIP code ("94103": the ZIP file decides); the state
(DMEPOS amounts) is the locality's unless another is chosen. The choice is kept in the window's settings and
shown again at the next launch (Session.payment_choice; this part is its one writer).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit

from ...codes.errors import MedcodeError
from ...codes.records import GPCI, LOCALITY_COUNTIES, ZIP_LOCALITY
from ..common.payment_data import PaymentChoice, payment_of
from ..detail.detail_pane import DetailPane
from .session import Session

LOCALITY_KEY, ZIP_KEY, STATE_KEY = "payment/locality", "payment/zip", "payment/state"
ZIP = re.compile(r"\d{5}")
LOCALITY = re.compile(r"\d{5}-\d{2}")
ENTRY_KEY = re.compile(r"\((\d{5}-\d{2})\)$")  # a completer entry ends with its locality's key
STATE_OF_LOCALITY = "Locality's state"  # the state box's first entry: DMEPOS amounts in the locality's state
PLACEHOLDER = "ZIP, county or locality"


def _field(fields: dict[str, str], *words: str) -> str:
    """A row's value under the first heading holding one of the words (the files' own headings vary)."""
    for heading, value in fields.items():
        if any(word in heading.lower() for word in words):
            return str(value or "").strip()
    return ""


def locality_entries(store: Any) -> tuple[list[str], dict[str, str]]:
    """The completer's texts (each locality by name, then by each of its counties) and each locality's state,
    from the newest GPCI and 25LOCCO releases (none imported: nothing to choose from)."""
    entries: list[str] = []
    states: dict[str, str] = {}
    names: dict[str, str] = {}
    if gpci := store.schedules.newest_release(GPCI):
        for row in store.schedules.rows_of(gpci):
            names[row.key] = _field(row.fields, "locality name", "fee schedule area").rstrip("*")
            states[row.key] = _field(row.fields, "state")
            entries.append(f"{names[row.key]}, {states[row.key]} ({row.key})")
    if counties := store.schedules.newest_release(LOCALITY_COUNTIES):
        for row in store.schedules.rows_of(counties):
            place = names.get(row.key) or _field(row.fields, "fee schedule area", "locality name")
            for county in re.split(r"[/,]", _field(row.fields, "count")):
                if county.strip() and "ALL COUNTIES" not in county.upper():
                    entries.append(f"{county.strip()} county: {place}, {states.get(row.key, '')} ({row.key})")
    return entries, states


def resolve(text: str, entries: list[str]) -> PaymentChoice | None:
    """What the locality box's text names: a ZIP code, a MAC-NN, or the first entry holding the text (any
    case); "" chooses none (national amounts); None: nothing matches."""
    text = text.strip()
    if not text:
        return PaymentChoice()
    if ZIP.fullmatch(text):
        return PaymentChoice(zip_code=text)
    if LOCALITY.fullmatch(text):
        return PaymentChoice(locality=text)
    if tail := ENTRY_KEY.search(text):
        return PaymentChoice(locality=tail.group(1))
    wanted = text.lower()
    match = next((e for e in entries if wanted in e.lower()), None)
    return PaymentChoice(locality=ENTRY_KEY.search(match).group(1)) if match else None


class LocalityPicker(QObject):
    """The toolbar's locality box (with its completer) and state box; fills the detail pane's payment section."""

    choice_changed = Signal()

    def __init__(
        self, session: Session, parent: QObject, *, box: QLineEdit, state_box: QComboBox, detail: DetailPane
    ) -> None:
        super().__init__(parent)
        self.session, self.box, self.state_box, self.detail = session, box, state_box, detail
        self.entries: list[str] = []
        self.states: dict[str, str] = {}
        self._built_from: tuple[Any, Any] | None = None  # the GPCI and 25LOCCO releases the entries are from
        self.completer = QCompleter(QStringListModel(self), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        box.setCompleter(self.completer)
        box.setPlaceholderText(PLACEHOLDER)
        box.returnPressed.connect(self.choose_typed)
        self.completer.activated.connect(self.choose_typed)
        state_box.currentIndexChanged.connect(self._state_chosen)
        detail.payment_section.locality_requested.connect(self.focus)

    def handlers(self) -> dict[str, Callable[[], object]]:
        """The window's actions (common/shortcuts.py) this part carries out."""
        return {"choose_locality": self.focus}

    def focus(self) -> None:
        self.refresh_entries()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    # The choice ---------------------------------------------------------------------------------------------

    def restore(self) -> None:
        """The choice of the last session, shown in the boxes."""
        settings = self.session.settings
        choice = PaymentChoice(
            locality=str(settings.value(LOCALITY_KEY, "") or ""),
            zip_code=str(settings.value(ZIP_KEY, "") or ""),
            state=str(settings.value(STATE_KEY, "") or ""),
        )
        self.refresh_entries()
        self._set_choice(choice, save=False)

    def choose_typed(self, *_: object) -> bool:
        """The box's text as the choice; a text naming nothing says so in the status bar and changes nothing."""
        self.refresh_entries()
        text = self.box.text()
        choice = resolve(text, self.entries)
        if choice is None:
            self.session.status.showMessage(f"No locality, county or ZIP code matches {text.strip()!r}.", 10_000)
            return False
        self._set_choice(replace(choice, state=self.session.payment_choice.state))
        return True

    def _state_chosen(self, index: int) -> None:
        state = "" if index <= 0 else self.state_box.itemText(index)
        if state != self.session.payment_choice.state:
            self._set_choice(replace(self.session.payment_choice, state=state))

    def _set_choice(self, choice: PaymentChoice, save: bool = True) -> None:
        self.session.payment_choice = choice
        self.box.setText(self._choice_text(choice))
        self._fill_states(choice.state)
        if save:
            for key, value in ((LOCALITY_KEY, choice.locality), (ZIP_KEY, choice.zip_code), (STATE_KEY, choice.state)):
                self.session.settings.setValue(key, value)
        self.show_payment()
        self.choice_changed.emit()

    def _choice_text(self, choice: PaymentChoice) -> str:
        if choice.zip_code:
            return choice.zip_code
        found = next((e for e in self.entries if e.endswith(f"({choice.locality})")), None)
        return found or choice.locality

    def _fill_states(self, state: str) -> None:
        states = sorted({s for s in self.states.values() if s} | ({state} if state else set()))
        self.state_box.blockSignals(True)
        self.state_box.clear()
        self.state_box.addItems([STATE_OF_LOCALITY, *states])
        self.state_box.setCurrentIndex(states.index(state) + 1 if state else 0)
        self.state_box.blockSignals(False)

    def refresh_entries(self) -> None:
        """The completer's texts, read again when another GPCI or 25LOCCO release was imported."""
        schedules = self.session.store.schedules
        try:
            built_from = (schedules.newest_release(GPCI), schedules.newest_release(LOCALITY_COUNTIES))
            if built_from != self._built_from:
                self.entries, self.states = locality_entries(self.session.store)
                self._built_from = built_from
                self.completer.model().setStringList(self.entries)
        except MedcodeError:  # a damaged database: the store told the window's damage offer; the entries stay
            pass

    def fee_choice(self) -> PaymentChoice:
        """The choice the views get: the DMEPOS state is the locality's (or the ZIP code's) when none is chosen."""
        choice = self.session.payment_choice
        if choice.state:
            return choice
        if choice.zip_code:
            found = self.session.store.schedules.row(ZIP_LOCALITY, choice.zip_code)
            return replace(choice, state=_field(found[1].fields, "state") if found else "")
        return replace(choice, state=self.states.get(choice.locality, ""))

    # The payment section ----------------------------------------------------------------------------------

    def code_shown(self, code: str) -> None:
        """The pane shows a code: its payment section is read once the pane is painted (a queued call)."""
        QTimer.singleShot(0, self, lambda: self.show_payment(code))  # dropped if the window is gone by then

    def show_payment(self, code: str | None = None) -> None:
        """Fill the pane's payment section for the code it shows (a code no longer shown is skipped)."""
        shown = self.detail.current_code
        if shown is None or (code is not None and code != shown):
            return
        self.refresh_entries()
        try:
            payment = payment_of(self.session.store, shown, self.fee_choice())
        except MedcodeError as error:  # damage (the store told the window's damage offer) or a vanished file
            self.session.status.showMessage(str(error))
            return
        if (view := self.detail.current_view) is not None:
            view["payment"] = payment  # the printed card shows what the pane shows
        self.detail.payment_section.fill(payment)
