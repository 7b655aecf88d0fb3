"""Light and dark: ask the platform for the colour scheme, and paint our own palette where it cannot switch."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

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
    QPalette.ColorRole.PlaceholderText: "#9aa0a6",
}


def apply_theme(theme: str) -> str:
    """Apply "system", "light" or "dark"; returns the scheme now in effect ("light" or "dark")."""
    hints = QGuiApplication.styleHints()
    hints.setColorScheme(SCHEMES.get(theme, Qt.ColorScheme.Unknown))
    app = QApplication.instance()
    if theme == "system" or hints.colorScheme() == SCHEMES[theme]:
        app.setPalette(app.style().standardPalette())  # the platform follows the request (or the desktop)
    else:  # the platform cannot switch (offscreen, some X11 desktops): paint the palette ourselves
        app.setPalette(dark_palette() if theme == "dark" else app.style().standardPalette())
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
