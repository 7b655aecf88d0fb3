"""The detail pane's cross-references row: the codes this code's record points to and the codes pointing to it.

Each code is a `code:` link (section_html.codes_html); the pane connects both labels' linkActivated to its
own link handler, as for its other rich-text sections.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .labels import make_label
from .section_html import codes_html


class CrossReferences(QWidget):
    """ "Cross-references" above "Referenced by"; each line shows only when it has codes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.xrefs_label = make_label("Cross-references", rich=True)
        self.referenced_by_label = make_label("Referenced by", rich=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.xrefs_label)
        layout.addWidget(self.referenced_by_label)

    def fill(self, view: dict[str, Any]) -> bool:
        """Show a view's cross_references and referenced_by; whether there is any code to show."""
        xrefs = [str(c) for c in view.get("cross_references") or []]
        referenced = [str(c) for c in view.get("referenced_by") or []]
        self._set_codes(self.xrefs_label, "Cross-references", xrefs)
        self._set_codes(self.referenced_by_label, "Referenced by", referenced)
        return bool(xrefs or referenced)

    @staticmethod
    def _set_codes(label: QLabel, title: str, codes: list[str]) -> None:
        label.setVisible(bool(codes))
        label.setText(codes_html(title, codes))
