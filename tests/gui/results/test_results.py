"""The results table's model, delegate and view: the same values and the same pixels as the standard
painting, without asking the model for each cell's roles on every repaint. The fast painting comes in two
forms, checked alike: ResultsDelegate in a plain QTableView (a cell per call), and ResultsView (whole rows)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor, QFont, QImage, QRegion
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from medcode_gui.gui.common.palette import badge_colour
from medcode_gui.gui.results.results_delegate import ResultsDelegate
from medcode_gui.gui.results.results_model import (
    CODE,
    DESCRIPTION,
    HIGHLIGHT_ROLE,
    RELEASE,
    SHORT,
    STATUS,
    TERMINATED_COLOUR,
    TYPE,
    ResultsModel,
)
from medcode_gui.gui.results.results_view import ResultsView
from medcode_gui.store import ReferenceStore

FAST = ["delegate", "view"]  # ResultsDelegate in a QTableView; ResultsView
WIDTHS = {CODE: 70, DESCRIPTION: 420, TYPE: 110, STATUS: 130, RELEASE: 120}


def test_the_model_passes_the_model_tester_and_answers_each_role(qtmodeltester, store: ReferenceStore) -> None:
    model = ResultsModel()
    model.set_hits(store.search("injection", limit=50), ["inj"])
    qtmodeltester.check(model)
    first = model.hit(0)
    display = [model.index(0, c).data() for c in range(model.columnCount())]
    assert display[:2] == [first.record.code, first.record.long_description]  # the long descriptor, in words
    assert display[SHORT] == first.record.short_description  # the abbreviated one in its own column
    assert display[TYPE] == "HCPCS II" and display[RELEASE] == first.release.label
    inj = next(r for r in range(model.rowCount()) if model.hit(r).record.long_description.startswith("Inj"))
    assert model.index(inj, DESCRIPTION).data(HIGHLIGHT_ROLE).startswith("<b>Inj")
    assert model.index(0, CODE).data(HIGHLIGHT_ROLE) is None
    assert model.index(0, TYPE).data(Qt.ItemDataRole.ForegroundRole) == badge_colour("HCPCS II")
    active = next(r for r in range(model.rowCount()) if model.hit(r).status == "active")
    assert model.index(active, CODE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, CODE).data(Qt.ItemDataRole.ToolTipRole).startswith(f"<qt>{first.record.code}: ")
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
    row = next(r for r in range(model.rowCount()) if model.hit(r).record.long_description.startswith("Upper"))
    long = model.hit(row).record.long_description
    cells = model.cells(row)
    assert cells.highlighted and ("left", True) in cells.segments
    assert "".join(text for text, _ in cells.segments) == long
    assert model.index(row, DESCRIPTION).data(HIGHLIGHT_ROLE) == long.replace("left", "<b>left</b>", 1)
    model.set_hits(hits)  # no words: one plain run
    assert model.cells(row).segments == ((long, False),) and not model.cells(row).highlighted
    odd = replace(hits[0], record=replace(hits[0].record, long_description="A&B <left> foot"))
    model.set_hits([odd], ["LEF"])
    assert model.index(0, DESCRIPTION).data(HIGHLIGHT_ROLE) == "A&amp;B &lt;<b>left</b>&gt; foot"


def test_the_bold_words_are_the_words_the_search_matched(store: ReferenceStore) -> None:
    """A one-character word is matched whole by the search, so only that word is bold, not every word it
    starts; a longer word is matched as a prefix, so every word it starts is bold."""
    model = ResultsModel()
    model.set_hits(store.search("c", limit=50), ["c"])
    descriptions = [model.hit(row).record.long_description for row in range(model.rowCount())]
    assert any(word.lower().startswith("c") and len(word) > 1 for text in descriptions for word in text.split())
    bold = {text.lower() for row in range(model.rowCount()) for text, is_bold in model.cells(row).segments if is_bold}
    assert bold == {"c"}
    model.set_hits(store.search("cath", limit=200), ["cath"])  # whole-word "cath" rows rank first
    bold = {text.lower() for row in range(model.rowCount()) for text, is_bold in model.cells(row).segments if is_bold}
    assert bold and all(word.startswith("cath") for word in bold) and bold != {"cath"}


class CountingModel(ResultsModel):
    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        self.asked += 1
        return super().data(index, role)


def table(qtbot, model: ResultsModel, kind: str | None) -> QTableView:
    """A results table like the main window's: painted the fast way (a FAST kind) or the standard way (None)."""
    view = ResultsView() if kind == "view" else QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    if kind:
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


