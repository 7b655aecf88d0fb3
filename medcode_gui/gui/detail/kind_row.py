"""The detail pane's kind row: the code's badge in its kind's colour (palette), then its kind in words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from ...codes.badges import badge
from ..common.palette import badge_colour
from ..common.view_fields import kind_text
from .labels import make_label


class KindRow(QWidget):
    """ "HCPCS II" in its colour beside "HCPCS Level II code"; a code with no badge ("?") shows the words alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.badge_label = make_label("Badge", flags=Qt.TextInteractionFlag.NoTextInteraction)
        self.badge_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.badge_label.setWordWrap(False)
        self.kind_label = make_label("Kind")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.badge_label)
        layout.addWidget(self.kind_label, 1)

    def fill(self, view: dict[str, Any]) -> None:
        badge_text = badge(str(view.get("code", "")), str(view.get("kind") or "code"))
        colour = badge_colour(badge_text).name()
        self.badge_label.setText(badge_text)
        self.badge_label.setStyleSheet(f"background: {colour}; color: #ffffff; border-radius: 3px; padding: 1px 6px;")
        self.badge_label.setVisible(badge_text != "?")
        self.kind_label.setText(kind_text(view))
