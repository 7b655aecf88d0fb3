"""The PFS amount in a locality, computed by hand from the rows of GPCI2025.csv and PPRRVU2025_Oct.csv (read here
directly, not through the importers) and checked against the app for every locality; CMS's rounding checked
against every capped price of OPPSCAP_Oct."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal

import pytest
from conftest import data_file, pprrvu_rows

from medcode_gui.codes.records import ScheduleRow
from medcode_gui.payment.opps_cap import capped
from medcode_gui.payment.pfs_amount import Gpci, Rvus, amount, money, opps_amounts
from medcode_gui.views.payment_view import fee_view


def _gpci_rows() -> list[list[str]]:
    with data_file("pfs/rvu25d/GPCI2025.csv").open(encoding="latin-1", newline="") as handle:
        return [row for row in csv.reader(handle) if row and row[0][:1].isdigit() and len(row) == 7]


def _by_hand(rvu_row: list[str], gpci_row: list[str], pe_column: int) -> str:
    """(work x PW GPCI + PE x PE GPCI + MP x MP GPCI) x CF, rounded to the cent half up, at the end."""
    work, pe, mp, cf = (Decimal(rvu_row[i]) for i in (5, pe_column, 10, 24))
    pw_gpci, pe_gpci, mp_gpci = (Decimal(v) for v in gpci_row[4:7])
    total = (work * pw_gpci + pe * pe_gpci + mp * mp_gpci) * cf
    return str(total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_76145_in_san_francisco_is_1339_81_non_facility_and_facility(payment_store) -> None:
    rvu_row = next(row for row in pprrvu_rows() if row[0] == "76145" and not row[1])
    gpci_row = next(row for row in _gpci_rows() if row[0] == "01112" and row[2] == "05")
    assert _by_hand(rvu_row, gpci_row, 6) == _by_hand(rvu_row, gpci_row, 8) == "1339.81"
    part = fee_view(payment_store, "76145", locality="01112-05")["physician_fee_schedule"]
    assert (part["non_facility_amount"], part["facility_amount"]) == ("1339.81", "1339.81")
    assert (part["release"], part["file"], part["gpci"]["release"], part["gpci"]["file"]) == (
        "PFS-2025-OCT", "PPRRVU2025_Oct.csv", "GPCI-2025", "GPCI2025.csv"
    )


@pytest.mark.parametrize("code", ["76145", "99213", "71046"])
def test_the_app_equals_the_hand_arithmetic_in_every_locality(payment_store, code: str) -> None:
    rvu_row = next(row for row in pprrvu_rows() if row[0] == code and not row[1])
    localities = _gpci_rows()
    assert len(localities) == 109
    for gpci_row in localities:
        part = fee_view(payment_store, code, locality=f"{gpci_row[0]}-{gpci_row[2]}")["physician_fee_schedule"]
        assert part["locality"]["name"] == gpci_row[3]
        assert part["non_facility_amount"] == _by_hand(rvu_row, gpci_row, 6), gpci_row[3]
        assert part["facility_amount"] == _by_hand(rvu_row, gpci_row, 8), gpci_row[3]


def test_no_locality_is_the_national_amount_every_gpci_1(payment_store) -> None:
    rvu_row = next(row for row in pprrvu_rows() if row[0] == "71046" and not row[1])
    view = fee_view(payment_store, "71046")
    part = view["physician_fee_schedule"]
    assert view["locality"]["name"] == part["locality"]["name"] == "national (no locality chosen)"
    assert part["non_facility_amount"] == _by_hand(rvu_row, ["", "", "", "", "1", "1", "1"], 6) == "32.67"


def test_cms_rounding_reproduces_every_active_price_of_the_opps_cap_file() -> None:
    """OPPSCAP's status A prices are RVU25D.pdf's "OPPS payment amount" (the same formula over PPRRVU's OPPS PE
    and MP RVUs) in each locality: rounding once at the end, half up, gives every one of them to the cent."""
    rvus = {(row[0], row[1]): row for row in pprrvu_rows()}
    names = ("PW GPCI", "PE GPCI", "MP GPCI")
    gpcis = {f"{r[0]}-{r[2]}": ScheduleRow("", None, "", dict(zip(names, r[4:7], strict=True))) for r in _gpci_rows()}
    with data_file("pfs/rvu25d/OPPSCAP_Oct.csv").open(encoding="latin-1", newline="") as handle:
        rows = [row for row in list(csv.reader(handle))[1:] if row and row[2] == "A"]
    checked = 0
    for code, modifier, _, carrier, locality, facility, non_facility in rows:
        if f"{carrier}-{locality}" not in gpcis:
            continue  # the California localities OPPSCAP lists under both contractors, GPCI2025 under one
        row = rvus[(code, modifier)]
        fields = dict(zip(_PPRRVU_NAMES, row, strict=True))
        expected = opps_amounts(Rvus.of(fields), Gpci.of(gpcis[f"{carrier}-{locality}"]))
        assert expected == (Decimal(non_facility), Decimal(facility)), (code, modifier, carrier, locality)
        checked += 1
    assert checked == 6322


def test_money_is_a_decimal_string_with_two_places_and_the_cap_takes_the_lesser() -> None:
    assert money(Decimal("1339.808850180")) == "1339.81"
    assert money(Decimal("0.005")) == "0.01"  # half up, not to even
    assert amount("1", "0", "0", Gpci("1", "1", "1"), "32.3465") == Decimal("32.35")
    assert capped(Decimal("364.27"), "343.62") == (Decimal("343.62"), True)
    assert capped(Decimal("100.00"), "343.62") == (Decimal("100.00"), False)


_PPRRVU_NAMES = [
    "HCPCS", "MOD", "DESCRIPTION", "STATUS CODE", "NOT USED FOR MEDICARE PAYMENT", "WORK RVU", "NON-FAC PE RVU",
    "NON-FAC NA INDICATOR", "FACILITY PE RVU", "FACILITY NA INDICATOR", "MP RVU", "NON-FACILITY TOTAL",
    "FACILITY TOTAL", "PCTC IND", "GLOB DAYS", "PRE OP", "INTRA OP", "POST OP", "MULT PROC", "BILAT SURG",
    "ASST SURG", "CO-SURG", "TEAM SURG", "ENDO BASE", "CONV FACTOR", "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES",
    "CALCULATION FLAG", "DIAGNOSTIC IMAGING FAMILY INDICATOR", "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT",
    "FACILITY PE USED FOR OPPS PAYMENT AMOUNT", "MP USED FOR OPPS PAYMENT AMOUNT",
]  # the csv's columns, named here so this test reads the file without the importer