def fast_and_standard(qtbot, hits: list, kind: str) -> tuple[QTableView, QTableView]:
    """The same hits in two tables: painted the fast way (kind) and the standard way."""
    ours, standard = ResultsModel(), ResultsModel()
    ours.set_hits(hits)
    standard.set_hits(hits)
    return table(qtbot, ours, kind), table(qtbot, standard, None)


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


@pytest.mark.parametrize("kind", FAST)
@pytest.mark.parametrize("query", ["wheelchair", "C8904", "mod: left"])
def test_the_delegate_paints_what_the_standard_delegate_paints(
    qtbot, kind: str, store: ReferenceStore, query: str
) -> None:
    """Plain cells pixel for pixel as QStyledItemDelegate paints them: text, colours, the selected row."""
    hits = store.search(query, limit=40)
    fast, slow = fast_and_standard(qtbot, hits, kind)
    for view in (fast, slow):
        view.selectRow(0)
    got, expected = painted(fast), painted(slow)
    every = (CODE, DESCRIPTION, TYPE, STATUS, RELEASE)
    assert columns(got, fast, *every) == columns(expected, slow, *every)


@pytest.mark.parametrize("kind", FAST)
def test_the_current_cell_has_the_style_s_focus_frame(qtbot, kind: str, store: ReferenceStore) -> None:
    hits = store.search("cane", limit=20)
    fast, slow = fast_and_standard(qtbot, hits, kind)
    images = []
    for view in (fast, slow):
        view.activateWindow()
        view.setFocus()
        qtbot.waitUntil(view.hasFocus)
        view.setCurrentIndex(view.model().index(1, STATUS))
        images.append(painted(view))
    assert images[0] == images[1]


@pytest.mark.parametrize("kind", FAST)
def test_narrow_columns_are_elided_like_the_standard_delegate(qtbot, kind: str, store: ReferenceStore) -> None:
    hits = store.search("wheelchair", limit=20)
    fast, slow = fast_and_standard(qtbot, hits, kind)
    for view in (fast, slow):
        view.setColumnWidth(RELEASE, 50)
        view.setColumnWidth(TYPE, 40)
    assert columns(painted(fast), fast, TYPE, RELEASE) == columns(painted(slow), slow, TYPE, RELEASE)


@pytest.mark.parametrize("kind", FAST)
def test_each_column_width_elides_where_the_standard_delegate_does(qtbot, kind: str, store: ReferenceStore) -> None:
    """Pixel by pixel through the widths where texts start to be elided: the width a text is laid out in is
    within a pixel of the advance the style elides by, and near the room the advance decides."""
    hits = store.search("wheelchair", limit=12)
    fast, slow = fast_and_standard(qtbot, hits, kind)
    model = fast.model()
    texts = {hit.release.label for hit in hits} | {model.index(row, TYPE).data() for row in range(model.rowCount())}
    advances = [fast.fontMetrics().horizontalAdvance(text) for text in texts]
    for width in range(int(min(advances)) + 2, int(max(advances)) + 12):
        for view in (fast, slow):
            view.setColumnWidth(RELEASE, width)
            view.setColumnWidth(TYPE, width)
        assert columns(painted(fast), fast, TYPE, RELEASE) == columns(painted(slow), slow, TYPE, RELEASE), width


@pytest.mark.parametrize("kind", FAST)
def test_matched_words_are_painted_in_bold_and_clipped_to_the_cell(qtbot, kind: str, store: ReferenceStore) -> None:
    # rows whose shown (long) descriptor spells the word out
    hits = [h for h in store.search("wheelchair", limit=200) if "wheelchair" in h.record.long_description.lower()]
    hits = hits[:20]
    plain, bold = ResultsModel(), ResultsModel()
    plain.set_hits(hits)
    bold.set_hits(hits, ["wheelchair"])
    plain_view, bold_view = table(qtbot, plain, kind), table(qtbot, bold, kind)
    plain_image, bold_image = painted(plain_view), painted(bold_view)
    plain_ink = ink(columns(plain_image, plain_view, DESCRIPTION)[0])
    bold_ink = ink(columns(bold_image, bold_view, DESCRIPTION)[0])
    assert bold_ink > plain_ink * 1.05  # the same words, "wheelchair" heavier in each row
    assert columns(plain_image, plain_view, CODE, TYPE) == columns(bold_image, bold_view, CODE, TYPE)
    bold_view.setColumnWidth(DESCRIPTION, 60)  # the runs end at the cell: the next column is untouched
    plain_view.setColumnWidth(DESCRIPTION, 60)
    assert columns(painted(plain_view), plain_view, TYPE) == columns(painted(bold_view), bold_view, TYPE)


