"""The detail pane shows a code view (views.lookup_view) as it is, escaped, with working links."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel

from medcode_gui.codes.explain import explain
from medcode_gui.gui.common.view_fields import NOT_DOCUMENTED
from medcode_gui.gui.detail.detail_pane import PLACEHOLDER, DetailPane
from medcode_gui.views.code_view import lookup_view


@pytest.fixture
def pane(qtbot) -> DetailPane:
    widget = DetailPane()
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    return widget


def table_rows(pane: DetailPane) -> list[tuple[str, str, str]]:
    table = pane.fields_table
    return [tuple(table.item(row, column).text() for column in range(3)) for row in range(table.rowCount())]


def visible(pane: DetailPane, widget) -> bool:  # noqa: ANN001 - any QWidget
    return widget.isVisibleTo(pane)


def test_starts_with_the_placeholder(pane: DetailPane) -> None:
    assert pane.current_code is None
    assert pane.placeholder_label.text() == PLACEHOLDER and visible(pane, pane.placeholder_label)
    assert not visible(pane, pane.code_label) and not visible(pane, pane.fields_table)


def test_j1100_shows_every_decoded_field_with_tooltips(pane: DetailPane, store) -> None:
    pane.show_view(lookup_view(store, "J1100"))
    assert pane.current_code == "J1100"
    assert pane.code_label.text() == "J1100" and visible(pane, pane.code_label)
    assert pane.short_label.text() == "Dexamethasone sodium phos"
    assert visible(pane, pane.long_label)
    assert pane.long_label.text() == "Injection, dexamethasone sodium phosphate, 1 mg"
    assert pane.banner_label.text() == "Active" and visible(pane, pane.banner_label)
    assert pane.kind_label.text() == "HCPCS Level II code"
    assert pane.badge_label.text() == "HCPCS II"

    rows = table_rows(pane)
    assert visible(pane, pane.fields_table)
    assert ("Type of service (TOS1)", "1", "Medical care") in rows
    assert ("Type of service (TOS2)", "P", "Lump sum purchase of DME, prosthetics, orthotics") in rows
    assert ("Coverage (COV)", "D", "Special coverage instructions apply") in rows
    assert {row[0] for row in rows} >= {"Pricing indicator (PRICE1)", "BETOS (BETOS)", "Action (ACTION CD)"}
    table = pane.fields_table
    for row in range(table.rowCount()):
        for column in range(3):
            assert table.item(row, column).toolTip().strip(), (row, column)
    tos = next(row for row in range(table.rowCount()) if table.item(row, 1).text() == "P")
    assert "Type of service" in table.item(tos, 0).toolTip() and "TOS2" in table.item(tos, 0).toolTip()
    assert "Lump sum purchase of DME" in table.item(tos, 1).toolTip()
    assert "Lump sum purchase of DME" in table.item(tos, 2).toolTip()

    assert "1982-01-01" in pane.dates_label.text() and "Termination" in pane.dates_label.text()
    assert not visible(pane, pane.xrefs_row) and not visible(pane, pane.starter_label)
    assert not visible(pane, pane.note_label) and not visible(pane, pane.placeholder_label)
    source = pane.source_label.text()
    assert "HCPCS-2019" in source and "2019-Alpha-Numeric-HCPCS-File.zip" in source
    assert "HCPC2019_CONTR_ANWEB.txt" in source and "61c0ba424005" in source and "61c0ba4240051" not in source


def test_main_widgets_have_accessible_names(pane: DetailPane) -> None:
    names = {w.accessibleName() for w in pane.findChildren(QLabel)} | {pane.fields_table.accessibleName()}
    expected = {"Code", "Short description", "Status", "Long description", "Breadcrumb", "Fields"}
    assert expected | {"Cross-references", "Referenced by", "Source", "Starter data"} <= names


def test_screen_readers_get_the_text_as_well_as_the_name(pane: DetailPane, store) -> None:
    pane.show_view(lookup_view(store, "G0503"))
    assert pane.code_label.accessibleName() == "Code" and pane.code_label.accessibleDescription() == "G0503"
    assert pane.banner_label.accessibleDescription() == "Terminated; last valid date 2017-12-31"
    assert pane.xrefs_label.accessibleDescription() == "Cross-references: 99493"
    assert "Care management" in pane.breadcrumb_label.accessibleDescription()


def test_keyboard_reaches_text_and_links(pane: DetailPane) -> None:
    assert pane.focusProxy() is pane.scroll  # focusing the pane lets the arrow keys scroll it
    keyboard = Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert pane.long_label.textInteractionFlags() & keyboard and pane.code_label.textInteractionFlags() & keyboard
    links = Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    for label in (pane.breadcrumb_label, pane.xrefs_label, pane.referenced_by_label):
        assert label.textInteractionFlags() & links
    assert not pane.fields_table.tabKeyNavigation()  # Tab leaves the table


def test_terminated_code_with_a_cross_reference_link(qtbot, pane: DetailPane, store) -> None:
    pane.show_view(lookup_view(store, "G0503"))
    assert pane.banner_label.text() == "Terminated; last valid date 2017-12-31"
    assert "2017-12-31" in pane.dates_label.text()
    assert visible(pane, pane.xrefs_label) and 'href="code:99493"' in pane.xrefs_label.text()
    assert not visible(pane, pane.referenced_by_label)
    assert pane.long_label.text().startswith("Subsequent psychiatric collaborative care management")
    with qtbot.waitSignal(pane.code_link_activated, timeout=1000) as activated:
        pane.xrefs_label.linkActivated.emit("code:99493")
    assert activated.args == ["99493"]


def test_breadcrumb_steps_are_outline_links(qtbot, pane: DetailPane, store) -> None:
    pane.show_view(lookup_view(store, "99213"))
    crumb = pane.breadcrumb_label.text()
    assert 'href="node:cpt.1.em.office"' in crumb and "Evaluation and Management" in crumb and " › " in crumb
    with qtbot.waitSignal(pane.node_link_activated, timeout=1000) as activated:
        pane.breadcrumb_label.linkActivated.emit("node:cpt.1.em.office")
    assert activated.args == ["cpt.1.em.office"]
    with qtbot.assertNotEmitted(pane.code_link_activated):
        pane.breadcrumb_label.linkActivated.emit("node:cpt.1")


def test_discontinued_modifier(pane: DetailPane, store) -> None:
    pane.show_view(lookup_view(store, "ZA"))
    assert pane.banner_label.text() == "Discontinued on 2018-04-01; last valid date 2018-03-31"
    assert pane.kind_label.text() == "HCPCS Level II modifier"
    assert "Discontinue procedure or modifier code" in [row[2] for row in table_rows(pane)]


def test_banner_colours_differ_by_state(pane: DetailPane, store) -> None:
    styles = {}
    for code in ("J1100", "G0503", "ZA", "CO"):
        view = lookup_view(store, code)
        pane.show_view(view)
        styles[view["banner"]["state"]] = pane.banner_label.styleSheet()
    assert set(styles) == {"active", "terminated", "discontinued", "added"}
    assert len(set(styles.values())) == 4


def test_starter_code_says_so_and_has_no_fields_table(pane: DetailPane, store) -> None:
    pane.show_view(lookup_view(store, "J1100"))  # a table first, so hiding it is tested
    pane.show_view(lookup_view(store, "99213"))
    assert pane.current_code == "99213"
    assert visible(pane, pane.starter_label)
    assert "Plain-language starter description" in pane.starter_label.text()
    assert not visible(pane, pane.fields_table) and not visible(pane, pane.fields_heading)
    assert not visible(pane, pane.dates_label) and not visible(pane, pane.xrefs_row)
    assert pane.kind_label.text() == "CPT Category I code"
    assert "Office or other outpatient visits" in pane.explanation_label.text()


def test_referenced_by_links_back(qtbot, pane: DetailPane, store) -> None:
    pane.show_view(lookup_view(store, "77067"))
    assert visible(pane, pane.xrefs_row) and visible(pane, pane.referenced_by_label)
    assert not visible(pane, pane.xrefs_label)
    assert "Referenced by" in pane.referenced_by_label.text()
    assert 'href="code:G0202"' in pane.referenced_by_label.text()
    with qtbot.waitSignal(pane.code_link_activated, timeout=1000) as activated:
        pane.referenced_by_label.linkActivated.emit("code:G0202")
    assert activated.args == ["G0202"]


def test_processing_note_number_and_text(pane: DetailPane, store) -> None:
    pane.show_view(lookup_view(store, "A6530"))
    assert visible(pane, pane.note_label)
    assert "Processing note 0072" in pane.note_label.text() and "ASTM/NAHM" in pane.note_label.text()
    pane.show_view(lookup_view(store, "V5289"))  # PROCNOTE 0000: a number without text
    assert visible(pane, pane.note_label) and "0000" in pane.note_label.text()


def test_explanation_of_text_not_in_the_database(pane: DetailPane, store) -> None:
    pane.show_view(lookup_view(store, "J1100"))
    pane.show_explanation(explain("Z1234"))
    assert pane.current_code is None
    assert pane.code_label.text() == "Z1234"
    assert "no HCPCS Level II section uses the letter Z" in pane.message_label.text()
    assert visible(pane, pane.message_label) and pane.message_label.styleSheet()  # red-ish box
    assert not visible(pane, pane.fields_table) and not visible(pane, pane.source_label)
    assert not visible(pane, pane.banner_label)

    pane.show_explanation(explain("G9999"))  # a valid code this database lacks
    assert visible(pane, pane.banner_label) and pane.banner_label.text() == "Not in the releases shown"
    assert 'href="node:hcpcs.2.g.quality"' in pane.breadcrumb_label.text()
    assert not pane.message_label.styleSheet()

    pane.clear()
    assert pane.current_code is None and visible(pane, pane.placeholder_label)
    assert not visible(pane, pane.code_label) and not visible(pane, pane.message_label)


def test_a_not_found_view_is_explained(pane: DetailPane, store) -> None:
    pane.show_view(lookup_view(store, "G9999"))
    assert pane.current_code is None and pane.code_label.text() == "G9999"
    assert pane.banner_label.text() == "Not in the releases shown"


def fake_view(**overrides: Any) -> dict[str, Any]:
    view = {
        "found": True,
        "code": "<i>C</i>",
        "system": "HCPCS",
        "category": None,
        "level": "II",
        "kind": "code",
        "short_description": "<b>x</b>",
        "long_description": "<script>alert(1)</script> & more",
        "banner": {"state": "active", "text": "<u>Active</u>"},
        "path": [{"id": "hcpcs", "title": "<b>HCPCS</b> & co"}],
        "added_date": "<b>2019</b>",
        "cross_references": ['"><b>X</b>'],
        "referenced_by": [],
        "processing_note": {"number": "<b>1</b>", "text": "<b>note</b>"},
        "coverage": {"field": "<COV>", "label": "<Coverage>", "code": "<D>", "meaning": "<b>words</b>"},
        "betos": {"field": "BETOS", "label": "BETOS", "code": "ZZZ", "meaning": None, "note": "undocumented"},
        "starter": True,
        "description_source": "<b>starter</b>",
        "explanation": "<b>why</b>",
        "release": "<b>R</b>",
        "source": {"file": "<b>f</b>.zip", "member": "<b>m</b>.txt", "sha256": "<b>" + "0" * 60},
    }
    view.update(overrides)
    return view


def test_user_text_is_shown_literally_never_as_markup(pane: DetailPane) -> None:
    pane.show_view(fake_view())
    assert pane.current_code == "<i>C</i>"
    for label in (pane.code_label, pane.short_label, pane.long_label, pane.banner_label, pane.starter_label):
        assert label.textFormat().name == "PlainText"
    assert pane.short_label.text() == "<b>x</b>"
    assert pane.long_label.text() == "<script>alert(1)</script> & more"
    assert pane.starter_label.text() == "<b>starter</b>" and pane.explanation_label.text() == "<b>why</b>"
    rich = [pane.breadcrumb_label, pane.dates_label, pane.xrefs_label, pane.note_label, pane.source_label]
    for label in rich:
        assert label.textFormat().name == "RichText"
        assert "<b>HCPCS" not in label.text() and "<b>X" not in label.text() and "<b>note" not in label.text()
        assert "<b>2019" not in label.text() and "<b>R" not in label.text() and "<b>f" not in label.text()
    assert "&lt;b&gt;HCPCS&lt;/b&gt; &amp; co" in pane.breadcrumb_label.text()
    assert "&quot;&gt;&lt;b&gt;X" in pane.xrefs_label.text()
    assert "&lt;b&gt;note&lt;/b&gt;" in pane.note_label.text()
    rows = table_rows(pane)
    assert ("<Coverage> (<COV>)", "<D>", "<b>words</b>") in rows
    assert ("BETOS (BETOS)", "ZZZ", NOT_DOCUMENTED) in rows
    tooltips = [pane.fields_table.item(r, c).toolTip() for r in range(len(rows)) for c in range(3)]
    assert all(tip and "<b>words" not in tip and "<COV>" not in tip for tip in tooltips)


def test_font_scale_grows_every_font(pane: DetailPane, store) -> None:
    pane.show_view(lookup_view(store, "J1100"))
    code, long, table = (pane.code_label.font(), pane.long_label.font(), pane.fields_table.font())
    assert code.pointSizeF() == pytest.approx(28) and code.bold()
    assert pane.short_label.font().pointSizeF() == pytest.approx(16)
    height = pane.fields_table.height()
    pane.set_font_scale(2.0)
    assert pane.font_scale == 2.0
    assert pane.code_label.font().pointSizeF() == pytest.approx(56)
    assert pane.long_label.font().pointSizeF() == pytest.approx(2 * long.pointSizeF())
    assert pane.fields_table.font().pointSizeF() == pytest.approx(2 * table.pointSizeF())
    assert pane.fields_table.height() > height  # the table grows with its rows: the pane scrolls, not the table
    pane.set_font_scale(1.0)
    assert pane.code_label.font().pointSizeF() == pytest.approx(28)
    pane.set_font_scale(100)
    assert pane.font_scale == 4.0


def test_fields_table_wraps_meanings_and_never_scrolls_itself(qtbot, pane: DetailPane, store) -> None:
    def meanings_fit() -> bool:
        table = pane.fields_table
        width = table.columnWidth(2) - 10  # less the cell's text margins
        for row in range(table.rowCount()):
            item = table.item(row, 2)
            bounds = QFontMetrics(item.font()).boundingRect(
                QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, item.text()
            )
            if bounds.height() > table.rowHeight(row):
                return False
        return table.verticalScrollBar().maximum() == 0 and table.columnWidth(1) > 0

    pane.resize(620, 700)
    pane.show()
    qtbot.waitExposed(pane)
    pane.show_view(lookup_view(store, "G0503"))  # long pricing indicator meaning
    qtbot.waitUntil(meanings_fit, timeout=2000)
    wide = pane.fields_table.height()
    pane.resize(360, 700)
    qtbot.waitUntil(lambda: meanings_fit() and pane.fields_table.height() > wide, timeout=2000)
    assert pane.fields_table.columnWidth(0) <= 0.4 * pane.fields_table.width() + 1  # Field wraps, Meaning keeps room


def test_the_noc_list_and_corrections_of_the_codes_release(pane: DetailPane, documents_db) -> None:
    from medcode_gui.store import ReferenceStore

    with ReferenceStore(documents_db) as store:
        pane.show_view(lookup_view(store, "J3490"))
        assert visible(pane, pane.note_label)
        assert "Not otherwise classified: CMS&#x27;s NOC list 2019 (NOC_Codes_2019.xlsx)" in pane.note_label.text()
        pane.show_view(lookup_view(store, "B4105"))
        assert "Corrected by CMS (HCPCS 2019 corrections, HCPC2019_Corrections_ALPHA.xlsx)" in pane.note_label.text()
        pane.show_view(lookup_view(store, "J1100"))  # neither listed nor corrected, and no processing note
        assert not visible(pane, pane.note_label)
