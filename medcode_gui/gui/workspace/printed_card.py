"""A code's printed detail card: the detail pane's parts as HTML for paper, and the page header naming where the
data came from. Every text from the data is escaped (print_html.esc)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..common.banner import banner_colours
from ..common.view_fields import NOT_DOCUMENTED, decoded_entries, kind_text
from ..detail.payment_section import payment_html
from .print_html import TABLE, badge_html, esc, page_html

CRUMB_SEPARATOR = " › "


def _fields_table(entries: Iterable[Mapping[str, Any]]) -> str:
    rows = []
    for entry in entries:
        field = str(entry.get("field", ""))
        label = str(entry.get("label") or field)
        meaning = entry.get("meaning")
        words = esc(meaning) if meaning else f"<i>{esc(NOT_DOCUMENTED)}</i>"
        if entry.get("note") and meaning:
            words += f" ({esc(entry['note'])})"
        rows.append(
            f"<tr><td>{esc(label)} ({esc(field)})</td><td><b>{esc(entry.get('code', ''))}</b></td><td>{words}</td></tr>"
        )
    head = '<thead><tr style="background-color: #e5e7eb"><th align="left">Field</th><th align="left">Value</th>'
    head += '<th align="left">Meaning</th></tr></thead>'
    return f"<table {TABLE}>{head}<tbody>{''.join(rows)}</tbody></table>"


def card_sources(view: Mapping[str, Any]) -> list[str]:
    """The releases and files a card's data came from: the code's release, and the fee schedule's if any."""
    sources = []
    if view.get("release"):
        source = view.get("source") or {}
        text = f"{view['release']}"
        if view.get("release_effective_date"):
            text += f" (effective {view['release_effective_date']})"
        if source.get("file"):
            text += f", {source['file']}"
        sources.append(text)
    if fee := view.get("fee_schedule"):
        sources.append(f"{fee.get('release')}, {fee.get('file')}")
    return sources


def card_header(view: Mapping[str, Any]) -> str:
    """The page header of a printed card: the code and where its data came from."""
    sources = card_sources(view)
    return f"{view.get('code', '')} · " + ("Data: " + "; ".join(sources) if sources else "not in the releases shown")


def card_html(view: Mapping[str, Any]) -> str:
    """A printable detail card of a code view (views.lookup_view or window_view): every text escaped."""
    code = str(view.get("code", ""))
    parts = [f'<p style="font-size: 28pt; font-weight: bold; margin: 0">{esc(code)}</p>']
    if not view.get("found", True):
        parts.append("<p>Not in the releases shown.</p>")
        return page_html(parts)
    kind = str(view.get("kind") or "code")
    parts.append(f"<p>{badge_html(code, kind)} &nbsp;{esc(kind_text(dict(view)))}</p>")
    short, long = view.get("short_description"), view.get("long_description")
    if short:
        parts.append(f'<p style="font-size: 15pt; font-weight: bold; margin-top: 4pt">{esc(short)}</p>')
    if long and long != short:
        parts.append(f'<p style="font-size: 12pt">{esc(long)}</p>')

    banner = view.get("banner") or {"state": view.get("status") or "active", "text": ""}
    state = str(banner.get("state") or "active")
    background, foreground, border = banner_colours(state)
    parts.append(
        f'<table width="100%" cellspacing="0" cellpadding="6" border="0"><tr>'
        f'<td width="6" style="background-color: {border}"></td>'
        f'<td style="background-color: {background}; color: {foreground}; font-weight: bold">'
        f"{esc(banner.get('text') or state.capitalize())}</td></tr></table>"
    )
    if path := view.get("path"):
        crumb = CRUMB_SEPARATOR.join(esc(step.get("title") or step.get("id")) for step in path)
        parts.append(f"<p><b>Place in the outline</b>: {crumb}</p>")

    if entries := decoded_entries(dict(view)):
        parts.append("<h3>Coded fields (CMS record layout)</h3>" + _fields_table(entries))
    dates = (
        ("Added", view.get("added_date")),
        ("Action effective", view.get("action_effective_date")),
        ("Termination", view.get("termination_date")),
    )
    if any(value for _, value in dates):
        parts.append("<p>" + " &nbsp;·&nbsp; ".join(f"<b>{n}</b> {esc(v) if v else '—'}" for n, v in dates) + "</p>")
    for title, key in (("Cross-references", "cross_references"), ("Referenced by", "referenced_by")):
        if codes := view.get(key):
            parts.append(f"<p><b>{title}</b>: {', '.join(esc(c) for c in codes)}</p>")
    if note := view.get("processing_note"):
        text = esc(note.get("text")) if note.get("text") else "<i>no text for this number in the release's notes</i>"
        parts.append(f"<p><b>Processing note {esc(note.get('number'))}</b>: {text}</p>")

    if fee := view.get("fee_schedule"):
        parts.append(f"<h3>Medicare physician fee schedule ({esc(fee.get('release'))}, {esc(fee.get('file'))})</h3>")
        parts.append(_fields_table(list(fee.get("decoded") or []) + list(fee.get("amounts") or [])))
        for modifier, values in (fee.get("modifier_rows") or {}).items():
            shown = ", ".join(f"{esc(k)} {esc(v)}" for k, v in values.items() if v)
            parts.append(f"<p><b>With modifier {esc(modifier)}</b>: {shown}</p>")

    if payment := view.get("payment"):  # what the detail pane's payment section showed (main/locality_picker)
        parts.append(payment_html(payment, paper=True))

    if counterparts := view.get("counterparts"):
        items = []
        for entry in counterparts:
            line = f"<b>{esc(entry.get('code'))}</b> {esc(entry.get('description') or 'not in this database')}"
            line += f" — <i>{esc(entry.get('relation'))}</i>"
            if entry.get("note"):
                line += f"<br>{esc(entry['note'])}"
            if entry.get("source"):
                line += f"<br><small>Source: {esc(entry['source'])}</small>"
            items.append(f"<li>{line}</li>")
        parts.append("<h3>Counterparts</h3><ul>" + "".join(items) + "</ul>")

    if history := view.get("history"):
        lines = [
            f"<b>{esc(event.get('effective_date'))}</b> {esc(event.get('release'))}: {esc(event.get('text'))}"
            for event in history
        ]
        parts.append("<h3>History</h3><p>" + "<br>".join(lines) + "</p>")
    if user_note := str(view.get("note") or "").strip():  # the user's own note (navigation puts it in the view)
        text = "<br>".join(esc(line) for line in user_note.splitlines())
        parts.append(f"<h3>My note</h3><p>{text}</p>")
    if view.get("starter"):
        parts.append(f"<p><i>{esc(view.get('description_source') or 'Plain-language starter description')}</i></p>")

    source = view.get("source") or {}
    lines = []
    if view.get("release"):
        effective = f", effective {esc(view['release_effective_date'])}" if view.get("release_effective_date") else ""
        lines.append(f"Release {esc(view['release'])}{effective}")
    if source.get("file"):
        member = source.get("member")
        lines.append(
            f"File {esc(source['file'])}" + (f", member {esc(member)}" if member and member != source["file"] else "")
        )
    if source.get("sha256"):
        lines.append(f"SHA-256 {esc(source['sha256'])}")
    if lines:
        parts.append('<hr><p style="font-size: 8pt"><b>Source</b><br>' + "<br>".join(lines) + "</p>")
    return page_html(parts)
