"""Printing and PDF: a detail card and a list, page by page, with the header and footer on every page."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from medcode_gui.gui.common.palette import badge_colour
from medcode_gui.gui.workspace import printed_card, printed_list, printing
from medcode_gui.views.code_view import lookup_view

PRINTED = date(2024, 5, 1)
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_pages(path: Path) -> int:
    """The page objects of a PDF (Qt writes them uncompressed), not counting the /Pages tree node."""
    return len(PAGE_OBJECT.findall(path.read_bytes()))


DARK = bytes(1 if value < 160 else 0 for value in range(256))


def inked(image: QImage, top: float, bottom: float) -> int:
    """Pixels darker than light grey in a band of rows of the image."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    first, last = max(0, int(top)), min(grey.height() - 1, int(bottom))
    stride, data = grey.bytesPerLine(), bytes(grey.constBits())
    rows = b"".join(data[y * stride : y * stride + grey.width()] for y in range(first, last + 1))
    return rows.translate(DARK).count(1)


def band(image: QImage, top: float, bottom: float) -> QImage:
    return image.copy(0, int(top), image.width(), int(bottom - top) + 1)


@pytest.fixture(autouse=True)
def application(qapp):  # noqa: ANN001, ANN201 - QPrinter and fonts need a QApplication
    return qapp


@pytest.fixture
def j1100(store) -> dict[str, Any]:
    return lookup_view(store, "J1100")


@pytest.fixture
def j_rows(store) -> tuple[list[dict[str, str]], list[str]]:
    rows, sources = printed_list.rows_and_sources(store.codes_in_node("hcpcs.2.j", limit=120))
    assert len(rows) == 120
    return rows, sources


def test_the_card_holds_every_part_of_the_view(j1100: dict[str, Any]) -> None:
    html = printed_card.card_html(j1100)
    for text in (
        "J1100",
        "Dexamethasone sodium phos",
        "Injection, dexamethasone sodium phosphate, 1 mg",
        "Active",
        "HCPCS Level II code",
        "Drug codes J1000-J1999",
        "Multiple pricing indicator (MULT_PI)",
        "Not applicable as HCPCS priced under one methodology",
        "HCPCS-2019",
        "2019-Alpha-Numeric-HCPCS-File.zip",
        "HCPC2019_CONTR_ANWEB.txt",
        j1100["source"]["sha256"],
    ):
        assert text in html, text
    assert badge_colour("HCPCS II").name() in html  # the badge in the palette's colour
    assert printed_card.card_header(j1100).startswith("J1100 · Data: HCPCS-2019 (effective 2019-01-01)")


def test_the_card_escapes_the_data_and_shows_the_fee_schedule(j1100: dict[str, Any]) -> None:
    view = dict(j1100)
    view["short_description"] = "<b>bold</b> & <script>x</script>"
    view["fee_schedule"] = {
        "release": "PFS-2025-Oct",
        "file": "PPRRVU2025_Oct.csv",
        "decoded": [{"field": "STATUS CODE", "label": "Status", "code": "A", "meaning": "Active <paid>"}],
        "amounts": [{"field": "WORK RVU", "label": "Work RVU", "code": "0.17", "meaning": "Relative value units"}],
        "modifier_rows": {"26": {"WORK RVU": "0.10"}},
    }
    view["counterparts"] = [{"code": "99999", "description": "x<y", "relation": "same", "source": "test"}]
    html = printed_card.card_html(view)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;bold&lt;/b&gt; &amp;" in html
    assert "Medicare physician fee schedule (PFS-2025-Oct, PPRRVU2025_Oct.csv)" in html
    assert "Active &lt;paid&gt;" in html and "0.17" in html and "With modifier 26" in html
    assert "x&lt;y" in html
    assert printed_card.card_sources(view)[-1] == "PFS-2025-Oct, PPRRVU2025_Oct.csv"


