"""The rich text of the detail pane's sections, built from a code view: plain functions, no widgets.

Every text from the data is escaped with html.escape here, before it reaches a rich-text label. Codes and
outline steps become links (`code:J1100`, `node:hcpcs.2.j`, `action:compare:J1100`) that the pane turns
into its signals.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ...comparison.word_diff import merged_segments, word_diff
from ...views.release_view import code_documents_lines
from ..releases.diff_html import segments_html

NO_DATE = "—"
CRUMB_SEPARATOR = " › "
SHA_SHOWN = 12
SPACED_DOT = " &nbsp;·&nbsp; "


def link(scheme: str, value: str, text: str | None = None) -> str:
    return f'<a href="{escape(f"{scheme}:{value}", quote=True)}">{escape(text if text is not None else value)}</a>'


def breadcrumb_html(path: list[dict[str, Any]]) -> str:
    """The outline path of a code, every step a link to its node."""
    return CRUMB_SEPARATOR.join(link("node", str(step["id"]), str(step.get("title") or step["id"])) for step in path)


def explained_breadcrumb_html(result: dict[str, Any]) -> str:
    """The outline path of an explained code (explain()); its last step links to the outline node."""
    titles = [str(t) for t in result.get("path") or []]
    if not titles:
        return ""
    steps = [escape(t) for t in titles[:-1]]
    steps.append(link("node", str(result["node"]), titles[-1]) if result.get("node") else escape(titles[-1]))
    return CRUMB_SEPARATOR.join(steps)


def dates_html(view: dict[str, Any]) -> str:
    """Added, action effective and termination dates on one line (a missing one as a dash); "" if none is known."""
    dates = (
        ("Added", view.get("added_date")),
        ("Action effective", view.get("action_effective_date")),
        ("Termination", view.get("termination_date")),
    )
    if not any(value for _, value in dates):
        return ""
    return SPACED_DOT.join(f"<b>{name}</b> {escape(str(value)) if value else NO_DATE}" for name, value in dates)


def codes_html(title: str, codes: list[str]) -> str:
    """A titled list of code links (cross-references, referenced by); "" for no codes."""
    return (f"<b>{escape(title)}</b>: " + ", ".join(link("code", c) for c in codes)) if codes else ""


def notes_html(view: dict[str, Any]) -> str:
    """The processing note, then what CMS's NOC list and corrections files say of the code, each with its file."""
    parts = [processing_note_html(note)] if (note := view.get("processing_note")) else []
    parts += [escape(line) for line in code_documents_lines(view.get("cms_documents") or {})]
    return "<br>".join(parts)


def processing_note_html(note: dict[str, Any]) -> str:
    number = escape(str(note.get("number", "")))
    words = note.get("text")
    body = escape(str(words)) if words else "<i>no text for this number in the release's notes file</i>"
    return f"<b>Processing note {number}</b>: {body}"


def actions_html(view: dict[str, Any]) -> str:
    """The links that act on the code shown: add it to the comparison, and for CPT codes compare Level I."""
    code = str(view.get("code", ""))
    actions = [link("action", f"compare:{code}", "Add to comparison (Ctrl+K)")]
    if view.get("system") == "CPT" and view.get("kind") == "code":
        actions.append(link("action", f"levelone:{code}", "Compare HCPCS Level I with CPT"))
    return SPACED_DOT.join(actions)


def provenance_html(view: dict[str, Any]) -> str:
    """Where the view's data came from: release, file (and member), the start of the file's SHA-256."""
    source = view.get("source") or {}
    lines = []
    if release := view.get("release"):
        line = f"Release {escape(str(release))}"
        if effective := view.get("release_effective_date"):
            line += f", effective {escape(str(effective))}"
        lines.append(line)
    if name := source.get("file"):
        line = f"File {escape(str(name))}"
        if (member := source.get("member")) and member != name:
            inside = str(name).lower().endswith(".zip")
            line += f", member {escape(str(member))}" if inside else f" ({escape(str(member))})"
        lines.append(line)
    if sha := source.get("sha256"):
        lines.append(f"SHA-256 {escape(str(sha)[:SHA_SHOWN])}")
    return "<b>Source</b><br>" + "<br>".join(lines) if lines else ""


def counterparts_html(counterparts: list[dict[str, Any]]) -> str:
    """Each counterpart as a link, its descriptor, the relation, and (smaller) the source of the claim."""
    items = []
    for entry in counterparts:
        description = escape(str(entry.get("description") or "not in this database"))
        line = f"{link('code', str(entry['code']))} {description} — <i>{escape(str(entry['relation']))}</i>"
        if note := entry.get("note"):
            line += f"<br>{escape(str(note))}"
        line += f"<br><small>Source: {escape(str(entry['source']))}</small>"
        items.append(f"<li>{line}</li>")
    return "<b>Counterparts</b><ul style='margin-left:-20px'>" + "".join(items) + "</ul>"


def history_html(history: list[dict[str, Any]]) -> str:
    """The code's timeline: a line per event, descriptor changes as a word diff, field changes old -> new."""
    lines = []
    for event in history:
        head = f"<b>{escape(str(event['effective_date']))}</b> {escape(str(event['release']))}: "
        if event["event"] in ("short_description_changed", "long_description_changed"):
            old, new = word_diff(str(event["old"]), str(event["new"]), ignore_case=False)
            lines.append(
                head + escape(str(event["text"])) + "<br>&nbsp;&nbsp;" + segments_html(merged_segments(old, new))
            )
        elif event["event"] == "cross_references_changed":
            old = ", ".join(link("code", c.strip()) for c in str(event["old"]).split(",") if c.strip()) or "none"
            new = ", ".join(link("code", c.strip()) for c in str(event["new"]).split(",") if c.strip()) or "none"
            lines.append(f"{head}cross-references {old} → {new}")
        elif event.get("fields"):
            changes = "; ".join(
                f"{escape(f['field'])} {escape(f['old'] or '—')} → {escape(f['new'] or '—')}" for f in event["fields"]
            )
            lines.append(f"{head}{changes}")
        else:
            lines.append(head + escape(str(event["text"])))
    return "<b>History</b><br>" + "<br>".join(lines)
