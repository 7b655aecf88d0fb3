"""The results table's model and delegate: the same values and the same pixels as the standard painting,
without asking the model for each cell's roles on every repaint."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from medcode_gui.gui.palette import badge_colour
from medcode_gui.gui.results_delegate import ResultsDelegate
from medcode_gui.gui.results_model import (
    CODE,
    DESCRIPTION,
    HIGHLIGHT_ROLE,
    RELEASE,
    STATUS,
    TERMINATED_COLOUR,
    TYPE,
    ResultsModel,
)
from medcode_gui.store import ReferenceStore

WIDTHS = {CODE: 70, DESCRIPTION: 420, TYPE: 110, STATUS: 130, RELEASE: 120}


def test_the_model_passes_the_model_tester_and_answers_each_role(qtmodeltester, store: ReferenceStore) -> None:
    model = ResultsModel()
    model.set_hits(store.search("injection", limit=50), ["inj"])
    qtmodeltester.check(model)
    first = model.hit(0)
    display = [model.index(0, c).data() for c in range(model.columnCount())]
    assert display[:2] == [first.record.code, first.record.short_description]
    assert display[TYPE] == "HCPCS II" and display[RELEASE] == first.release.label
    assert model.index(0, DESCRIPTION).data(HIGHLIGHT_ROLE).startswith("<b>Inj")
    assert model.index(0, CODE).data(HIGHLIGHT_ROLE) is None
    assert model.index(0, TYPE).data(Qt.ItemDataRole.ForegroundRole) == badge_colour("HCPCS II")
    active = next(r for r in range(model.rowCount()) if model.hit(r).status == "active")
    assert model.index(active, CODE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, CODE).data(Qt.ItemDataRole.ToolTipRole).startswith(f"{first.record.code}: ")
    for role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.BackgroundRole):
        assert model.index(0, CODE).data(role) is None
    assert model.index(0, CODE).data(Qt.ItemDataRole.TextAlignmentRole) is None
    model.set_hits([])
    qtmodeltester.check(model)


def test_a_terminated_code_is_red_brown_and_says_when_it_ended(qtmodeltester, store: ReferenceStore) -> None:
    model = ResultsModel()
    model.set_hits(store.search("C8904", limit=5))
    qtmodeltester.check(model)
    assert model.index(0, STATUS).data() == "ended 2018-12-31"
    for column in (CODE, DESCRIPTION, STATUS, RELEASE):
        assert model.index(0, column).data(Qt.ItemDataRole.ForegroundRole) == TERMINATED_COLOUR
    assert model.index(0, TYPE).data(Qt.ItemDataRole.ForegroundRole) == badge_colour("HCPCS II")


def test_matched_words_are_bold_runs_and_escaped_html(store: ReferenceStore) -> None:
    model = ResultsModel()
    hits = store.search("mod: left", limit=20)
    model.set_hits(hits, ["left"])
    row = next(r for r in range(model.rowCount()) if model.hit(r).record.short_description.startswith("Upper"))
    cells = model.cells(row)
    assert cells.highlighted and ("left", True) in cells.segments
    assert "".join(text for text, _ in cells.segments) == model.hit(row).record.short_description
    assert model.index(row, DESCRIPTION).data(HIGHLIGHT_ROLE) == "Upper <b>left</b> eyelid"
    model.set_hits(hits)  # no words: one plain run
    assert model.cells(row).segments == (("Upper left eyelid", False),) and not model.cells(row).highlighted
    odd = replace(hits[0], record=replace(hits[0].record, short_description="A&B <left> foot"))
    model.set_hits([odd], ["LEF"])
    assert model.index(0, DESCRIPTION).data(HIGHLIGHT_ROLE) == "A&amp;B &lt;<b>left</b>&gt; foot"


class CountingModel(ResultsModel):
    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        self.asked += 1
        return super().data(index, role)


def table(qtbot, model: ResultsModel, fast: bool) -> QTableView:
    """A results table like the main window's, with ResultsDelegate (fast) or the standard delegate."""
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    if fast:
        view.setItemDelegate(ResultsDelegate(view))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setWordWrap(False)
    for column, width in WIDTHS.items():
        view.setColumnWidth(column, width)
    view.resize(sum(WIDTHS.values()) + 30, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


def columns(image: QImage, view: QTableView, *wanted: int) -> list[QImage]:
    return [image.copy(view.columnViewportPosition(c), 0, view.columnWidth(c), image.height()) for c in wanted]


def ink(image: QImage) -> int:
    """How dark an image is: the sum of 255 - grey over its pixels."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data, stride, width = bytes(grey.constBits()), grey.bytesPerLine(), grey.width()
    return sum(255 * width - sum(data[y * stride : y * stride + width]) for y in range(grey.height()))


def painted(view: QTableView) -> QImage:
    view.viewport().repaint()
    return view.viewport().grab().toImage()


@pytest.mark.parametrize("query", ["wheelchair", "C8904", "mod: left"])
def test_the_delegate_paints_what_the_standard_delegate_paints(qtbot, store: ReferenceStore, query: str) -> None:
    """Plain cells pixel for pixel as QStyledItemDelegate paints them: text, colours, the selected row."""
    hits = store.search(query, limit=40)
    ours, standard = ResultsModel(), ResultsModel()
    ours.set_hits(hits)
    standard.set_hits(hits)
    fast, slow = table(qtbot, ours, True), table(qtbot, standard, False)
    for view in (fast, slow):
        view.selectRow(0)
    got, expected = painted(fast), painted(slow)
    every = (CODE, DESCRIPTION, TYPE, STATUS, RELEASE)
    assert columns(got, fast, *every) == columns(expected, slow, *every)


def test_the_current_cell_has_the_style_s_focus_frame(qtbot, store: ReferenceStore) -> None:
    hits = store.search("cane", limit=20)
    ours, standard = ResultsModel(), ResultsModel()
    ours.set_hits(hits)
    standard.set_hits(hits)
    fast, slow = table(qtbot, ours, True), table(qtbot, standard, False)
    images = []
    for view in (fast, slow):
        view.activateWindow()
        view.setFocus()
        qtbot.waitUntil(view.hasFocus)
        view.setCurrentIndex(view.model().index(1, STATUS))
        images.append(painted(view))
    assert images[0] == images[1]


def test_narrow_columns_are_elided_like_the_standard_delegate(qtbot, store: ReferenceStore) -> None:
    hits = store.search("wheelchair", limit=20)
    ours, standard = ResultsModel(), ResultsModel()
    ours.set_hits(hits)
    standard.set_hits(hits)
    fast, slow = table(qtbot, ours, True), table(qtbot, standard, False)
    for view in (fast, slow):
        view.setColumnWidth(RELEASE, 50)
        view.setColumnWidth(TYPE, 40)
    assert columns(painted(fast), fast, TYPE, RELEASE) == columns(painted(slow), slow, TYPE, RELEASE)


def test_matched_words_are_painted_in_bold_and_clipped_to_the_cell(qtbot, store: ReferenceStore) -> None:
    hits = store.search("wheelchair", limit=20)
    plain, bold = ResultsModel(), ResultsModel()
    plain.set_hits(hits)
    bold.set_hits(hits, ["wheelchair"])
    plain_view, bold_view = table(qtbot, plain, True), table(qtbot, bold, True)
    plain_image, bold_image = painted(plain_view), painted(bold_view)
    plain_ink = ink(columns(plain_image, plain_view, DESCRIPTION)[0])
    bold_ink = ink(columns(bold_image, bold_view, DESCRIPTION)[0])
    assert bold_ink > plain_ink * 1.05  # the same words, "wheelchair" heavier in each row
    assert columns(plain_image, plain_view, CODE, TYPE) == columns(bold_image, bold_view, CODE, TYPE)
    bold_view.setColumnWidth(DESCRIPTION, 60)  # the runs end at the cell: the next column is untouched
    plain_view.setColumnWidth(DESCRIPTION, 60)
    assert columns(painted(plain_view), plain_view, TYPE) == columns(painted(bold_view), bold_view, TYPE)


def test_a_repaint_asks_the_model_nothing(qtbot, store: ReferenceStore) -> None:
    model = CountingModel()
    model.set_hits(store.search("wheelchair", limit=40), ["wheel"])
    view = table(qtbot, model, True)
    painted(view)
    model.asked = 0
    painted(view)
    assert model.asked == 0


def test_a_new_font_lays_the_texts_out_again(qtbot, store: ReferenceStore) -> None:
    hits = store.search("wheelchair", limit=20)
    ours, standard = ResultsModel(), ResultsModel()
    ours.set_hits(hits)
    standard.set_hits(hits)
    fast, slow = table(qtbot, ours, True), table(qtbot, standard, False)
    painted(fast)
    for view in (fast, slow):
        font = QFont(view.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        view.setFont(font)
        view.setColumnWidth(CODE, 40)  # elided in the new font
    assert columns(painted(fast), fast, CODE, TYPE) == columns(painted(slow), slow, CODE, TYPE)


def test_other_models_are_painted_the_standard_way(qtbot) -> None:
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    model = QStandardItemModel(3, 2)
    for row in range(3):
        model.setItem(row, 0, QStandardItem(f"row {row}"))
        item = QStandardItem("red")
        item.setForeground(QColor("red"))
        model.setItem(row, 1, item)
    fast, slow = QTableView(), QTableView()
    fast.setItemDelegate(ResultsDelegate(fast))
    for view in (fast, slow):
        qtbot.addWidget(view)
        view.setModel(model)
        view.resize(300, 200)
        view.show()
    assert painted(fast) == painted(slow)
