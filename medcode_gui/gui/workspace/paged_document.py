"""HTML laid out page by page for printing: the body in a QTextDocument sized to the page less the header and
footer, painted one page at a time with a QPainter, so the same routine paints a QPrinter (paper or PDF) or a
QImage (previews, tests). The header names the data's sources, the footer the date printed and "Page N of M".
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QPaintDevice,
    QPainter,
    QPalette,
    QPen,
    QTextDocument,
)

from .print_html import APP_NAME

BODY_POINTS = 10.0
HEADER_POINTS = 8.0
HEADER_MAX_LINES = 3
GAP_POINTS = 6.0  # between the header (or footer) rule and the body
INK, RULE, MUTED = QColor("#111827"), QColor("#9ca3af"), QColor("#374151")


def _points(device: QPaintDevice, points: float) -> float:
    return points * device.logicalDpiY() / 72.0


class PagedDocument:
    """HTML laid out for one paint device's pages, with the header and footer every page gets.

    page_rect is the paintable rectangle in device units (for a QPrinter, its paint rectangle from (0, 0)).
    """

    def __init__(
        self, html: str, header: str, device: QPaintDevice, page_rect: QRectF, printed: date | None = None
    ) -> None:
        self.header = header
        self.printed = (printed or date.today()).isoformat()
        self.page_rect = QRectF(page_rect)
        self.header_font = QFont()
        self.header_font.setPointSizeF(HEADER_POINTS)
        metrics = QFontMetricsF(self.header_font, device)
        width = self.page_rect.width()
        wrapped = metrics.boundingRect(QRectF(0, 0, width, 1e6), int(Qt.TextFlag.TextWordWrap), header).height()
        self.header_height = min(wrapped, metrics.lineSpacing() * HEADER_MAX_LINES)
        self.footer_height = metrics.lineSpacing()
        gap = _points(device, GAP_POINTS)
        top = self.page_rect.top() + self.header_height + gap
        bottom = self.page_rect.bottom() - self.footer_height - gap
        self.body = QRectF(self.page_rect.left(), top, width, max(1.0, bottom - top))

        self.document = QTextDocument()
        self.document.documentLayout().setPaintDevice(device)
        font = QFont()
        font.setPointSizeF(BODY_POINTS)
        self.document.setDefaultFont(font)
        self.document.setDocumentMargin(0)
        self.document.setHtml(html)
        self.document.setPageSize(QSizeF(self.body.width(), self.body.height()))
        self._device = device  # the layout refers to it

    @property
    def page_count(self) -> int:
        return max(1, self.document.pageCount())

    def footer_text(self, index: int) -> tuple[str, str]:
        """The footer's left and right text on page `index` (from 0)."""
        return f"Printed {self.printed} · {APP_NAME}", f"Page {index + 1} of {self.page_count}"

    def paint_page(self, painter: QPainter, index: int) -> None:
        """Header, the body's page `index` (from 0), footer."""
        painter.save()
        rect, body = self.page_rect, self.body
        painter.setFont(self.header_font)
        painter.setPen(MUTED)
        header_rect = QRectF(rect.left(), rect.top(), rect.width(), self.header_height)
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)
        painter.save()
        painter.setClipRect(header_rect)  # a header longer than HEADER_MAX_LINES is cut, never drawn over the body
        painter.drawText(header_rect, flags, self.header)
        painter.restore()
        footer_rect = QRectF(rect.left(), rect.bottom() - self.footer_height, rect.width(), self.footer_height)
        left, right = self.footer_text(index)
        painter.drawText(footer_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), left)
        painter.drawText(footer_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), right)
        pen = QPen(RULE)
        pen.setWidthF(max(1.0, _points(painter.device(), 0.5)))
        painter.setPen(pen)
        gap = (body.top() - header_rect.bottom()) / 2
        above = header_rect.bottom() + gap
        painter.drawLine(QPointF(rect.left(), above), QPointF(rect.right(), above))
        below = body.bottom() + (footer_rect.top() - body.bottom()) / 2
        painter.drawLine(QPointF(rect.left(), below), QPointF(rect.right(), below))

        height = body.height()
        painter.translate(body.left(), body.top() - index * height)
        clip = QRectF(0, index * height, body.width(), height)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        context.palette.setColor(QPalette.ColorRole.Text, INK)  # black on paper, whatever the theme
        self.document.documentLayout().draw(painter, context)
        painter.restore()
