"""The detail pane: one code view (views.lookup_view, the same dict the CLI prints) as a readable page.

Only displays what it is given: no database access. Text from the data goes into plain-text labels, or is
escaped with html.escape before it reaches a rich-text label or a tooltip. Codes and outline steps are links
(`code:J1100`, `node:hcpcs.2.j`) that emit code_link_activated / node_link_activated.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QResizeEvent, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...codes.badges import badge
from ...codes.explain import explain
from ...comparison.word_diff import merged_segments, word_diff
from ..common.palette import badge_colour
from ..releases.diff_html import segments_html

PLACEHOLDER = "Type a code or words above, or pick a code in the tree"
NOTE_PAUSE_MS = 600  # a note is saved this long after the last keystroke
NOT_DOCUMENTED = "Not documented in the CMS record layout"
NO_DATE = "—"
CRUMB_SEPARATOR = " › "
SHA_SHOWN = 12
VALUE_COLUMN, MEANING_COLUMN = 1, 2
FIELD_SHARE, MIN_MEANING_WIDTH = 0.4, 80  # the fields table's Field column at most 40% of its width
UNDOCUMENTED_ROLE = Qt.ItemDataRole.UserRole + 1

# Decoded fields in the order a coder reads them; any other decoded entry in a view follows these.
FIELD_ORDER = (
    "pricing_indicator",
    "multiple_pricing_indicator",
    "lab_certification",
    "coverage",
    "asc_payment_group",
    "mog_payment_group",
    "mog_payment_policy_indicator",
    "betos",
    "type_of_service",
    "action",
)

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


STARTER_STYLE = "background: #fef3c7; color: #78350f; border: 1px solid #d97706; border-radius: 4px; padding: 6px 10px;"
INVALID_STYLE = "background: #fee2e2; color: #7f1d1d; border: 1px solid #b91c1c; border-radius: 4px; padding: 6px 10px;"
LINK_FLAGS = Qt.TextInteractionFlag.TextBrowserInteraction
SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard

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
MIN_SCALE, MAX_SCALE = 0.5, 4.0


def _tip(text: str) -> str:
    """A tooltip that shows `text` literally (escaped rich text: Qt would guess at markup otherwise) and wraps."""
    return f"<p>{escape(text)}</p>"


def _link(scheme: str, value: str, text: str | None = None) -> str:
    return f'<a href="{escape(f"{scheme}:{value}", quote=True)}">{escape(text if text is not None else value)}</a>'


def decoded_entries(view: dict[str, Any]) -> list[dict[str, Any]]:
    """Every decoded field entry of a view (dicts with "field" and "meaning"), singles and list items alike."""

    def entries(value: Any) -> list[dict[str, Any]]:
        items = value if isinstance(value, list) else [value]
        return [item for item in items if isinstance(item, dict) and "field" in item and "meaning" in item]

    keys = [k for k in FIELD_ORDER if k in view] + [k for k in view if k not in FIELD_ORDER]
    return [entry for key in keys for entry in entries(view[key])]


def kind_text(view: dict[str, Any]) -> str:
    """What a code is in words: HCPCS Level II code, CPT Category I code, HCPCS Level II modifier."""
    grade = ""
    if view.get("category"):
        grade = f"Category {view['category']}"
    elif view.get("level"):
        grade = f"Level {view['level']}"
    return " ".join(part for part in (view.get("system") or "", grade, view.get("kind") or "code") if part)


def _label(name: str, *, rich: bool = False, flags: Qt.TextInteractionFlag | None = None) -> QLabel:
    label = QLabel()
    label.setAccessibleName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setOpenExternalLinks(False)
    label.setTextInteractionFlags(flags if flags is not None else (LINK_FLAGS if rich else SELECTABLE))
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class FieldsTable(QTableWidget):
    """The decoded fields, read-only, as tall as its rows (the pane scrolls, not the table)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(["Field", "Value", "Meaning"])
        self.setAccessibleName("Fields")
        self.setAccessibleDescription("Coded fields of the CMS record with their meanings")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # fit() sets the widths
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # A new width or font refits on the next turn of the event loop, once the layout has settled.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit)

    def set_entries(self, entries: list[dict[str, Any]]) -> None:
        self.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            field, code = str(entry["field"]), str(entry.get("code", ""))
            label = str(entry.get("label") or field)
            words = entry.get("meaning")
            meaning = str(words) if words else NOT_DOCUMENTED
            full = meaning + (f" ({entry['note']})" if entry.get("note") and words else "")
            cells = (
                (f"{label} ({field})", f"{label}: CMS record field {field}"),
                (code, f"{label} {code}: {full}"),
                (meaning, full),
            )
            for column, (text, tip) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(_tip(tip))
                item.setData(UNDOCUMENTED_ROLE, column == MEANING_COLUMN and not words)
                self.setItem(row, column, item)
        self._style_items()
        self.fit()

    def _style_items(self) -> None:
        """Values in bold, undocumented meanings in italics, in the table's own (scaled) font."""
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                if item := self.item(row, column):
                    font = QFont(self.font())
                    font.setBold(column == VALUE_COLUMN)
                    font.setItalic(bool(item.data(UNDOCUMENTED_ROLE)))
                    item.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._style_items()
            self._refit.start()

    def fit(self) -> None:
        """Columns to the table's width, rows as tall as their wrapped text, the table as tall as its rows.

        Value gets its natural width, Field at most FIELD_SHARE of the width (it wraps beyond), Meaning the
        rest. Measured here rather than by ResizeToContents/resizeRowsToContents: those measure only what lies
        inside the viewport, which is still tiny while the table is being shown.
        """
        available = max(1, self.width() - 2 * self.frameWidth())
        value = self._natural_width(VALUE_COLUMN)
        field = min(self._natural_width(0), max(1, int(available * FIELD_SHARE)))
        self.setColumnWidth(0, field)
        self.setColumnWidth(VALUE_COLUMN, value)
        self.setColumnWidth(MEANING_COLUMN, max(MIN_MEANING_WIDTH, available - field - value))
        for row in range(self.rowCount()):
            self.setRowHeight(row, self._row_height(row))
        header = self.horizontalHeader()
        height = max(header.height(), header.sizeHint().height()) + self.verticalHeader().length()
        self.setFixedHeight(height + 2 * self.frameWidth())

    def _natural_width(self, column: int) -> int:
        """The width of a column's widest cell or heading, unwrapped."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        widths = [self.horizontalHeader().sectionSizeFromContents(column).width()]
        for row in range(self.rowCount()):
            index = self.model().index(row, column)
            widths.append(self.itemDelegateForIndex(index).sizeHint(option, index).width())
        return max(widths) + (1 if self.showGrid() else 0)

    def _row_height(self, row: int) -> int:
        """The height of a row with every column's text wrapped to its width."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        height = 0
        for column in range(self.columnCount()):
            index = self.model().index(row, column)
            option.rect = QRect(0, 0, self.columnWidth(column), max(1, self.rowHeight(row)))  # valid, or no wrapping
            height = max(height, self.itemDelegateForIndex(index).sizeHint(option, index).height())
        return height + (1 if self.showGrid() else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._refit.start()


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
        self._note_key: tuple[str, str] = ("", "code")
        self._note_saved = ""
        self._scale = 1.0
        base = self.font().pointSizeF()
        self._body_size = base if base > 0 else 10.0
        self._build()
        self.set_font_scale(1.0)
        self.clear()

    # Building ------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.placeholder_label = _label("Placeholder")
        self.placeholder_label.setText(PLACEHOLDER)
        self.placeholder_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.placeholder_label.setContentsMargins(0, 48, 0, 0)  # calm: plain, centred, readable (not greyed)

        self.code_label = _label("Code")
        self.short_label = _label("Short description")
        self.banner_label = _label("Status")
        self.banner_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge_label = _label("Badge", flags=Qt.TextInteractionFlag.NoTextInteraction)
        self.badge_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.badge_label.setWordWrap(False)
        self.kind_label = _label("Kind")
        self.kind_row = QWidget()
        kind_layout = QHBoxLayout(self.kind_row)
        kind_layout.setContentsMargins(0, 0, 0, 0)
        kind_layout.addWidget(self.badge_label)
        kind_layout.addWidget(self.kind_label, 1)
        self.message_label = _label("Explanation of the text")
        self.long_label = _label("Long description")
        self.breadcrumb_label = _label("Breadcrumb", rich=True)
        self.fields_heading = _label("Fields heading", flags=Qt.TextInteractionFlag.NoTextInteraction)
        self.fields_heading.setText("Coded fields (CMS record layout)")
        self.fields_table = FieldsTable()
        self.dates_label = _label("Dates", rich=True, flags=SELECTABLE)
        self.xrefs_label = _label("Cross-references", rich=True)
        self.referenced_by_label = _label("Referenced by", rich=True)
        self.xrefs_row = QWidget()
        xrefs_layout = QVBoxLayout(self.xrefs_row)
        xrefs_layout.setContentsMargins(0, 0, 0, 0)
        xrefs_layout.addWidget(self.xrefs_label)
        xrefs_layout.addWidget(self.referenced_by_label)
        self.note_label = _label("Processing note", rich=True, flags=SELECTABLE)
        self.fee_heading = _label("Fee schedule heading", flags=Qt.TextInteractionFlag.NoTextInteraction)
        self.fee_table = FieldsTable()
        self.fee_table.setAccessibleName("Fee schedule fields")
        self.fee_table.setAccessibleDescription("The Medicare physician fee schedule's record of the code")
        self.fee_modifiers_label = _label("Fee schedule modifier rows", rich=True, flags=SELECTABLE)
        self.counterparts_label = _label("Counterparts", rich=True)
        self.history_label = _label("History", rich=True)
        self.note_heading = _label("Note heading", flags=Qt.TextInteractionFlag.NoTextInteraction)
        self.note_heading.setText("My note (saved as you type; found by the search)")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName("My note")
        self.note_edit.setPlaceholderText("A note of your own on this code")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(90)
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_PAUSE_MS)
        self._note_timer.timeout.connect(self.flush_note)
        self.note_edit.textChanged.connect(self._note_timer.start)
        self.actions_label = _label("Actions", rich=True)
        self.starter_label = _label("Starter data")
        self.starter_label.setStyleSheet(STARTER_STYLE)
        self.explanation_label = _label("Explanation")
        self.source_label = _label("Source", rich=True, flags=SELECTABLE)
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
            self.fee_heading,
            self.fee_table,
            self.fee_modifiers_label,
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
            if result and (crumb := self._explained_breadcrumb(result)):
                self.breadcrumb_label.setText(crumb)
                visible.add(self.breadcrumb_label)
        self._show(visible)
        self._code, self._view = None, None
        self.scroll.verticalScrollBar().setValue(0)

    def _explained_breadcrumb(self, result: dict[str, Any]) -> str:
        """The outline path of an explained code; its last step links to the outline node."""
        titles = [str(t) for t in result.get("path") or []]
        if not titles:
            return ""
        steps = [escape(t) for t in titles[:-1]]
        steps.append(_link("node", str(result["node"]), titles[-1]) if result.get("node") else escape(titles[-1]))
        return CRUMB_SEPARATOR.join(steps)

    def _fill(self, view: dict[str, Any]) -> None:
        visible: set[QWidget] = {self.code_label}
        code = str(view.get("code", ""))
        self.code_label.setText(code)

        if short := view.get("short_description"):
            self.short_label.setText(str(short))
            visible.add(self.short_label)

        banner = view.get("banner") or {"state": view.get("status") or "active", "text": ""}
        state = str(banner.get("state") or "active")
        self._set_banner(state, str(banner.get("text") or state.capitalize()))
        visible.add(self.banner_label)

        badge_text = badge(code, str(view.get("kind") or "code"))
        colour = badge_colour(badge_text).name()
        self.badge_label.setText(badge_text)
        self.badge_label.setStyleSheet(f"background: {colour}; color: #ffffff; border-radius: 3px; padding: 1px 6px;")
        self.badge_label.setVisible(badge_text != "?")
        self.kind_label.setText(kind_text(view))
        visible.add(self.kind_row)

        long = view.get("long_description")
        if long and long != short:  # starter codes and many modifiers repeat the short description
            self.long_label.setText(str(long))
            visible.add(self.long_label)

        if path := view.get("path"):
            steps = [_link("node", str(step["id"]), str(step.get("title") or step["id"])) for step in path]
            self.breadcrumb_label.setText(CRUMB_SEPARATOR.join(steps))
            visible.add(self.breadcrumb_label)

        if entries := decoded_entries(view):
            self.fields_table.set_entries(entries)
            visible |= {self.fields_heading, self.fields_table}
        else:
            self.fields_table.setRowCount(0)

        dates = (
            ("Added", view.get("added_date")),
            ("Action effective", view.get("action_effective_date")),
            ("Termination", view.get("termination_date")),
        )
        if any(value for _, value in dates):
            parts = [f"<b>{name}</b> {escape(str(value)) if value else NO_DATE}" for name, value in dates]
            self.dates_label.setText(" &nbsp;·&nbsp; ".join(parts))
            visible.add(self.dates_label)

        xrefs = [str(c) for c in view.get("cross_references") or []]
        referenced = [str(c) for c in view.get("referenced_by") or []]
        self._set_codes(self.xrefs_label, "Cross-references", xrefs)
        self._set_codes(self.referenced_by_label, "Referenced by", referenced)
        if xrefs or referenced:
            visible.add(self.xrefs_row)

        if note := view.get("processing_note"):
            number = escape(str(note.get("number", "")))
            words = note.get("text")
            body = escape(str(words)) if words else "<i>no text for this number in the release's notes file</i>"
            self.note_label.setText(f"<b>Processing note {number}</b>: {body}")
            visible.add(self.note_label)

        visible |= self._fill_comparison_parts(view)

        if view.get("starter"):
            self.starter_label.setText(str(view.get("description_source") or "Plain-language starter description"))
            visible.add(self.starter_label)

        if explanation := view.get("explanation"):
            self.explanation_label.setText(str(explanation))
            visible.add(self.explanation_label)

        if source := self._provenance(view):
            self.source_label.setText(source)
            visible |= {self.separator, self.source_label}

        self._show(visible)

    def _fill_comparison_parts(self, view: dict[str, Any]) -> set[QWidget]:
        """The actions, the fee schedule's record and the counterparts: the widgets that have something."""
        code = str(view.get("code", ""))
        visible: set[QWidget] = {self.actions_label}
        actions = [_link("action", f"compare:{code}", "Add to comparison (Ctrl+K)")]
        if view.get("system") == "CPT" and view.get("kind") == "code":
            actions.append(_link("action", f"levelone:{code}", "Compare HCPCS Level I with CPT"))
        self.actions_label.setText(" &nbsp;·&nbsp; ".join(actions))

        fee = view.get("fee_schedule")
        if fee:
            self.fee_heading.setText(f"Medicare physician fee schedule ({fee['release']}, {fee['file']})")
            self.fee_table.set_entries(list(fee["decoded"]) + list(fee["amounts"]))
            visible |= {self.fee_heading, self.fee_table}
            if rows := fee.get("modifier_rows"):
                self.fee_modifiers_label.setText(_modifier_rows_html(rows))
                visible.add(self.fee_modifiers_label)
        else:
            self.fee_table.setRowCount(0)

        if counterparts := view.get("counterparts"):
            self.counterparts_label.setText(_counterparts_html(counterparts))
            visible.add(self.counterparts_label)
        if history := view.get("history"):
            self.history_label.setText(_history_html(history))
            visible.add(self.history_label)
        if "note" in view:  # the window has a user database: notes can be written
            self.flush_note()  # the previous code's note, if a pause had not saved it yet
            self.note_edit.blockSignals(True)
            self.note_edit.setPlainText(str(view.get("note") or ""))
            self.note_edit.blockSignals(False)
            self._note_saved = self.note_edit.toPlainText()
            self._note_key = (code, str(view.get("kind") or "code"))
            visible |= {self.note_heading, self.note_edit}
        return visible

    def flush_note(self) -> None:
        """Emit the note being typed now (on a pause, a code change, or closing), once."""
        if self._note_timer.isActive() or self._note_dirty():
            self._note_timer.stop()
            code, kind = self._note_key
            self._note_saved = self.note_edit.toPlainText()
            self.note_edited.emit(code, kind, self._note_saved)

    def _note_dirty(self) -> bool:
        return bool(self._note_key[0]) and self.note_edit.toPlainText() != self._note_saved

    def _set_banner(self, state: str, text: str) -> None:
        self.banner_label.setText(text)
        self.banner_label.setStyleSheet(banner_style_sheet(state))

    @staticmethod
    def _set_codes(label: QLabel, title: str, codes: list[str]) -> None:
        label.setVisible(bool(codes))
        label.setText((f"<b>{escape(title)}</b>: " + ", ".join(_link("code", c) for c in codes)) if codes else "")

    @staticmethod
    def _provenance(view: dict[str, Any]) -> str:
        source = view.get("source") or {}
        lines = []
        if release := view.get("release"):
            line = f"Release {escape(str(release))}"
            if effective := view.get("release_effective_date"):
                line += f", effective {escape(str(effective))}"
            lines.append(line)
        if name := source.get("file"):
            line = f"File {escape(str(name))}"
            if (member := source.get("member")) and member != name:
                inside = str(name).lower().endswith(".zip")
                line += f", member {escape(str(member))}" if inside else f" ({escape(str(member))})"
            lines.append(line)
        if sha := source.get("sha256"):
            lines.append(f"SHA-256 {escape(str(sha)[:SHA_SHOWN])}")
        return "<b>Source</b><br>" + "<br>".join(lines) if lines else ""

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


