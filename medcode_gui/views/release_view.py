"""What a release looks like to the user, as a plain dict."""

from __future__ import annotations

from typing import Any

from ..codes.records import Release


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


def documents_view(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The documents attached to releases (store.documents.all()), for About this data and `medcode releases`."""
    return [
        {
            "title": d["title"],
            "kind": d["kind"],
            "release": d["release_label"],
            "attached": d["attached"],  # whether a release of that label is stored
            "source": d["source_name"],
            "source_member": d["source_member"],
            "source_sha256": d["sha256"],
            "format": d["file_format"],
            "rows": d["rows"],
            "imported_at": d["imported_at"],
        }
        for d in documents
    ]


def code_documents_view(store: Any, code: str, release_label: str) -> dict[str, Any]:
    """What CMS's documents beside a code's release say of it: on the NOC list, and its corrections, each with
    the file that says it. A store without documents (a stand-in) says nothing."""
    documents = getattr(store, "documents", None)
    if documents is None:
        return {"noc": None, "corrections": []}
    lists = documents.noc_lists(code, release_label)
    noc = None
    if lists:
        period = lists[0]["title"].removeprefix("HCPCS ").removesuffix(" NOC list")
        noc = {
            "text": f"not otherwise classified: CMS's NOC list {period}",
            "title": lists[0]["title"],
            "files": [row["source_member"] for row in lists],
            "description": lists[0]["description"],
            "added": lists[0]["added_date"],
            "terminated": lists[0]["termination_date"],
        }
    corrections = [
        {
            "title": row["title"],
            "file": row["source_member"],
            "source": row["source_name"],
            "action": row["action"],
            "effective": row["effective"],
            "fields": row["fields"],
        }
        for row in documents.corrections(code, release_label)
    ]
    return {"noc": noc, "corrections": corrections}


def code_documents_lines(view: dict[str, Any]) -> list[str]:
    """code_documents_view in sentences, for `medcode lookup` and the detail pane."""
    lines = []
    if noc := view.get("noc"):
        lines.append(f"{noc['text'][:1].upper()}{noc['text'][1:]} ({', '.join(noc['files'])})")
    for c in view.get("corrections", []):
        effective = f", effective {c['effective']}" if c["effective"] else ""
        lines.append(f"Corrected by CMS ({c['title']}, {c['file']}): {c['action'] or '(no action text)'}{effective}")
    return lines
