"""Presentation mode's card: one code in large type (code, badge, kind, descriptors, status banner, place in
the outline, release). The window shows one card, or two or three side by side; the chrome around them (counter,
legend, key hints) is the window's. Only displays what views.lookup_view gives; texts go into plain-text labels.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...codes.badges import badge
from ...codes.explain import explain
from ..common.banner import banner_style_sheet
from ..common.view_fields import kind_text
from .presentation_legend import LegendStrip

CRUMB_SEPARATOR = " › "

# Font roles of the card: point size at scale 1.0, bold.
CARD_FONT_ROLES: dict[str, tuple[float, bool]] = {
    "code": (96.0, True),
    "badge": (28.0, True),
    "kind": (24.0, False),
    "short": (36.0, True),
    "long": (28.0, False),
    "banner": (26.0, True),
    "path": (22.0, False),
    "release": (18.0, False),
}


def plain_label(name: str, *, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setAccessibleName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class PresentationCard(QWidget):
    """One code's card; the legend gives the badge colours (and is framed on the shown code's kind by the window)."""

    def __init__(self, legend: LegendStrip, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.legend = legend
        self.setAccessibleName("Card")
        self.code, self.kind, self.badge_text = "", "code", "?"
        self.view: dict[str, Any] = {}
        self.code_label = plain_label("Code", wrap=False)
        self.badge_label = plain_label("Badge", wrap=False)
        self.badge_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.kind_label = plain_label("Kind")
        self.short_label = plain_label("Short description")
        self.long_label = plain_label("Long description")
        self.banner_label = plain_label("Status")
        self.path_label = plain_label("Place in the outline")
        self.release_label = plain_label("Release")
        self._layout()
        self.font_roles: dict[QLabel, str] = {
            self.code_label: "code",
            self.badge_label: "badge",
            self.kind_label: "kind",
            self.short_label: "short",
            self.long_label: "long",
            self.banner_label: "banner",
            self.path_label: "path",
            self.release_label: "release",
        }

    def _layout(self) -> None:
        self.top = top = QHBoxLayout()
        top.addWidget(self.code_label)
        top.addSpacing(24)
        badge_column = QVBoxLayout()
        badge_column.addStretch(1)
        badge_column.addWidget(self.badge_label)
        badge_column.addWidget(self.kind_label)
        badge_column.addStretch(1)
        top.addLayout(badge_column)
        top.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(18)
        column.addLayout(top)
        for widget in (self.short_label, self.long_label, self.banner_label, self.path_label, self.release_label):
            column.addWidget(widget)
        column.addStretch(1)

    def set_stacked(self, stacked: bool) -> None:
        """The badge under the code instead of beside it: a column of a side-by-side row is too narrow for both."""
        self.top.setDirection(QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight)

    def set_font_scale(self, scale: float, base: QFont) -> None:
        for label, role in self.font_roles.items():
            points, bold = CARD_FONT_ROLES[role]
            font = QFont(base)
            font.setPointSizeF(points * scale)
            font.setBold(bold)
            label.setFont(font)

    def show_view(self, view: dict[str, Any], code: str) -> None:
        """Fill the card from a lookup_view (a code not in the database says what its shape tells)."""
        self.view, self.code = view, str(view.get("code", code))
        if view.get("found", True):
            self.kind = str(view.get("kind") or "code")
            self._fill(view)
        else:
            self.kind = "code"
            self._fill_missing(self.code)

    def _fill(self, view: dict[str, Any]) -> None:
        self.code_label.setText(self.code)
        self._set_badge(badge(self.code, self.kind))
        self.kind_label.setText(kind_text(view))
        short, long = view.get("short_description") or "", view.get("long_description") or ""
        self.short_label.setText(str(short))
        self.short_label.setVisible(bool(short))
        self.long_label.setText(str(long))
        self.long_label.setVisible(bool(long) and long != short)
        banner = view.get("banner") or {"state": "active", "text": "Active"}
        self._set_banner(str(banner.get("state") or "active"), str(banner.get("text") or "Active"))
        path = view.get("path") or []
        self.path_label.setText(CRUMB_SEPARATOR.join(str(step.get("title") or step.get("id")) for step in path))
        self.path_label.setVisible(bool(path))
        release = f"Release {view.get('release')}"
        if view.get("release_effective_date"):
            release += f", effective {view['release_effective_date']}"
        if (view.get("source") or {}).get("file"):
            release += f" · {view['source']['file']}"
        if view.get("starter"):
            release += " · plain-language starter description"
        self.release_label.setText(release)
        self.release_label.setVisible(True)

    def _fill_missing(self, code: str) -> None:
        result = explain(code)
        self.code_label.setText(code)
        self._set_badge(badge(code, str(result.get("kind"))) if result.get("valid") else "?")
        self.kind_label.setText("")
        self.short_label.hide()
        self.long_label.setText(str(result.get("explanation") or ""))
        self.long_label.setVisible(bool(result.get("explanation")))
        valid = bool(result.get("valid"))
        self._set_banner("missing", "Not in the releases shown" if valid else "Not a CPT or HCPCS code")
        titles = [str(t) for t in result.get("path") or []]
        self.path_label.setText(CRUMB_SEPARATOR.join(titles))
        self.path_label.setVisible(bool(titles))
        self.release_label.hide()

    def _set_badge(self, badge_text: str) -> None:
        self.badge_text = badge_text
        entry = self.legend.entry(badge_text)
        self.badge_label.setVisible(entry is not None)
        self.badge_label.setText(badge_text)
        if entry is not None:
            colour = entry.property("colour")
            self.badge_label.setStyleSheet(
                f"background: {colour}; color: #ffffff; border-radius: 6px; padding: 4px 16px;"
            )

    def _set_banner(self, state: str, text: str) -> None:
        self.banner_label.setText(text)
        self.banner_label.setStyleSheet(banner_style_sheet(state, border=12, radius=6, padding="10px 18px"))