@pytest.mark.parametrize("kind", FAST)
@pytest.mark.parametrize(("query", "words"), [("wheelchair", ["wheelchair"]), ("mod: left", []), ("C8904", [])])
def test_a_text_painted_for_the_first_time_looks_as_it_does_once_kept(
    qtbot, kind: str, store: ReferenceStore, query: str, words: list[str]
) -> None:
    """The first paint draws each new text directly; later paints use the kept layouts: the same pixels,
    whole, clipped (a narrow description) or elided (narrow columns), selected or not."""
    hits = store.search(query, limit=12)  # every row in view
    model = ResultsModel()
    model.set_hits(hits, words)
    view = table(qtbot, model, kind)
    view.selectRow(1)
    for column, width in ((DESCRIPTION, 120), (TYPE, 40), (RELEASE, 50), (CODE, 70)):
        view.setColumnWidth(column, width)
        delegate = view.itemDelegate()
        delegate.clear_cache()
        first = painted(view)
        drawn_once = set(delegate._seen) - set(delegate._plain) - set(delegate._runs)
        codes = [hit.record.code for hit in hits]
        assert {code for code in codes if codes.count(code) == 1} <= drawn_once  # painted once: drawn directly
        kept = painted(view)
        assert not drawn_once - set(delegate._plain) - set(delegate._runs)  # painted twice: kept
        assert first == kept, (query, column, width)


@pytest.mark.parametrize("kind", FAST)
def test_a_repaint_asks_the_model_nothing(qtbot, kind: str, store: ReferenceStore) -> None:
    model = CountingModel()
    model.set_hits(store.search("wheelchair", limit=40), ["wheel"])
    view = table(qtbot, model, kind)
    painted(view)
    model.asked = 0
    painted(view)
    assert model.asked == 0


@pytest.mark.parametrize("kind", FAST)
def test_a_new_font_lays_the_texts_out_again(qtbot, kind: str, store: ReferenceStore) -> None:
    hits = store.search("wheelchair", limit=20)
    fast, slow = fast_and_standard(qtbot, hits, kind)
    painted(fast)
    for view in (fast, slow):
        font = QFont(view.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        view.setFont(font)
        view.setColumnWidth(CODE, 40)  # elided in the new font
    assert columns(painted(fast), fast, CODE, TYPE) == columns(painted(slow), slow, CODE, TYPE)


@pytest.mark.parametrize(("kind", "per_cell"), [("delegate", True), ("view", False)])
def test_the_view_paints_its_cells_without_a_call_per_cell(
    qtbot, monkeypatch, store: ReferenceStore, kind: str, per_cell: bool
) -> None:
    """ResultsView hands its cells to the delegate in one loop; QTableView calls paint() once a cell."""
    calls = []
    monkeypatch.setattr(ResultsDelegate, "paint", lambda self, *args: calls.append(args))
    model = ResultsModel()
    model.set_hits(store.search("wheelchair", limit=20))
    view = table(qtbot, model, kind)
    painted(view)
    assert bool(calls) == per_cell


def test_a_region_of_several_rectangles_is_painted_like_the_standard_view(qtbot, store: ReferenceStore) -> None:
    """Two cells of one row and another whole row, repainted alone (as after a selection change): each
    cell painted once, with its grid lines, the same pixels as the standard painting."""
    images = []
    for view in fast_and_standard(qtbot, store.search("wheelchair", limit=20), "view"):
        view.selectRow(3)
        top, height = view.rowViewportPosition(1), view.rowHeight(1)
        region = QRegion(view.visualRect(view.model().index(1, CODE)))
        region += QRegion(view.visualRect(view.model().index(1, STATUS)))
        region += QRegion(0, view.rowViewportPosition(3), view.viewport().width(), view.rowHeight(3))
        assert region.rectCount() > 2 and top > 0 and height > 0
        image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("magenta"))  # what is not repainted stays magenta
        view.viewport().render(image, QPoint(), region)
        images.append(image)
    assert images[0] == images[1]


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


