"""Printing and PDF: a code's detail card or a list of codes, page by page, with a header and a footer on every page.

The header names the release(s) and source file(s) the data came from, the footer the date printed and
"Page N of M". The body is HTML (card_html, list_html) laid out by a QTextDocument on the page rectangle less the
header and footer, drawn one page at a time with a QPainter: the same routine paints a QPrinter (paper or PDF)
or a QImage (previews, tests). Every text from the data is escaped with html.escape.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPalette,
    QPen,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from ...codes.badges import badge
from ..common.banner import banner_colours
from ..common.palette import badge_colour
from ..common.view_fields import NOT_DOCUMENTED, decoded_entries, kind_text

APP_NAME = "MedCode Browser"
CRUMB_SEPARATOR = " › "
PAGE_SIZE = QPageSize.PageSizeId.Letter
MARGINS_MM = QMarginsF(15, 15, 15, 15)
BODY_POINTS = 10.0
HEADER_POINTS = 8.0
HEADER_MAX_LINES = 3
GAP_POINTS = 6.0  # between the header (or footer) rule and the body
INK, RULE, MUTED = QColor("#111827"), QColor("#9ca3af"), QColor("#374151")
TABLE = (
    'width="100%" border="1" cellspacing="0" cellpadding="4" style="border-collapse: collapse; border-color: #9ca3af"'
)


# HTML -----------------------------------------------------------------------------------------------------------


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _badge_html(code: str, kind: str) -> str:
    text = badge(code, kind)
    if text == "?":
        return ""
    colour = badge_colour(text).name()
    return f'<span style="background-color: {colour}; color: #ffffff; font-weight: bold">&nbsp;{_e(text)}&nbsp;</span>'


def _fields_table(entries: Iterable[Mapping[str, Any]]) -> str:
    rows = []
    for entry in entries:
        field = str(entry.get("field", ""))
        label = str(entry.get("label") or field)
        meaning = entry.get("meaning")
        words = _e(meaning) if meaning else f"<i>{_e(NOT_DOCUMENTED)}</i>"
        if entry.get("note") and meaning:
            words += f" ({_e(entry['note'])})"
        rows.append(
            f"<tr><td>{_e(label)} ({_e(field)})</td><td><b>{_e(entry.get('code', ''))}</b></td><td>{words}</td></tr>"
        )
    head = '<thead><tr style="background-color: #e5e7eb"><th align="left">Field</th><th align="left">Value</th>'
    head += '<th align="left">Meaning</th></tr></thead>'
    return f"<table {TABLE}>{head}<tbody>{''.join(rows)}</tbody></table>"


def card_sources(view: Mapping[str, Any]) -> list[str]:
    """The releases and files a card's data came from: the code's release, and the fee schedule's if any."""
    sources = []
    if view.get("release"):
        source = view.get("source") or {}
        text = f"{view['release']}"
        if view.get("release_effective_date"):
            text += f" (effective {view['release_effective_date']})"
        if source.get("file"):
            text += f", {source['file']}"
        sources.append(text)
    if fee := view.get("fee_schedule"):
        sources.append(f"{fee.get('release')}, {fee.get('file')}")
    return sources


def card_header(view: Mapping[str, Any]) -> str:
    """The page header of a printed card: the code and where its data came from."""
    sources = card_sources(view)
    return f"{view.get('code', '')} · " + ("Data: " + "; ".join(sources) if sources else "not in the releases shown")


