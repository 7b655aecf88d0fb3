"""Codes side by side: every field of two to six codes as rows, and which rows differ (no Qt).

The CLI's `compare --json` prints this, and the GUI's comparison basket shows it; both go through
compare_codes, so they always agree.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..codes.badges import badge
from ..codes.errors import MedcodeError
from ..codes.records import StoredCode
from ..codes.spreadsheet_cells import safe_row

MIN_COMPARED, MAX_COMPARED = 2, 6
CODE_ROW = "Code"
DESCRIPTOR_ROWS = ("Short description", "Long description")
SUMMARY_ROWS = (CODE_ROW, "Type", *DESCRIPTOR_ROWS, "Status", "Shown from")


def check_count(codes: list[str]) -> None:
    if not MIN_COMPARED <= len(codes) <= MAX_COMPARED:
        raise MedcodeError(f"Compare takes {MIN_COMPARED} to {MAX_COMPARED} codes; {len(codes)} given.")


def code_profile(store: Any, code: str) -> dict[str, Any]:
    """One code's column: its summary, then every source field under "<source kind> · <field>"."""
    hit = store.lookup(code)
    if hit is None:
        return {"code": code.strip().upper(), "found": False, "sources": [], "fields": {}}
    record = hit.record
    fields = {
        CODE_ROW: record.code,
        "Type": badge(record.code, record.kind),
        "Short description": record.short_description,
        "Long description": record.long_description,
        "Status": hit.status,
        "Shown from": hit.release.label,
    }
    sources = store.sources_of(record.code, record.kind) or [hit]
    for source in sources:
        fields.update(_source_fields(source))
    return {
        "code": record.code,
        "found": True,
        "system": record.system,
        "kind": record.kind,
        "release": hit.release.label,
        "sources": [
            {"release": s.release.label, "system": s.release.system, "file": s.release.source_name} for s in sources
        ],
        "fields": fields,
    }


def _source_fields(source: StoredCode) -> dict[str, str]:
    prefix = source.release.system.title() if source.release.system == "STARTER" else source.release.system
    return {f"{prefix} · {name}": value for name, value in source.record.fields.items()}


def compare_codes(store: Any, codes: list[str]) -> dict[str, Any]:
    """The comparison of the given codes: a column per code, the field rows in a stable order, and the
    rows whose values differ (a value one code lacks counts as different)."""
    profiles = [code_profile(store, code) for code in codes]
    rows: dict[str, None] = dict.fromkeys(SUMMARY_ROWS)
    for profile in profiles:
        rows.update(dict.fromkeys(name for name, value in profile["fields"].items() if value))
    found = [p for p in profiles if p["found"]]
    differing = [
        row for row in rows if row != CODE_ROW and len({(p["fields"].get(row) or "").strip() for p in found}) > 1
    ]
    return {"codes": profiles, "fields": list(rows), "differing_fields": differing}


def comparison_csv(comparison: dict[str, Any]) -> str:
    """The comparison as CSV: a header of codes, then one row per field, and a last column saying whether
    the row differs."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    profiles = comparison["codes"]
    writer.writerow(safe_row(["Field", *(p["code"] for p in profiles), "Differs"]))
    differing = set(comparison["differing_fields"])
    for row in comparison["fields"]:
        values = [p["fields"].get(row, "") if p["found"] else "(not found)" for p in profiles]
        writer.writerow(safe_row([row, *values, "yes" if row in differing else ""]))
    return out.getvalue()
