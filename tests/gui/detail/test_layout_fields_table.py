"""The detail pane lists every field of the CMS record layout (real HCPCS 2019), and the coverage meaning's
references are links that select and scroll to the rows they cite."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel

from medcode_gui.codes.hcpcs_codebook import LAYOUT, NOT_STORED, layout_rows
from medcode_gui.gui.detail.detail_pane import DetailPane
from medcode_gui.views.code_view import lookup_view


@pytest.fixture
def pane(qtbot) -> DetailPane:
    widget = DetailPane()
    qtbot.addWidget(widget)
    widget.resize(480, 600)
    return widget


def rows_by_field(pane: DetailPane) -> dict[str, tuple[str, str, str]]:
    table = pane.fields_table
    rows = [tuple(table.item(row, column).text() for column in range(3)) for row in range(table.rowCount())]
    return {fields.rsplit("(", 1)[1].rstrip(")"): (fields, value, meaning) for fields, value, meaning in rows}


def test_every_layout_field_is_a_row_blank_ones_too(pane: DetailPane, store) -> None:
    pane.show_view(lookup_view(store, "E0100", "HCPCS-2019"))
    rows = rows_by_field(pane)
    assert list(rows) == [field for field, _, _ in LAYOUT]
    assert rows["CIM1"] == (
        "HCPCS Coverage Issues Manual Reference Section Number 1 (CIM1)",
        "60-3",
        "CIM 60-3: Coverage Issues Manual section 60-3",
    )
    assert rows["CIM2"][1] == "60-9" and rows["MCM1"][1] == "2100.1"
    assert rows["SEQNUM"][1:] == ("00100", "the record's first line")
    assert rows["STATUTE"][1:] == ("", "none") and rows["OPPS_DT"][1:] == ("", "none")
    assert rows["ANEST_BU"][1] == "0" and rows["ASC_DT"][2] == "none"
    assert pane.fields_heading.text() == "Fields of the CMS record layout"


def test_the_coverage_references_are_links_to_their_rows(qtbot, pane: DetailPane, store) -> None:
    pane.show()
    qtbot.waitExposed(pane)
    pane.show_view(lookup_view(store, "E0100", "HCPCS-2019"))
    table = pane.fields_table
    fields = list(rows_by_field(pane))
    cov = fields.index("COV")
    label = table.cellWidget(cov, 2)
    assert isinstance(label, QLabel)
    assert 'href="field:CIM1">CIM 60-3</a>, <a href="field:CIM2">60-9</a>; <a href="field:MCM1">MCM 2100.1' in (
        label.text()
    )
    assert table.item(cov, 2).text() == "Special coverage instructions apply; see CIM 60-3, 60-9; MCM 2100.1"
    bar = pane.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 1000)  # the pane laid out: the table is taller than the view
    bar.setValue(bar.maximum())  # CIM2 out of sight
    with qtbot.waitSignal(table.field_shown) as shown:
        label.linkActivated.emit("field:CIM2")
    assert shown.args == ["CIM2"]
    row = fields.index("CIM2")
    assert table.currentRow() == row and table.selectionModel().isRowSelected(row)
    top = table.mapTo(pane.scroll.widget(), QPoint(0, table.rowViewportPosition(row)))
    shown_from = pane.scroll.verticalScrollBar().value()
    assert shown_from <= top.y() and top.y() + table.rowHeight(row) <= shown_from + pane.scroll.viewport().height()


def test_a_field_an_earlier_version_did_not_store_says_so(pane: DetailPane, store) -> None:
    view = lookup_view(store, "E0100", "HCPCS-2019")
    fields = {name: raw for name, raw in view["fields"].items() if name not in ("SEQNUM", "RECID")}
    view["layout_fields"] = layout_rows("E0100", "code", fields)
    pane.show_view(view)
    rows = rows_by_field(pane)
    assert rows["SEQNUM"][1:] == ("", NOT_STORED) and rows["RECID"][1:] == ("", NOT_STORED)
    assert rows["CONTINUATION SEQNUMS"][1:] == ("", "none: no continuation lines in the file")
