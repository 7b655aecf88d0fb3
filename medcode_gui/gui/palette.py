"""One colour per kind of code, the same in every view (results, tree, detail)."""

from __future__ import annotations

from PySide6.QtGui import QColor

BADGE_COLOURS = {
    "CPT I": "#1d4ed8",
    "CPT II": "#0f766e",
    "CPT III": "#7e22ce",
    "HCPCS II": "#c2410c",
    "HCPCS II (CDT)": "#a16207",
}
MODIFIER_COLOUR = "#475569"


def badge_colour(badge: str) -> QColor:
    return QColor(BADGE_COLOURS.get(badge, MODIFIER_COLOUR))
