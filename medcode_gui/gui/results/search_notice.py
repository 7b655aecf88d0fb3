"""The line above the results that says how a word search was understood: the word used for a typo
("Showing results for dexamethasone"), or, when nothing matched, what to try instead."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QWidget


class SearchNotice(QLabel):
    """Hidden unless there is something to say; plain words, selectable, read by screen readers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search-notice")
        self.setAccessibleName("How the search was understood")
        self.setWordWrap(True)
        self.setContentsMargins(6, 3, 6, 3)
        self.hide()

    def show_corrected(self, typed: str, corrected: str) -> None:
        self.setText(f"Showing results for <b>{escape(corrected)}</b> (you typed {escape(typed)})")
        self.show()

    def show_no_match(self, typed: str, suggestions: list[str]) -> None:
        text = f"No code matches <b>{escape(typed)}</b>."
        if suggestions:
            text += " Did you mean: " + ", ".join(escape(word) for word in suggestions) + "?"
        self.setText(text)
        self.show()

    def text_hint(self) -> str:
        """The notice in plain text (the detail pane repeats it), or what to try in general."""
        if self.isVisible() and "Did you mean" in self.text():
            return self.text().split("</b>.", 1)[-1].strip().replace("<b>", "").replace("</b>", "")
        return "Try fewer words, another spelling, or a code."

    def clear_notice(self) -> None:
        self.clear()
        self.hide()
