"""The search box and the results (SearchController): one search per keystroke, the first page in the
keystroke's frame and more as the table scrolls, the detail pane after typing pauses, the keys that move into
the results, the codes of an outline node."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import shown_codes, shown_window
from PySide6.QtCore import QModelIndex, Qt

from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.gui.main.search_controller import MIN_FIRST_PAGE, SEARCH_LIMIT
from medcode_gui.store import ReferenceStore
from medcode_gui.store.user_store import UserStore


def test_typing_searches_after_the_debounce_and_shows_the_first_result(qtbot, window: MainWindow) -> None:
    with (
        qtbot.waitSignal(window.search_finished, timeout=3000) as finished,
        qtbot.waitSignal(window.detail_shown, timeout=3000) as shown,
    ):
        qtbot.keyClicks(window.search_box, "cane")
    assert finished.args[0] > 0 and "E0100" in shown_codes(window)
    assert shown.args == [shown_codes(window)[0]]
    assert "results in" in window.statusBar().currentMessage()


def test_a_long_result_list_shows_its_first_page_and_fetches_more_as_the_table_scrolls(
    qtbot, window: MainWindow, store: ReferenceStore
) -> None:
    everything = [hit.record.code for hit in store.search("J9000-J9999", SEARCH_LIMIT)]
    first_page = window.search.first_page_size()
    assert MIN_FIRST_PAGE <= first_page < len(everything)  # else this test would prove nothing
    with qtbot.waitSignal(window.search_finished, timeout=3000) as finished:
        window.search_box.setText("J9000-J9999")
        window.search.run_search()
    assert finished.args == [first_page] and shown_codes(window) == everything[:first_page]
    assert first_page > window.table.viewport().height() // window.table.rowHeight(0)  # the table is full
    assert window.statusBar().currentMessage().startswith(f"First {first_page} results")
    while window.results.canFetchMore(QModelIndex()):  # the view fetches a page each time it reaches the end
        listed = window.results.rowCount()
        window.table.scrollToBottom()
        qtbot.waitUntil(lambda listed=listed: window.results.rowCount() > listed, timeout=3000)
    assert shown_codes(window) == everything
    assert not window.results.canFetchMore(QModelIndex())
    assert window.statusBar().currentMessage() == f"{len(everything)} results"


def test_one_search_per_keystroke_with_real_key_events(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = window.session.store
    searched: list[tuple[str, int]] = []
    real = store.search

    def counted(text: str, limit: int = 50, release_label: str | None = None):  # noqa: ANN202
        searched.append((text, limit))
        return real(text, limit, release_label)

    monkeypatch.setattr(store, "search", counted)
    word = "injection"  # every prefix has more hits than a first page: no second search for "the rest"
    for end, letter in enumerate(word, 1):
        with qtbot.waitSignal(window.search_finished, timeout=3000):
            qtbot.keyClick(window.search_box, letter)
        assert window.search_box.text() == word[:end]
    # One search per key, each for a page of the rows on screen (that page may lose a row once the line saying
    # why the first hit matched appears above the table), never a second search for the 500 of the rest.
    assert [text for text, _ in searched] == [word[:end] for end in range(1, len(word) + 1)]
    page = window.search.first_page_size() + 1
    assert all(page - 2 <= limit <= page + 2 for _, limit in searched), (page, searched)


def test_the_detail_pane_and_the_recent_code_wait_for_typing_to_pause(
    qtbot, store: ReferenceStore, tmp_path: Path
) -> None:
    with UserStore(tmp_path / "user.sqlite") as user_store:
        window = shown_window(qtbot, store, tmp_path / "s.ini", user_store=user_store)
        shown: list[str] = []
        window.detail_shown.connect(shown.append)
        for letter in "cane":  # each key as soon as the last one's results are listed: faster than the pause
            with qtbot.waitSignal(window.search_finished, timeout=3000):
                qtbot.keyClick(window.search_box, letter)
            assert shown == [] and user_store.recent_codes(5) == []
            assert window.detail.current_code != shown_codes(window)[0]
        with qtbot.waitSignal(window.detail_shown, timeout=3000):
            pass  # typing paused
        assert shown == [shown_codes(window)[0]] and window.detail.current_code == shown[0]
        assert [recent.code for recent in user_store.recent_codes(5)] == shown


def test_a_row_chosen_is_shown_at_once_without_waiting_for_the_pause(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.search_finished, timeout=3000):
        qtbot.keyClicks(window.search_box, "cane")
    with qtbot.waitSignal(window.detail_shown, timeout=3000) as shown:  # Enter: the first row chosen
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert shown.args == [shown_codes(window)[0]]


def test_export_right_after_a_search_holds_every_result(
    tmp_path: Path, window: MainWindow, store: ReferenceStore
) -> None:
    window.search_box.setText("injection")
    window.search.run_search()  # the rest of the results are not listed yet: no event was processed
    assert window.results.rowCount() == window.search.first_page_size() < SEARCH_LIMIT
    assert window.output.export_results(tmp_path / "results.csv")
    lines = (tmp_path / "results.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) - 1 == len(store.search("injection", SEARCH_LIMIT)) == SEARCH_LIMIT


def test_arrows_and_enter_move_through_results(qtbot, window: MainWindow) -> None:
    window.search_box.setText("J9000-J9999")
    window.search.run_search()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert window.table.hasFocus() or window.focusWidget() is window.table
    first = window.detail.current_code
    with qtbot.waitSignal(window.detail_shown, timeout=3000) as shown:
        qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert shown.args[0] != first and shown.args[0] == shown_codes(window)[1]


def test_a_code_not_in_the_database_is_still_explained(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.search_finished, timeout=3000) as finished:
        qtbot.keyClicks(window.search_box, "Z1234")
    assert finished.args == [0]
    assert window.detail.current_code is None


def test_empty_search_shows_the_codes_of_the_selected_tree_node(qtbot, window: MainWindow) -> None:
    window.navigation.reveal_node("hcpcs.2.j.chemotherapy")
    with qtbot.waitSignal(window.search_finished, timeout=3000) as finished:
        window.search.run_search()
    codes = shown_codes(window)
    assert finished.args[0] == window.tree_model.count("hcpcs.2.j.chemotherapy") == len(codes)
    assert all(c.startswith("J9") for c in codes)


def test_a_corrected_word_is_said_above_the_results_with_why_the_first_matched(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.detail_shown, timeout=3000):
        window.search_box.setText("dexamethazone")
        window.search.run_search()
    assert "J1100" in shown_codes(window)[:5]
    notice = window.notice.text()
    assert window.notice.isVisible() and "Showing results for <b>dexamethasone</b>" in notice
    assert "(correction)" in notice  # the selected result says which word it matched and how


def test_words_that_find_nothing_are_never_called_not_a_code(qtbot, window: MainWindow) -> None:
    window.search_box.setText("qqxyzzyq blorft")
    window.search.run_search()
    assert shown_codes(window) == []
    assert window.notice.isVisible() and "No code matches" in window.notice.text()
    assert "not a" not in window.detail.message_label.text().lower()
    assert "No code matches these words" in window.detail.message_label.text()


def test_a_string_shaped_like_a_code_is_still_explained(qtbot, window: MainWindow) -> None:
    window.search_box.setText("J11000")
    window.search.run_search()
    assert shown_codes(window) == [] and not window.notice.isVisible()
    assert "6 characters" in window.detail.message_label.text()


def test_one_keystroke_plans_one_search_though_its_later_pages_are_fetched(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import medcode_gui.search.plan as plan_module

    planned: list[str] = []
    real = plan_module.build_plan

    def counted(text: str, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        planned.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(plan_module, "build_plan", counted)
    window.search_box.setText("injection")
    window.search.run_search()
    window.search.finish_search()  # every page, as an export asks for them
    assert window.results.rowCount() > window.search.first_page_size()
    assert planned == ["injection"]
