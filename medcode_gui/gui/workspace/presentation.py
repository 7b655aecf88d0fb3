"""Presentation mode, for trainers: one code at a time, full screen, in large type, with a legend of the badges.

The window steps through a sequence (presentation_sequence): an explicit list of codes (ListSequence: "3 of 12")
or the codes of the outline leaf the shown code sits on (RangeSequence: previous and next by store.adjacent_code).
The card (presentation_card) sits in a scroll area, so a long descriptor (G0503) or a large type scrolls while the
chrome stays in view: the counter and the typed code above, the legend strip (presentation_legend) and the key
hints below. Right, Page Down and Space step forward; Left, Page Up and Backspace back; Home and End go to the
first and last of a list; letters and digits typed collect into a code box and Enter goes to that code;
Ctrl+Plus / Ctrl+Minus / Ctrl+0 scale the type (scale_changed, kept by the caller); Ctrl+B shows the comparison
basket's two or three codes side by side, a column each; Esc or F11 closes (closed(last code)).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...views.code_view import lookup_view
from .presentation_card import CARD_FONT_ROLES, CRUMB_SEPARATOR, PresentationCard, plain_label
from .presentation_legend import LegendStrip
from .presentation_sequence import ListSequence, RangeSequence

__all__ = ["CRUMB_SEPARATOR", "FONT_ROLES", "ListSequence", "PresentationWindow", "RangeSequence"]

BACKGROUND, INK, MUTED = "#ffffff", "#111827", "#4b5563"
MIN_SCALE, MAX_SCALE, SCALE_STEP = 0.4, 3.0, 1.15
# The chrome grows with the type only this far, so the counter, legend and hints always fit a laptop's width.
CHROME_MIN, CHROME_MAX = 0.75, 1.25
# A legend entry's room beyond its text (padding 10 px and a frame of 3 px a side, with a little slack), and the
# space between entries (presentation_legend's style sheet and layout).
LEGEND_PADDING, LEGEND_SPACING = 40, 12
MAX_SIDE_BY_SIDE, MAX_TYPED = 3, 8
# Side by side, each column's type is this share of the single card's, so two or three codes fit across.
SIDE_BY_SIDE_SCALE = {2: 0.6, 3: 0.45}
HINT = (
    "→ / Space next · ← previous · Home / End first / last · type a code, Enter to go to it · "
    "Ctrl +/− type size · Esc close"
)
# The stepping keys: 1 next, -1 previous, 0 the first, 2 the last.
STEP_KEYS = {
    **dict.fromkeys((Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Down), 1),
    **dict.fromkeys((Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace, Qt.Key.Key_Up), -1),
    Qt.Key.Key_Home: 0,
    Qt.Key.Key_End: 2,
}
OWN_CONTROL_KEYS = (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus, Qt.Key.Key_0, Qt.Key.Key_B)
SIDE_BY_SIDE_HINT = "Ctrl+B: the {count} codes of the comparison side by side · "

# Font roles: point size at scale 1.0, bold (the card's, then the chrome's).
CHROME_FONT_ROLES: dict[str, tuple[float, bool]] = {
    "position": (18.0, False),
    "typed": (18.0, True),
    "legend": (16.0, True),
    "hint": (12.0, False),
}
FONT_ROLES: dict[str, tuple[float, bool]] = {**CARD_FONT_ROLES, **CHROME_FONT_ROLES}


class PresentationWindow(QWidget):
    """One code card at a time in large type (or two or three side by side); the chrome always in view."""

    shown = Signal(str)  # a card was shown: its code
    closed = Signal(str)  # the window closed: the last code shown
    scale_changed = Signal(float)  # the presenter changed the type size: the caller keeps it for next time

    def __init__(
        self,
        store: Any,
        sequence: ListSequence | RangeSequence | Sequence[str],
        start: str | None = None,
        release_label: str | None = None,
        scale: float = 1.0,
        parent: QWidget | None = None,
        side_by_side: Sequence[str] = (),
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store = store
        self.release_label = release_label
        self.sequence = sequence if isinstance(sequence, ListSequence | RangeSequence) else ListSequence(sequence)
        # The comparison basket's codes (the first three): Ctrl+B shows them side by side.
        self.compared = [str(code).strip().upper() for code in side_by_side][:MAX_SIDE_BY_SIDE]
        self.side_by_side = False
        self._code_before = ""
        self._scale = 1.0
        self._typed = ""
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
        self.legend = LegendStrip(frame_colour=INK)
        self.legend_labels = self.legend.labels
        self.cards = [PresentationCard(self.legend)]
        self.card = self.cards[0]
        # The single card's labels, by the names the tests and the screenshots use.
        card = self.card
        self.code_label, self.badge_label, self.kind_label = card.code_label, card.badge_label, card.kind_label
        self.short_label, self.long_label, self.banner_label = card.short_label, card.long_label, card.banner_label
        self.path_label, self.release_label_widget = card.path_label, card.release_label

        self.position_label = plain_label("Position", wrap=False)
        self.position_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.typed_label = plain_label("Typed code", wrap=False)  # shown while a code is being typed
        self.typed_label.hide()
        self.hint_label = plain_label("Keys")
        self.hint_label.setText(self._hint())
        header = QHBoxLayout()
        header.addWidget(self.typed_label)
        header.addStretch(1)
        header.addWidget(self.position_label)

        self.cards_row = QHBoxLayout()
        self.cards_row.setContentsMargins(0, 0, 0, 0)
        self.cards_row.setSpacing(48)
        self.cards_row.addWidget(self.card, 1)
        host = QWidget()
        host.setObjectName("cards")
        host.setStyleSheet(f"QWidget#cards {{ background: {BACKGROUND}; }}")
        host.setLayout(self.cards_row)
        self.scroll = QScrollArea()  # the card scrolls; the chrome around it does not
        self.scroll.setAccessibleName("Card area")
        self.scroll.setWidget(host)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the window
        self.scroll.setStyleSheet(f"QScrollArea {{ background: {BACKGROUND}; }}")

        column = QVBoxLayout(self)
        column.setContentsMargins(64, 24, 64, 20)
        column.setSpacing(14)
        column.addLayout(header)
        column.addWidget(self.scroll, 1)
        column.addWidget(self.legend)
        column.addWidget(self.hint_label)
        self._chrome_roles: dict[QLabel, str] = {
            self.position_label: "position",
            self.typed_label: "typed",
            self.hint_label: "hint",
            **{label: "legend" for label in self.legend_labels.values()},
        }

    def _hint(self) -> str:
        offer = SIDE_BY_SIDE_HINT.format(count=len(self.compared)) if len(self.compared) >= 2 else ""
        return offer + HINT

    # Public API ----------------------------------------------------------------------------------------------

    @property
    def current_code(self) -> str:
        return self.card.code

    @property
    def current_view(self) -> dict[str, Any]:
        return self.card.view

    @property
    def font_scale(self) -> float:
        return self._scale

    @property
    def typed_code(self) -> str:
        return self._typed

    def present(self) -> None:
        """Full screen, with the keyboard."""
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.setFocus()

    def set_font_scale(self, factor: float) -> None:
        """Scale the type; 1.0 is the default (code 96 pt, descriptor 36 pt), kept within 0.4 to 3. The chrome
        follows within 0.75 to 1.25, so it always fits."""
        self._scale = min(MAX_SCALE, max(MIN_SCALE, float(factor)))
        shown = [card for card in self.cards if not card.isHidden()]
        card_scale = self._scale * (SIDE_BY_SIDE_SCALE.get(len(shown), 1.0) if self.side_by_side else 1.0)
        for card in self.cards:
            card.set_font_scale(card_scale, self.font())
        self._fit_chrome()

    def _fit_chrome(self) -> None:
        """The chrome's type from the scale, the legend's made smaller still when its entries would not fit across
        the window (six entries in one row, never clipped)."""
        chrome = min(CHROME_MAX, max(CHROME_MIN, self._scale))
        for label, role in self._chrome_roles.items():
            points, bold = CHROME_FONT_ROLES[role]
            font = QFont(self.font())
            font.setPointSizeF(points * chrome)
            font.setBold(bold)
            if role == "legend":
                font.setPointSizeF(points * chrome * self._legend_fit(font))
            label.setFont(font)

    def _legend_fit(self, font: QFont) -> float:
        """The share of a legend font that fits the width the layout gives the legend (1.0 when all of it does)."""
        metrics = QFontMetrics(font)
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right() - LEGEND_SPACING * (len(self.legend_labels) - 1)
        wanted = sum(metrics.horizontalAdvance(label.text()) + LEGEND_PADDING for label in self.legend_labels.values())
        return min(1.0, max(0.4, room / wanted)) if wanted > 0 else 1.0

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_chrome()

    def point_size(self, role: str, card: int = 0) -> float:
        """The point size a font role has now (tests, screenshots)."""
        if role in CARD_FONT_ROLES:
            owner = self.cards[card]
            return next(lb for lb, name in owner.font_roles.items() if name == role).font().pointSizeF()
        return next(lb for lb, name in self._chrome_roles.items() if name == role).font().pointSizeF()

    def step(self, step: int) -> bool:
        """The next (1) or previous (-1) code of the sequence; False at either end."""
        code = self.sequence.step(self.current_code, step, self.card.kind)
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
        self._show_view(lookup_view(self.store, code, self.release_label), code)

    def go_to(self, code: str) -> bool:
        """A typed code: its place in the list when the list holds it, else its card when the releases shown hold
        it; False (and the code box says why) when neither does."""
        wanted = code.strip().upper()
        if not wanted:
            return False
        if self.sequence.jump(wanted):
            self._leave_side_by_side()
            self.show_code(wanted)
            return True
        view = lookup_view(self.store, wanted, self.release_label)
        if not view.get("found", True):
            self._show_typed(f"{wanted} is not in the releases shown")
            return False
        self._leave_side_by_side()
        self._show_view(view, wanted)
        return True

    def toggle_side_by_side(self) -> bool:
        """The comparison basket's two or three codes side by side, a column each, or back to one card; False
        (and the counter says why) when the basket holds fewer than two codes."""
        if self.side_by_side:
            self._leave_side_by_side()
            self.show_code(self._code_before)
            return True
        if len(self.compared) < 2:
            self.position_label.setText("Add two or three codes to the comparison (Ctrl+K) to show them side by side")
            return False
        self.side_by_side = True
        while len(self.cards) < len(self.compared):
            card = PresentationCard(self.legend)
            self.cards.append(card)
            self.cards_row.addWidget(card, 1)
        self._code_before = self.current_code  # shown again when side by side ends
        for card, code in zip(self.cards, self.compared, strict=False):
            card.show_view(lookup_view(self.store, code, self.release_label), code)
            card.set_stacked(True)
            card.show()
        self.set_font_scale(self._scale)
        self.legend.highlight("")  # several kinds may be shown: none framed
        self.position_label.setText(f"Side by side: {' · '.join(self.compared)}")
        return True

    def side_by_side_codes(self) -> list[str]:
        """The codes of the cards shown, left to right."""
        return [card.code for card in self.cards if not card.isHidden()]

    # Showing -------------------------------------------------------------------------------------------------

    def _show_view(self, view: dict[str, Any], code: str) -> None:
        self.card.show_view(view, code)
        self.legend.highlight(self.card.badge_text)
        self.position_label.setText(self.sequence.position(view))
        self.scroll.verticalScrollBar().setValue(0)  # each card is read from its top
        self.shown.emit(self.card.code)

    def _leave_side_by_side(self) -> None:
        if not self.side_by_side:
            return
        self.side_by_side = False
        for card in self.cards[1:]:
            card.hide()
        self.card.set_stacked(False)
        self.card.show()
        self.set_font_scale(self._scale)

    def _show_typed(self, text: str) -> None:
        self.typed_label.setText(text)
        self.typed_label.setVisible(bool(text))

    # Keys ----------------------------------------------------------------------------------------------------

    def _type_key(self, event: QKeyEvent) -> bool:
        """Letters and digits collect into the code box; Enter goes, Backspace takes one back, Esc clears."""
        key, text = event.key(), event.text()
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if plain and len(text) == 1 and text.isascii() and text.isalnum():
            self._typed = (self._typed + text.upper())[:MAX_TYPED]
        elif not self._typed:
            return False
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            typed, self._typed = self._typed, ""
            self._show_typed("")
            self.go_to(typed)
            return True
        elif key == Qt.Key.Key_Backspace:
            self._typed = self._typed[:-1]
        elif key == Qt.Key.Key_Escape:
            self._typed = ""
        else:
            return False
        self._show_typed(f"Go to: {self._typed}" if self._typed else "")
        return True

    def event(self, event: QEvent) -> bool:
        """The presentation's own Ctrl keys (type size, side by side) come to it, never to the main window's
        shortcuts of the same keys (its zoom)."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if control and event.key() in OWN_CONTROL_KEYS:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, control = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if self._type_key(event):
            pass
        elif control and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus, Qt.Key.Key_0):
            steps = {Qt.Key.Key_Minus: self._scale / SCALE_STEP, Qt.Key.Key_0: 1.0}
            self.set_font_scale(steps.get(key, self._scale * SCALE_STEP))
            self.scale_changed.emit(self._scale)
        elif control and key == Qt.Key.Key_B:
            self.toggle_side_by_side()
        elif key in STEP_KEYS:
            if not self.side_by_side:  # side by side shows the basket: nothing to step through
                {1: lambda: self.step(1), -1: lambda: self.step(-1), 0: self.first, 2: self.last}[STEP_KEYS[key]]()
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.close()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click steps forward, a right click back (a presenter's clicker often sends these)."""
        if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            if not self.side_by_side:
                self.step(1 if event.button() == Qt.MouseButton.LeftButton else -1)
        else:
            super().mousePressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted() and not self._closed_sent:
            self._closed_sent = True
            self.closed.emit(self.current_code)
