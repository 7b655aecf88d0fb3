"""The locality picker: a locality chosen by name, county, MAC-NN or ZIP code from the imported GPCI and 25LOCCO
rows, the DMEPOS state, the choice kept in the settings and shown after a restart, Ctrl+G to reach it; the payment
section filled for the code shown with the choice (the fee view is a recorder here: the window only passes the
choice on and renders what it gets)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_helpers import shown_window
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextDocumentFragment

from medcode_gui.codes.records import GPCI, LOCALITY_COUNTIES, ParsedRelease, ReleaseInfo, ScheduleRow
from medcode_gui.gui.common import payment_data
from medcode_gui.gui.common.payment_data import PaymentChoice
from medcode_gui.gui.main.locality_picker import STATE_OF_LOCALITY, locality_entries, resolve
from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.store import ReferenceStore

SF = "SAN FRANCISCO-OAKLAND-BERKELEY (SAN FRANCISCO CNTY)"
GPCI_ROWS = (("10112-00", "AL", "ALABAMA"), ("01112-05", "CA", SF), ("01112-52", "CA", "MARIN*"))
COUNTIES = (("10112-00", "ALL COUNTIES "), ("01112-05", "SAN FRANCISCO/ALAMEDA/CONTRA COSTA"), ("01112-52", "MARIN"))


def schedule(system: str, label: str, rows: list[ScheduleRow]) -> ParsedRelease:
    info = ReleaseInfo(system, label, "2025-01-01", f"{label}.csv", f"{label}.csv", label.ljust(64, "0"), "test")
    return ParsedRelease(info, [], schedule_rows=rows)


@pytest.fixture(scope="module")
def picker_db(tmp_path_factory: pytest.TempPathFactory, parsed_2019: ParsedRelease) -> Path:
    """The 2019 HCPCS release with GPCI and 25LOCCO rows (built here: the importers are tested beside them)."""
    gpci = [
        ScheduleRow(
            key,
            None,
            "",
            {"Medicare Administrative Contractor (MAC)": key[:5], "State": state}
            | {"Locality Number": key[-2:], "Locality Name": name, "2025 PW GPCI (with 1.0 Floor)": "1"},
        )
        for key, state, name in GPCI_ROWS
    ]
    counties = [
        ScheduleRow(key, None, "", {"Locality Number": key[-2:], "Fee Schedule Area ": "X", "Counties": text})
        for key, text in COUNTIES
    ]
    path = tmp_path_factory.mktemp("payment") / "payment.sqlite"
    with ReferenceStore(path) as store:
        store.import_release(parsed_2019)
        store.import_release(schedule(GPCI, "GPCI-2025", gpci))
        store.import_release(schedule(LOCALITY_COUNTIES, "LOCCO-2025", counties))
    return path


@pytest.fixture
def picker_store(picker_db: Path) -> ReferenceStore:
    with ReferenceStore(picker_db) as store:
        yield store


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every fee_view call the window makes (code and choice), answered with a PFS part."""
    made: list[dict[str, Any]] = []

    def fee_view(store: Any, code: str, modifier: str | None = None, **choice: Any) -> dict[str, Any]:
        made.append({"code": code, **choice})
        pfs = {"locality": {"mac": "01112", "number": "05", "name": "SF"}, "non_facility_amount": "1.00"}
        return {"code": code, "physician_fee_schedule": pfs | {"facility_amount": "2.00", "release": "R"}}

    monkeypatch.setattr(payment_data, "fee_view", fee_view)
    return made


def test_the_completer_lists_each_locality_by_name_and_by_county(picker_store: ReferenceStore) -> None:
    entries, states = locality_entries(picker_store)
    assert entries == [
        "ALABAMA, AL (10112-00)",
        f"{SF}, CA (01112-05)",
        "MARIN, CA (01112-52)",
        f"SAN FRANCISCO county: {SF}, CA (01112-05)",
        f"ALAMEDA county: {SF}, CA (01112-05)",
        f"CONTRA COSTA county: {SF}, CA (01112-05)",
        "MARIN county: MARIN, CA (01112-52)",
    ]
    assert states == {"10112-00": "AL", "01112-05": "CA", "01112-52": "CA"}