@pytest.mark.parametrize("kind", FAST)
def test_a_long_description_too_wide_ends_in_an_ellipsis_and_is_whole_in_the_tooltip(
    qtbot, kind: str, store: ReferenceStore
) -> None:
    """The long descriptor in the row: cut where the cell ends and ended with "…", its matched words still bold;
    whole in the tooltip with the short descriptor."""
    hits = [h for h in store.search("cane", limit=40) if h.record.long_description.lower().startswith("cane")]
    model = ResultsModel()
    model.set_hits(hits, ["cane"])
    view = table(qtbot, model, kind)
    view.setColumnWidth(DESCRIPTION, 150)
    painted(view)
    painted(view)  # the second paint keeps the runs that fit
    delegate = view.itemDelegate()
    metrics = view.fontMetrics()
    for row in range(model.rowCount()):
        segments = model.cells(row).segments
        fitted = delegate._fitted[(segments, view.columnWidth(DESCRIPTION) - 1)]  # less the grid line
        shown = "".join(text for text, _ in fitted)
        assert shown.endswith("\u2026") and model.hit(row).record.long_description.startswith(shown[:-1])
        assert metrics.horizontalAdvance(shown) <= 150 and fitted[0] == ("Cane", True)
        tip = model.index(row, DESCRIPTION).data(Qt.ItemDataRole.ToolTipRole)
        record = model.hit(row).record
        assert record.long_description in tip and f"Short: {record.short_description}" in tip


def test_starred_codes_show_a_star_before_the_code(qtmodeltester, qtbot, store: ReferenceStore) -> None:
    model = ResultsModel()
    model.set_hits(store.search("E0100", limit=5) + store.search("E0105", limit=5))
    qtmodeltester.check(model)
    assert model.index(0, CODE).data() == "E0100"
    with qtbot.waitSignal(model.dataChanged):
        model.set_starred({("E0100", "code")})
    assert model.index(0, CODE).data() == "\u2605 E0100" and model.is_starred(0)
    assert not model.index(model.row_of("E0105"), CODE).data().startswith("\u2605")
    model.set_starred(set())
    assert model.index(0, CODE).data() == "E0100"


def test_a_node_list_fetches_its_pages_to_its_count(qtmodeltester, store: ReferenceStore) -> None:
    """A node's codes come a page at a time (canFetchMore, fetchMore) until the node's count."""
    node, page = "hcpcs.2.e", 100
    total = store.node_counts(None)[node]
    assert total > 3 * page
    model = ResultsModel()
    model.set_hits(
        store.codes_in_node(node, None, limit=page),
        total=total,
        more=lambda offset: store.codes_in_node(node, None, limit=page, offset=offset),
    )
    qtmodeltester.check(model)  # its walk fetches pages too
    qtmodeltester._qt_tester = None  # and, left listening, would walk (and fetch) again at each insertion
    loaded = model.rowCount()
    assert loaded % page == 0 and model.canFetchMore(QModelIndex()) and model.total() == total
    model.fetchMore(QModelIndex())
    assert model.rowCount() == loaded + page
    model.fetch_all()
    assert model.rowCount() == total and not model.canFetchMore(QModelIndex())
    every = [hit.record.code for hit in store.codes_in_node(node, None, limit=total + 1)]
    assert [model.hit(row).record.code for row in range(total)] == every
    model.set_hits([])
    assert not model.canFetchMore(QModelIndex())


def test_columns_fit_the_rows_in_view_and_the_description_takes_the_rest(qtbot, store: ReferenceStore) -> None:
    model = ResultsModel()
    view = ResultsView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.horizontalHeader().setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
    view.resize(700, 300)
    view.show()
    model.set_hits(store.search("wheelchair", limit=40))  # every row active: "Status" is the widest text
    header, metrics = view.horizontalHeader(), view.fontMetrics()
    active = header.sectionSize(STATUS)
    assert active == header.sectionSizeFromContents(STATUS).width()
    assert sum(header.sectionSize(c) for c in range(header.count())) == view.viewport().width()
    model.set_hits(store.search("C8904", limit=5))  # ended 2018-12-31
    assert header.sectionSize(STATUS) > metrics.horizontalAdvance("ended 2018-12-31") > active
    for column in (CODE, TYPE, RELEASE):
        assert header.sectionSize(column) > metrics.horizontalAdvance(str(model.index(0, column).data()))
    # Rows scrolled into view widen a column they need wider, never narrow it.
    ended = [hit for hit in store.search("C89", limit=200) if hit.record.termination_date]
    model.set_hits(store.search("wheelchair", limit=40) + ended)
    assert header.sectionSize(STATUS) == active
    view.scrollToBottom()
    assert header.sectionSize(STATUS) > metrics.horizontalAdvance("ended 2018-12-31")
