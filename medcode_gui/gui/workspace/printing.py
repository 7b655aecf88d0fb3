"""Printing and PDF: a code's detail card or a list of codes, page by page, with a header and a footer on every page.

The header names the release(s) and source file(s) the data came from, the footer the date printed and
"Page N of M". The body is HTML (printed_card.card_html, printed_list.list_html) laid out and painted by a
PagedDocument (paged_document): this module sends it to a printer, a PDF file or an image. The HTML builders
the window uses are importable from here too, so callers need only this module.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from .paged_document import PagedDocument
from .print_html import APP_NAME
from .printed_card import card_header, card_html
from .printed_list import list_header, list_html, rows_and_sources

__all__ = [
    "card_header",
    "card_html",
    "list_header",
    "list_html",
    "page_image",
    "pdf_printer",
    "print_document",
    "print_with_dialog",
    "render_pdf_page_png",
    "rows_and_sources",
    "save_card_pdf",
    "save_list_pdf",
]

PAGE_SIZE = QPageSize.PageSizeId.Letter
MARGINS_MM = QMarginsF(15, 15, 15, 15)


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
