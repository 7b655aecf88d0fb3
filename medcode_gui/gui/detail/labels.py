"""How the detail pane's labels are made: each has an accessible name, wraps, and is plain text (data shown
literally) unless it is rich text the pane escaped itself (section_html), whose links are then reachable by
keyboard and never opened by Qt (the pane handles every link)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

from ..common.theme import LinkLabel

STARTER_STYLE = "background: #fef3c7; color: #78350f; border: 1px solid #d97706; border-radius: 4px; padding: 6px 10px;"
WARNING_STYLE = "background: #fff7ed; color: #7c2d12; border: 1px solid #c2410c; border-radius: 4px; padding: 4px 10px;"
INVALID_STYLE = "background: #fee2e2; color: #7f1d1d; border: 1px solid #b91c1c; border-radius: 4px; padding: 6px 10px;"
LINK_FLAGS = Qt.TextInteractionFlag.TextBrowserInteraction
SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard


def make_label(name: str, *, rich: bool = False, flags: Qt.TextInteractionFlag | None = None) -> QLabel:
    """A label of the pane: rich text (links by keyboard, in the theme's link colour) if `rich`, else plain and
    selectable."""
    label = LinkLabel() if rich else QLabel()
    label.setAccessibleName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setOpenExternalLinks(False)
    label.setTextInteractionFlags(flags if flags is not None else (LINK_FLAGS if rich else SELECTABLE))
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


# Font roles: (point size, or None for the body size times the factor; body factor; bold).
FONT_ROLES = {
    "code": (28.0, 1.0, True),
    "short": (16.0, 1.0, False),
    "banner": (None, 1.1, True),
    "long": (None, 1.15, False),
    "heading": (None, 1.0, True),
    "body": (None, 1.0, False),
    "small": (None, 0.92, False),
    "badge": (None, 0.92, True),
    "placeholder": (None, 1.25, False),
}
