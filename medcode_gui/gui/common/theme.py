"""Light and dark: ask the platform for the colour scheme, and paint our own palette where it cannot switch.

Links take the palette's link colour in both themes and after a live switch: Qt colours a link once, from the
application's palette at the moment the text is set, so a label filled before a switch would keep the old
theme's links (dark blue on dark grey, or pale blue on white). `LinkLabel` writes the colour of its own
palette into its links and writes it again on every palette change.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

SCHEMES = {"system": Qt.ColorScheme.Unknown, "light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
# Contrast of text on its background is at least 7:1 in both palettes (WCAG AAA for body text).
DARK = {
    QPalette.ColorRole.Window: "#1f2329",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#16191d",
    QPalette.ColorRole.AlternateBase: "#23272e",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#2a2f36",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.Highlight: "#3b82f6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#2a2f36",
    QPalette.ColorRole.ToolTipText: "#e8eaed",
    QPalette.ColorRole.Link: "#93c5fd",
    QPalette.ColorRole.LinkVisited: "#c4b5fd",
    QPalette.ColorRole.PlaceholderText: "#9aa0a6",
}
# The links of a palette whose own are too faint on its background (a platform's dark palette may keep the
# light one's dark blue): (link, visited link) for a dark and for a light background.
READABLE_LINKS = {True: ("#93c5fd", "#c4b5fd"), False: ("#1d4ed8", "#6d28d9")}
MIN_LINK_CONTRAST = 4.5  # WCAG AA for body text
PALETTE_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


def apply_theme(theme: str) -> str:
    """Apply "system", "light" or "dark"; returns the scheme now in effect ("light" or "dark")."""
    hints = QGuiApplication.styleHints()
    hints.setColorScheme(SCHEMES.get(theme, Qt.ColorScheme.Unknown))
    app = QApplication.instance()
    if theme == "system" or hints.colorScheme() == SCHEMES[theme]:
        palette = app.style().standardPalette()  # the platform follows the request (or the desktop)
    else:  # the platform cannot switch (offscreen, some X11 desktops): paint the palette ourselves
        palette = dark_palette() if theme == "dark" else app.style().standardPalette()
    app.setPalette(readable_links(palette))
    return "dark" if is_dark(app.palette()) else "light"


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#7f868e"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#7f868e"))
    return palette


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def contrast(one: QColor, other: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: QColor) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def readable_links(palette: QPalette) -> QPalette:
    """The palette with links readable on its background: its own link colours where they are, ours if not."""
    background = palette.color(QPalette.ColorRole.Base)
    link, visited = READABLE_LINKS[background.lightness() < 128]
    for role, ours in ((QPalette.ColorRole.Link, link), (QPalette.ColorRole.LinkVisited, visited)):
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            if contrast(palette.color(group, role), background) < MIN_LINK_CONTRAST:
                palette.setColor(group, role, QColor(ours))
    return palette


def tint_links(html: str, colour: QColor) -> str:
    """Our own rich text (escaped data, links written as `<a href=...>`) with every link in this colour."""
    return _LINK_START.sub(f'<a style="color: {colour.name()}" ', html)


_LINK_START = re.compile(r"<a\s+(?=href=)", re.IGNORECASE)


class LinkLabel(QLabel):
    """A rich-text label whose links have the colour of its palette's Link role, in either theme and after a
    live switch (text() is the text with that colour written into its links)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._html = ""

    def setText(self, text: str) -> None:
        self._html = text
        self._tint()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS and self._html:
            self._tint()

    def _tint(self) -> None:
        super().setText(tint_links(self._html, self.palette().color(QPalette.ColorRole.Link)))
