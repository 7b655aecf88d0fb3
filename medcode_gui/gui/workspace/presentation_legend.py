"""Presentation mode's legend strip: every kind of code as a coloured entry (palette.legend_entries, the colours
of the results and the tree), the entry of the code shown framed, so a class sees which kind it is looking at."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from ..common.palette import MODIFIER_BADGE, legend_entries


class LegendStrip(QWidget):
    """One label per badge (labels: badge -> label, each with its colour as the "colour" property)."""

    def __init__(self, frame_colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frame_colour = frame_colour
        self.setAccessibleName("Legend")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.labels: dict[str, QLabel] = {}
        for badge_text, words, colour in legend_entries():
            label = QLabel()
            label.setAccessibleName(f"Legend: {words}")
            label.setTextFormat(Qt.TextFormat.PlainText)  # the words are shown as they are
            label.setWordWrap(False)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            label.setText(words)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setToolTip(f"Badge {badge_text}" if badge_text != MODIFIER_BADGE else "Modifier badges")
            label.setProperty("colour", colour.name())
            label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            row.addWidget(label)
            self.labels[badge_text] = label

    def entry(self, badge_text: str) -> QLabel | None:
        """The legend entry of a badge: its own, the modifiers' for any modifier badge, else None ("?")."""
        if badge_text in self.labels:
            return self.labels[badge_text]
        return self.labels[MODIFIER_BADGE] if "mod" in badge_text else None

    def highlight(self, badge_text: str) -> None:
        """The legend entry of the code shown gets a dark frame; the others keep their colour, unframed."""
        current = self.entry(badge_text)
        for label in self.labels.values():
            frame = f"3px solid {self.frame_colour}" if label is current else "3px solid transparent"
            label.setStyleSheet(
                f"background: {label.property('colour')}; color: #ffffff; border: {frame};"
                " border-radius: 6px; padding: 6px 10px;"
            )
