"""The user's own note on the code shown: a plain-text field that emits its text after a pause in typing.

It saves by emitting note_edited (the window writes the user database), never on every keystroke: a pause of
NOTE_PAUSE_MS, a change of code or closing the window (flush) sends the text typed so far, once. A write the
database refuses comes back through refused(): the text stays (in the field, or kept aside for when its code is
shown again), marked "not saved", and is sent again on the next pause or change of code.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QWidget

from ..common.plain_text import rich_text_of

NOTE_PAUSE_MS = 600  # a note is saved this long after the last keystroke
UNSAVED_STYLE = "QPlainTextEdit { border: 2px solid #c62828; }"


class NoteEdit(QPlainTextEdit):
    """The note field of one code at a time; load() puts in a code's note, flush() sends what was typed."""

    note_edited = Signal(str, str, str)  # code, kind, text: the user's note, after a pause in typing
    unsaved_changed = Signal(str)  # why the note shown is not saved, or "" once it is (or was never changed)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("My note")
        self.setPlaceholderText("A note of your own on this code")
        self.setTabChangesFocus(True)
        self.setFixedHeight(90)
        self._key: tuple[str, str] = ("", "code")  # the code and kind the text belongs to; no code yet
        self._saved: str | None = ""  # the text last sent (or loaded); None: the last send was refused
        self._unsaved: dict[tuple[str, str], tuple[str, str]] = {}  # refused notes: key -> (text, why)
        self._pause = QTimer(self, singleShot=True, interval=NOTE_PAUSE_MS)
        self._pause.timeout.connect(self.flush)
        self.textChanged.connect(self._pause.start)

    def load(self, code: str, kind: str, text: str) -> None:
        """Show a code's note (or its refused, unsaved one), after sending the previous code's if not sent yet."""
        self.flush()
        key = (code, kind)
        unsaved = self._unsaved.get(key)
        self.blockSignals(True)  # loading is no edit: no textChanged, so no pause and no save
        self.setPlainText(unsaved[0] if unsaved else text)
        self.blockSignals(False)
        self._key = key
        self._saved = None if unsaved else self.toPlainText()
        self._show_state(unsaved[1] if unsaved else "")

    def flush(self) -> None:
        """Emit the note being typed now (on a pause, a code change, or closing), once."""
        if self._pause.isActive() or self._dirty():
            self._pause.stop()
            code, kind = self._key
            self._saved = self.toPlainText()
            self._unsaved.pop(self._key, None)  # refused() puts it back if this write fails too
            self._show_state("")
            self.note_edited.emit(code, kind, self._saved)

    def refused(self, code: str, kind: str, text: str, why: str) -> None:
        """The database did not take this note: keep it, marked not saved, to be sent again."""
        key = (code, kind)
        self._unsaved[key] = (text, why)
        if key == self._key and self.toPlainText() == text:
            self._saved = None  # dirty: the next pause, change of code or close sends it again
            self._show_state(why)

    def unsaved_codes(self) -> list[str]:
        """The codes whose note the database refused (and still holds no newer text for)."""
        return [code for code, _ in self._unsaved]

    def may_close(self) -> bool:
        """Whether the window may close: yes when every note is saved, else as the user answers."""
        codes = self.unsaved_codes()
        if not codes:
            return True
        why = next(iter(self._unsaved.values()))[1]
        question = f"Your note on {', '.join(codes)} could not be saved: {why} Close and lose it?"
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = QMessageBox.question(
            self, "Note not saved", rich_text_of(question), buttons, QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def is_unsaved(self) -> bool:
        """Whether the note shown holds text the database has not taken."""
        return self._saved is None or self._dirty()

    def _show_state(self, why: str) -> None:
        self.setStyleSheet(UNSAVED_STYLE if why else "")
        self.setToolTip(rich_text_of(f"Not saved: {why}") if why else "")
        self.setAccessibleDescription(f"Not saved: {why}" if why else "")
        self.unsaved_changed.emit(why)

    def _dirty(self) -> bool:
        return bool(self._key[0]) and self.toPlainText() != self._saved
