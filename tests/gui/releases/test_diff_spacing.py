"""Releases compared in the window: descriptors that differ only in spacing under their own kind, with
their own check box and count, said in words (no word diff could show them), and exported as such."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import TXT_2018, XLSX_2018, data_file

from medcode_gui.gui.releases.diff_model import DETAILS, DIFF_HTML_ROLE
from medcode_gui.gui.releases.diff_window import KIND_ROLE, DiffWindow
from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore


@pytest.fixture(scope="module")
def twins_store(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("gui-twins") / "twins.sqlite"
    with ReferenceStore(path) as store:
        store.import_release(read_release(data_file(TXT_2018), "TXT-2018", "2018-01-01"))
        store.import_release(read_release(data_file(XLSX_2018), "XLSX-2018", "2018-01-01"))
    with ReferenceStore(path) as store:
        yield store


def test_spacing_only_has_its_own_kind_count_and_words(qtbot, qtmodeltester, twins_store, tmp_path: Path) -> None:
    window = DiffWindow(twins_store)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.computed) as computed:
        assert window.compare("TXT-2018", "XLSX-2018")
    assert computed.args[0]["spacing_only"] == 35 and computed.args[0]["long_description_changed"] == 0
    items = {window.kinds.item(r).data(KIND_ROLE): window.kinds.item(r) for r in range(window.kinds.count())}
    assert items["spacing_only"].text() == "Spacing only (35)"
    assert "not counted as a descriptor change" in items["spacing_only"].toolTip()
    assert items["long_description_changed"].text() == "Long description changed (0)"
    with qtbot.waitSignal(window.shown) as shown:
        window.set_kinds({"long_description_changed", "short_description_changed"})
    assert shown.args == [0]
    with qtbot.waitSignal(window.shown) as shown:
        window.set_kinds({"spacing_only"})
    assert shown.args == [35]
    qtmodeltester.check(window.model)
    assert "spacing only 35" in window.summary.text()
    row = next(r for r in range(window.model.rowCount()) if window.model.change_at(r)[1].code == "A4221")
    assert window.model.index(row, 0).data() == "Spacing only"
    assert window.model.index(row, DETAILS).data() == (
        'Same words; long description: 2 spaces → 1 space between "drugs" and "separately)"'
    )
    assert window.model.index(row, DETAILS).data(DIFF_HTML_ROLE) is None  # a word diff would show nothing
    target = tmp_path / "spacing.csv"
    window.export_csv(target)
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    assert len(rows) == 36 and {row[0] for row in rows[1:]} == {"spacing_only"}
