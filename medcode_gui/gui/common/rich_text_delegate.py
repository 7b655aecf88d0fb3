"""Paints a cell's HTML (a word diff) wrapped over as many lines as it needs, and sizes rows to fit."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

PADDING = 4


class RichTextDelegate(QStyledItemDelegate):
    """Shows the model's html_role when it has one, else the plain text as usual."""

    def __init__(self, html_role: int, parent=None) -> None:  # noqa: ANN001 - a QObject
        super().__init__(parent)
        self.html_role = html_role

    def _document(self, option: QStyleOptionViewItem, markup: str, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)  # the padding below lines it up with the plain cells beside it
        document.setHtml(markup)
        document.setTextWidth(max(width - 2 * PADDING, 40))
        return document

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        markup = index.data(self.html_role)
        if not markup:
            super().paint(painter, option, index)
            return
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""
        style = options.widget.style() if options.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        document = self._document(options, markup, option.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, options.palette.color(role))
        # Centred vertically like the plain cells (QStyledItemDelegate's default), top-aligned if taller.
        top = max(PADDING, (option.rect.height() - document.size().height()) / 2)
        painter.save()
        painter.translate(option.rect.left() + PADDING, option.rect.top() + top)
        painter.setClipRect(0, 0, option.rect.width() - PADDING, option.rect.height() - int(top))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        markup = index.data(self.html_role)
        if not markup:
            return super().sizeHint(option, index)
        width = option.rect.width() if option.rect.width() > 0 else 300
        document = self._document(option, markup, width)
        return QSize(int(document.idealWidth()) + 2 * PADDING, int(document.size().height()) + 2 * PADDING)