def card_html(view: Mapping[str, Any]) -> str:
    """A printable detail card of a code view (views.lookup_view or window_view): every text escaped."""
    code = str(view.get("code", ""))
    parts = [f'<p style="font-size: 28pt; font-weight: bold; margin: 0">{_e(code)}</p>']
    if not view.get("found", True):
        parts.append("<p>Not in the releases shown.</p>")
        return _page(parts)
    kind = str(view.get("kind") or "code")
    parts.append(f"<p>{_badge_html(code, kind)} &nbsp;{_e(kind_text(dict(view)))}</p>")
    short, long = view.get("short_description"), view.get("long_description")
    if short:
        parts.append(f'<p style="font-size: 15pt; font-weight: bold; margin-top: 4pt">{_e(short)}</p>')
    if long and long != short:
        parts.append(f'<p style="font-size: 12pt">{_e(long)}</p>')

    banner = view.get("banner") or {"state": view.get("status") or "active", "text": ""}
    state = str(banner.get("state") or "active")
    background, foreground, border = banner_colours(state)
    parts.append(
        f'<table width="100%" cellspacing="0" cellpadding="6" border="0"><tr>'
        f'<td width="6" style="background-color: {border}"></td>'
        f'<td style="background-color: {background}; color: {foreground}; font-weight: bold">'
        f"{_e(banner.get('text') or state.capitalize())}</td></tr></table>"
    )
    if path := view.get("path"):
        crumb = CRUMB_SEPARATOR.join(_e(step.get("title") or step.get("id")) for step in path)
        parts.append(f"<p><b>Place in the outline</b>: {crumb}</p>")

    if entries := decoded_entries(dict(view)):
        parts.append("<h3>Coded fields (CMS record layout)</h3>" + _fields_table(entries))
    dates = (
        ("Added", view.get("added_date")),
        ("Action effective", view.get("action_effective_date")),
        ("Termination", view.get("termination_date")),
    )
    if any(value for _, value in dates):
        parts.append("<p>" + " &nbsp;·&nbsp; ".join(f"<b>{n}</b> {_e(v) if v else '—'}" for n, v in dates) + "</p>")
    for title, key in (("Cross-references", "cross_references"), ("Referenced by", "referenced_by")):
        if codes := view.get(key):
            parts.append(f"<p><b>{title}</b>: {', '.join(_e(c) for c in codes)}</p>")
    if note := view.get("processing_note"):
        text = _e(note.get("text")) if note.get("text") else "<i>no text for this number in the release's notes</i>"
        parts.append(f"<p><b>Processing note {_e(note.get('number'))}</b>: {text}</p>")

    if fee := view.get("fee_schedule"):
        parts.append(f"<h3>Medicare physician fee schedule ({_e(fee.get('release'))}, {_e(fee.get('file'))})</h3>")
        parts.append(_fields_table(list(fee.get("decoded") or []) + list(fee.get("amounts") or [])))
        for modifier, values in (fee.get("modifier_rows") or {}).items():
            shown = ", ".join(f"{_e(k)} {_e(v)}" for k, v in values.items() if v)
            parts.append(f"<p><b>With modifier {_e(modifier)}</b>: {shown}</p>")

    if counterparts := view.get("counterparts"):
        items = []
        for entry in counterparts:
            line = f"<b>{_e(entry.get('code'))}</b> {_e(entry.get('description') or 'not in this database')}"
            line += f" — <i>{_e(entry.get('relation'))}</i>"
            if entry.get("note"):
                line += f"<br>{_e(entry['note'])}"
            if entry.get("source"):
                line += f"<br><small>Source: {_e(entry['source'])}</small>"
            items.append(f"<li>{line}</li>")
        parts.append("<h3>Counterparts</h3><ul>" + "".join(items) + "</ul>")

    if history := view.get("history"):
        lines = [f"<b>{_e(e.get('effective_date'))}</b> {_e(e.get('release'))}: {_e(e.get('text'))}" for e in history]
        parts.append("<h3>History</h3><p>" + "<br>".join(lines) + "</p>")
    if view.get("starter"):
        parts.append(f"<p><i>{_e(view.get('description_source') or 'Plain-language starter description')}</i></p>")

    source = view.get("source") or {}
    lines = []
    if view.get("release"):
        effective = f", effective {_e(view['release_effective_date'])}" if view.get("release_effective_date") else ""
        lines.append(f"Release {_e(view['release'])}{effective}")
    if source.get("file"):
        member = source.get("member")
        lines.append(
            f"File {_e(source['file'])}" + (f", member {_e(member)}" if member and member != source["file"] else "")
        )
    if source.get("sha256"):
        lines.append(f"SHA-256 {_e(source['sha256'])}")
    if lines:
        parts.append('<hr><p style="font-size: 8pt"><b>Source</b><br>' + "<br>".join(lines) + "</p>")
    return _page(parts)


