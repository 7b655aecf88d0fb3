"""What a code or release looks like to the user, as plain dicts: the CLI prints them, the GUI shows them."""

from __future__ import annotations

from typing import Any

from ..codes.explain import explain
from ..codes.hcpcs_codebook import decode_hcpcs
from ..codes.outline import outline
from ..codes.pfs_codebook import PFS_AMOUNT_FIELDS, decode_pfs, pfs_label
from ..codes.records import HCPCS, PFS, PRICED_MODIFIERS, STARTER_NOTE, StoredCode
from ..comparison.counterparts import equivalents
from .code_status import describe_status, status_banner
from .release_view import code_documents_view

XREF_FIELDS = [f"XREF{i}" for i in range(1, 6)]


def search_hit_view(hit: StoredCode, reasons: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A search hit as the CLI prints it. corrected: the query as corrected, or None; matched: why it matched
    ({query, matched, via} for each typed word), [] for a hit found by its code."""
    record = hit.record
    return {
        "code": record.code,
        "system": record.system,
        "kind": record.kind,
        "short_description": record.short_description,
        "long_description": record.long_description,
        "status": hit.status,
        "release": hit.release.label,
        "in_view": not hit.outside_view,
        "removed_by": hit.superseded_by,
        "starter": not hit.release.is_official,
        "match": hit.match,
        "highlight": hit.snippet,
        "corrected": hit.plan.corrected if hit.plan is not None else None,
        "matched": reasons or [],
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
        "in_view": not hit.outside_view,
        "removed_by": hit.superseded_by,
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


def not_found_view(code: str) -> dict[str, Any]:
    return {"code": code.strip().upper(), "found": False}


def lookup_view(store: Any, code: str, release_label: str | None = None) -> dict[str, Any]:
    """Look a code up and describe it, with its processing note, the fee schedule's record of it and its
    counterparts; not-found is a view too."""
    hit = store.lookup(code, release_label)
    if hit is None:
        view = not_found_view(code)
        # CMS's corrections can add a code its release file lacks (C1890 in 2019): said beside "not found".
        if (documents := code_documents_view(store, view["code"], release_label))["corrections"]:
            view["cms_documents"] = documents
        return view
    record = hit.record
    number = record.fields.get("PROCNOTE", "")
    view = code_view(hit, store.processing_note(hit.release, number) if number else None)
    view["referenced_by"] = store.referenced_by(record.code, release_label)
    fee = hit if hit.release.system == PFS else None
    if fee is None and record.kind == "code":
        fee = next((s for s in store.sources_of(record.code) if s.release.system == PFS), None)
    view["fee_schedule"] = fee_schedule_view(fee) if fee else None
    view["counterparts"] = equivalents(store, record.code) if record.kind == "code" else []
    view["cms_documents"] = code_documents_view(store, record.code, hit.release.label)  # NOC list, corrections
    describe_status(store, view)
    return view


def window_view(store: Any, hit: StoredCode) -> dict[str, Any]:
    """What the window's detail pane shows for a hit: its lookup view (from the hit's own release), whether
    the view holds it, and its history across every release."""
    from ..releases.code_history import code_history

    view = lookup_view(store, hit.record.code, hit.release.label)
    if view["found"]:
        view["in_view"], view["removed_by"] = not hit.outside_view, hit.superseded_by
        view["banner"] = status_banner(view)
        view["history"] = code_history(store, hit.record.code, hit.record.kind)
    return view


def fee_schedule_view(hit: StoredCode) -> dict[str, Any]:
    """A fee schedule (PPRRVU) record: its coded columns decoded, its amounts, and its modifier rows."""
    fields = hit.record.fields
    amounts = [
        {"field": column, "label": pfs_label(column), "code": fields[column], "meaning": _amount_meaning(column)}
        for column in PFS_AMOUNT_FIELDS
        if fields.get(column)
    ]
    modifiers = [m.strip() for m in fields.get(PRICED_MODIFIERS, "").split(",") if m.strip()]
    return {
        "release": hit.release.label,
        "effective_date": hit.release.effective_date,
        "file": hit.release.source_name,
        "description": hit.record.short_description,
        "decoded": decode_pfs(fields),
        "amounts": amounts,
        "modifier_rows": {
            modifier: {
                column[: -len(f" [{modifier}]")]: value
                for column, value in fields.items()
                if column.endswith(f" [{modifier}]")
            }
            for modifier in modifiers
        },
    }


def _amount_meaning(column: str) -> str:
    if column.endswith("OP"):
        return "Share of the global surgical package (as a fraction)"
    if column == "CONV FACTOR":
        return "Dollars per relative value unit"
    if "OPPS" in column:
        return "Relative value units used for the OPPS payment cap"
    return "Relative value units"
