"""What the payment and rules files other than the physician fee schedule say of a code (OPPS, DMEPOS, the lab
and drug schedules, ASC), as plain dicts: the `opps`, `dmepos`, `clfs`, `asp` and `asc` parts of
`medcode fee --json` (see views/payment_view.py). Each is None (or []) when the code is not on that schedule.

Amounts are strings of decimal.Decimal as CMS gives them, never floats: "$1,214.31" and "00010.56" are read as
1214.31 and 10.56, given with two decimals at least and never rounded (an ASP limit of 0.108 stays "0.108").
Every part names its release and file (the provenance every figure carries); the raw row stays in the store.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ..codes.asc_indicators import indicator_meaning
from ..codes.errors import MedcodeError
from ..codes.opps_status import paid_separately, status_meaning
from ..codes.records import ASC, ASP, CLFS, DMEPOS, HCPCS, OPPS, Release, ScheduleRow

CENT = Decimal("0.01")


def amount(raw: str | None) -> str | None:
    """A CMS amount as a decimal string with at least two decimals; None for a blank or "." (none given)."""
    text = (raw or "").replace("$", "").replace(",", "").strip()
    if not text or text == ".":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return raw  # not a number: shown as CMS wrote it, never guessed
    return str(value.quantize(CENT) if value.as_tuple().exponent >= -2 else value)  # type: ignore[operator]


def provenance(release: Release) -> dict[str, Any]:
    """Where a figure came from: the release label, its file (and the member read inside a zip), its date."""
    found = {"release": release.label, "file": release.source_name, "effective_date": release.effective_date}
    if release.source_member != release.source_name:
        found["member"] = release.source_member
    return found


def _ccyymmdd(value: str) -> str | None:
    text = value.strip()
    return f"{text[:4]}-{text[4:6]}-{text[6:]}" if len(text) == 8 and text.isdigit() else (text or None)


def opps_view(store: Any, code: str, modifier: str | None = None) -> dict[str, Any] | None:
    found = store.schedules.rows_for_code(code.strip().upper(), [OPPS])
    if not found:
        return None
    release, row = found[0]
    indicator = row.fields.get("SI", "")
    separate = paid_separately(indicator)
    return {
        "status_indicator": indicator,
        "status_meaning": status_meaning(indicator),
        "paid_separately": separate,
        "apc": row.fields.get("APC") or None,
        "relative_weight": row.fields.get("Relative Weight") or None,
        "payment_rate": amount(row.fields.get("Payment Rate")),
        "national_unadjusted_copayment": amount(row.fields.get("National Unadjusted Copayment")),
        "minimum_unadjusted_copayment": amount(row.fields.get("Minimum Unadjusted Copayment")),
        "not_on_schedule": None if separate else f"no separate OPPS payment: status {indicator}",
        **provenance(release),
    }


def dmepos_view(store: Any, code: str, modifier: str | None = None, state: str | None = None) -> list[dict[str, Any]]:
    """One entry per modifier pair and state (the one state asked for, else every state the file lists)."""
    found = store.schedules.rows_for_code(code.strip().upper(), [DMEPOS])
    wanted = (modifier or "").strip().upper()
    rows = [(r, row) for r, row in found if not wanted or wanted in row.modifier.split()]
    if not rows:
        return []
    states = _states(rows[0][1])
    if state:
        asked = state.strip().upper()
        if asked not in states:
            raise MedcodeError(
                f"The DMEPOS fee schedule {rows[0][0].label} has no amounts for {asked}; it lists {', '.join(states)}."
            )
        states = [asked]
    meanings: dict[str, str] = {}
    return [_dmepos_entry(release, row, each, meanings, store) for release, row in rows for each in states]


def _states(row: ScheduleRow) -> list[str]:
    return [heading[:-5] for heading in row.fields if heading.endswith(" (NR)")]


def _dmepos_entry(release: Release, row: ScheduleRow, state: str, meanings: dict[str, str], store: Any) -> dict:
    modifiers = row.modifier.split()
    for each in modifiers:
        if each not in meanings:
            meanings[each] = modifier_meaning(store, each)
    return {
        "modifier": row.modifier,
        "modifiers": [{"modifier": each, "meaning": meanings[each]} for each in modifiers],
        "state": state,
        "non_rural": amount(row.fields.get(f"{state} (NR)")),
        "rural": amount(row.fields.get(f"{state} (R)")),
        "ceiling": amount(row.fields.get("Ceiling")),
        "floor": amount(row.fields.get("Floor")),
        "jurisdiction": row.fields.get("JURIS") or None,
        "category": row.fields.get("CATG") or None,
        **provenance(release),
    }


def modifier_meaning(store: Any, modifier: str) -> str:
    """The HCPCS Level II modifier's descriptor from an imported HCPCS release, else the modifier itself."""
    try:
        sources = store.sources_of(modifier, "modifier")
    except (AttributeError, MedcodeError):
        sources = []
    for stored in sources:
        if stored.release.system == HCPCS:
            record = stored.record
            return record.long_description or record.short_description or modifier
    return f"modifier {modifier} (import a HCPCS release for its meaning)"


def clfs_view(store: Any, code: str, modifier: str | None = None) -> dict[str, Any] | None:
    """The lab rate of the code with the modifier asked for (else with none); the other modifiers' rates beside."""
    found = store.schedules.rows_for_code(code.strip().upper(), [CLFS])
    if not found:
        return None
    wanted = (modifier or "").strip().upper()
    release, row = next(((r, row) for r, row in found if row.modifier == wanted), found[0])
    return {
        "modifier": row.modifier,
        "rate": amount(row.fields.get("RATE")),
        "indicator": row.fields.get("INDICATOR") or None,
        "rate_effective_date": _ccyymmdd(row.fields.get("EFF_DATE", "")),
        "other_modifiers": [
            {"modifier": other.modifier, "rate": amount(other.fields.get("RATE"))}
            for _, other in found
            if other is not row
        ],
        **provenance(release),
    }


def asp_view(store: Any, code: str) -> dict[str, Any] | None:
    found = store.schedules.rows_for_code(code.strip().upper(), [ASP])
    if not found:
        return None
    release, row = found[0]
    return {
        "payment_limit": amount(row.fields.get("Payment Limit")),
        "dosage": row.fields.get("HCPCS Code Dosage") or None,
        "coinsurance_percentage": row.fields.get("Co-insurance Percentage") or None,
        "notes": row.fields.get("Notes") or None,
        **provenance(release),
    }


def asc_view(store: Any, code: str) -> dict[str, Any] | None:
    found = store.schedules.rows_for_code(code.strip().upper(), [ASC])
    if not found:
        return None
    release, row = found[0]
    indicator = _ending(row, "Payment Indicator") or ""
    return {
        "payment_indicator": indicator or None,
        "indicator_meaning": indicator_meaning(indicator) if indicator else None,
        "payment_weight": _ending(row, "Payment Weight"),
        "rate": amount(_ending(row, "Payment Rate")),
        "multiple_procedure_discounting": row.fields.get("Subject to Multiple Procedure Discounting") or None,
        "not_on_schedule": None if amount(_ending(row, "Payment Rate")) else "no separate ASC payment rate",
        **provenance(release),
    }


def _ending(row: ScheduleRow, suffix: str) -> str | None:
    """A column whose heading names the period first ("January 2025 Payment Rate")."""
    return next((value or None for heading, value in row.fields.items() if heading.endswith(suffix)), None)
