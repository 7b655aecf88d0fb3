"""The user's own note on the code shown: a plain-text field that emits its text after a pause in typing.

It saves by emitting note_edited (the window writes the user database), never on every keystroke: a pause of
NOTE_PAUSE_MS, a change of code or closing the window (flush) sends the text typed so far, once.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QPlainTextEdit, QWidget

NOTE_PAUSE_MS = 600  # a note is saved this long after the last keystroke


class NoteEdit(QPlainTextEdit):
    """The note field of one code at a time; load() puts in a code's note, flush() sends what was typed."""

    note_edited = Signal(str, str, str)  # code, kind, text: the user's note, after a pause in typing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("My note")
        self.setPlaceholderText("A note of your own on this code")
        self.setTabChangesFocus(True)
        self.setFixedHeight(90)
        self._key: tuple[str, str] = ("", "code")  # the code and kind the text belongs to; no code yet
        self._saved = ""  # the text last sent (or loaded): sending it again would change nothing
        self._pause = QTimer(self, singleShot=True, interval=NOTE_PAUSE_MS)
        self._pause.timeout.connect(self.flush)
        self.textChanged.connect(self._pause.start)

    def load(self, code: str, kind: str, text: str) -> None:
        """Show a code's note, after sending the previous code's if a pause had not sent it yet."""
        self.flush()
        self.blockSignals(True)  # loading is no edit: no textChanged, so no pause and no save
        self.setPlainText(text)
        self.blockSignals(False)
        self._saved = self.toPlainText()
        self._key = (code, kind)

    def flush(self) -> None:
        """Emit the note being typed now (on a pause, a code change, or closing), once."""
        if self._pause.isActive() or self._dirty():
            self._pause.stop()
            code, kind = self._key
            self._saved = self.toPlainText()
            self.note_edited.emit(code, kind, self._saved)

    def _dirty(self) -> bool:
        return bool(self._key[0]) and self.toPlainText() != self._saved
