"""The short descriptor beside the long one: its column right after the description, shown only when wide."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from medcode_gui.gui.results.results_model import DESCRIPTION, SHORT, ResultsModel
from medcode_gui.gui.results.results_view import ResultsView
from medcode_gui.gui.results.short_column import ShortColumn
from medcode_gui.store import ReferenceStore


def test_the_short_column_is_beside_the_description_and_shown_only_when_wide(qtbot, store: ReferenceStore) -> None:
    model = ResultsModel()
    model.set_hits(store.search("cane", limit=10))
    view = ResultsView()
    qtbot.addWidget(view)
    view.setModel(model)
    ShortColumn(view)
    header = view.horizontalHeader()
    assert header.visualIndex(SHORT) == header.visualIndex(DESCRIPTION) + 1
    view.resize(700, 300)
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()
    assert view.isColumnHidden(SHORT)  # the description keeps the room
    view.resize(2000, 300)
    qtbot.waitUntil(lambda: not view.isColumnHidden(SHORT))
    assert view.columnWidth(SHORT) >= view.fontMetrics().horizontalAdvance(model.hit(0).record.short_description)
    view.resize(700, 300)
    qtbot.waitUntil(lambda: view.isColumnHidden(SHORT))