def _row_value(row: Mapping[str, Any] | Sequence[Any], key: str, index: int) -> str:
    if isinstance(row, Mapping):
        value = row.get(key)
        if value is None and key == "short_description":
            value = row.get("description")
        return "" if value is None else str(value)
    return str(row[index]) if index < len(row) and row[index] is not None else ""


def list_html(title: str, rows: Iterable[Mapping[str, Any] | Sequence[Any]]) -> str:
    """A printable list: a title and a table of code, kind, short description and release, one row per code.

    A row is a mapping (views.search_hit_view, or code / kind / short_description / release keys) or a sequence
    in that order. A kind of "code" or "modifier" is shown as the code's badge, in its colour; any other kind as
    it is. The column headings repeat on every page.
    """
    body = []
    for row in rows:
        code = _row_value(row, "code", 0)
        kind = _row_value(row, "kind", 1)
        shown = _badge_html(code, kind) if kind in ("code", "modifier") else _e(kind)
        cells = (
            f"<b>{_e(code)}</b>",
            shown,
            _e(_row_value(row, "short_description", 2)),
            _e(_row_value(row, "release", 3)),
        )
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = '<thead><tr style="background-color: #e5e7eb"><th align="left" width="12%">Code</th>'
    head += '<th align="left" width="16%">Kind</th><th align="left">Short description</th>'
    head += '<th align="left" width="18%">Release</th></tr></thead>'
    count = len(body)
    heading = f'<p style="font-size: 15pt; font-weight: bold; margin: 0">{_e(title)}</p>'
    heading += f"<p>{count:,} code{'' if count == 1 else 's'}</p>"
    return _page([heading, f"<table {TABLE}>{head}<tbody>{''.join(body)}</tbody></table>"])


def _page(parts: list[str]) -> str:
    return f'<html><body style="color: #111827">{"".join(parts)}</body></html>'


def rows_and_sources(hits: Iterable[Any]) -> tuple[list[dict[str, str]], list[str]]:
    """list_html rows and the header's sources (release, file) for stored hits (StoredCode), in their order."""
    rows, sources = [], []
    for hit in hits:
        record, release = hit.record, hit.release
        rows.append(
            {
                "code": record.code,
                "kind": record.kind,
                "short_description": record.short_description,
                "release": release.label,
            }
        )
        source = f"{release.label}, {release.source_name}" if release.source_name else release.label
        if source not in sources:
            sources.append(source)
    return rows, sources


# Pages ----------------------------------------------------------------------------------------------------------


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


def _need_application() -> None:
    if QGuiApplication.instance() is None:
        raise RuntimeError("printing needs a QGuiApplication: create the application first")


def _printer_page_rect(printer: QPrinter) -> QRectF:
    paint = printer.pageLayout().paintRectPixels(printer.resolution())
    return QRectF(0, 0, paint.width(), paint.height())


def print_document(html: str, header: str, printer: QPrinter, printed: date | None = None) -> int:
    """Print (or write as PDF) the HTML page by page with the header and footer on each; the number of pages."""
    pages = PagedDocument(html, header, printer, _printer_page_rect(printer), printed)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(f"cannot print to {printer.outputFileName() or printer.printerName() or 'the printer'}")
    try:
        for index in range(pages.page_count):
            if index:
                printer.newPage()
            pages.paint_page(painter, index)
    finally:
        painter.end()
    return pages.page_count


