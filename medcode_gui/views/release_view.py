"""What a release looks like to the user, as a plain dict."""

from __future__ import annotations

from typing import Any

from ..codes.records import (
    ADD_ON,
    ANESTHESIA_CF,
    ASC,
    ASP,
    CLFS,
    DMEPOS,
    GPCI,
    LOCALITY_COUNTIES,
    OPPS,
    OPPS_CAP,
    ZIP_LOCALITY,
    Release,
)

# A payment or rules file's kind in words (codes/records.py SCHEDULE_SYSTEMS): what About this data and
# `medcode releases` say it holds.
SCHEDULE_KINDS = {
    GPCI: "PFS geographic practice cost indices by locality",
    LOCALITY_COUNTIES: "PFS localities and their counties",
    ANESTHESIA_CF: "PFS anesthesia conversion factors by locality",
    OPPS_CAP: "OPPS cap on PFS payment by locality",
    ZIP_LOCALITY: "ZIP codes to PFS carrier and locality",
    ADD_ON: "NCCI add-on codes and their primary codes",
    OPPS: "OPPS Addendum B: status indicator, APC and payment rate",
    DMEPOS: "DMEPOS fee schedule by state",
    CLFS: "Clinical laboratory fee schedule",
    ASP: "Part B drug (ASP) payment limits",
    ASC: "ASC payment indicators and rates",
}


def release_view(release: Release, rows: int | None = None) -> dict[str, Any]:
    """A release; `rows` is what it holds: a schedule's row count (store.schedules.count), else its codes and
    modifiers (the default)."""
    return {
        "label": release.label,
        "system": release.system,
        # "codes" (a code release: the tree, search and lookup read it) or "schedule" (a payment or rules file:
        # read when a code is shown, compared only with releases of its own system).
        "kind": "schedule" if release.is_schedule else "codes",
        "kind_name": SCHEDULE_KINDS.get(release.system, "Codes and descriptors"),
        "effective_date": release.effective_date,
        "period": release.effective_date,  # the first day of the period the file covers, from the file
        "rows": rows if rows is not None else release.codes + release.modifiers,
        "file": release.source_name,
        "sha256": release.source_sha256,
        "source": release.source_name,
        "source_member": release.source_member,
        "source_sha256": release.source_sha256,
        "format": release.file_format,
        "imported_at": release.imported_at,
        "codes": release.codes,
        "modifiers": release.modifiers,
        "official": release.is_official,
    }


def releases_view(store: Any) -> list[dict[str, Any]]:
    """Every release of the database, oldest first (store.releases()), schedule files with their row counts."""
    return [
        release_view(r, store.schedules.count(r) if r.is_schedule else None) for r in store.releases()
    ]


def contents_text(view: dict[str, Any]) -> str:
    """What a release holds, in words: "16,852 codes, 0 modifiers" or "109 rows (PFS geographic ...)"."""
    if view["kind"] == "schedule":
        return f"{view['rows']:,} rows ({view['kind_name']})"
    return f"{view['codes']:,} codes, {view['modifiers']:,} modifiers"


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
