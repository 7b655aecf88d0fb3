"""The OPPS, DMEPOS, lab, drug and ASC parts of `medcode fee`: the figures of the real files as decimal strings,
each with its release and file, and a code not on a schedule said, never a blank."""

from __future__ import annotations

import pytest

from medcode_gui.codes.errors import MedcodeError
from medcode_gui.store import ReferenceStore
from medcode_gui.views.schedule_views import amount, asc_view, asp_view, clfs_view, dmepos_view, opps_view


def test_amounts_are_decimal_strings_never_rounded() -> None:
    assert [amount(raw) for raw in ("$1,214.31", "00010.56", "40", "0.108", "2120.86", ".", "", None)] == [
        "1214.31", "10.56", "40.00", "0.108", "2120.86", None, None, None,
    ]


def test_opps_gives_status_meaning_apc_rate_and_copayments(rates_store: ReferenceStore) -> None:
    cataract = opps_view(rates_store, "66984")
    assert cataract is not None
    assert (cataract["status_indicator"], cataract["apc"], cataract["payment_rate"]) == ("J1", "5491", "2120.86")
    assert cataract["minimum_unadjusted_copayment"] == "424.18" and cataract["national_unadjusted_copayment"] is None
    assert cataract["relative_weight"] == "25.1953" and cataract["not_on_schedule"] is None
    assert (cataract["release"], cataract["file"]) == ("OPPS-2022-10", "October_2022_Web_Addendum_B.11142022.xlsx")
    lab = opps_view(rates_store, "80053")
    assert lab["status_indicator"] == "Q4" and lab["payment_rate"] is None and not lab["paid_separately"]
    assert lab["not_on_schedule"] == "no separate OPPS payment: status Q4" and "lab" in lab["status_meaning"]
    assert opps_view(rates_store, "ZZZZZ") is None


def test_dmepos_per_modifier_and_state_with_ceiling_floor_and_the_modifiers_meanings(
    rates_store: ReferenceStore,
) -> None:
    alabama = dmepos_view(rates_store, "e0100", state="al")
    assert [(e["modifier"], e["state"], e["non_rural"], e["rural"], e["ceiling"], e["floor"]) for e in alabama] == [
        ("NU", "AL", "29.45", "0.00", "29.45", "25.03"),
        ("RR", "AL", "7.03", "0.00", "8.27", "7.03"),
        ("UE", "AL", "23.47", "0.00", "23.47", "19.95"),
    ]
    assert alabama[0]["modifiers"] == [{"modifier": "NU", "meaning": "New equipment"}]  # from the HCPCS release
    assert {(e["release"], e["file"]) for e in alabama} == {("DMEPOS-2025-04", "DMEPOS25_APR.csv")}
    everywhere = dmepos_view(rates_store, "E0100")
    assert len(everywhere) == 3 * 53 and {e["state"] for e in everywhere} >= {"AL", "PR", "VI", "AK"}
    assert [e["modifier"] for e in dmepos_view(rates_store, "E0100", modifier="rr", state="TX")] == ["RR"]
    with pytest.raises(MedcodeError, match="no amounts for ZZ"):
        dmepos_view(rates_store, "E0100", state="ZZ")
    assert dmepos_view(rates_store, "99213") == []


def test_a_modifier_without_a_hcpcs_release_is_named_as_such(fee_store: ReferenceStore) -> None:
    from medcode_gui.views.schedule_views import modifier_meaning

    assert modifier_meaning(fee_store, "NU") == "New equipment"
    assert "import a HCPCS release" in modifier_meaning(fee_store, "ZZ")


def test_lab_drug_and_asc_rates(rates_store: ReferenceStore) -> None:
    lab = clfs_view(rates_store, "80053")
    assert (lab["rate"], lab["modifier"], lab["release"]) == ("10.56", "", "CLFS-2025-Q2")
    assert lab["file"] == "CLFS 2025 Q2V1.csv" and lab["rate_effective_date"] == "2025-01-01"
    assert lab["other_modifiers"] == [{"modifier": "QW", "rate": "10.56"}]
    assert clfs_view(rates_store, "80053", modifier="QW")["modifier"] == "QW"
    drug = asp_view(rates_store, "J1100")
    assert (drug["payment_limit"], drug["dosage"], drug["release"]) == ("0.108", "1 MG", "ASP-2025-01")
    assert drug["file"].endswith(".zip") and drug["member"].endswith(".csv")
    asc = asc_view(rates_store, "66984")
    assert (asc["payment_indicator"], asc["rate"], asc["payment_weight"]) == ("A2", "1214.31", "22.1206")
    assert asc["release"] == "ASC-2025-01" and "OPPS relative weight" in asc["indicator_meaning"]
    packaged = next(r.code for r in rates_store.schedules.rows_of(rates_store.schedules.newest_release("ASC"))
                    if r.fields["January 2025 Payment Indicator"] == "N1")
    assert asc_view(rates_store, packaged)["not_on_schedule"] == "no separate ASC payment rate"
    assert clfs_view(rates_store, "J1100") is None and asp_view(rates_store, "80053") is None
    assert asc_view(rates_store, "J1100") is None
