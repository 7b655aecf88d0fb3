"""The window across releases: the release picker, codes the newest release dropped, history, the diff view."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from medcode_gui.gui.main_window import MainWindow
from medcode_gui.store import ReferenceStore


@pytest.fixture
def window(qtbot, store: ReferenceStore, tmp_path: Path) -> MainWindow:
    win = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), debounce_ms=10)
    qtbot.addWidget(win)
    win.show()
    return win


def shown_codes(window: MainWindow) -> list[str]:
    return [window.results.hit(r).record.code for r in range(window.results.rowCount())]


def test_the_picker_lists_every_release_and_defaults_to_the_newest(window: MainWindow) -> None:
    picker = window.release_picker
    items = [picker.itemData(i) for i in range(picker.count())]
    assert items == [None, "Starter", "HCPCS-2019", "HCPCS-2018"]
    assert picker.currentIndex() == 0 and "HCPCS-2019" in picker.currentText()
    assert "HCPCS-2019" in window.release_label.text()


def test_search_tree_and_details_follow_the_chosen_release(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.release_changed) as changed:
        window.release_picker.setCurrentIndex(window.release_picker.findData("HCPCS-2018"))
        window.release_picker.activated.emit(window.release_picker.currentIndex())
    assert changed.args == ["HCPCS-2018"]
    with qtbot.waitSignal(window.search_finished):
        window.search_box.setText("G9976")
    assert shown_codes(window)[0] == "G9976"
    assert window.detail.current_view["release"] == "HCPCS-2018"
    assert window.detail.current_view["banner"]["state"] != "removed"  # in this release it is simply there
    assert window.tree_model.count("hcpcs.2") == 6205 + 354 - window.tree_model.count("hcpcs.modifiers")
    window.open_code("J1100")
    assert window.detail.current_view["release"] == "HCPCS-2018"
    window.set_release(None)  # the search runs again in the newest releases: G9976 is now marked removed
    assert window.results.hit(0).status == "removed"
    window.open_code("J1100")
    assert window.detail.current_view["release"] == "HCPCS-2019"


def test_a_code_dropped_by_the_newest_release_is_found_and_marked(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.search_finished):
        window.search_box.setText("G9976")
    hit = window.results.hit(0)
    assert (hit.record.code, hit.release.label, hit.status) == ("G9976", "HCPCS-2018", "removed")
    banner = window.detail.current_view["banner"]
    assert banner["state"] == "removed" and "not in HCPCS-2019; last listed in HCPCS-2018" in banner["text"]
    assert window.detail.banner_label.text() == banner["text"]


def test_the_detail_pane_shows_the_code_history(window: MainWindow) -> None:
    window.open_code("G9637")
    text = window.detail.history_label.text()
    assert window.detail.history_label.isVisible() or window.detail.history_label.isVisibleTo(window.detail)
    assert "History" in text and "Short description changed" in text and "line-through" in text
    window.open_code("C8904")
    assert 'href="code:77046"' in window.detail.history_label.text()
