"""Paints every cell of the results table from the model's prepared rows, with cached QStaticText.

The style's own item painting (QStyledItemDelegate.paint: eight data() calls per cell, then a QTextLayout
built and elided per cell per repaint) cost ~0.1 ms a cell, over 20 ms for a table page; a rich-text
QStaticText (the matched words in bold) costs ~0.2 ms to build, as it goes through a QTextDocument.

Here a cell is a few dictionary look-ups and one drawStaticText of a text laid out once (kept across
searches: codes, badges, statuses and descriptions recur as a word is typed). A text is kept laid out from
the second time it is painted: the first time it is drawn directly (drawText, a run at a time for a
description with bold words), which costs less than building what is kept (40 against 60 us a plain text,
80 against 170 us a description with bold words), and most texts of a keystroke's results are never painted
again.
A description with matched words is one QTextLayout with bold ranges, kept as glyph runs; one too long for
its cell is cut to the room and ends in "…" (`_fitted`), as every other text too long for its column is
elided; texts in their colour (the badge colour, terminated rows in red-brown); a selected row in the
palette's highlight colours, and the current cell's focus frame drawn by the style, as QCommonStyle draws an item.

Per cell, Python enum flags and QPalette.color() cost microseconds each: the state is read once as an
int, and the colours of each (palette, state) are looked up once and kept. ResultsView paints whole rows
through `paint_cell` without Qt's per-cell call into Python; `paint` is the same cell for a plain QTableView.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QGlyphRun,
    QPainter,
    QPalette,
    QStaticText,
    QTextCharFormat,
    QTextLayout,
    QTextLine,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionFocusRect, QStyleOptionViewItem

from .results_model import DESCRIPTION, ResultsModel, RowCells, Segments

MARGIN = 3  # the style's text margin (QStyle.PM_FocusFrameHMargin + 1) on each side of a cell
# Texts kept laid out: a keystroke shows ~35 rows of ~4 texts, and typing a dozen words makes a few thousand;
# past the limit the oldest half goes (clearing all of them made the next frames lay every text out again).
CACHE_LIMIT = 12_000

SELECTED = QStyle.StateFlag.State_Selected.value
ENABLED = QStyle.StateFlag.State_Enabled.value
ACTIVE = QStyle.StateFlag.State_Active.value
HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
LOOK = SELECTED | ENABLED | ACTIVE  # the state bits that choose a cell's colours

Highlighted = tuple[tuple[QGlyphRun, ...], int, float]  # a description's glyph runs, its height and width
Look = tuple[QBrush | None, QColor]  # the background to fill (None: the view's own), the text colour
Laid = tuple[QStaticText, float, int]  # a text laid out: (the layout, its width as laid out, its height)
# A text's width as laid out (QStaticText.size) is within a pixel of the advance the style elides by
# (QFontMetricsF.horizontalAdvance, ~10 us a text): the advance is measured only when that close to the room.
WIDTH_SLACK = 2
ELLIPSIS = "\u2026"
Key, Value = TypeVar("Key"), TypeVar("Value")


class ResultsDelegate(QStyledItemDelegate):
    """For the whole results table (setItemDelegate); other models are painted the standard way.

    Texts are laid out in the font of the first cell painted, and again after the parent view's font
    changes (QEvent.FontChange)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._font: QFont | None = None
        self._metrics: QFontMetricsF | None = None
        self._bold_format = QTextCharFormat()
        self._bold_format.setFontWeight(QFont.Weight.Bold)
        self._plain: dict[str, Laid] = {}
        self._elided: dict[tuple[str, int], Laid] = {}
        self._advances: dict[str, float] = {}
        self._runs: dict[Segments, Highlighted] = {}  # the descriptions with matched words in bold
        self._fitted: dict[tuple[Segments, int], Segments] = {}  # (runs, cell width) -> the runs that fit, with "…"
        self._seen: dict[str | Segments, None] = {}  # painted once (drawn directly), kept laid out if painted again
        # (height, ascent) of a line of plain text, and of a line with bold words, in the font
        self._plain_line: tuple[int, float] = (0, 0.0)
        self._mixed_line: tuple[int, float] = (0, 0.0)
        self._looks: dict[tuple[int, int], Look] = {}  # (palette cache key, state & LOOK)
        self._dark: dict[int, bool] = {}  # palette cache key: is its base dark
        self._readable_colours: dict[tuple[bool, int], QColor] = {}  # (dark base, rgba) -> text colour
        if parent is not None:
            parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange:
            self._font = None  # laid out again in the new font at the next paint
        return False

    def clear_cache(self) -> None:
        laid = (self._plain, self._elided, self._advances, self._runs, self._fitted)
        for cache in (*laid, self._looks, self._dark, self._seen):
            cache.clear()

    def use_font(self, font: QFont) -> None:
        """Lay texts out in this font (the view's) from now on; only the first call after a change counts."""
        if self._font is None:
            self._set_font(font)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        model = index.model()
        if not isinstance(model, ResultsModel):
            super().paint(painter, option, index)
            return
        if self._font is None:
            self._set_font(option.font)
        state = option.state.value
        palette = option.palette
        left, top, width, height = option.rect.getRect()
        cells = model.cells(index.row())
        self.paint_cell(painter, cells, index.column(), left, top, width, height, self.look(palette, state), palette)
        if state & HAS_FOCUS:
            self.draw_focus(painter, option, index)

    def look(self, palette: QPalette, state: int) -> Look:
        """The colours of a cell in this state (an int of QStyle.StateFlag bits), kept per palette."""
        return self._looks.get((palette.cacheKey(), state & LOOK)) or self._look(palette, state)

    def paint_cell(
        self,
        painter: QPainter,
        cells: RowCells,
        column: int,
        left: int,
        top: int,
        width: int,
        height: int,
        look: Look,
        palette: QPalette,
    ) -> None:
        """One cell: its background when selected, its text in its colour, elided or clipped to the cell.
        The painter's font is the view's, as the view hands it to the delegate; it is left so."""
        fill, colour = look
        if fill is not None:
            painter.fillRect(left, top, width, height, fill)
        elif cells.colours[column] is not None:
            colour = self._readable(cells.colours[column], palette)
        painter.setPen(colour)
        if column == DESCRIPTION and cells.highlighted:
            segments = self._fitted.get((cells.segments, width)) or self._fit(cells.segments, width)
            self._paint_runs(painter, segments, left, top, width, height)
            return
        text = cells.texts[column]
        laid = self._plain.get(text)
        if laid is None and self._first_time(text):
            self._draw_once(painter, text, left, top, width, height)
            return
        static, text_width, text_height = laid or self._plain_text(text)
        room = width - 2 * MARGIN
        if text_width <= room - WIDTH_SLACK or (text_width <= room + WIDTH_SLACK and self._fits(text, room)):
            painter.drawStaticText(left + MARGIN, top + (height - text_height) // 2, static)
        else:
            static, _, text_height = self._elided.get((text, room)) or self._elided_text(text, room)
            painter.drawStaticText(left + MARGIN, top + (height - text_height) // 2, static)

    def _paint_runs(self, painter: QPainter, segments: Segments, left: int, top: int, width: int, height: int) -> None:
        """A description with its matched words in bold, clipped to the cell only when it comes near the
        cell's end (a clip costs more than the drawing; a glyph may overhang its advance)."""
        kept = self._runs.get(segments)
        if kept is None and self._first_time(segments):
            self._draw_runs_once(painter, segments, left, top, width, height)
            return
        runs, text_height, text_width = kept or self._laid_out_runs(segments)
        position = QPointF(left + MARGIN, top + (height - text_height) // 2)
        with _clipped(painter, text_width > width - 3 * MARGIN, left, top, width, height):
            for run in runs:
                painter.drawGlyphRun(position, run)

    def _draw_runs_once(
        self, painter: QPainter, segments: Segments, left: int, top: int, width: int, height: int
    ) -> None:
        """A description with bold words painted for the first time: each run drawn in its font after the
        previous one's advance, where its kept glyph runs would be (a layout shapes each font's run apart,
        so nothing is kerned across them); 80 us against 170 for the layout."""
        x = left + MARGIN
        line_height, ascent = self._mixed_line
        baseline = top + (height - line_height) // 2 + ascent
        runs = []
        for text, bold in segments:
            runs.append((x, text, bold))
            x += (self._bold_metrics if bold else self._metrics).horizontalAdvance(text)
        with _clipped(painter, x - left - MARGIN > width - 3 * MARGIN, left, top, width, height):
            for start, text, bold in runs:
                if bold:
                    painter.setFont(self._bold_font)
                painter.drawText(QPointF(start, baseline), text)
                if bold:
                    painter.setFont(self._font)

    def _first_time(self, key: str | Segments) -> bool:
        """Whether a text is painted for the first time (and remember that it was)."""
        if key in self._seen:
            return False
        self._remember(self._seen, key, None)
        return True

    def _draw_once(self, painter: QPainter, text: str, left: int, top: int, width: int, height: int) -> None:
        """A plain text drawn where its kept layout would be drawn: whole, or elided as the style elides it."""
        room = width - 2 * MARGIN
        line_height, ascent = self._plain_line
        baseline = QPointF(left + MARGIN, top + (height - line_height) // 2 + ascent)
        if self._fits(text, room):
            painter.drawText(baseline, text)
        else:
            painter.drawText(baseline, self._metrics.elidedText(text, Qt.TextElideMode.ElideRight, room))

    def _fit(self, segments: Segments, width: int) -> Segments:
        """A description with bold words as it fits a cell width wide: whole, or cut where the room less an
        ellipsis ends (at a character, each run measured in its own font) and ended with "…"."""
        room = width - 2 * MARGIN
        advances = [(self._bold_metrics if bold else self._metrics).horizontalAdvance(text) for text, bold in segments]
        if sum(advances) <= room:
            return self._remember(self._fitted, (segments, width), segments)
        left = room - self._metrics.horizontalAdvance(ELLIPSIS)
        fitted: list[tuple[str, bool]] = []
        for (text, bold), advance in zip(segments, advances, strict=True):
            if advance > left:
                metrics = self._bold_metrics if bold else self._metrics
                cut = _longest_prefix(text, left, metrics)
                if cut:
                    fitted.append((text[:cut], bold))
                break
            fitted.append((text, bold))
            left -= advance
        fitted.append((ELLIPSIS, False))
        return self._remember(self._fitted, (segments, width), tuple(fitted))

    def _readable(self, colour: QColor, palette: QPalette) -> QColor:
        """A kind's colour as text on this palette: the same hue, lightened on a dark background so it keeps
        its contrast (kept per palette and colour: a repaint asks for it in every cell)."""
        key = palette.cacheKey()
        dark = self._dark.get(key)
        if dark is None:
            dark = self._dark[key] = palette.color(QPalette.ColorRole.Base).lightness() < 128
        readable = self._readable_colours.get((dark, colour.rgba()))
        if readable is None:
            readable = self._readable_colours[(dark, colour.rgba())] = colour.lighter(175) if dark else colour
        return readable

    def _set_font(self, font: QFont) -> None:
        self._font = QFont(font)
        self._metrics = QFontMetricsF(self._font)
        self._bold_font = QFont(self._font)
        self._bold_font.setWeight(QFont.Weight.Bold)
        self._bold_metrics = QFontMetricsF(self._bold_font)
        self.clear_cache()
        self._plain_line = self._line_of((("X", False),))
        self._mixed_line = self._line_of((("X", False), ("X", True)))

    def _line_of(self, segments: Segments) -> tuple[int, float]:
        """The height and ascent of a line laid out as the kept layouts are: a bold font may stand taller."""
        _layout, line = self._runs_layout(segments)
        return round(line.height()), line.ascent()

    def _look(self, palette: QPalette, state: int) -> Look:
        """The colours of a cell in this state, as QCommonStyle picks them (CE_ItemViewItem)."""
        group = QPalette.ColorGroup.Disabled
        if state & ENABLED:
            group = QPalette.ColorGroup.Normal if state & ACTIVE else QPalette.ColorGroup.Inactive
        if state & SELECTED:
            look = (
                palette.brush(group, QPalette.ColorRole.Highlight),
                palette.color(group, QPalette.ColorRole.HighlightedText),
            )
        else:
            look = (None, palette.color(group, QPalette.ColorRole.Text))
        return self._remember(self._looks, (palette.cacheKey(), state & LOOK), look)

    @staticmethod
    def _remember(cache: dict[Key, Value], key: Key, value: Value) -> Value:
        if len(cache) >= CACHE_LIMIT:
            for old in list(islice(cache, len(cache) // 2)):  # a dict keeps its keys in the order they came
                del cache[old]
        cache[key] = value
        return value

    def _fits(self, text: str, room: int) -> bool:
        """Whether the style would show text whole in room: by its advance, as QFontMetrics.elidedText."""
        advance = self._advances.get(text)
        if advance is None:
            advance = self._remember(self._advances, text, self._metrics.horizontalAdvance(text))
        return advance <= room

    def _laid(self, text: str) -> Laid:
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(font=self._font)
        size = static.size()
        return static, size.width(), round(size.height())

    def _plain_text(self, text: str) -> Laid:
        return self._remember(self._plain, text, self._laid(text))

    def _elided_text(self, text: str, room: int) -> Laid:
        static, _, height = self._laid(self._metrics.elidedText(text, Qt.TextElideMode.ElideRight, room))
        return self._remember(self._elided, (text, room), (static, room, height))

    def _laid_out_runs(self, segments: Segments) -> Highlighted:
        """A description laid out once, its matched words in bold: one QTextLayout with bold ranges (a
        QStaticText per run cost twice as much), kept as its glyph runs, which carry their own fonts."""
        layout, line = self._runs_layout(segments)
        value = (tuple(layout.glyphRuns()), round(line.height()), line.naturalTextWidth())
        return self._remember(self._runs, segments, value)

    def _runs_layout(self, segments: Segments) -> tuple[QTextLayout, QTextLine]:
        layout = QTextLayout("".join(text for text, _ in segments), self._font)
        ranges, start = [], 0
        for text, bold in segments:
            length = len(text.encode("utf-16-le")) // 2  # Qt counts UTF-16 units
            if bold:
                bold_range = QTextLayout.FormatRange()
                bold_range.start, bold_range.length, bold_range.format = start, length, self._bold_format
                ranges.append(bold_range)
            start += length
        layout.setFormats(ranges)
        layout.beginLayout()
        line = layout.createLine()  # no width set: the whole text on one line
        layout.endLayout()
        return layout, line

    def draw_focus(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """The current cell's focus frame, as QCommonStyle draws it after an item (CE_ItemViewItem)."""
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        group = QPalette.ColorGroup.Disabled
        if item.state & QStyle.StateFlag.State_Enabled:
            active = item.state & QStyle.StateFlag.State_Active
            group = QPalette.ColorGroup.Normal if active else QPalette.ColorGroup.Inactive
        focus = QStyleOptionFocusRect()
        focus.rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemFocusRect, item, widget)
        focus.state = item.state | QStyle.StateFlag.State_KeyboardFocusChange | QStyle.StateFlag.State_Item
        focus.palette = item.palette
        focus.direction = item.direction
        focus.fontMetrics = item.fontMetrics
        selected = item.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Window
        focus.backgroundColor = item.palette.color(group, role)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, widget)


def _longest_prefix(text: str, room: float, metrics: QFontMetricsF) -> int:
    """How many characters of text fit in room (a binary search over the advances of its prefixes)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if metrics.horizontalAdvance(text[:middle]) <= room:
            low = middle
        else:
            high = middle - 1
    return low


@contextmanager
def _clipped(painter: QPainter, clip: bool, left: int, top: int, width: int, height: int) -> Iterator[None]:
    """Paint inside the cell's clip when clip is true (a text reaching the cell's end; a clip costs more than
    the drawing, so only then)."""
    if not clip:
        yield
        return
    painter.save()
    painter.setClipRect(left, top, width - MARGIN, height)
    try:
        yield
    finally:
        painter.restore()
