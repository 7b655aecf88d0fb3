"""What a code pays, as the plain dict `medcode fee --json` prints and the window shows: the physician fee
schedule amount in a locality (facility and non-facility, the OPPS cap, anesthesia), then what the other
schedules say (views/schedule_views.py). Every figure carries its release and file.

Amounts are strings of decimal.Decimal with two decimals ("1339.81"), computed without floats; the RVUs, GPCIs
and conversion factors are the files' own text (docs/payment.md).
"""

from __future__ import annotations

from typing import Any

from ..codes.pfs_codebook import pfs_meaning
from ..codes.records import (
    ANESTHESIA_CF,
    ASC,
    ASP,
    CLFS,
    DMEPOS,
    GPCI,
    OPPS,
    OPPS_CAP,
    PFS,
    PRICED_MODIFIERS,
    Release,
    opps_cap_key,
)
from ..payment.anesthesia import FORMULA as ANESTHESIA_FORMULA
from ..payment.anesthesia import NO_BASE_UNITS, is_anesthesia
from ..payment.opps_cap import Cap, capped
from ..payment.pfs_amount import FACILITY_NA, NON_FACILITY_NA, STATUS, Gpci, Rvus, money, pfs_amounts
from .locality_view import choose_locality, national_locality
from .schedule_views import asc_view, asp_view, clfs_view, dmepos_view, opps_view

PFS_FORMULA = "[(work RVU x work GPCI) + (PE RVU x PE GPCI) + (MP RVU x MP GPCI)] x conversion factor"
SCHEDULE_NAMES = {OPPS: "OPPS", DMEPOS: "DMEPOS", CLFS: "CLFS", ASP: "ASP", ASC: "ASC"}


def fee_view(
    store: Any,
    code: str,
    modifier: str | None = None,
    locality: str | None = None,
    zip_code: str | None = None,
    state: str | None = None,
) -> dict[str, Any]:
    """The whole `medcode fee` answer for a code (issue 19's contract); one sentence for a locality not found."""
    code = code.strip().upper()
    modifier = (modifier or "").strip().upper() or None
    place = choose_locality(store, locality, zip_code)
    view: dict[str, Any] = {"code": code, "modifier": modifier, "locality": place or national_locality()}
    missing: dict[str, str] = {}
    view["physician_fee_schedule"] = pfs_view(store, code, modifier, place, missing)
    view["opps"] = opps_view(store, code, modifier)
    view["dmepos"] = dmepos_view(store, code, modifier, state.strip().upper() if state else None)
    view["clfs"] = clfs_view(store, code, modifier)
    view["asp"] = asp_view(store, code)
    view["asc"] = asc_view(store, code)
    for key, system in (("opps", OPPS), ("dmepos", DMEPOS), ("clfs", CLFS), ("asp", ASP), ("asc", ASC)):
        if not view[key]:
            missing[key] = _absent(store, code, system)
    view["not_on_schedule"] = missing
    return view


def _absent(store: Any, code: str, system: str) -> str:
    release = store.schedules.newest_release(system)
    if release is None:
        return f"no {SCHEDULE_NAMES[system]} file is imported"
    return f"{code} is not in {release.label} ({release.source_name})"


def pfs_view(
    store: Any, code: str, modifier: str | None, place: dict[str, Any] | None, missing: dict[str, str]
) -> dict[str, Any] | None:
    """The physician fee schedule part: None (and a sentence in `missing`) when the code is not in it."""
    hit = next((h for h in store.sources_of(code) if h.release.system == PFS), None)
    if hit is None:
        newest = [r for r in store.releases() if r.system == PFS]
        missing["physician_fee_schedule"] = (
            f"{code} is not in {newest[-1].label} ({newest[-1].source_name})" if newest else "no PFS file is imported"
        )
        return None
    fields = hit.record.fields
    priced = [m.strip() for m in fields.get(PRICED_MODIFIERS, "").split(",") if m.strip()]
    row_modifier = modifier if modifier in priced else ""
    rvus = Rvus.of(fields, row_modifier)
    part = _pfs_base(hit.release, rvus, place, row_modifier)
    if modifier and not row_modifier:
        part["notes"].append(
            f"modifier {modifier} has no row of its own in {hit.release.label}: the amounts are the code's own "
            "(payment rules for the modifier, such as bilateral surgery, are not applied here)"
        )
    if is_anesthesia(code, rvus.status):
        _anesthesia(store, part, place)
    elif not rvus.is_paid:
        part["not_on_schedule"] = _unpaid(rvus.status)
        if rvus.status == "C" and place is not None:
            _carrier_cap(store, part, code, row_modifier, place)
    else:
        _amounts(store, part, code, rvus, place, row_modifier)
    if part["not_on_schedule"]:
        missing["physician_fee_schedule"] = part["not_on_schedule"]
    return part


def _pfs_base(release: Release, rvus: Rvus, place: dict[str, Any] | None, row_modifier: str) -> dict[str, Any]:
    gpci = Gpci.of(None) if place is None else None
    return {
        "release": release.label,
        "file": release.source_name,
        "locality": place or national_locality(),
        "modifier_row": row_modifier or None,
        "status": rvus.status,
        "status_meaning": pfs_meaning(STATUS, rvus.status),
        "rvus": {"work": rvus.work, "non_facility_pe": rvus.non_facility_pe, "facility_pe": rvus.facility_pe,
                 "mp": rvus.mp, "release": release.label, "file": release.source_name},  # fmt: skip
        "gpci": None if gpci is None else {"work": gpci.work, "pe": gpci.pe, "mp": gpci.mp, "release": None},
        "conversion_factor": rvus.conversion_factor or None,
        "formula": PFS_FORMULA,
        "non_facility_amount": None,
        "facility_amount": None,
        "opps_cap": None,
        "anesthesia": None,
        "not_on_schedule": None,
        "notes": [],
    }


