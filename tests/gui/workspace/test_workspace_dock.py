"""My codes in the window: stars, lists, notes found by the search, recents; all in the user database."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from gui_helpers import shown_window
from PySide6.QtCore import QSettings, Qt

from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.store import ReferenceStore
from medcode_gui.store.user_store import UserStore


@pytest.fixture
def window(qtbot, store: ReferenceStore, user_store: UserStore, tmp_path: Path) -> MainWindow:
    return shown_window(qtbot, store, tmp_path / "s.ini", user_store)


def test_ctrl_d_stars_and_unstars_the_current_code(qtbot, window: MainWindow, user_store: UserStore) -> None:
    window.navigation.open_code("J1100")
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert user_store.is_starred("J1100") and window.actions_by_name["star"].isChecked()
    window.workspace_actions.dock.refresh()
    assert window.workspace_actions.dock.codes() == ["J1100"]
    assert "Dexamethasone sodium phos · HCPCS-2019" in window.workspace_actions.dock.entries.item(0).text()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not user_store.is_starred("J1100") and not window.actions_by_name["star"].isChecked()


def test_lists_add_reorder_rename_remove_export(window: MainWindow, user_store: UserStore, tmp_path: Path) -> None:
    for code in ("J1100", "J9000", "E0100"):
        window.navigation.open_code(code)
        assert window.workspace_actions.add_current_to_list("Training set")
    dock = window.workspace_actions.dock
    assert dock.current_list() == "Training set" and dock.codes() == ["J1100", "J9000", "E0100"]
    dock.entries.setCurrentRow(2)
    dock.move_selected(-1)
    assert dock.codes() == ["J1100", "E0100", "J9000"] == [e.code for e in user_store.list_codes("Training set")]
    window.navigation.open_code("J1100")
    assert not window.workspace_actions.add_current_to_list("Training set")  # already there: said in the status bar
    assert dock.rename_list("Drugs and canes")
    assert [code_list.name for code_list in user_store.lists()] == ["Drugs and canes"]
    dock.entries.setCurrentRow(0)
    dock.remove_selected()
    assert dock.codes() == ["E0100", "J9000"]
    target = tmp_path / "list.csv"
    assert dock.export_csv(target, window.workspace_actions.describe_row)
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig")))
    assert [(r["code"], r["release"]) for r in rows] == [("E0100", "HCPCS-2019"), ("J9000", "HCPCS-2019")]
    assert rows[0]["short_description"] == "Cane adjust/fixed with tip"
    assert dock.delete_list(confirm=False) and user_store.lists() == []


def test_a_note_is_saved_after_a_pause_and_found_by_the_search(qtbot, window: MainWindow, user_store) -> None:
    window.navigation.open_code("E0100")
    assert window.detail.note_edit.isVisibleTo(window.detail)
    with qtbot.waitSignal(window.detail.note_edited, timeout=3000) as edited:
        window.detail.note_edit.setPlainText("Zebrawood handle asked by the Tuesday clinic")
    assert edited.args == ["E0100", "code", "Zebrawood handle asked by the Tuesday clinic"]
    assert user_store.note("E0100") == "Zebrawood handle asked by the Tuesday clinic"
    with qtbot.waitSignal(window.search_finished):
        window.search_box.setText("zebrawood tuesday")
    hit = window.results.hit(0)
    assert (hit.record.code, hit.match) == ("E0100", "note")
    window.navigation.open_code("J1100")
    window.navigation.open_code("E0100")
    assert window.detail.note_edit.toPlainText() == "Zebrawood handle asked by the Tuesday clinic"


def test_a_note_typed_just_before_closing_is_kept(qtbot, store, tmp_path: Path) -> None:
    path = tmp_path / "user.sqlite"
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    with UserStore(path) as user_store:
        window = MainWindow(store, settings, user_store=user_store)
        qtbot.addWidget(window)
        window.navigation.open_code("J1100")
        window.detail.note_edit.setPlainText("Check the units billed")
        window.close()  # before the pause: the close flushes it
    with UserStore(path) as reopened:
        assert reopened.note("J1100") == "Check the units billed"


def test_recent_codes_and_searches(qtbot, window: MainWindow, user_store: UserStore) -> None:
    window.navigation.open_code("J1100")
    window.navigation.open_code("E0100")
    window.search_box.setText("cane")
    window.search.enter_results()  # Enter: the first result chosen, and shown
    first = window.results.hit(0).record.code
    assert first != "E0100" and [r.code for r in user_store.recent_codes(3)] == [first, "E0100", "J1100"]
    assert user_store.recent_searches(1) == ["cane"]
    window.workspace_actions.fill_recent_codes()
    assert [a.text() for a in window.workspace_actions.recent_codes_menu.actions()][:3] == [first, "E0100", "J1100"]
    window.workspace_actions.fill_recent_searches()
    window.workspace_actions.recent_searches_menu.actions()[0].trigger()
    assert window.search_box.text() == "cane"


def test_a_window_without_a_user_database_still_browses(qtbot, store, tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "not-a-db.sqlite"
    bad.write_text("this is not a database")
    monkeypatch.setenv("MEDCODE_USER_DB", str(bad))
    window = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert window.session.user_store is None and not window.actions_by_name["star"].isEnabled()
    assert window.navigation.open_code("J1100") and window.detail.current_code == "J1100"
    assert not window.detail.note_edit.isVisibleTo(window.detail)


def test_print_and_present_from_the_window(qtbot, window: MainWindow, store: ReferenceStore, tmp_path: Path) -> None:
    window.navigation.open_code("J1100")
    card = tmp_path / "card.pdf"
    assert window.output.save_current_pdf(card) and card.read_bytes().startswith(b"%PDF")
    with qtbot.waitSignal(window.search_finished):
        window.search_box.setText("J90")
    listing = tmp_path / "list.pdf"
    assert window.output.save_results_pdf(listing) and listing.read_bytes().count(b"/Type /Page\n") >= 1
    window.navigation.open_code("J1100")
    presentation = window.output.present(full_screen=False)
    assert presentation.current_code == "J1100"
    presentation.step(1)
    following = store.adjacent_code("J1100", "code", 1)
    assert presentation.current_code == following
    with qtbot.waitSignal(window.detail_shown) as shown:
        presentation.close()
    assert shown.args == [following]


def test_present_a_code_list_from_my_codes(qtbot, window: MainWindow) -> None:
    for code in ("E0100", "J1100", "A0425"):
        window.navigation.open_code(code)
        window.workspace_actions.add_current_to_list("Demo")
    with qtbot.waitSignal(window.workspace_actions.dock.present_requested):
        window.workspace_actions.dock.buttons["Present (F11)"].click()
    presentation = window.output.presentation
    assert presentation.current_code == "E0100"
    presentation.step(1)
    assert presentation.current_code == "J1100"
    presentation.close()
