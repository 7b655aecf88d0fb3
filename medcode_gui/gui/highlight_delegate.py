"""Paints a cell's HTML (the description with matched words in bold) instead of its plain text."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QPainter, QPalette, QStaticText, QTextOption
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

CACHE_LIMIT = 2000


class HighlightDelegate(QStyledItemDelegate):
    """Rich text through QStaticText: laid out once per markup and reused, so a repaint stays cheap."""

    def __init__(self, html_role: int, parent=None) -> None:  # noqa: ANN001 - a QObject
        super().__init__(parent)
        self.html_role = html_role
        self._cache: dict[tuple[str, str], QStaticText] = {}

    def _static_text(self, markup: str, colour: str) -> QStaticText:
        key = (markup, colour)
        if key not in self._cache:
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            text = QStaticText(f"<span style='white-space:pre; color:{colour}'>{markup}</span>")
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setTextOption(QTextOption(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter))
            self._cache[key] = text
        return self._cache[key]

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        markup = index.data(self.html_role)
        if markup is None:
            super().paint(painter, option, index)
            return
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""
        style = options.widget.style() if options.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        colour = options.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        text = self._static_text(markup, colour.name())
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, options, options.widget)
        painter.save()
        painter.setClipRect(rect)
        painter.setFont(options.font)
        top = rect.top() + (rect.height() - text.size().height()) / 2
        painter.drawStaticText(QPointF(rect.left() + 2, top), text)
        painter.restore()
