"""The detail pane: one code view (views.lookup_view, the same dict the CLI prints) as a readable page.

Only displays what it is given: no database access. Text from the data goes into plain-text labels, or is
escaped (section_html) before it reaches a rich-text label or a tooltip. Codes and outline steps are links
(`code:J1100`, `node:hcpcs.2.j`) that emit code_link_activated / node_link_activated.

The composition: which sections, in which order, with which font; their rich text is in section_html, the rest
are widgets of their own modules (payment_section: filled after the pane shows).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QTextDocumentFragment
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from ...codes.explain import explain
from ..common.banner import banner_style_sheet
from ..common.view_fields import decoded_entries
from .cross_references import CrossReferences
from .fee_schedule_section import FeeScheduleSection
from .fields_table import FieldsTable
from .kind_row import KindRow
from .labels import FONT_ROLES, INVALID_STYLE, SELECTABLE, STARTER_STYLE, make_label
from .note_edit import NoteEdit
from .payment_section import PaymentSection
from .section_html import (
    actions_html,
    breadcrumb_html,
    counterparts_html,
    dates_html,
    explained_breadcrumb_html,
    history_html,
    notes_html,
    provenance_html,
)
from .status_lines import fill_status, warning_label

PLACEHOLDER = "Type a code or words above, or pick a code in the tree"
NOTE_HEADING = "My note (saved as you type; found by the search)"

MIN_SCALE, MAX_SCALE = 0.5, 4.0


class DetailPane(QWidget):
    """Everything about one code, top to bottom, in a scroll area; keyboard reachable, zoomable."""

    code_link_activated = Signal(str)  # a cross-reference or a "referenced by" code was activated
    node_link_activated = Signal(str)  # a breadcrumb step was activated: the outline node id
    compare_requested = Signal(str)  # "Add to comparison" was activated for the code shown
    level_one_requested = Signal(str)  # "Compare HCPCS Level I with CPT" was activated for the code shown
    note_edited = Signal(str, str, str)  # code, kind, text: the user's note, after a pause in typing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code: str | None = None
        self._view: dict[str, Any] | None = None
        self._scale = 1.0
        base = self.font().pointSizeF()
        self._body_size = base if base > 0 else 10.0
        self._build()
        self.set_font_scale(1.0)
        self.clear()

    # Building ------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.placeholder_label = make_label("Placeholder")
        self.placeholder_label.setText(PLACEHOLDER)
        self.placeholder_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.placeholder_label.setContentsMargins(0, 48, 0, 0)  # calm: plain, centred, readable (not greyed)

        self.code_label = make_label("Code")
        self.short_label = make_label("Short description")
        self.banner_label = make_label("Status")
        self.banner_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.apart_label = warning_label("Sources years apart")
        self.kind_row = KindRow()
        self.badge_label, self.kind_label = self.kind_row.badge_label, self.kind_row.kind_label
        self.message_label = make_label("Explanation of the text")
        self.long_label = make_label("Long description")
        self.breadcrumb_label = make_label("Breadcrumb", rich=True)
        self.fields_heading = make_label("Fields heading", flags=Qt.TextInteractionFlag.NoTextInteraction)
        self.fields_heading.setText("Coded fields (CMS record layout)")
        self.fields_table = FieldsTable()
        self.dates_label = make_label("Dates", rich=True, flags=SELECTABLE)
        self.xrefs_row = CrossReferences()
        self.xrefs_label, self.referenced_by_label = self.xrefs_row.xrefs_label, self.xrefs_row.referenced_by_label
        self.note_label = make_label("Processing note", rich=True, flags=SELECTABLE)
        self.fee_section = FeeScheduleSection()
        self.fee_heading, self.fee_table, self.fee_modifiers_label = self.fee_section.widgets
        self.payment_section = PaymentSection(self.code_link_activated.emit)  # its links: code, import, locality
        self.counterparts_label = make_label("Counterparts", rich=True)
        self.history_label = make_label("History", rich=True)
        self.note_heading = make_label("Note heading", flags=Qt.TextInteractionFlag.NoTextInteraction)
        self.note_heading.setText(NOTE_HEADING)
        self.note_edit = NoteEdit()
        self.note_edit.note_edited.connect(self.note_edited)
        self.note_edit.unsaved_changed.connect(
            lambda why: self.note_heading.setText(f"My note: NOT SAVED. {why}" if why else NOTE_HEADING)
        )
        self.actions_label = make_label("Actions", rich=True)
        self.starter_label = make_label("Starter data")
        self.starter_label.setStyleSheet(STARTER_STYLE)
        self.explanation_label = make_label("Explanation")
        self.source_label = make_label("Source", rich=True, flags=SELECTABLE)
        self.separator = QFrame()
        self.separator.setFrameShape(QFrame.Shape.HLine)
        self.separator.setFrameShadow(QFrame.Shadow.Sunken)

        for label in (
            self.breadcrumb_label,
            self.xrefs_label,
            self.referenced_by_label,
            self.counterparts_label,
            self.actions_label,
            self.history_label,
        ):
            label.linkActivated.connect(self._on_link)

        # Top to bottom; everything but the placeholder is a section hidden when it has nothing to show.
        self._sections: list[QWidget] = [
            self.code_label,
            self.short_label,
            self.banner_label,
            self.apart_label,
            self.kind_row,
            self.actions_label,
            self.message_label,
            self.long_label,
            self.breadcrumb_label,
            self.fields_heading,
            self.fields_table,
            self.dates_label,
            self.xrefs_row,
            self.counterparts_label,
            self.note_label,
            self.payment_section,
            *self.fee_section.widgets,
            self.history_label,
            self.note_heading,
            self.note_edit,
            self.starter_label,
            self.explanation_label,
            self.separator,
            self.source_label,
        ]
        content = QWidget()
        content.setObjectName("detail-content")
        # Height from height-for-width only: the minimum size hints of word-wrapped labels assume a narrow width
        # and would add a needless scroll bar.
        content.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 12, 16, 16)
        column.setSpacing(10)
        column.addWidget(self.placeholder_label)
        for widget in self._sections:
            column.addWidget(widget)
        column.addStretch(1)

        self.scroll = QScrollArea()
        self.scroll.setAccessibleName("Code details")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.setFocusProxy(self.scroll)  # focusing the pane lets the arrow keys scroll it

        self._font_roles: dict[QWidget, str] = {
            self.placeholder_label: "placeholder",
            self.code_label: "code",
            self.short_label: "short",
            self.banner_label: "banner",
            self.apart_label: "body",
            self.badge_label: "badge",
            self.kind_label: "body",
            self.message_label: "long",
            self.long_label: "long",
            self.breadcrumb_label: "body",
            self.fields_heading: "heading",
            self.fields_table: "body",
            self.dates_label: "body",
            self.xrefs_label: "body",
            self.referenced_by_label: "body",
            self.note_label: "body",
            self.fee_heading: "heading",
            self.fee_table: "body",
            self.fee_modifiers_label: "body",
            self.counterparts_label: "body",
            self.history_label: "body",
            self.note_heading: "heading",
            self.note_edit: "body",
            self.actions_label: "small",
            self.starter_label: "body",
            self.explanation_label: "body",
            self.source_label: "small",
        }

    # Public API ----------------------------------------------------------------------------------------------

    @property
    def current_code(self) -> str | None:
        """The code shown, or None (placeholder, explanation of text not in the database, not found)."""
        return self._code

    @property
    def current_view(self) -> dict[str, Any] | None:
        return self._view

    @property
    def font_scale(self) -> float:
        return self._scale

    def clear(self) -> None:
        """The calm placeholder: nothing selected yet."""
        self._code, self._view = None, None
        self._show(set())
        self.placeholder_label.show()

    def show_view(self, view: dict[str, Any]) -> None:
        """Show a code view from views.lookup_view (a not-found view says so)."""
        if not view.get("found", True):
            self.show_explanation(explain(str(view.get("code", ""))))  # what its shape says (no database)
            return
        self.setUpdatesEnabled(False)
        try:
            self._fill(view)
        finally:
            self.setUpdatesEnabled(True)
        self._code, self._view = str(view.get("code", "")), view
        self.scroll.verticalScrollBar().setValue(0)

    def show_explanation(self, result: dict[str, Any]) -> None:
        """Show an explain() result, for text that is not in the database: what it is, or why it is no code."""
        text = str(result.get("input", "")).strip()
        valid = bool(result.get("valid"))
        self._show_message(text or "(empty)", str(result.get("explanation", "")), invalid=not valid, result=result)

    def show_no_match(self, text: str, sentence: str) -> None:
        """A word search that found nothing: what was searched and what to try instead. Words are never
        called "not a code": that is said only of strings shaped like codes (show_explanation)."""
        self.code_label.setText(text)
        self.message_label.setText(sentence)
        self.message_label.setStyleSheet("")
        self._show({self.code_label, self.message_label})
        self._code, self._view = None, None

    def set_font_scale(self, factor: float) -> None:
        """Scale every font of the pane (zoom, presentation); 1.0 is the default, kept within 0.5 to 4."""
        self._scale = min(MAX_SCALE, max(MIN_SCALE, float(factor)))
        for widget, role in self._font_roles.items():
            points, body_factor, bold = FONT_ROLES[role]
            font = QFont(self.font())
            font.setPointSizeF((points if points is not None else self._body_size * body_factor) * self._scale)
            font.setBold(bold)
            widget.setFont(font)
        self.fields_table.fit()
        self.fee_table.fit()

    # Filling -------------------------------------------------------------------------------------------------

    def _show(self, visible: set[QWidget]) -> None:
        self.placeholder_label.hide()
        for widget in self._sections:
            widget.setVisible(widget in visible)
        # Screen readers get a label's accessible name ("Code") in place of its text: give them the text too.
        for label in self.findChildren(QLabel):
            text = label.text()
            if label.textFormat() == Qt.TextFormat.RichText:
                text = QTextDocumentFragment.fromHtml(text).toPlainText()
            label.setAccessibleDescription(text)

    def _show_message(self, title: str, sentence: str, *, invalid: bool, result: dict[str, Any] | None = None) -> None:
        """A big title and one sentence: red-ish for text that is no code, with a neutral banner otherwise."""
        self.code_label.setText(title)
        self.message_label.setText(sentence)
        visible: set[QWidget] = {self.code_label, self.message_label}
        if invalid:
            self.message_label.setStyleSheet(INVALID_STYLE)
        else:
            self.message_label.setStyleSheet("")
            self._set_banner("missing", "Not in the releases shown")
            visible.add(self.banner_label)
            if result and (crumb := explained_breadcrumb_html(result)):
                self.breadcrumb_label.setText(crumb)
                visible.add(self.breadcrumb_label)
        self._show(visible)
        self._code, self._view = None, None
        self.scroll.verticalScrollBar().setValue(0)

    def _fill(self, view: dict[str, Any]) -> None:
        visible: set[QWidget] = {self.code_label}
        code = str(view.get("code", ""))
        self.code_label.setText(code)

        if short := view.get("short_description"):
            self.short_label.setText(str(short))
            visible.add(self.short_label)

        visible |= fill_status(self.banner_label, self.apart_label, view)

        self.kind_row.fill(view)
        visible.add(self.kind_row)

        long = view.get("long_description")
        if long and long != short:  # starter codes and many modifiers repeat the short description
            self.long_label.setText(str(long))
            visible.add(self.long_label)

        if path := view.get("path"):
            self.breadcrumb_label.setText(breadcrumb_html(path))
            visible.add(self.breadcrumb_label)

        if entries := decoded_entries(view):
            self.fields_table.set_entries(entries)
            visible |= {self.fields_heading, self.fields_table}
        else:
            self.fields_table.setRowCount(0)

        if dates := dates_html(view):
            self.dates_label.setText(dates)
            visible.add(self.dates_label)

        if self.xrefs_row.fill(view):
            visible.add(self.xrefs_row)

        if note := notes_html(view):  # the processing note, the NOC list, corrections
            self.note_label.setText(note)
            visible.add(self.note_label)

        visible |= self._fill_comparison_parts(view)

        if view.get("starter"):
            self.starter_label.setText(str(view.get("description_source") or "Plain-language starter description"))
            visible.add(self.starter_label)

        if explanation := view.get("explanation"):
            self.explanation_label.setText(str(explanation))
            visible.add(self.explanation_label)

        if source := provenance_html(view):
            self.source_label.setText(source)
            visible |= {self.separator, self.source_label}

        self._show(visible)

    def _fill_comparison_parts(self, view: dict[str, Any]) -> set[QWidget]:
        """The actions, the fee schedule's record and the counterparts: the widgets that have something."""
        visible: set[QWidget] = {self.actions_label}
        self.actions_label.setText(actions_html(view))

        visible |= self.fee_section.fill(view.get("fee_schedule"))

        if counterparts := view.get("counterparts"):
            self.counterparts_label.setText(counterparts_html(counterparts))
            visible.add(self.counterparts_label)
        if history := view.get("history"):
            self.history_label.setText(history_html(history))
            visible.add(self.history_label)
        if "note" in view:  # the window has a user database: notes can be written
            # load() first sends the previous code's note, if a pause had not saved it yet
            self.note_edit.load(str(view.get("code", "")), str(view.get("kind") or "code"), str(view.get("note") or ""))
            visible |= {self.note_heading, self.note_edit}
        return visible

    def flush_note(self) -> None:
        """Emit the note being typed now (on a pause, a code change, or closing), once."""
        self.note_edit.flush()

    def _set_banner(self, state: str, text: str) -> None:
        self.banner_label.setText(text)
        self.banner_label.setStyleSheet(banner_style_sheet(state))

    def _on_link(self, href: str) -> None:
        scheme, _, value = href.partition(":")
        if scheme == "code" and value:
            self.code_link_activated.emit(value)
        elif scheme == "node" and value:
            self.node_link_activated.emit(value)
        elif scheme == "action":
            what, _, code = value.partition(":")
            signal = {"compare": self.compare_requested, "levelone": self.level_one_requested}.get(what)
            if signal is not None and code:
                signal.emit(code)
