"""The results table: search hits (or a tree node's codes) as rows, with matched words highlighted.

A row's texts, colours and description runs (the matched words in bold) are worked out once, the first
time the row is shown (`cells`), and kept until the next `set_hits`; badges are kept across searches
(badge() runs explain(), and codes recur as a word is typed). ResultsDelegate paints from `cells`
directly, so a repaint asks `data` nothing; `data` answers the same values for everything else
(accessibility, tooltips, tests), None at once for the roles the model does not use.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...codes.badges import badge
from ...codes.records import StoredCode
from ...search.query import matched_words_pattern
from ..common.palette import badge_colour

Index = QModelIndex | QPersistentModelIndex
# The long descriptor is the description; the abbreviated short one has its own column, last in the model
# (shown beside the description, and only when the table is wide enough: results/short_column.py).
COLUMNS = ("Code", "Description", "Type", "Status", "Release", "Short")
CODE, DESCRIPTION, TYPE, STATUS, RELEASE, SHORT = range(len(COLUMNS))
STAR = "\u2605"  # before a starred code (the user's stars, set_starred)
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 10  # the description as HTML with the matched words in bold
TERMINATED_COLOUR = QColor("#9a3412")

DISPLAY = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
HIGHLIGHT = int(HIGHLIGHT_ROLE)
ROLES = frozenset({DISPLAY, TOOLTIP, FOREGROUND, HIGHLIGHT})  # every other role is None, answered first

BADGE_CACHE_LIMIT = 50_000
_badges: dict[tuple[str, str], str] = {}  # badge() runs explain(): ~0.1 ms, and codes recur from search to search


def cached_badge(code: str, kind: str) -> str:
    key = (code, kind)
    text = _badges.get(key)
    if text is None:
        if len(_badges) >= BADGE_CACHE_LIMIT:
            _badges.clear()
        text = _badges[key] = badge(code, kind)
    return text


_badge_colours: dict[str, QColor] = {}  # a QColor parsed from its name costs microseconds, per row


def cached_badge_colour(badge: str) -> QColor:
    colour = _badge_colours.get(badge)
    if colour is None:
        colour = _badge_colours[badge] = badge_colour(badge)
    return colour


Segments = tuple[tuple[str, bool], ...]  # a text cut into runs, each in bold or not


class RowCells(NamedTuple):
    """One row as shown: a text and a foreground colour (None: the palette's) per column, and the
    description cut into runs with the matched words in bold."""

    texts: tuple[str, ...]  # one per column of COLUMNS
    colours: tuple[QColor | None, ...]
    segments: Segments  # one plain run when nothing matched
    highlighted: bool  # some run of the description is in bold


class ResultsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[StoredCode] = []
        self._cells: list[RowCells | None] = []
        self._pattern: re.Pattern[str] | None = None
        self._why: Callable[[StoredCode], list[dict[str, Any]]] | None = None
        self._starred: frozenset[tuple[str, str]] = frozenset()
        self._more: Callable[[int], list[StoredCode]] | None = None  # the next page of a node list, from an offset
        self._total = 0  # how many rows the node list has in all (its count in the tree)
        self._page = 0  # a page of more() shorter than this ends the list (a search's hits; 0: never)

    def set_hits(
        self,
        hits: list[StoredCode],
        words: list[str] | None = None,
        pattern: re.Pattern[str] | None = None,
        *,
        total: int = 0,
        more: Callable[[int], list[StoredCode]] | None = None,
        page: int = 0,
    ) -> None:
        """Show these hits; the matched words are highlighted in the descriptions: pattern's, or words (as
        typed, matched as prefixes). A tree node's codes come a page at a time: hits the first page, the rest
        fetched as the view scrolls (canFetchMore, fetchMore: more(offset) gives the next page) up to total. A
        search's hits the same way, total its limit: a page shorter than `page` rows is the last one."""
        self.beginResetModel()
        self._more, self._total, self._page = more, total, page
        self._hits = list(hits)
        self._cells = [None] * len(self._hits)  # filled as rows are shown: only visible rows pay for them
        # The words the store matched, as it matched them: a word search's own pattern (search/why.py: stems,
        # abbreviations, thesaurus meanings, corrections), else the words as typed.
        self._pattern = pattern if pattern is not None else matched_words_pattern(tuple(words or ()))
        self.endResetModel()

    def total(self) -> int:
        """The rows of the list in all: a node list's count, else the rows shown (a search's so far)."""
        return max(self._total, len(self._hits)) if self._more is not None and not self._page else len(self._hits)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more is not None and len(self._hits) < self._total

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        page = self._more(len(self._hits))
        if not page:
            self._more = None  # the store has fewer than its count said: the list ends here
            self._total = len(self._hits)
            return
        if len(page) < self._page:
            self._more = None  # a search's last page
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._hits += page
        self._cells += [None] * len(page)
        self.endInsertRows()

    def fetch_all(self) -> None:
        """Every row of a node list (export, printing, finding a code in it)."""
        while self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def set_starred(self, starred: set[tuple[str, str]] | frozenset[tuple[str, str]]) -> None:
        """The user's starred (code, kind) pairs: their rows show a star before the code."""
        starred = frozenset(starred)
        if starred == self._starred:
            return
        self._starred = starred
        self._cells = [None] * len(self._hits)  # worked out again as shown, with or without the star
        if self._hits:
            self.dataChanged.emit(self.index(0, CODE), self.index(len(self._hits) - 1, CODE))

    def is_starred(self, row: int) -> bool:
        record = self._hits[row].record
        return (record.code, record.kind) in self._starred

    def set_why(self, why: Callable[[StoredCode], list[dict[str, Any]]] | None) -> None:
        """How to ask why a hit matched (the store's match_reasons), for the tooltips."""
        self._why = why

    def add_hits(self, hits: list[StoredCode]) -> None:
        """Append the hits not shown yet, in their order (the rest of a search whose first page is shown)."""
        shown = {_key(hit) for hit in self._hits}
        new = [hit for hit in hits if _key(hit) not in shown]
        if not new:
            return
        self.beginInsertRows(QModelIndex(), len(self._hits), len(self._hits) + len(new) - 1)
        self._hits += new
        self._cells += [None] * len(new)
        self.endInsertRows()

    def hit(self, row: int) -> StoredCode:
        return self._hits[row]

    def rows(self) -> list[StoredCode]:
        return list(self._hits)

    def row_of(self, code: str, kind: str | None = None) -> int:
        for row, hit in enumerate(self._hits):
            if hit.record.code == code and (kind is None or hit.record.kind == kind):
                return row
        return -1

    def cells(self, row: int) -> RowCells:
        """What row shows (0 <= row < rowCount()), worked out on first use."""
        cells = self._cells[row]
        if cells is None:
            cells = self._cells[row] = self._make_cells(self._hits[row])
        return cells

    def _make_cells(self, hit: StoredCode) -> RowCells:
        record = hit.record
        kind = cached_badge(record.code, record.kind)
        status = hit.status
        shown_status = status if not record.termination_date else f"ended {record.termination_date}"
        code = f"{STAR} {record.code}" if (record.code, record.kind) in self._starred else record.code
        description = record.long_description or record.short_description
        texts = (code, description, kind, shown_status, hit.release.label, record.short_description)
        plain = TERMINATED_COLOUR if status == "terminated" else None
        colours = (plain, plain, cached_badge_colour(kind), plain, plain, plain)
        segments = self._segments(description)
        return RowCells(texts, colours, segments, len(segments) > 1 or segments[0][1])

    def _segments(self, text: str) -> Segments:
        if self._pattern is None:
            return ((text, False),)
        runs: list[tuple[str, bool]] = []
        done = 0
        for match in self._pattern.finditer(text):
            if match.start() > done:
                runs.append((text[done : match.start()], False))
            runs.append((match.group(0), True))
            done = match.end()
        if done < len(text) or not runs:
            runs.append((text[done:], False))
        return tuple(runs)

    def markup(self, row: int) -> str:
        """The description of row as HTML, the matched words in bold."""
        return "".join(f"<b>{html.escape(t)}</b>" if bold else html.escape(t) for t, bold in self.cells(row).segments)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._hits):
            return None
        if role == DISPLAY:
            return self.cells(row).texts[column]
        if role == FOREGROUND:
            return self.cells(row).colours[column]
        if role == HIGHLIGHT:
            return self.markup(row) if column == DESCRIPTION else None
        hit = self._hits[row]
        note = " (plain-language starter description)" if not hit.release.is_official else ""
        record = hit.record
        lines = [f"{record.code}: {record.long_description or record.short_description}{note}"]
        if record.long_description and record.short_description:
            lines.append(f"Short: {record.short_description}")
        if hit.plan is not None and self._why is not None:
            lines += [why_line(reason) for reason in self._why(hit)]
        # Escaped and wrapped: an imported descriptor is shown as text, never rendered as markup.
        return "<qt>" + "<br>".join(html.escape(line) for line in lines) + "</qt>"

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


def why_line(reason: dict[str, Any]) -> str:
    """One reason as a line: 'zofran -> ondansetron (thesaurus: Zofran is a brand name of ondansetron.)'."""
    via = reason["via"]
    detail = reason.get("note") or reason.get("lay_source") or ""
    matched = reason.get("matched") or "?"
    return f"Matched {reason['query']} \u2192 {matched} ({via}{': ' + detail if detail else ''})"


def _key(hit: StoredCode) -> tuple[str, str, int]:
    return (hit.record.code, hit.record.kind, hit.release.id)
