"""The minimal window: typing searches, selecting shows the detail, the smoke test passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from medcode_gui.gui.main_window import MainWindow
from medcode_gui.gui.results_model import ResultsModel
from medcode_gui.store import ReferenceStore


def test_results_model_passes_the_model_tester(qtmodeltester, store: ReferenceStore) -> None:
    model = ResultsModel()
    model.set_hits(store.search("injection", limit=50))
    qtmodeltester.check(model)
    assert model.rowCount() == 50 and model.columnCount() == 5
    model.set_hits([])
    qtmodeltester.check(model)


@pytest.fixture
def window(qtbot, store: ReferenceStore) -> MainWindow:
    win = MainWindow(store, debounce_ms=10)
    qtbot.addWidget(win)
    win.show()
    return win


def test_typing_searches_after_the_debounce_and_shows_the_first_result(qtbot, window: MainWindow) -> None:
    with (
        qtbot.waitSignal(window.search_finished, timeout=3000) as finished,
        qtbot.waitSignal(window.detail_shown, timeout=3000) as shown,
    ):
        qtbot.keyClicks(window.search_box, "cane")
    assert finished.args[0] > 0
    codes = [window.results.hit(r).record.code for r in range(window.results.rowCount())]
    assert "E0100" in codes and shown.args == [codes[0]]
    assert "results in" in window.statusBar().currentMessage()


def test_selecting_a_row_shows_every_decoded_field(qtbot, window: MainWindow) -> None:
    window.search_box.setText("J1100")
    with qtbot.waitSignal(window.detail_shown, timeout=3000):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    text = window.detail.toPlainText()
    assert "Injection, dexamethasone sodium phosphate, 1 mg" in text
    assert "Medical care" in text and "HCPCS-2019" in text


def test_smoke_test_command_exits_0(two_release_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "medcode_gui.gui.app", "--db", str(two_release_db), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "smoke test: 1 results for 'J1100'; detail pane filled" in result.stdout


@pytest.mark.parametrize(
    ("typed", "words"),
    [("Z1234", "no HCPCS Level II section uses the letter Z"), ("0999T", "CPT Category III code")],
)
def test_a_code_not_in_the_database_is_still_explained(qtbot, window: MainWindow, typed: str, words: str) -> None:
    with qtbot.waitSignal(window.search_finished, timeout=3000) as finished:
        qtbot.keyClicks(window.search_box, typed)
    assert finished.args == [0]
    assert words in window.detail.toPlainText()


def test_starter_codes_are_labelled_in_the_detail_pane(qtbot, window: MainWindow) -> None:
    window.search_box.setText("99213")
    with qtbot.waitSignal(window.detail_shown, timeout=3000):
        window.run_search()
    text = window.detail.toPlainText()
    assert "Plain-language starter description" in text
    assert "CPT > Category I > Evaluation and Management > Office or other outpatient visits" in text
