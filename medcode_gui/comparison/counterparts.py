"""HCPCS Level II codes and their CPT counterparts, both ways: the CMS cross-references in the imported
releases, and the short curated list of living pairs in resources/counterparts.json (no Qt)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from ..paths import resource_text

XREF_TO = "cross-reference: this code's CMS record points to it"
XREF_FROM = "cross-reference: its CMS record points to this code"


@cache
def curated_pairs() -> list[dict[str, Any]]:
    return json.loads(resource_text("counterparts.json"))["pairs"]


def equivalents(store: Any, code: str) -> list[dict[str, Any]]:
    """Every counterpart of a code: objects with code, relation, source (and direction, note, releases).

    CMS cross-references are grouped per other code, naming every release that states them; curated pairs
    follow. A code with none gives an empty list.
    """
    code = code.strip().upper()
    found = _cross_referenced(store, code) + _curated(code)
    for entry in found:
        other = store.lookup(entry["code"])
        entry["description"] = other.record.short_description if other else None
        entry["in_database"] = other is not None
    return found


def _cross_referenced(store: Any, code: str) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for xref in store.cross_references(code):
        outgoing = xref["code"] == code
        other = xref["target"] if outgoing else xref["code"]
        release = xref["release"]
        entry = grouped.setdefault(
            (other, "to" if outgoing else "from"),
            {
                "code": other,
                "relation": XREF_TO if outgoing else XREF_FROM,
                "direction": "to" if outgoing else "from",
                "source": "",
                "note": None,
                "releases": [],
                "curated": False,
            },
        )
        entry["releases"].append(release.label)  # newest first (see ReferenceStore.cross_references)
        if len(entry["releases"]) == 1:
            entry["source"] = f"CMS {release.label} ({release.source_member}), XREF{xref['position']} of {xref['code']}"
    for entry in grouped.values():
        if len(entry["releases"]) > 1:
            entry["source"] += f"; also in {', '.join(entry['releases'][1:])}"
    return sorted(grouped.values(), key=lambda e: (e["direction"], e["code"]))


def _curated(code: str) -> list[dict[str, Any]]:
    return [
        {
            "code": other,
            "relation": pair["relation"],
            "direction": "both",
            "source": pair["source"],
            "note": pair["note"],
            "releases": [],
            "curated": True,
        }
        for pair in curated_pairs()
        if code in pair["codes"]
        for other in pair["codes"]
        if other != code
    ]
