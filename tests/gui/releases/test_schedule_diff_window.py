"""Payment and rules releases in the window: compared row by row in Compare releases, listed in About this
data, never offered in the release picker (conftest's gpci_db: GPCI2025.csv and a modified copy)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from gui_helpers import shown_window

from medcode_gui.gui.main.about_dialog import releases_html
from medcode_gui.gui.releases.diff_model import DiffModel
from medcode_gui.gui.releases.diff_window import DiffWindow
from medcode_gui.gui.releases.schedule_diff_model import ScheduleDiffModel
from medcode_gui.store import ReferenceStore


@pytest.fixture
def gpci_store(gpci_db: Path) -> ReferenceStore:
    with ReferenceStore(gpci_db) as opened:
        yield opened


def test_two_gpci_releases_compared_row_by_row(qtbot, qtmodeltester, gpci_store: ReferenceStore, tmp_path) -> None:
    window = DiffWindow(gpci_store)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.computed) as computed:
        assert window.compare("GPCI-2025", "GPCI-2025-B")
    assert (computed.args[0]["removed"], computed.args[0]["fields_changed"]) == (1, 1)
    model = window.table.model()
    assert isinstance(model, ScheduleDiffModel) and model is window.model
    qtmodeltester.check(model)
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows == [
        ["Rows removed", "02102-01", "", "", "MAC 02102, State AK, Locality Number 01, Locality Name ALASKA*, "
         "PW GPCI 1.5, PE GPCI 1.081, MP GPCI 0.592"],
        ["Rows changed", "01112-05", "", "", "PW GPCI: 1.088 → 1.188"],
    ]
    assert "GPCI-2025 → GPCI-2025-B: 2 changes shown. rows added 0, rows removed 1, rows changed 1" in (
        window.summary.text()
    )
    with qtbot.waitSignal(window.shown) as shown:
        window.filter_box.setText("oakland")  # the filter reads a row's values
    assert shown.args == [1] and model.change_at(0)[1].key == "01112-05"
    window.filter_box.clear()
    window.row_fitter.fit()  # (its timer would do it at the next turn of the event loop)
    assert window.table.rowHeight(0) > window.table.rowHeight(1)  # the removed row's columns wrapped whole
    window.grab().save(str(tmp_path / "schedule-diff.png"))

    path = tmp_path / "changes.csv"
    window.export_csv(path)
    exported = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert exported[0][:5] == ["change", "key", "code", "modifier", "field"]
    changed = ["fields_changed", "01112-05", "", "", "PW GPCI", "1.088", "1.188"]
    assert exported[-1][:7] == changed


def test_a_schedule_and_codes_are_refused_and_codes_compared_as_before(qtbot, gpci_store: ReferenceStore) -> None:
    window = DiffWindow(gpci_store)
    qtbot.addWidget(window)
    assert not window.compare("HCPCS-2019", "GPCI-2025")
    assert window.summary.text() == (
        "HCPCS-2019 (HCPCS) and GPCI-2025 (GPCI) are different kinds of file; compare two releases of one kind."
    )
    assert window.compare("GPCI-2025", "GPCI-2025-B") and isinstance(window.table.model(), ScheduleDiffModel)
    assert window.compare("Starter", "HCPCS-2019")
    assert isinstance(window.table.model(), DiffModel) and window.model.rowCount() > 0


def test_the_picker_never_offers_a_schedule_and_about_lists_it(qtbot, gpci_store: ReferenceStore, tmp_path) -> None:
    window = shown_window(qtbot, gpci_store, tmp_path / "s.ini")
    picker = window.release_picker
    assert [picker.itemData(i) for i in range(picker.count())] == [None, "HCPCS-2019", "Starter"]
    html = releases_html(gpci_store)
    assert "109 rows: PFS geographic practice cost indices by locality" in html
    assert "108 rows: PFS geographic practice cost indices by locality" in html
    assert "GPCI2025-modified.csv" in html
