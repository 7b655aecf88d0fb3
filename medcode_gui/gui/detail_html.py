"""The detail pane's content: a code view (the same dict the CLI prints) rendered as escaped HTML."""

from __future__ import annotations

from html import escape
from typing import Any


def _decoded_rows(view: dict[str, Any]) -> list[str]:
    rows = []
    for value in view.values():
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            if isinstance(entry, dict) and "meaning" in entry:
                meaning = escape(entry["meaning"] or "value not documented in the CMS record layout")
                rows.append(
                    f"<tr><td title='{escape(entry['field'])}'>{escape(entry['label'])}</td>"
                    f"<td><b>{escape(entry['code'])}</b></td><td>{meaning}</td></tr>"
                )
    return rows


def explanation_html(result: dict[str, Any]) -> str:
    """An explain-a-code result (explain.py) for the detail pane."""
    title = escape(result["input"].strip() or "(empty)")
    colour = "black" if result["valid"] else "#a00000"
    return f"<h1 style='margin:0'>{title}</h1><p style='color:{colour}'>{escape(result['explanation'])}</p>"


def code_html(view: dict[str, Any]) -> str:
    if not view.get("found"):
        return f"<p>{escape(view.get('code', ''))} is not in this database.</p>"
    status = view["status"]
    if view["termination_date"]:
        status += f"; last valid date {view['termination_date']}"
    source = view["source"]
    parts = [
        f"<h1 style='margin:0'>{escape(view['code'])}</h1>",
        f"<h3 style='margin:0'>{escape(view['short_description'])}</h3>",
        f"<p><i>{escape(view['system'])} {escape(view['kind'])}, {escape(status)}</i></p>",
        f"<p style='color:gray'>{escape(' > '.join(step['title'] for step in view['path']))}</p>",
        f"<p>{escape(view['long_description'])}</p>",
        "<table cellspacing='4'>" + "".join(_decoded_rows(view)) + "</table>",
    ]
    if view.get("cross_references"):
        parts.append(f"<p>Cross-references: {escape(', '.join(view['cross_references']))}</p>")
    if view.get("processing_note"):
        note = view["processing_note"]
        parts.append(
            f"<p>Processing note {escape(note['number'])}: {escape(note['text'] or '(not in this release)')}</p>"
        )
    if view["starter"]:
        parts.append(f"<p style='color:#7a5200'><b>{escape(view['description_source'])}</b></p>")
    parts.append(f"<p style='color:gray'>{escape(view['explanation'])}</p>")
    parts.append(
        f"<p style='color:gray'>Release {escape(view['release'])} (effective {escape(view['release_effective_date'])}),"
        f" file {escape(source['file'])}</p>"
    )
    return "\n".join(parts)