def test_typed_text_names_a_locality_a_zip_code_or_nothing(picker_store: ReferenceStore) -> None:
    entries, _ = locality_entries(picker_store)
    assert resolve("alameda", entries) == PaymentChoice(locality="01112-05")
    assert resolve(" San Francisco ", entries) == PaymentChoice(locality="01112-05")
    assert resolve("94103", entries) == PaymentChoice(zip_code="94103")
    assert resolve("01112-52", entries) == PaymentChoice(locality="01112-52")
    assert resolve("MARIN county: MARIN, CA (01112-52)", entries) == PaymentChoice(locality="01112-52")
    assert resolve("", entries) == PaymentChoice()
    assert resolve("Atlantis", entries) is None


def section_text(window: MainWindow) -> str:
    return QTextDocumentFragment.fromHtml(window.detail.payment_section.label.text()).toPlainText()


def test_a_county_typed_is_the_locality_of_the_figures_and_comes_back_after_a_restart(
    qtbot, picker_store: ReferenceStore, tmp_path: Path, calls: list[dict[str, Any]]
) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = shown_window(qtbot, picker_store, settings)
    window.navigation.open_code("J1100")
    qtbot.waitUntil(lambda: window.detail.payment_section.isVisible(), timeout=3000)
    assert calls[-1] == {"code": "J1100", "locality": None, "zip_code": None, "state": None}

    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.locality_box
    window.locality_box.setText("Alameda")
    qtbot.keyClick(window.locality_box, Qt.Key.Key_Return)
    assert window.session.payment_choice == PaymentChoice(locality="01112-05")
    assert window.locality_box.text() == f"{SF}, CA (01112-05)"
    assert calls[-1] == {"code": "J1100", "locality": "01112-05", "zip_code": None, "state": "CA"}  # its state
    assert "non-facility $1.00, facility $2.00" in section_text(window)

    window.state_box.setCurrentText("AL")  # DMEPOS amounts of another state
    assert calls[-1]["state"] == "AL" and window.session.payment_choice.state == "AL"
    window.close()

    again = shown_window(qtbot, picker_store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert again.session.payment_choice == PaymentChoice(locality="01112-05", state="AL")
    assert again.locality_box.text() == f"{SF}, CA (01112-05)" and again.state_box.currentText() == "AL"
    again.locality_box.setText("94103")
    qtbot.keyClick(again.locality_box, Qt.Key.Key_Return)
    again.state_box.setCurrentText(STATE_OF_LOCALITY)
    assert again.session.payment_choice == PaymentChoice(zip_code="94103")
    assert calls[-1]["zip_code"] == "94103" and calls[-1]["locality"] is None


def test_text_naming_no_place_is_said_and_changes_nothing(
    qtbot, picker_store: ReferenceStore, settings: QSettings
) -> None:
    window = shown_window(qtbot, picker_store, settings)
    window.locality_box.setText("Atlantis")
    qtbot.keyClick(window.locality_box, Qt.Key.Key_Return)
    assert window.session.payment_choice == PaymentChoice()
    assert window.statusBar().currentMessage() == "No locality, county or ZIP code matches 'Atlantis'."


def test_with_no_payment_file_the_section_says_which_to_import(qtbot, window: MainWindow) -> None:
    window.navigation.open_code("J1100")
    qtbot.waitUntil(lambda: window.detail.payment_section.isVisible(), timeout=3000)
    assert section_text(window).startswith("Payment and rules\nNo payment files are imported. Import the CMS")
    assert "Import release… (Ctrl+I)" in section_text(window)


def test_the_shortcut_table_has_ctrl_g_for_the_locality_and_no_key_twice() -> None:
    from medcode_gui.gui.common.shortcuts import SHORTCUTS

    assert SHORTCUTS["choose_locality"][0] == ["Ctrl+G"]
    keys = [key for keys, _, _ in SHORTCUTS.values() for key in keys]
    assert len(keys) == len(set(keys))
