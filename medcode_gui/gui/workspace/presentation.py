"""Presentation mode, for trainers: one code at a time, full screen, in large type, with a legend of the badges.

The window steps through a sequence (presentation_sequence): an explicit list of codes (ListSequence: "3 of 12")
or the codes of the outline leaf the shown code sits on (RangeSequence: previous and next by store.adjacent_code);
the legend strip along the bottom is a LegendStrip (presentation_legend). Right, Page Down
and Space step forward; Left, Page Up and Backspace back; Home and End go to the first and last of a list;
Ctrl+Plus / Ctrl+Minus / Ctrl+0 scale the type; Esc or F11 closes (closed(last code)). Only displays what
views.lookup_view gives; texts go into plain-text labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...codes.badges import badge
from ...codes.explain import explain
from ...views.code_view import lookup_view
from ..common.banner import banner_style_sheet
from ..common.view_fields import kind_text
from .presentation_legend import LegendStrip
from .presentation_sequence import ListSequence, RangeSequence

CRUMB_SEPARATOR = " › "
BACKGROUND, INK, MUTED = "#ffffff", "#111827", "#4b5563"
MIN_SCALE, MAX_SCALE, SCALE_STEP = 0.4, 3.0, 1.15
HINT = "→ / Space next · ← previous · Home / End first / last · Ctrl +/− type size · Esc close"

# Font roles: point size at scale 1.0, bold.
FONT_ROLES: dict[str, tuple[float, bool]] = {
    "code": (96.0, True),
    "badge": (28.0, True),
    "kind": (24.0, False),
    "short": (36.0, True),
    "long": (28.0, False),
    "banner": (26.0, True),
    "path": (22.0, False),
    "release": (18.0, False),
    "position": (18.0, False),
    "legend": (16.0, True),
    "hint": (12.0, False),
}


def _label(name: str, *, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setAccessibleName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class PresentationWindow(QWidget):
    """One code card at a time in large type, stepped through a list or a range; a legend strip at the bottom."""

    shown = Signal(str)  # a card was shown: its code
    closed = Signal(str)  # the window closed: the last code shown

    def __init__(
        self,
        store: Any,
        sequence: ListSequence | RangeSequence | Sequence[str],
        start: str | None = None,
        release_label: str | None = None,
        scale: float = 1.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store = store
        self.release_label = release_label
        self.sequence = sequence if isinstance(sequence, ListSequence | RangeSequence) else ListSequence(sequence)
        self._scale = 1.0
        self._view: dict[str, Any] = {}
        self._code = ""
        self._kind = "code"
        self._closed_sent = False
        self.setWindowTitle("MedCode Browser — presentation")
        self.setAccessibleName("Presentation")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("presentation")
        self.setStyleSheet(f"QWidget#presentation {{ background: {BACKGROUND}; }} QLabel {{ color: {INK}; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # the style sheet paints the background
        self._build()
        self.set_font_scale(scale)
        self.show_code(self.sequence.start(start))

    # Building ------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.position_label = _label("Position", wrap=False)
        self.position_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.code_label = _label("Code", wrap=False)
        self.badge_label = _label("Badge", wrap=False)
        self.badge_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.kind_label = _label("Kind")
        self.short_label = _label("Short description")
        self.long_label = _label("Long description")
        self.banner_label = _label("Status")
        self.path_label = _label("Place in the outline")
        self.release_label_widget = _label("Release")
        self.hint_label = _label("Keys")
        self.hint_label.setText(HINT)

        top = QHBoxLayout()
        top.addWidget(self.code_label)
        top.addSpacing(24)
        badge_column = QVBoxLayout()
        badge_column.addStretch(1)
        badge_column.addWidget(self.badge_label)
        badge_column.addWidget(self.kind_label)
        badge_column.addStretch(1)
        top.addLayout(badge_column)
        top.addStretch(1)
        top.addWidget(self.position_label, 0, Qt.AlignmentFlag.AlignTop)

        self.legend = LegendStrip(frame_colour=INK)
        self.legend_labels = self.legend.labels

        column = QVBoxLayout(self)
        column.setContentsMargins(64, 40, 64, 24)
        column.setSpacing(18)
        column.addLayout(top)
        for widget in (
            self.short_label,
            self.long_label,
            self.banner_label,
            self.path_label,
            self.release_label_widget,
        ):
            column.addWidget(widget)
        column.addStretch(1)
        column.addWidget(self.legend)
        column.addWidget(self.hint_label)

        self._font_roles: dict[QLabel, str] = {
            self.code_label: "code",
            self.badge_label: "badge",
            self.kind_label: "kind",
            self.short_label: "short",
            self.long_label: "long",
            self.banner_label: "banner",
            self.path_label: "path",
            self.release_label_widget: "release",
            self.position_label: "position",
            self.hint_label: "hint",
            **{label: "legend" for label in self.legend_labels.values()},
        }

    # Public API ----------------------------------------------------------------------------------------------

    @property
    def current_code(self) -> str:
        return self._code

    @property
    def current_view(self) -> dict[str, Any]:
        return self._view

    @property
    def font_scale(self) -> float:
        return self._scale

    def present(self) -> None:
        """Full screen, with the keyboard."""
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.setFocus()

    def set_font_scale(self, factor: float) -> None:
        """Scale every font of the window; 1.0 is the default (code 96 pt, descriptor 36 pt), kept within 0.4 to 3."""
        self._scale = min(MAX_SCALE, max(MIN_SCALE, float(factor)))
        for label, role in self._font_roles.items():
            points, bold = FONT_ROLES[role]
            font = QFont(self.font())
            font.setPointSizeF(points * self._scale)
            font.setBold(bold)
            label.setFont(font)

    def point_size(self, role: str) -> float:
        """The point size a font role has now (tests, screenshots)."""
        label = next(label for label, name in self._font_roles.items() if name == role)
        return label.font().pointSizeF()

    def step(self, step: int) -> bool:
        """The next (1) or previous (-1) code of the sequence; False at either end."""
        code = self.sequence.step(self._code, step, self._kind)
        if code is None:
            return False
        self.show_code(code)
        return True

    def first(self) -> bool:
        code = self.sequence.first()
        if code is None:
            return False
        self.show_code(code)
        return True

    def last(self) -> bool:
        code = self.sequence.last()
        if code is None:
            return False
        self.show_code(code)
        return True

    def show_code(self, code: str) -> None:
        """Show one code's card (a code not in the database says so, with what its shape tells)."""
        view = lookup_view(self.store, code, self.release_label)
        self._view, self._code = view, str(view.get("code", code))
        if view.get("found", True):
            self._kind = str(view.get("kind") or "code")
            self._fill(view)
        else:
            self._kind = "code"
            self._fill_missing(self._code)
        self.position_label.setText(self.sequence.position(view))
        self.shown.emit(self._code)

    # Filling -------------------------------------------------------------------------------------------------

    def _fill(self, view: dict[str, Any]) -> None:
        code = self._code
        self.code_label.setText(code)
        badge_text = badge(code, self._kind)
        self._set_badge(badge_text)
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
        self.release_label_widget.setText(release)
        self.release_label_widget.setVisible(True)
        self.legend.highlight(badge_text)

    def _fill_missing(self, code: str) -> None:
        result = explain(code)
        self.code_label.setText(code)
        badge_text = badge(code, str(result.get("kind"))) if result.get("valid") else "?"
        self._set_badge(badge_text)
        self.kind_label.setText("")
        self.short_label.hide()
        self.long_label.setText(str(result.get("explanation") or ""))
        self.long_label.setVisible(bool(result.get("explanation")))
        valid = bool(result.get("valid"))
        self._set_banner("missing", "Not in the releases shown" if valid else "Not a CPT or HCPCS code")
        titles = [str(t) for t in result.get("path") or []]
        self.path_label.setText(CRUMB_SEPARATOR.join(titles))
        self.path_label.setVisible(bool(titles))
        self.release_label_widget.hide()
        self.legend.highlight(badge_text)

    def _set_badge(self, badge_text: str) -> None:
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

    # Keys ----------------------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, control = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if control and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_font_scale(self._scale * SCALE_STEP)
        elif control and key == Qt.Key.Key_Minus:
            self.set_font_scale(self._scale / SCALE_STEP)
        elif control and key == Qt.Key.Key_0:
            self.set_font_scale(1.0)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Down):
            self.step(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace, Qt.Key.Key_Up):
            self.step(-1)
        elif key == Qt.Key.Key_Home:
            self.first()
        elif key == Qt.Key.Key_End:
            self.last()
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.close()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click steps forward, a right click back (a presenter's clicker often sends these)."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.step(1)
        elif event.button() == Qt.MouseButton.RightButton:
            self.step(-1)
        else:
            super().mousePressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted() and not self._closed_sent:
            self._closed_sent = True
            self.closed.emit(self._code)
