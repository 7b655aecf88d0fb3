"""What a code or release looks like to the user, as plain dicts: the CLI prints them, the GUI shows them."""

from __future__ import annotations

from typing import Any

from .codebook import decode_hcpcs
from .explain import explain
from .importers.starter import STARTER_NOTE
from .outline import outline
from .records import HCPCS, Release, StoredCode

XREF_FIELDS = [f"XREF{i}" for i in range(1, 6)]


def badge(code: str, kind: str) -> str:
    """A short tag of what a code is, the same everywhere in the app: CPT I/II/III, HCPCS II, or modifiers."""
    result = explain(code)
    if kind == "modifier":
        return f"{result['system'] or ''} mod".strip()
    if result["system"] == "CPT":
        return f"CPT {result['category']}"
    if result["system"] == "HCPCS":
        return "HCPCS II" + (" (CDT)" if code.startswith("D") else "")
    return "?"


def release_view(release: Release) -> dict[str, Any]:
    return {
        "label": release.label,
        "system": release.system,
        "effective_date": release.effective_date,
        "source": release.source_name,
        "source_member": release.source_member,
        "source_sha256": release.source_sha256,
        "format": release.file_format,
        "imported_at": release.imported_at,
        "codes": release.codes,
        "modifiers": release.modifiers,
        "official": release.is_official,
    }


def search_hit_view(hit: StoredCode) -> dict[str, Any]:
    record = hit.record
    return {
        "code": record.code,
        "system": record.system,
        "kind": record.kind,
        "short_description": record.short_description,
        "long_description": record.long_description,
        "status": hit.status,
        "release": hit.release.label,
        "starter": not hit.release.is_official,
        "match": hit.match,
        "highlight": hit.snippet,
    }


def code_view(hit: StoredCode, processing_note: str | None = None) -> dict[str, Any]:
    """Every field of a stored code: the named essentials, the decoded fields, the raw source fields, provenance."""
    record, release = hit.record, hit.release
    shape = explain(record.code)
    leaf = outline().by_id.get(shape["node"]) if shape["node"] else None  # explain() already placed it
    view: dict[str, Any] = {
        "found": True,
        "code": record.code,
        "system": record.system,
        "category": shape["category"],
        "level": shape["level"],
        "kind": record.kind,
        "short_description": record.short_description,
        "long_description": record.long_description,
        "status": hit.status,
        "added_date": record.added_date,
        "action_effective_date": record.action_effective_date,
        "termination_date": record.termination_date,
        "action_code": record.action_code,
        "release": release.label,
        "release_effective_date": release.effective_date,
        "starter": not release.is_official,
        "description_source": STARTER_NOTE if not release.is_official else f"{release.system} release {release.label}",
        "section": shape["section"],
        "node": leaf.id if leaf else None,
        "path": [{"id": n.id, "title": n.title} for n in leaf.path()] if leaf else [],
        "explanation": shape["explanation"],
        "source": {
            "file": release.source_name,
            "member": release.source_member,
            "sha256": release.source_sha256,
            "format": release.file_format,
        },
    }
    if record.system == HCPCS and release.is_official:
        view.update(decode_hcpcs(record.fields))
        view["cross_references"] = [record.fields[f] for f in XREF_FIELDS if record.fields.get(f)]
        number = record.fields.get("PROCNOTE", "")
        view["processing_note"] = {"number": number, "text": processing_note} if number else None
    view["fields"] = record.fields
    view["banner"] = status_banner(view)
    return view


def status_banner(view: dict[str, Any]) -> dict[str, str]:
    """The one line a coder reads first: active, added in this release, terminated or discontinued.

    CMS dates a discontinuation by its action effective date (the first day the code is invalid) and gives
    the last valid day as the termination date, which is why the action date falls after it.
    """
    ended, action = view.get("termination_date"), view.get("action_code")
    if ended and action == "D" and view.get("action_effective_date"):
        text = f"Discontinued on {view['action_effective_date']}; last valid date {ended}"
        return {"state": "discontinued", "text": text}
    if ended:
        return {"state": "terminated", "text": f"Terminated; last valid date {ended}"}
    if action == "A":
        return {"state": "added", "text": f"Active; added in this release ({view['release']})"}
    return {"state": "active", "text": "Active"}


def not_found_view(code: str) -> dict[str, Any]:
    return {"code": code.strip().upper(), "found": False}


def lookup_view(store: Any, code: str, release_label: str | None = None) -> dict[str, Any]:
    """Look a code up and describe it, with its processing note; not-found is a view too."""
    hit = store.lookup(code, release_label)
    if hit is None:
        return not_found_view(code)
    number = hit.record.fields.get("PROCNOTE", "")
    view = code_view(hit, store.processing_note(hit.release, number) if number else None)
    view["referenced_by"] = store.referenced_by(hit.record.code, release_label)
    return view