def test_the_list_has_a_row_per_code(j_rows) -> None:
    rows, sources = j_rows
    html = printed_list.list_html("J codes <all>", rows)
    assert html.count("<tr>") == 120 and "J codes &lt;all&gt;" in html and "120 codes" in html
    assert "<thead>" in html  # the column headings repeat on every page
    assert sources == ["HCPCS-2019, 2019-Alpha-Numeric-HCPCS-File.zip"]
    # sequences work as rows too
    assert "E0100" in printed_list.list_html("t", [("E0100", "code", "Cane", "HCPCS-2019")])


def test_a_card_saved_as_pdf(j1100: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "J1100.pdf"
    pages = printing.save_card_pdf(j1100, path, PRINTED)
    assert path.read_bytes().startswith(b"%PDF")
    assert pages == 1 == pdf_pages(path)


def test_a_long_list_saved_as_pdf_runs_over_several_pages(j_rows, tmp_path: Path) -> None:
    rows, sources = j_rows
    path = tmp_path / "list.pdf"
    pages = printing.save_list_pdf("J codes", rows, sources, path, PRINTED)
    assert path.read_bytes().startswith(b"%PDF")
    assert pages >= 3 and pdf_pages(path) == pages


def test_every_page_gets_the_header_and_footer(j_rows) -> None:
    rows, sources = j_rows
    html, header = printed_list.list_html("J codes", rows), printed_list.list_header("J codes", sources)
    assert header == "J codes · Data: HCPCS-2019, 2019-Alpha-Numeric-HCPCS-File.zip"
    first, layout = printing.page_image(html, header, 0, printed=PRINTED)
    count = layout.page_count
    assert count >= 3
    footers = []
    for page in range(count):
        image, pages = printing.page_image(html, header, page, printed=PRINTED) if page else (first, layout)
        rect = pages.page_rect
        assert pages.footer_text(page) == (
            f"Printed {PRINTED.isoformat()} · MedCode Browser",
            f"Page {page + 1} of {count}",
        )
        assert inked(image, rect.top(), rect.top() + pages.header_height) > 50  # the header is drawn
        footer_top = rect.bottom() - pages.footer_height
        assert inked(image, footer_top, rect.bottom()) > 50  # the footer is drawn
        assert inked(image, pages.body.top(), pages.body.bottom()) > 1000  # and the body
        footers.append(band(image, footer_top, rect.bottom()))
    assert band(first, layout.page_rect.top(), layout.page_rect.top() + layout.header_height) == band(
        image, rect.top(), rect.top() + pages.header_height
    )  # the same header on the first and the last page
    assert footers[0] != footers[1]  # "Page 1 of N", "Page 2 of N"


def need_poppler(tool: str) -> None:
    """.ci/setup installs poppler-utils; without it these checks fail with the fix, never skip."""
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: install poppler-utils (bash .ci/setup does).", pytrace=False)


def test_the_pdf_text_of_every_page(j_rows, tmp_path: Path) -> None:
    need_poppler("pdftotext")
    rows, sources = j_rows
    path = tmp_path / "list.pdf"
    count = printing.save_list_pdf("J codes", rows, sources, path, PRINTED)
    for page in range(1, count + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "HCPCS-2019, 2019-Alpha-Numeric-HCPCS-File.zip" in text
        assert "Printed 2024-05-01" in text and f"Page {page} of {count}" in text
        assert "Description" in text  # the column headings repeat


def test_rendering_a_pdf_page_as_png(j1100: dict[str, Any], tmp_path: Path) -> None:
    try:
        from PySide6.QtPdf import QPdfDocument  # noqa: F401
    except ImportError:
        need_poppler("pdftoppm")
    pdf, png = tmp_path / "card.pdf", tmp_path / "card.png"
    printing.save_card_pdf(j1100, pdf, PRINTED)
    printing.render_pdf_page_png(pdf, png)
    image = QImage(str(png))
    assert png.read_bytes().startswith(b"\x89PNG") and image.width() > 500 and image.height() > image.width()
