"""Paints a cell's HTML (the description with matched words in bold) instead of its plain text."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF
from PySide6.QtGui import QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem


class HighlightDelegate(QStyledItemDelegate):
    def __init__(self, html_role: int, parent=None) -> None:  # noqa: ANN001 - a QObject
        super().__init__(parent)
        self.html_role = html_role
        self._document = QTextDocument()

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
        self._document.setDefaultFont(options.font)
        self._document.setDocumentMargin(2)
        self._document.setHtml(f"<span style='color:{colour.name()}'>{markup}</span>")
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, options, options.widget)
        painter.save()
        painter.translate(text_rect.topLeft())
        painter.setClipRect(QRectF(0, 0, text_rect.width(), text_rect.height()))
        self._document.drawContents(painter, QRectF(0, 0, text_rect.width(), text_rect.height()))
        painter.restore()
