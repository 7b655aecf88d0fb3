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
    """One code's column: its summary, then every source field under "<source kind> · <field>", and where
    each value came from (provenance: the release, its file and the file's SHA-256, by row)."""
    hit = store.lookup(code)
    if hit is None:
        return {"code": code.strip().upper(), "found": False, "sources": [], "fields": {}, "provenance": {}}
    record = hit.record
    fields = {
        CODE_ROW: record.code,
        "Type": badge(record.code, record.kind),
        "Short description": record.short_description,
        "Long description": record.long_description,
        "Status": hit.status,
        "Shown from": hit.release.label,
    }
    provenance = dict.fromkeys(fields, _provenance(hit))
    sources = store.sources_of(record.code, record.kind) or [hit]
    for source in sources:
        source_fields = _source_fields(source)
        fields.update(source_fields)
        provenance.update(dict.fromkeys(source_fields, _provenance(source)))
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
        "provenance": provenance,
    }


def _provenance(source: StoredCode) -> dict[str, str]:
    release = source.release
    return {"release": release.label, "file": release.source_name, "sha256": release.source_sha256}


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


PROVENANCE_COLUMNS = {"release": "release", "file": "file", "sha256": "SHA-256"}


def comparison_csv(comparison: dict[str, Any]) -> str:
    """The comparison as CSV: one row per field; for each code its value, then the release, file and SHA-256
    the value came from; a last column saying whether the row differs."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    profiles = comparison["codes"]
    header = ["Field"]
    for profile in profiles:
        header += [profile["code"], *(f"{profile['code']} {name}" for name in PROVENANCE_COLUMNS.values())]
    writer.writerow(safe_row([*header, "Differs"]))
    differing = set(comparison["differing_fields"])
    for row in comparison["fields"]:
        cells = [row]
        for profile in profiles:
            value = profile["fields"].get(row, "") if profile["found"] else "(not found)"
            source = profile["provenance"].get(row, {}) if value and profile["found"] else {}
            cells += [value, *(source.get(key, "") for key in PROVENANCE_COLUMNS)]
        writer.writerow(safe_row([*cells, "yes" if row in differing else ""]))
    return out.getvalue()
