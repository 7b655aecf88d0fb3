"""The window across releases: the release picker, codes the newest release dropped, history, the diff view."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_cms import ZIP_NAME
from gui_helpers import shown_codes, shown_window
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.releases import cms_update
from medcode_gui.store import ReferenceStore


@pytest.fixture
def window(qtbot, store: ReferenceStore, tmp_path: Path) -> MainWindow:
    return shown_window(qtbot, store, tmp_path / "s.ini")


def test_the_picker_lists_every_release_and_defaults_to_the_newest(window: MainWindow) -> None:
    picker = window.release_picker
    items = [picker.itemData(i) for i in range(picker.count())]
    # Newest first, and the starter last although it is dated 2026-11-27: it is never the newest release.
    assert items == [None, "HCPCS-2019", "HCPCS-2018", "Starter"]
    assert picker.currentIndex() == 0 and "HCPCS-2019" in picker.currentText()
    assert "HCPCS-2019" in window.release_label.text()


def test_search_tree_and_details_follow_the_chosen_release(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.release_changed) as changed:
        window.release_picker.setCurrentIndex(window.release_picker.findData("HCPCS-2018"))
        window.release_picker.activated.emit(window.release_picker.currentIndex())
    assert changed.args == ["HCPCS-2018"]
    with qtbot.waitSignal(window.detail_shown):
        window.search_box.setText("G9976")
    assert shown_codes(window)[0] == "G9976"
    assert window.detail.current_view["release"] == "HCPCS-2018"
    assert window.detail.current_view["banner"]["state"] != "removed"  # in this release it is simply there
    assert window.tree_model.count("hcpcs.2") == 6205 + 354 - window.tree_model.count("hcpcs.modifiers")
    window.navigation.open_code("J1100")
    assert window.detail.current_view["release"] == "HCPCS-2018"
    window.releases.set_release(None)  # the search runs again in the newest releases: G9976 is now marked removed
    assert window.results.hit(0).status == "removed"
    window.navigation.open_code("J1100")
    assert window.detail.current_view["release"] == "HCPCS-2019"


def test_a_code_dropped_by_the_newest_release_is_found_and_marked(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.detail_shown):
        window.search_box.setText("G9976")
    hit = window.results.hit(0)
    assert (hit.record.code, hit.release.label, hit.status) == ("G9976", "HCPCS-2018", "removed")
    banner = window.detail.current_view["banner"]
    assert banner["state"] == "removed" and "not in HCPCS-2019; last listed in HCPCS-2018" in banner["text"]
    assert window.detail.banner_label.text() == banner["text"]


def test_the_detail_pane_shows_the_code_history(window: MainWindow) -> None:
    window.navigation.open_code("G9637")
    text = window.detail.history_label.text()
    assert window.detail.history_label.isVisible() or window.detail.history_label.isVisibleTo(window.detail)
    assert "History" in text and "Short description changed" in text and "line-through" in text
    window.navigation.open_code("C8904")
    assert 'href="code:77046"' in window.detail.history_label.text()


def test_diff_model_passes_the_model_tester(qtmodeltester, store: ReferenceStore) -> None:
    from medcode_gui.gui.releases.diff_model import DETAILS, DIFF_HTML_ROLE, DiffModel
    from medcode_gui.releases.release_diff import diff_releases

    diff = diff_releases(store, "HCPCS-2018", "HCPCS-2019")
    model = DiffModel()
    model.set_changes(
        [(kind, change) for kind in ("short_description_changed", "fields_changed") for change in diff.changes[kind]]
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 101 + 483
    assert "line-through" in model.index(0, DETAILS).data(DIFF_HTML_ROLE)
    assert model.index(101, DETAILS).data(DIFF_HTML_ROLE) is None and "→" in model.index(101, DETAILS).data()
    model.set_changes([])
    qtmodeltester.check(model)


def test_compare_releases_window_filters_exports_and_opens_codes(qtbot, window: MainWindow, tmp_path: Path) -> None:
    import csv

    diff_window = window.windows.show_release_diff()
    assert diff_window.diff.old.label == "HCPCS-2018" and diff_window.diff.new.label == "HCPCS-2019"
    counts = diff_window.diff.counts()
    assert (counts["added"], counts["removed"], counts["terminated"]) == (244, 3, 33)
    with qtbot.waitSignal(diff_window.shown) as shown:
        diff_window.set_kinds({"removed"})
    assert shown.args == [3]
    assert [diff_window.model.change_at(r)[1].code for r in range(3)] == ["DA", "G9976", "G9977"]
    diff_window.set_kinds({"added", "terminated"})
    with qtbot.waitSignal(diff_window.shown) as shown:
        diff_window.filter_box.setText("C90")
    codes = {diff_window.model.change_at(r)[1].code for r in range(diff_window.model.rowCount())}
    assert shown.args == [len(codes)] and {"C9030", "C9031"} <= codes
    target = tmp_path / "changes.csv"
    diff_window.export_csv(target)
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    assert {row[0] for row in rows[1:]} == {"added", "terminated"}
    with qtbot.waitSignal(window.detail_shown) as opened:
        diff_window.table.activated.emit(diff_window.model.index(0, 0))
    assert opened.args == [diff_window.model.change_at(0)[1].code]


def test_compare_releases_says_why_it_cannot(qtbot, tmp_path: Path) -> None:
    with ReferenceStore(tmp_path / "new.sqlite") as store:
        window = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        diff_window = window.windows.show_release_diff()
        assert diff_window.diff is None
        assert "Import at least two releases" in diff_window.summary.text()


def test_the_import_wizard_from_the_file_menu_imports_and_refreshes(qtbot, tmp_path: Path) -> None:
    from conftest import TXT_2018, data_file
    from PySide6.QtCore import Qt

    with ReferenceStore(tmp_path / "w.sqlite") as store:
        window = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        action = window.actions_by_name["import_wizard"]
        assert action.shortcut().toString() == "Ctrl+Shift+I"
        action.trigger()
        wizard = window.imports.import_wizard
        assert wizard is not None and wizard.isVisible()
        with qtbot.waitSignal(wizard.examined, timeout=20_000):
            wizard.add_paths([str(data_file(TXT_2018))])
        with qtbot.waitSignal(window.import_finished, timeout=30_000) as finished:
            qtbot.keyClick(wizard, Qt.Key.Key_Return)
        assert finished.args[0] is True and "HCPCS-2018" in finished.args[1]
        assert window.release_picker.findData("HCPCS-2018") >= 0
        assert "HCPCS-2018" in window.release_label.text()


def test_update_from_cms_in_the_menu_downloads_and_imports(qtbot, tmp_path: Path, monkeypatch, server: str) -> None:  # noqa: F811
    """The File menu's update, against the fake CMS site of test_cms_update (a local HTTP server)."""
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    monkeypatch.setenv(cms_update.PATTERN_ENV, f"{server}/files/{ZIP_NAME}")
    with ReferenceStore(tmp_path / "u.sqlite") as store:
        window = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        asked: list[str] = []

        def answer(parent, title, text, buttons, default):  # noqa: ANN001, ANN202 - QMessageBox.question's
            asked.append(text)
            return QMessageBox.StandardButton.Yes

        monkeypatch.setattr(QMessageBox, "question", answer)
        with qtbot.waitSignal(window.import_finished, timeout=60_000) as finished:
            window.actions_by_name["update_from_cms"].trigger()
        assert f"{server}/files/{ZIP_NAME}" in asked[0]  # it asked first, saying where it would go
        assert finished.args[0] is True and "HCPCS-2019" in finished.args[1]
        assert window.release_picker.findData("HCPCS-2019") >= 0
