"""`fee_view`: the whole `medcode fee --json` dict: the contract's keys, the OPPS cap, anesthesia, codes not paid."""

from __future__ import annotations

from medcode_gui.views.payment_view import fee_view

CONTRACT = {"code", "modifier", "physician_fee_schedule", "opps", "dmepos", "clfs", "asp", "asc"}


def test_the_contracts_keys_and_every_figure_with_its_release_and_file(payment_store) -> None:
    view = fee_view(payment_store, "76145", zip_code="94103")
    assert set(view) >= CONTRACT
    part = view["physician_fee_schedule"]
    assert {"locality", "non_facility_amount", "facility_amount", "conversion_factor", "release"} <= set(part)
    assert {k: part["locality"][k] for k in ("mac", "number")} == {"mac": "01112", "number": "05"}
    assert part["conversion_factor"] == "32.3465"
    for figures in (part, part["rvus"], part["gpci"], part["locality"]):
        assert figures["release"] and figures["file"]
    assert (view["opps"], view["dmepos"], view["clfs"], view["asp"], view["asc"]) == (None, [], None, None, None)
    assert view["not_on_schedule"]["opps"] == "no OPPS file is imported"


def test_the_opps_cap_lowers_the_amount_and_says_so_with_both_figures(payment_store) -> None:
    part = fee_view(payment_store, "70496", locality="01112-05")["physician_fee_schedule"]
    assert (part["non_facility_amount"], part["facility_amount"]) == ("343.62", "343.62")
    cap = part["opps_cap"]
    assert (cap["pfs_non_facility_amount"], cap["non_facility_price"], cap["applied"]) == ("364.27", "343.62", True)
    assert (cap["release"], cap["file"]) == ("OPPSCAP-2025-OCT", "OPPSCAP_Oct.csv")
    assert "capped at the OPPS amount (OPPSCAP-2025-OCT, OPPSCAP_Oct.csv): non-facility 343.62 (PFS 364.27)" in (
        part["notes"][-1]
    )
    national = fee_view(payment_store, "70496")["physician_fee_schedule"]
    assert national["opps_cap"] is None and national["non_facility_amount"] == "272.36"
    assert "the OPPS cap is set per locality: choose a locality to apply it" in national["notes"]


def test_a_pricing_modifier_takes_its_own_row(payment_store) -> None:
    whole = fee_view(payment_store, "71046")["physician_fee_schedule"]
    professional = fee_view(payment_store, "71046", modifier="26")["physician_fee_schedule"]
    technical = fee_view(payment_store, "71046", modifier="tc")["physician_fee_schedule"]
    assert (professional["modifier_row"], technical["modifier_row"]) == ("26", "TC")
    assert (whole["non_facility_amount"], professional["non_facility_amount"], technical["non_facility_amount"]) == (
        "32.67", "10.03", "22.64"
    )
    other = fee_view(payment_store, "71046", modifier="50")["physician_fee_schedule"]
    assert other["non_facility_amount"] == "32.67" and "modifier 50 has no row of its own" in other["notes"][0]


def test_anesthesia_gives_the_localitys_cf_and_says_the_base_units_are_missing(payment_store) -> None:
    view = fee_view(payment_store, "00100", locality="01112-05")
    part = view["physician_fee_schedule"]
    assert part["non_facility_amount"] is None and part["anesthesia"]["conversion_factor"] == "22.37"
    assert (part["anesthesia"]["release"], part["anesthesia"]["file"]) == ("ANES-2025", "ANES2025.csv")
    assert "(base units + time units) x anesthesia conversion factor, the CF 22.37" in part["not_on_schedule"]
    assert "base units are not in the files imported" in view["not_on_schedule"]["physician_fee_schedule"]
    assert fee_view(payment_store, "00100")["physician_fee_schedule"]["anesthesia"]["conversion_factor"] == "20.3178"


def test_a_code_not_paid_under_the_pfs_is_a_clear_line(payment_store) -> None:
    part = fee_view(payment_store, "G0008")["physician_fee_schedule"]
    assert part["non_facility_amount"] is None
    assert part["not_on_schedule"].startswith("not paid under the PFS: status X (Statutory Exclusion.")
    carrier = fee_view(payment_store, "0633T", modifier="TC", locality="01112-05")["physician_fee_schedule"]
    assert carrier["not_on_schedule"].startswith("not priced nationally under the PFS: status C")
    assert carrier["opps_cap"]["non_facility_price"] == "150.69"
    absent = fee_view(payment_store, "zzzzz")
    assert absent["physician_fee_schedule"] is None
    assert absent["not_on_schedule"]["physician_fee_schedule"] == "ZZZZZ is not in PFS-2025-OCT (PPRRVU2025_Oct.csv)"
