"""The detail pane's payment section renders the fee and add-on views (the dicts `medcode fee --json` and
`medcode addon --json` print, built here as the contract gives them): every figure with its release and file,
a line for a code not on a schedule and for a schedule not imported, add-on codes as links that open the code."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QTextDocumentFragment

from medcode_gui.gui.common.payment_data import PaymentChoice
from medcode_gui.gui.detail.detail_pane import DetailPane
from medcode_gui.gui.detail.payment_section import PaymentSection, payment_html

ALL_IMPORTED = {
    system: {"release": f"{system}-TEST", "file": f"{system}.csv"}
    for system in ("PFS", "GPCI", "OPPS", "DMEPOS", "CLFS", "ASP", "ASC", "AOC", "ZIP5", "LOCCO")
}
PFS_PART = {
    "locality": {"mac": "01112", "number": "05", "name": "SAN FRANCISCO", "how_chosen": "zip 94103"},
    "non_facility_amount": "1339.81",
    "facility_amount": "1339.81",
    "conversion_factor": "32.3465",
    "release": "PFS-2025-D",
    "file": "PPRRVU2025_Oct.csv",
    "gpci_release": "GPCI-2025",
}


def fee(**parts: Any) -> dict[str, Any]:
    base = {"code": "76145", "modifier": None, "physician_fee_schedule": None, "opps": None, "dmepos": []}
    return base | {"clfs": None, "asp": None, "asc": None} | parts


def payment(fee_view: dict[str, Any] | None, addon: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    found = {"code": "76145", "choice": PaymentChoice(zip_code="94103"), "imported": ALL_IMPORTED}
    return found | {"fee": fee_view, "addon": addon} | extra


def text_of(html: str) -> str:
    return " ".join(QTextDocumentFragment.fromHtml(html).toPlainText().split())


def test_pfs_amounts_in_the_locality_with_their_release_file_and_arithmetic(qapp) -> None:
    text = text_of(payment_html(payment(fee(physician_fee_schedule=PFS_PART))))
    assert "Locality: SAN FRANCISCO (01112-05), zip 94103" in text
    assert "non-facility $1339.81, facility $1339.81; conversion factor 32.3465" in text
    assert "(PFS-2025-D, PPRRVU2025_Oct.csv)" in text
    assert "How: (work RVU × work GPCI + PE RVU × PE GPCI + MP RVU × MP GPCI) × conversion factor" in text
    assert "gpci release: GPCI-2025" in text  # a key the view adds is shown, not dropped


def test_a_code_not_paid_under_the_pfs_gets_the_views_sentence_never_a_blank(qapp) -> None:
    part = {"locality": PFS_PART["locality"], "non_facility_amount": None, "facility_amount": None}
    part |= {"not_on_schedule": "not paid under the PFS: status I", "release": "PFS-2025-D", "file": "P.csv"}
    text = text_of(payment_html(payment(fee(physician_fee_schedule=part))))
    assert "Physician fee schedule: not paid under the PFS: status I (PFS-2025-D, P.csv)" in text
    absent = text_of(payment_html(payment(fee())))  # the view's null: the code has no PFS row at all
    assert "Physician fee schedule: not on the physician fee schedule (PFS-TEST, GPCI-TEST)." in absent


def test_every_other_schedule_with_its_figures_and_source(qapp) -> None:
    opps = {"status_indicator": "S", "apc": "5523", "payment_rate": "242.30", "release": "OPPS-2022-10"}
    opps |= {"file": "Addendum_B.xlsx", "national_unadjusted_copayment": "48.46"}
    dmepos = [
        {"modifier": "NU", "state": "AL", "non_rural": "120.11", "rural": "130.20", "ceiling": "140.00"}
        | {"floor": "100.00", "release": "DMEPOS-2025-04", "file": "DMEPOS25_APR.csv"},
        {"modifier": "RR", "state": "AL", "non_rural": "12.01", "rural": "13.02", "ceiling": "14.00"}
        | {"floor": "10.00", "release": "DMEPOS-2025-04", "file": "DMEPOS25_APR.csv"},
    ]
    clfs = {"rate": "10.56", "release": "CLFS-2025-Q2", "file": "CLFS 2025 Q2V1.csv"}
    asp = {"payment_limit": "0.109", "dosage": "1 MG", "release": "ASP-2025-01", "file": "asp.csv"}
    asc = {"payment_indicator": "N1", "rate": None, "release": "ASC-2025-01", "file": "AA.xlsx"}
    text = text_of(payment_html(payment(fee(opps=opps, dmepos=dmepos, clfs=clfs, asp=asp, asc=asc))))
    assert "Hospital outpatient (OPPS): status indicator S, APC 5523, payment rate $242.30" in text
    assert "(OPPS-2022-10, Addendum_B.xlsx) national unadjusted copayment: 48.46" in text
    assert "DMEPOS fee schedule (DMEPOS-2025-04, DMEPOS25_APR.csv)" in text
    assert "NU AL $120.11 $130.20 $140.00 $100.00" in text and "RR AL $12.01 $13.02 $14.00 $10.00" in text
    assert "Clinical lab fee schedule: rate $10.56 (CLFS-2025-Q2, CLFS 2025 Q2V1.csv)" in text
    assert "Part B drugs (ASP): payment limit $0.109, dosage 1 MG (ASP-2025-01, asp.csv)" in text
    assert "Ambulatory surgical centers (ASC): payment indicator N1, rate — (ASC-2025-01, AA.xlsx)" in text


def test_a_code_on_no_imported_schedule_says_so_for_each(qapp) -> None:
    text = text_of(payment_html(payment(fee(), {"code": "76145", "is_add_on": False, "primaries": [], "add_ons": []})))
    for line in (
        "Hospital outpatient (OPPS): not on it (OPPS-TEST).",
        "Clinical lab fee schedule: not on it (CLFS-TEST).",
        "Part B drugs (ASP): not on it (ASP-TEST).",
        "Ambulatory surgical centers (ASC): not on it (ASC-TEST).",
        "DMEPOS fee schedule: not on it (DMEPOS-TEST).",
        "Add-on codes: neither an add-on code nor a primary of one (AOC-TEST).",
    ):
        assert line in text


def test_schedules_not_imported_are_named_with_an_import_link(qtbot) -> None:
    some = {k: v for k, v in ALL_IMPORTED.items() if k in ("PFS", "GPCI")}
    text = text_of(payment_html(payment(fee(physician_fee_schedule=PFS_PART), imported=some)))
    assert "Not imported: OPPS Addendum B, DMEPOS fee schedule, clinical lab fee schedule (CLFS)" in text
    assert "Hospital outpatient" not in text  # never "not on it" for a schedule never imported
    nothing = payment(None, imported={"PFS": ALL_IMPORTED["PFS"]})
    section = PaymentSection(lambda code: None)
    qtbot.addWidget(section)
    section.fill(nothing)
    assert text_of(section.label.text()).startswith("Payment and rules No payment files are imported.")
    with qtbot.waitSignal(section.import_requested, timeout=1000):
        section.label.linkActivated.emit("action:import")


def test_add_on_relations_are_links_that_open_the_code(qtbot) -> None:
    addon = {
        "code": "99292",
        "is_add_on": True,
        "primaries": [
            {"code": "99291", "edit_type": "1", "effective_date": "2010-01-01", "deletion_date": None},
            {"code": "CCCCC", "edit_type": "2", "effective_date": "2011-01-01", "deletion_date": "2020-12-31"},
        ],
        "add_ons": [],
    }
    opened: list[str] = []
    section = PaymentSection(opened.append)
    qtbot.addWidget(section)
    section.fill(payment(fee(), addon))
    html = section.label.text()
    assert 'href="code:99291"' in html and "code:CCCCC" not in html
    text = text_of(html)
    assert "An add-on code; its primary codes: 99291 (edit type 1, from 2010-01-01, in force)" in text
    assert "contractor defined (edit type 2, from 2011-01-01, deleted 2020-12-31)" in text
    section.label.linkActivated.emit("code:99291")
    assert opened == ["99291"]
    with qtbot.waitSignal(section.locality_requested, timeout=1000):
        section.label.linkActivated.emit("action:locality")


def test_text_from_the_files_is_escaped(qapp) -> None:
    hostile = "<img src=file:///etc/passwd>"
    part = PFS_PART | {"locality": {"mac": "01112", "number": "05", "name": hostile}, "release": hostile}
    html = payment_html(payment(fee(physician_fee_schedule=part), error=hostile))
    assert "<img" not in html and "&lt;img" in html


@pytest.fixture
def pane(qtbot) -> DetailPane:
    widget = DetailPane()
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    return widget


def test_the_pane_hides_the_section_until_it_is_filled_and_its_links_open_codes(qtbot, pane: DetailPane, store) -> None:
    from medcode_gui.views.code_view import lookup_view

    pane.show_view(lookup_view(store, "J1100"))
    assert not pane.payment_section.isVisibleTo(pane)  # the pane's fill never waits for the payment files
    addon = {"code": "J1100", "is_add_on": False, "primaries": [], "add_ons": [{"code": "J1094"}]}
    pane.payment_section.fill(payment(fee(), addon))
    assert pane.payment_section.isVisibleTo(pane)
    with qtbot.waitSignal(pane.code_link_activated, timeout=1000) as signal:
        pane.payment_section.label.linkActivated.emit("code:J1094")
    assert signal.args == ["J1094"]
    pane.show_view(lookup_view(store, "J1094"))  # the next code: no figures of the last one
    assert not pane.payment_section.isVisibleTo(pane)


def test_the_arithmetic_the_opps_cap_and_the_views_own_sentences(qapp) -> None:
    rvus = {"work": "0.94", "non_facility_pe": "0.50", "facility_pe": "0.30", "mp": "0.05", "release": "PFS-2025-D"}
    gpci = {"work": "1.097", "pe": "1.466", "mp": "0.545", "release": "GPCI-2025", "file": "GPCI2025.csv"}
    cap = {"non_facility_price": "40.00", "facility_price": "30.00", "applied": True, "release": "CAP", "file": "C.csv"}
    part = PFS_PART | {"rvus": rvus, "gpci": gpci, "opps_cap": cap, "notes": ["capped at the OPPS amount"]}
    place = {"mac": None, "number": None, "name": "National", "how_chosen": "none chosen: every GPCI 1.000"}
    said = {"opps": "76145 is not in OPPS-2022-10 (Addendum_B.xlsx)"}
    text = text_of(payment_html(payment(fee(physician_fee_schedule=part, locality=place, not_on_schedule=said))))
    assert "Locality: National, none chosen: every GPCI 1.000;" in text  # the view's own locality first
    assert (
        "How: (work RVU 0.94 × 1.097 + PE RVU 0.50 (facility 0.30) × 1.466 + MP RVU 0.05 × 0.545) × 32.3465"
        " (RVUs PFS-2025-D; GPCIs GPCI-2025, GPCI2025.csv)" in text
    )
    assert "OPPS cap non-facility $40.00, facility $30.00, applied: the lesser amount is paid (CAP, C.csv)" in text
    assert "capped at the OPPS amount" in text
    assert "Hospital outpatient (OPPS): 76145 is not in OPPS-2022-10 (Addendum_B.xlsx)." in text
    assert "rvus:" not in text and "notes:" not in text  # shown by name, not again as extras


def test_dmepos_rows_of_every_state_are_cut_with_a_sentence(qapp) -> None:
    row = {"modifier": "NU", "non_rural": "1.00", "rural": "1.10", "ceiling": "2.00", "floor": "0.50"}
    rows = [row | {"state": f"S{i:02}", "release": "DMEPOS-2025-04", "file": "D.csv"} for i in range(40)]
    text = text_of(payment_html(payment(fee(dmepos=rows))))
    assert "NU S11 $1.00" in text and "S12" not in text
    assert "and 28 more rows: choose a locality or a state (Ctrl+G) to see its own" in text


def test_flags_and_rows_of_the_real_views_read_as_words(rates_store) -> None:
    from medcode_gui.gui.common.payment_data import payment_of

    text = text_of(payment_html(payment_of(rates_store, "80053", PaymentChoice())))
    assert "paid separately: no" in text  # OPPS status Q4: not paid separately
    assert "modifier QW, rate 10.56" in text  # the CLFS row of 80053-QW
    assert "False" not in text and "{" not in text
