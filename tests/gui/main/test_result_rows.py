"""The results as a coder reads them in the window: a node's whole list with its true count, the row of the code
the tree shows, star marks that follow the stars, and every view brought up to date after an import."""

from __future__ import annotations

from pathlib import Path

from conftest import ZIP_2019, data_file
from gui_helpers import shown_codes, shown_window
from PySide6.QtWidgets import QApplication

from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.store import ReferenceStore
from medcode_gui.store.user_store import UserStore

STAR = "\u2605"


def selected_code(window: MainWindow) -> str | None:
    rows = window.table.selectionModel().selectedRows()
    return window.results.hit(rows[0].row()).record.code if rows else None


def test_a_node_of_6440_codes_lists_them_all_with_its_true_count(qtbot, search_db: Path, settings) -> None:
    """Level II of the real 2019 release: the first 2,000 at once, the rest as the table scrolls, to the end."""
    store = ReferenceStore(search_db)
    window = shown_window(qtbot, store, settings)
    node = window.tree_model.index_for_node("hcpcs.2")
    assert window.tree_model.count("hcpcs.2") == 6440
    window.search.show_node_codes(node)
    assert window.statusBar().currentMessage().startswith("6,440 codes in ")
    assert window.results.rowCount() == 2000

    def scrolled_to_the_end() -> bool:
        window.table.scrollToBottom()
        QApplication.processEvents()
        return window.results.rowCount() == 6440

    qtbot.waitUntil(scrolled_to_the_end, timeout=20_000)
    every = store.codes_in_node("hcpcs.2", None, limit=10_000)
    assert shown_codes(window) == [hit.record.code for hit in every]
    assert shown_codes(window)[-1] > "G8431"  # past where the list used to stop
    store.close()


def test_the_results_highlight_the_code_the_tree_is_on(qtbot, window: MainWindow) -> None:
    code = window.tree_model.index_for_code("E0110")
    window.search.show_node_codes(code.parent())  # the leaf's codes listed, the first selected
    assert selected_code(window) == shown_codes(window)[0] != "E0110"
    with qtbot.waitSignal(window.detail_shown):
        window.tree.setCurrentIndex(window.tree_model.index_for_code("E0110"))
    assert window.session.current.record.code == "E0110"
    assert selected_code(window) == "E0110"
    window.search_box.setText("J1100")  # a list without the tree's code: no row highlighted, not a wrong one
    window.search.run_search()
    window.tree.setCurrentIndex(window.tree_model.index_for_code("E0105"))
    assert selected_code(window) is None


def test_a_starred_code_shows_a_star_in_the_results_and_the_tree(
    qtbot, store: ReferenceStore, settings, tmp_path: Path
) -> None:
    user_store = UserStore(tmp_path / "user.sqlite")
    window = shown_window(qtbot, store, settings, user_store=user_store)
    window.search_box.setText("E0100")
    window.search.run_search()
    assert window.navigation.open_code("E0100")
    row = window.results.row_of("E0100")
    assert not window.results.index(row, 0).data().startswith(STAR)
    window.actions_by_name["star"].trigger()
    assert window.results.index(row, 0).data() == f"{STAR} E0100"
    assert window.tree_model.index_for_code("E0100").data().startswith(f"{STAR} E0100")
    window.actions_by_name["star"].trigger()  # unstarred: the marks go
    assert window.results.index(row, 0).data() == "E0100"
    assert not window.tree_model.index_for_code("E0100").data().startswith(STAR)
    user_store.close()


def test_an_import_in_the_window_refreshes_results_detail_and_keeps_the_tree_open(
    qtbot, empty_db: Path, settings
) -> None:
    store = ReferenceStore(empty_db)  # the starter data only
    window = shown_window(qtbot, store, settings)
    window.search_box.setText("G9978")
    window.search.run_search()
    assert window.results.rowCount() == 0 and window.session.current is None
    assert window.detail.message_label.isVisible()  # said what G9978 is, with no data for it
    top = window.tree_model.index_for_node("hcpcs")
    window.tree.expand(top)
    with qtbot.waitSignal(window.import_finished, timeout=60_000) as finished:
        window.imports.import_files([str(data_file(ZIP_2019))])
    assert finished.args[0] is True
    assert "G9978" in shown_codes(window)  # listed again without retyping
    assert window.session.current.record.code == "G9978"  # and shown in the detail pane
    assert window.session.current.release.label == "HCPCS-2019"
    assert window.tree.isExpanded(window.tree_model.index_for_node("hcpcs"))  # the tree did not collapse
    store.close()


def test_a_starter_code_shown_before_an_import_is_shown_from_the_release_after(
    qtbot, empty_db: Path, settings
) -> None:
    store = ReferenceStore(empty_db)
    window = shown_window(qtbot, store, settings)
    window.search_box.setText("E0100")
    window.search.run_search()
    assert window.navigation.open_code("E0100") and window.session.current.release.label == "Starter"
    with qtbot.waitSignal(window.import_finished, timeout=60_000):
        window.imports.import_files([str(data_file(ZIP_2019))])
    assert window.session.current.release.label == "HCPCS-2019"
    assert window.results.hit(window.results.row_of("E0100")).release.label == "HCPCS-2019"
    store.close()
