"""Paints every cell of the results table from the model's prepared rows, with cached QStaticText.

The style's own item painting (QStyledItemDelegate.paint: eight data() calls per cell, then a QTextLayout
built and elided per cell per repaint) cost ~0.1 ms a cell, over 20 ms for a table page; a rich-text
QStaticText (the matched words in bold) costs ~0.2 ms to build, as it goes through a QTextDocument.

Here a cell is a few dictionary look-ups and one drawStaticText of a text laid out once (kept across
searches: codes, badges, statuses and descriptions recur as a word is typed). A description with matched
words is drawn as runs of plain text side by side, the bold ones in the bold font, clipped to the cell;
the other columns in their colour (the badge colour, terminated rows in red-brown), elided with "…" when
the column is too narrow; a selected row in the palette's highlight colours, and the current cell's
focus frame drawn by the style, as QCommonStyle draws an item.

Per cell, Python enum flags and QPalette.color() cost microseconds each: the state is read once as an
int, and the colours of each (palette, state) are looked up once and kept.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionFocusRect, QStyleOptionViewItem

from .results_model import DESCRIPTION, ResultsModel, Segments

MARGIN = 3  # the style's text margin (QStyle.PM_FocusFrameHMargin + 1) on each side of a cell
CACHE_LIMIT = 4000

SELECTED = QStyle.StateFlag.State_Selected.value
ENABLED = QStyle.StateFlag.State_Enabled.value
ACTIVE = QStyle.StateFlag.State_Active.value
HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
LOOK = SELECTED | ENABLED | ACTIVE  # the state bits that choose a cell's colours

Runs = tuple[tuple[int, QStaticText, QFont | None], ...]  # (x in the cell, laid out text, font to switch to)
Look = tuple[QBrush | None, QColor]  # the background to fill (None: the view's own), the text colour


class ResultsDelegate(QStyledItemDelegate):
    """For the whole results table (setItemDelegate); other models are painted the standard way.

    Texts are laid out in the font of the first cell painted, and again after the parent view's font
    changes (QEvent.FontChange)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._font: QFont | None = None
        self._metrics: QFontMetricsF | None = None
        self._bold: QFont | None = None
        self._bold_metrics: QFontMetricsF | None = None
        self._plain: dict[str, tuple[QStaticText, float, int]] = {}  # text: (laid out, width, height)
        self._elided: dict[tuple[str, int], tuple[QStaticText, float, int]] = {}
        self._bold_runs: dict[str, tuple[QStaticText, float, int]] = {}  # the same, in bold
        self._runs: dict[Segments, tuple[Runs, int]] = {}  # a highlighted description: (its runs, height)
        self._looks: dict[tuple[int, int], Look] = {}  # (palette cache key, state & LOOK)
        self._readable_colours: dict[tuple[int, int], QColor] = {}  # (palette cache key, rgba) -> text colour
        if parent is not None:
            parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange:
            self._font = None  # laid out again in the new font at the next paint
        return False

    def clear_cache(self) -> None:
        for cache in (self._plain, self._elided, self._bold_runs, self._runs, self._looks):
            cache.clear()

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        model = index.model()
        if not isinstance(model, ResultsModel):
            super().paint(painter, option, index)
            return
        if self._font is None:
            self._set_font(option.font)
        cells = model.cells(index.row())
        column = index.column()
        state = option.state.value
        palette = option.palette
        fill, colour = self._looks.get((palette.cacheKey(), state & LOOK)) or self._look(palette, state)
        left, top, width, height = option.rect.getRect()
        if fill is not None:
            painter.fillRect(left, top, width, height, fill)
        elif cells.colours[column] is not None:
            colour = self._readable(cells.colours[column], palette)
        if column == DESCRIPTION and cells.highlighted:
            runs, text_height = self._runs.get(cells.segments) or self._laid_out_runs(cells.segments)
            y = top + (height - text_height) // 2
            painter.save()
            painter.setClipRect(left, top, width - MARGIN, height)
            painter.setPen(colour)
            right = left + width
            for x, static, font in runs:
                if left + x >= right:
                    break
                if font is not None:
                    painter.setFont(font)
                painter.drawStaticText(left + x, y, static)
            painter.restore()
        else:
            text = cells.texts[column]
            static, text_width, text_height = self._plain.get(text) or self._plain_text(text)
            room = width - 2 * MARGIN
            painter.setPen(colour)
            if text_width <= room:
                painter.drawStaticText(left + MARGIN, top + (height - text_height) // 2, static)
            elif column == DESCRIPTION:  # clipped, as the highlighted descriptions are
                painter.save()
                painter.setClipRect(left, top, width - MARGIN, height)
                painter.drawStaticText(left + MARGIN, top + (height - text_height) // 2, static)
                painter.restore()
            else:
                static, _, text_height = self._elided.get((text, room)) or self._elided_text(text, room)
                painter.drawStaticText(left + MARGIN, top + (height - text_height) // 2, static)
        if state & HAS_FOCUS:
            self._draw_focus(painter, option, index)

    def _readable(self, colour: QColor, palette: QPalette) -> QColor:
        """A kind's colour as text on this palette: the same hue, lightened on a dark background so it keeps
        its contrast (kept per palette and colour: a repaint asks for it in every cell)."""
        key = (palette.cacheKey(), colour.rgba())
        if key not in self._readable_colours:
            dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
            self._readable_colours[key] = colour.lighter(175) if dark else colour
        return self._readable_colours[key]

    def _set_font(self, font: QFont) -> None:
        self._font = QFont(font)
        self._metrics = QFontMetricsF(self._font)
        self._bold = QFont(font)
        self._bold.setBold(True)
        self._bold_metrics = QFontMetricsF(self._bold)
        self.clear_cache()

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
    def _remember(cache: dict, key: object, value: tuple) -> tuple:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[key] = value
        return value

    def _static(self, text: str) -> tuple[QStaticText, int]:
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(font=self._font)
        return static, round(static.size().height())

    def _plain_text(self, text: str) -> tuple[QStaticText, float, int]:
        static, height = self._static(text)
        return self._remember(self._plain, text, (static, self._metrics.horizontalAdvance(text), height))

    def _elided_text(self, text: str, room: int) -> tuple[QStaticText, float, int]:
        static, height = self._static(self._metrics.elidedText(text, Qt.TextElideMode.ElideRight, room))
        return self._remember(self._elided, (text, room), (static, room, height))

    def _laid_out_runs(self, segments: Segments) -> tuple[Runs, int]:
        """A description's runs side by side: where each starts, laid out in its font, and the font to
        switch the painter to before it (None: the painter has it already; restore() switches back)."""
        runs: list[tuple[int, QStaticText, QFont | None]] = []
        x, painter_font, height = float(MARGIN), self._font, 0
        for text, bold in segments:
            font = self._bold if bold else self._font
            static, width, height = (self._bold_runs if bold else self._plain).get(text) or self._run(text, bold)
            runs.append((round(x), static, font if font is not painter_font else None))
            painter_font, x = font, x + width
        return self._remember(self._runs, segments, (tuple(runs), height))

    def _run(self, text: str, bold: bool) -> tuple[QStaticText, float, int]:
        if not bold:
            return self._plain_text(text)
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(font=self._bold)
        value = (static, self._bold_metrics.horizontalAdvance(text), round(static.size().height()))
        return self._remember(self._bold_runs, text, value)

    def _draw_focus(
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
