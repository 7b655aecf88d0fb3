"""The releases compared in words: field changes named and decoded, dates ISO, CPT categories apart, and the
window opening on two releases of one system."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from medcode_gui.codes.code_order import code_sort_key
from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.gui.releases.diff_model import DETAILS, DiffModel
from medcode_gui.gui.releases.diff_window import DiffWindow, default_pair
from medcode_gui.releases.release_diff import diff_releases
from medcode_gui.store import ReferenceStore

RAW_FIELD = re.compile(r"\b(ACTION CD|ACT EFF DT|ADD DT|PRICE\d|TOS\d|MULT_PI|OPPS_PI)\b")
RAW_DATE = re.compile(r"\b(19|20)\d{6}\b")


def test_field_changes_read_in_words_with_the_raw_values(qtmodeltester, store: ReferenceStore) -> None:
    diff = diff_releases(store, "HCPCS-2018", "HCPCS-2019")
    model = DiffModel()
    model.set_changes([("fields_changed", change) for change in diff.changes["fields_changed"]])
    qtmodeltester.check(model)
    texts = [model.index(row, DETAILS).data() for row in range(model.rowCount())]
    assert len(texts) == 483
    assert not [text for text in texts if RAW_FIELD.search(text) or RAW_DATE.search(text)]
    action = next(text for text in texts if "Action code: " in text)
    assert re.search(r"Action code: [A-Z] \([A-Z][a-z][^)]*\) → [A-Z] \(", action), action
    assert any(re.search(r"Action effective date: \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d", text) for text in texts)
    row = texts.index(action)
    tooltip = model.index(row, DETAILS).data(Qt.ItemDataRole.ToolTipRole)
    assert "Action code" in tooltip and len(tooltip) >= len(action)  # the codebook's whole meaning


def test_the_window_opens_on_the_two_newest_releases_of_one_system(qtbot, fee_store: ReferenceStore) -> None:
    """With the fee schedule the newest release, a HCPCS file against it would list every code as added."""
    assert fee_store.releases()[-1].label == "PFS-2025-OCT"
    diff_window = DiffWindow(fee_store)
    qtbot.addWidget(diff_window)
    assert (diff_window.old_box.currentData(), diff_window.new_box.currentData()) == ("HCPCS-2018", "HCPCS-2019")
    assert diff_window.compare()
    assert diff_window.diff.counts()["added"] == 244
    changes = diff_window.diff.changes["fields_changed"]
    assert [c.code for c in changes] == sorted((c.code for c in changes), key=code_sort_key)


def test_default_pair_falls_back_when_no_system_has_two_releases(store: ReferenceStore) -> None:
    hcpcs_2018, hcpcs_2019 = store.releases()[-2:]
    assert default_pair([hcpcs_2018, hcpcs_2019]) == (hcpcs_2018, hcpcs_2019)
    assert default_pair([hcpcs_2019]) is None


def test_the_starter_is_never_the_newest_release(qtbot, search_db: Path, tmp_path: Path) -> None:
    """The starter is dated when it was written (2026-11-27), after every official file."""
    with ReferenceStore(search_db) as store:
        labels = [r.label for r in store.releases()]
        assert labels[0] == "Starter" and store.releases()[0].effective_date > store.releases()[-1].effective_date
        window = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        picker = window.release_picker
        items = [picker.itemData(i) for i in range(picker.count())]
        assert items[0] is None and items[-1] == "Starter" and items[1:-1] == labels[:0:-1]
        # The starter comes last in the default view too, where it only stands in for the CPT modifiers neither
        # official release holds (tests/store/test_view_precedence.py).
        assert picker.itemText(0) == "Newest (PFS-2025-OCT, HCPCS-2019, Starter)"


def test_wrapped_what_changed_text_is_shown_whole_in_the_rows_in_view(qtbot, store: ReferenceStore) -> None:
    """A laptop-sized window: rows in view are as tall as their wrapped "what changed" text (none clipped to one
    line), and rows scrolled into view are fitted too."""
    diff_window = DiffWindow(store)
    qtbot.addWidget(diff_window)
    diff_window.resize(1229, 691)
    diff_window.show()
    assert diff_window.compare("HCPCS-2018", "HCPCS-2019")
    diff_window.set_kinds({"long_description_changed"})  # word diffs of long descriptors: several lines each
    table, delegate = diff_window.table, diff_window.table.itemDelegateForColumn(DETAILS)

    def clipped_rows() -> list[int]:
        first, last = table.rowAt(0), table.rowAt(table.viewport().height() - 1)
        rows = range(first, (last if last >= 0 else table.model().rowCount() - 1) + 1)
        option = QStyleOptionViewItem()
        option.initFrom(table)
        option.rect = QRect(0, 0, table.columnWidth(DETAILS), 0)
        needed = {row: delegate.sizeHint(option, table.model().index(row, DETAILS)).height() for row in rows}
        return [row for row, height in needed.items() if table.rowHeight(row) < height]

    line = table.fontMetrics().height() + 10
    qtbot.waitUntil(lambda: not clipped_rows())
    assert any(table.rowHeight(row) > 1.5 * line for row in range(table.rowAt(0), table.rowAt(0) + 10))
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum() // 2)
    qtbot.waitUntil(lambda: not clipped_rows())
