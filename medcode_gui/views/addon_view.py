"""A code's add-on relations from the NCCI add-on code file, as a plain dict (`medcode addon --json`): for an
add-on code its primary codes, for a primary code its add-on codes, each with the edit type (number and meaning)
and its dates as ISO ("in force", "in force until ...", "deleted ..."); "CCCCC" is shown as contractor defined."""

from __future__ import annotations

from typing import Any

from ..codes.add_on_edits import CONTRACTOR_DEFINED, edit_type_meaning, julian_to_iso
from ..codes.records import ADD_ON, Release, ScheduleRow
from .schedule_views import provenance


def addon_view(store: Any, code: str) -> dict[str, Any]:
    code = code.strip().upper()
    as_add_on = store.schedules.rows_for_code(code, [ADD_ON])
    as_primary = store.schedules.rows_for_code(code, [ADD_ON], paired=True)
    release = store.schedules.newest_release(ADD_ON)
    return {
        "code": code,
        "is_add_on": bool(as_add_on),
        "primaries": _ordered([_pair(r, row, row.paired_code or "") for r, row in as_add_on]),
        "add_ons": _ordered([_pair(r, row, row.code or "") for r, row in as_primary]),
        "source": provenance(release) if release else None,
    }


def _pair(release: Release, row: ScheduleRow, other: str) -> dict[str, Any]:
    edit_type = row.fields.get("AOC_Edit_Type", "").strip()
    deleted = julian_to_iso(row.fields.get("AOC_Edit_DelDT", ""))
    return {
        "code": other,
        "contractor_defined": other == CONTRACTOR_DEFINED,
        "edit_type": edit_type,
        "edit_type_meaning": edit_type_meaning(edit_type),
        "effective_date": julian_to_iso(row.fields.get("AOC_Edit_EffDT", "")),
        "deletion_date": deleted,
        "status": _status(deleted, release),
        "add_on_code_deleted": julian_to_iso(row.fields.get("AOC_DelDT", "")),
        "primary_code_deleted": julian_to_iso(row.fields.get("Primary_Code_DelDT", "")),
        "notes": row.fields.get("Special_Instruction_Notes") or None,
        "release": release.label,
        "file": release.source_name,
    }


def _status(deleted: str | None, release: Release) -> str:
    """As of the release's quarter: an edit deleted before it began is deleted, a later date still ahead."""
    if not deleted:
        return "in force"
    return f"deleted {deleted}" if deleted < release.effective_date else f"in force until {deleted}"


def _ordered(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The edits in force first, then by code and, for one pair over several periods, the newest first."""
    return sorted(pairs, key=lambda p: (p["status"].startswith("deleted"), p["code"], -_day(p["effective_date"])))


def _day(iso: str | None) -> int:
    return int((iso or "0").replace("-", "")) if (iso or "0").replace("-", "").isdigit() else 0