def _counterparts_html(counterparts: list[dict[str, Any]]) -> str:
    """Each counterpart as a link, its descriptor, the relation, and (smaller) the source of the claim."""
    items = []
    for entry in counterparts:
        description = escape(str(entry.get("description") or "not in this database"))
        line = f"{_link('code', str(entry['code']))} {description} — <i>{escape(str(entry['relation']))}</i>"
        if note := entry.get("note"):
            line += f"<br>{escape(str(note))}"
        line += f"<br><small>Source: {escape(str(entry['source']))}</small>"
        items.append(f"<li>{line}</li>")
    return "<b>Counterparts</b><ul style='margin-left:-20px'>" + "".join(items) + "</ul>"


def _history_html(history: list[dict[str, Any]]) -> str:
    """The code's timeline: a line per event, descriptor changes as a word diff, field changes old -> new."""
    lines = []
    for event in history:
        head = f"<b>{escape(str(event['effective_date']))}</b> {escape(str(event['release']))}: "
        if event["event"] in ("short_description_changed", "long_description_changed"):
            old, new = word_diff(str(event["old"]), str(event["new"]), ignore_case=False)
            lines.append(
                head + escape(str(event["text"])) + "<br>&nbsp;&nbsp;" + segments_html(merged_segments(old, new))
            )
        elif event["event"] == "cross_references_changed":
            old = ", ".join(_link("code", c.strip()) for c in str(event["old"]).split(",") if c.strip()) or "none"
            new = ", ".join(_link("code", c.strip()) for c in str(event["new"]).split(",") if c.strip()) or "none"
            lines.append(f"{head}cross-references {old} → {new}")
        elif event.get("fields"):
            changes = "; ".join(
                f"{escape(f['field'])} {escape(f['old'] or '—')} → {escape(f['new'] or '—')}" for f in event["fields"]
            )
            lines.append(f"{head}{changes}")
        else:
            lines.append(head + escape(str(event["text"])))
    return "<b>History</b><br>" + "<br>".join(lines)


def _modifier_rows_html(rows: dict[str, dict[str, str]]) -> str:
    """The fee schedule's rows for the code with a pricing modifier (26, TC, 53), in brief."""
    shown = (
        ("STATUS CODE", "status"),
        ("WORK RVU", "work RVU"),
        ("NON-FACILITY TOTAL", "non-facility total"),
        ("FACILITY TOTAL", "facility total"),
    )
    lines = []
    for modifier, values in rows.items():
        parts = [f"{name} {escape(values[key])}" for key, name in shown if values.get(key)]
        lines.append(f"<b>With modifier {escape(modifier)}</b>: " + ", ".join(parts))
    return "<br>".join(lines)
