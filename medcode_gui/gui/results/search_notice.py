"""The line above the results that says how a word search was understood: the word used for a typo
("Showing results for dexamethasone"), or, when nothing matched, what to try instead."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QWidget


class SearchNotice(QLabel):
    """Hidden unless there is something to say; plain words, selectable, read by screen readers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines: dict[str, str] = {}  # "search": how the query was read; "why": the selected hit's reasons
        self.setObjectName("search-notice")
        self.setAccessibleName("How the search was understood")
        self.setWordWrap(True)
        self.setContentsMargins(6, 3, 6, 3)
        self.hide()

    def show_corrected(self, typed: str, corrected: str) -> None:
        self._set("search", f"Showing results for <b>{escape(corrected)}</b> (you typed {escape(typed)})")

    def show_no_match(self, typed: str, suggestions: list[str]) -> None:
        text = f"No code matches <b>{escape(typed)}</b>."
        if suggestions:
            text += " Did you mean: " + ", ".join(escape(word) for word in suggestions) + "?"
        self._set("search", text)
        self._set("why", "")

    def show_why(self, code: str, reasons: list[dict]) -> None:
        """Why the selected result matched: each typed word, the word it matched, through what."""
        parts = []
        for reason in reasons:
            detail = reason.get("note") or reason.get("lay_source") or ""
            parts.append(
                f"<b>{escape(str(reason['query']))}</b> \u2192 {escape(str(reason.get('matched') or '?'))} "
                f"<i>({escape(str(reason['via']))}{': ' + escape(detail) if detail else ''})</i>"
            )
        self._set("why", f"{escape(code)} matched: " + "; ".join(parts) if parts else "")

    def _set(self, line: str, html: str) -> None:
        if html:
            self._lines[line] = html
        else:
            self._lines.pop(line, None)
        shown = [self._lines[name] for name in ("search", "why") if name in self._lines]
        self.setText("<br>".join(shown))
        self.setVisible(bool(shown))

    def text_hint(self) -> str:
        """The notice in plain text (the detail pane repeats it), or what to try in general."""
        search = self._lines.get("search", "")
        if "Did you mean" in search:
            return search.split("</b>.", 1)[-1].strip().replace("<b>", "").replace("</b>", "")
        return "Try fewer words, another spelling, or a code."

    def clear_notice(self) -> None:
        self._lines.clear()
        self.clear()
        self.hide()

    def clear_why(self) -> None:
        self._set("why", "")