def pdf_printer(path: str | Path, title: str = APP_NAME) -> QPrinter:
    """A QPrinter writing a PDF file: US Letter, 15 mm margins. Needs a QGuiApplication (Qt aborts without)."""
    _need_application()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageLayout(QPageLayout(QPageSize(PAGE_SIZE), QPageLayout.Orientation.Portrait, MARGINS_MM))
    printer.setDocName(title)
    printer.setCreator(APP_NAME)
    return printer


def save_card_pdf(view: Mapping[str, Any], path: str | Path, printed: date | None = None) -> int:
    """Write a code's detail card as a PDF; the number of pages."""
    header = card_header(view)
    return print_document(card_html(view), header, pdf_printer(path, f"{view.get('code', '')} — {APP_NAME}"), printed)


def list_header(title: str, sources: Sequence[str]) -> str:
    return f"{title} · " + ("Data: " + "; ".join(sources) if sources else APP_NAME)


def save_list_pdf(
    title: str,
    rows: Iterable[Mapping[str, Any] | Sequence[Any]],
    sources: Sequence[str],
    path: str | Path,
    printed: date | None = None,
) -> int:
    """Write a list of codes as a PDF, `sources` (release, file) in every page's header; the number of pages."""
    return print_document(list_html(title, rows), list_header(title, sources), pdf_printer(path, title), printed)


def print_with_dialog(parent: QWidget | None, html: str, header: str) -> bool:
    """Ask for a printer (the dialog offers PDF too) and print; False if the user cancelled."""
    _need_application()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(PAGE_SIZE), QPageLayout.Orientation.Portrait, MARGINS_MM))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_document(html, header, printer)
    return True


# Images ---------------------------------------------------------------------------------------------------------


def page_image(
    html: str, header: str, page: int = 0, dpi: int = 96, printed: date | None = None
) -> tuple[QImage, PagedDocument]:
    """One page as print_document paints it, on a white US Letter image at `dpi` (previews, screenshots, tests)."""
    _need_application()
    layout = QPageLayout(QPageSize(PAGE_SIZE), QPageLayout.Orientation.Portrait, MARGINS_MM)
    full, paint = layout.fullRectPixels(dpi), layout.paintRectPixels(dpi)
    image = QImage(full.width(), full.height(), QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("#ffffff"))
    pages = PagedDocument(html, header, image, QRectF(paint), printed)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pages.paint_page(painter, min(max(0, page), pages.page_count - 1))
    painter.end()
    return image, pages


def render_pdf_page_png(pdf_path: str | Path, png_path: str | Path, page: int = 0, dpi: int = 110) -> None:
    """Render one page (from 0) of a PDF as PNG: with PySide6.QtPdf where installed (not in PySide6-Essentials),
    else with pdftoppm (poppler-utils); RuntimeError if neither is there."""
    try:
        from PySide6.QtPdf import QPdfDocument  # type: ignore[import-not-found]
    except ImportError:
        QPdfDocument = None  # noqa: N806 - the class, if there is one
    if QPdfDocument is not None:
        document = QPdfDocument()
        document.load(str(pdf_path))
        points = document.pagePointSize(page)
        image = document.render(page, QSizeF(points * dpi / 72.0).toSize())
        if image.isNull() or not image.save(str(png_path)):
            raise RuntimeError(f"could not render page {page} of {pdf_path}")
        return
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise RuntimeError("rendering a PDF needs PySide6.QtPdf (PySide6-Addons) or pdftoppm (poppler-utils)")
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "page"
        number = str(page + 1)
        subprocess.run(
            [tool, "-png", "-r", str(dpi), "-f", number, "-l", number, "-singlefile", str(pdf_path), str(stem)],
            check=True,
            capture_output=True,
        )
        shutil.move(str(stem.with_suffix(".png")), str(png_path))
