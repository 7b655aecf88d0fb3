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


# The legend: every badge kind, in the order a coder meets them, with the words it stands for (badge, words).
# Its colour is badge_colour(badge): modifiers (any badge not in BADGE_COLOURS) share MODIFIER_COLOUR.
MODIFIER_BADGE = "mod"
LEGEND: list[tuple[str, str]] = [
    ("CPT I", "CPT Category I"),
    ("CPT II", "CPT Category II"),
    ("CPT III", "CPT Category III"),
    ("HCPCS II", "HCPCS Level II"),
    ("HCPCS II (CDT)", "CDT (dental)"),
    (MODIFIER_BADGE, "Modifiers"),
]


def legend_entries() -> list[tuple[str, str, QColor]]:
    """The legend as (badge, words, colour), the colours those of badge_colour."""
    return [(badge, words, badge_colour(badge)) for badge, words in LEGEND]
