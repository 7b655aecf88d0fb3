"""The colour legend of code kinds (CPT categories, HCPCS levels, modifiers), as a small strip of badges: the
same colours as the results, the tree, the detail pane and presentation mode (palette.legend_entries)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QWidget

from .palette import legend_entries


def legend_html() -> str:
    badges = (
        f"<span style='background:{colour.name()}; color:#ffffff'>&nbsp;{escape(badge)}&nbsp;</span>"
        for badge, _words, colour in legend_entries()
    )
    return "&nbsp;".join(badges)


class LegendLabel(QLabel):
    """The legend for the status bar; each badge's words are in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(legend_html(), parent)
        self.setAccessibleName("Colour legend")
        self.setToolTip("<br>".join(f"<b>{escape(badge)}</b>: {escape(words)}" for badge, words, _ in legend_entries()))