def _unpaid(status: str) -> str:
    meaning = pfs_meaning(STATUS, status) or "a status RVU25D.pdf does not list"
    if status == "C":
        return f"not priced nationally under the PFS: status C ({meaning})"
    return f"not paid under the PFS: status {status or '(blank)'} ({meaning})"


def _locality_gpci(store: Any, place: dict[str, Any] | None) -> tuple[Gpci, dict[str, Any]]:
    if place is None:
        gpci = Gpci.of(None)
        return gpci, {"work": gpci.work, "pe": gpci.pe, "mp": gpci.mp, "release": None, "file": None}
    release, row = store.schedules.row(GPCI, f"{place['mac']}-{place['number']}")
    gpci = Gpci.of(row)
    return gpci, {"work": gpci.work, "pe": gpci.pe, "mp": gpci.mp, "release": release.label,
                  "file": release.source_name}  # fmt: skip


def _amounts(
    store: Any, part: dict[str, Any], code: str, rvus: Rvus, place: dict[str, Any] | None, modifier: str
) -> None:
    gpci, part["gpci"] = _locality_gpci(store, place)
    non_facility, facility = pfs_amounts(rvus, gpci)
    part["non_facility_amount"], part["facility_amount"] = money(non_facility), money(facility)
    for column, setting in ((NON_FACILITY_NA, "non-facility"), (FACILITY_NA, "facility")):
        value = rvus.non_facility_na if column == NON_FACILITY_NA else rvus.facility_na
        if value:
            part["notes"].append(f"{setting}: {value} ({pfs_meaning(column, value) or 'not applicable'})")
    if place is not None:
        _cap(store, part, code, modifier, place, non_facility, facility)
    elif store.schedules.newest_release(OPPS_CAP) and store.schedules.rows_for_code(code, [OPPS_CAP]):
        part["notes"].append("the OPPS cap is set per locality: choose a locality to apply it")


def _cap(store: Any, part: dict[str, Any], code: str, modifier: str, place: dict[str, Any], non_facility: Any,
         facility: Any) -> None:  # fmt: skip
    found = _cap_row(store, code, modifier, place)
    if found is None:
        return
    release, row = found
    cap = Cap.of(row)
    paid_non_facility, lowered_nf = capped(non_facility, cap.non_facility_price)
    paid_facility, lowered_f = capped(facility, cap.facility_price)
    part["opps_cap"] = {
        "procstat": cap.status,
        "non_facility_price": cap.non_facility_price,
        "facility_price": cap.facility_price,
        "pfs_non_facility_amount": money(non_facility),
        "pfs_facility_amount": money(facility),
        "applied": lowered_nf or lowered_f,
        "release": release.label,
        "file": release.source_name,
    }
    part["non_facility_amount"], part["facility_amount"] = money(paid_non_facility), money(paid_facility)
    if lowered_nf or lowered_f:
        part["notes"].append(
            f"capped at the OPPS amount ({release.label}, {release.source_name}): non-facility "
            f"{money(paid_non_facility)} (PFS {money(non_facility)}), facility {money(paid_facility)} "
            f"(PFS {money(facility)})"
        )


def _cap_row(store: Any, code: str, modifier: str, place: dict[str, Any]) -> Any:
    """The newest OPPSCAP release's row for the code and modifier in the place chosen, with its release."""
    return store.schedules.row(OPPS_CAP, opps_cap_key(code, modifier, f"{place['mac']}-{place['number']}"))


def _carrier_cap(store: Any, part: dict[str, Any], code: str, modifier: str, place: dict[str, Any]) -> None:
    """A carrier-priced code's OPPSCAP row holds only the cap: the MAC's price may not exceed it."""
    found = _cap_row(store, code, modifier, place)
    if found is None:
        return
    release, row = found
    cap = Cap.of(row)
    part["opps_cap"] = {
        "procstat": cap.status, "non_facility_price": cap.non_facility_price, "facility_price": cap.facility_price,
        "pfs_non_facility_amount": None, "pfs_facility_amount": None, "applied": False,
        "release": release.label, "file": release.source_name,
    }  # fmt: skip
    part["notes"].append(
        f"the MAC's price may not exceed the OPPS cap ({release.label}, {release.source_name}): non-facility "
        f"{cap.non_facility_price}, facility {cap.facility_price}"
    )


def _anesthesia(store: Any, part: dict[str, Any], place: dict[str, Any] | None) -> None:
    release = store.schedules.newest_release(ANESTHESIA_CF)
    key = "national" if place is None else f"{place['mac']}-{place['number']}"
    found = store.schedules.row(ANESTHESIA_CF, key, release) if release else None
    cf = None
    if found:
        fields = found[1].fields
        cf = fields.get("National Anes CF") or fields.get("Anes CF")
    part["anesthesia"] = {
        "conversion_factor": cf,
        "formula": ANESTHESIA_FORMULA,
        "base_units": None,
        "note": NO_BASE_UNITS,
        "release": release.label if found and release else None,
        "file": release.source_name if found and release else None,
    }
    where = f"{cf} ({release.label}, {release.source_name})" if found and release else (
        "the locality's anesthesia CF (no ANES file with it is imported)"
    )
    part["not_on_schedule"] = (
        f"anesthesia: paid as {ANESTHESIA_FORMULA}, the CF {where}; {NO_BASE_UNITS}"
    )
