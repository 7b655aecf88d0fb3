"""The status banner's colours (active, terminated, not in the releases shown...), kept in one place because
the detail pane, presentation mode and the printed card all draw the same banner."""

from __future__ import annotations

# Banner state -> (background, text, border). Both colours are always set, so the banner reads the same
# in light and dark themes; each pair has a contrast ratio of at least 4.5:1.
BANNER_STYLES = {
    "active": ("#dcfce7", "#14532d", "#15803d"),
    "added": ("#dbeafe", "#1e3a8a", "#1d4ed8"),
    "terminated": ("#991b1b", "#ffffff", "#7f1d1d"),
    "discontinued": ("#b45309", "#ffffff", "#92400e"),
    "missing": ("#e2e8f0", "#1e293b", "#64748b"),
    "removed": ("#44403c", "#ffffff", "#1c1917"),
    "elsewhere": ("#e0e7ff", "#1e1b4b", "#4338ca"),
}


def banner_colours(state: str) -> tuple[str, str, str]:
    """(background, text, border) of a status banner; an unknown state looks like a missing code."""
    return BANNER_STYLES.get(state, BANNER_STYLES["missing"])


def banner_style_sheet(state: str, border: int = 6, radius: int = 4, padding: str = "6px 10px") -> str:
    """The style sheet of a banner label: its colours with a coloured left edge of border pixels."""
    background, foreground, edge = banner_colours(state)
    return (
        f"background: {background}; color: {foreground}; border-left: {border}px solid {edge};"
        f" border-radius: {radius}px; padding: {padding};"
    )
