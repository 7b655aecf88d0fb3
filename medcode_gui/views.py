"""What a code or release looks like to the user, as plain dicts: the CLI prints them, the GUI shows them."""

from __future__ import annotations

from typing import Any

from .codebook import decode_hcpcs
from .counterparts import equivalents
from .explain import explain
from .outline import outline
from .pfs_codebook import PFS_AMOUNT_FIELDS, decode_pfs, pfs_label
from .records import HCPCS, PFS, PRICED_MODIFIERS, STARTER_NOTE, Release, StoredCode

XREF_FIELDS = [f"XREF{i}" for i in range(1, 6)]


def badge(code: str, kind: str) -> str:
    """A short tag of what a code is, the same everywhere in the app: CPT I/II/III, HCPCS II, or modifiers.

    The outline leaf a code sits on says its system and category, as explain() says them; read here without
    the rest of explain() (its path, section and sentence), a results row's badge costs a third as much.
    """
    leaf = outline().place(code.strip().upper(), "modifier" if kind == "modifier" else "code")
    system = leaf.inherited("system") if leaf else None
    if kind == "modifier":
        return f"{system or ''} mod".strip()
    if system == "CPT":
        return f"CPT {leaf.inherited('category')}"
    if system == "HCPCS":
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
        "in_view": not hit.outside_view,
        "removed_by": hit.superseded_by,
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


def status_banner(view: dict[str, Any]) -> dict[str, str]:
    """The one line a coder reads first: active, added in this release, terminated or discontinued.

    CMS dates a discontinuation by its action effective date (the first day the code is invalid) and gives
    the last valid day as the termination date, which is why the action date falls after it.
    """
    ended, action = view.get("termination_date"), view.get("action_code")
    if view.get("removed_by"):
        text = f"Removed: not in {view['removed_by']}; last listed in {view['release']}"
        return {"state": "removed", "text": text + (f" (last valid date {ended})" if ended else "")}
    if view.get("in_view") is False:
        return {"state": "elsewhere", "text": f"Not in the releases shown; listed in {view['release']}"}
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
    """Look a code up and describe it, with its processing note, the fee schedule's record of it and its
    counterparts; not-found is a view too."""
    hit = store.lookup(code, release_label)
    if hit is None:
        return not_found_view(code)
    record = hit.record
    number = record.fields.get("PROCNOTE", "")
    view = code_view(hit, store.processing_note(hit.release, number) if number else None)
    view["referenced_by"] = store.referenced_by(record.code, release_label)
    fee = hit if hit.release.system == PFS else None
    if fee is None and record.kind == "code":
        fee = next((s for s in store.sources_of(record.code) if s.release.system == PFS), None)
    view["fee_schedule"] = fee_schedule_view(fee) if fee else None
    view["counterparts"] = equivalents(store, record.code) if record.kind == "code" else []
    return view


def window_view(store: Any, hit: StoredCode) -> dict[str, Any]:
    """What the window's detail pane shows for a hit: its lookup view (from the hit's own release), whether
    the view holds it, and its history across every release."""
    from .code_history import code_history

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


def level_one_view(comparison: Any, only: str = "all") -> dict[str, Any]:
    """The HCPCS Level I against CPT comparison as plain data (see level_one.py)."""
    from .level_one import STATE_DETAIL
    from .word_diff import marked_text

    rows = []
    for row in comparison.filtered(only):
        cms_diff, cpt_diff = row.diff()
        rows.append(
            {
                "code": row.code,
                "state": row.state,
                "state_text": STATE_DETAIL[row.state],
                "cms_description": row.cms_text,
                "cpt_description": row.cpt_text,
                "cpt_long_description": row.cpt.record.long_description if row.cpt else "",
                "cms_status": row.cms_status,
                "cms_diff": marked_text(cms_diff),
                "cpt_diff": marked_text(cpt_diff),
            }
        )
    return {
        "cms_release": comparison.cms_release.label if comparison.cms_release else None,
        "cpt_release": comparison.cpt_release.label if comparison.cpt_release else None,
        "counts": comparison.counts(),
        "rows": rows,
    }
