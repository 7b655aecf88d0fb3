"""A code's timeline across every imported release: added, descriptors changed (old and new text),
terminated, reactivated, cross-references changed, removed (no Qt, no SQL)."""

from __future__ import annotations

from typing import Any

from ..codes.records import Release, StoredCode
from .release_diff import Change, pair_changes, spacing_words

XREF_FIELDS = [f"XREF{i}" for i in range(1, 6)]


def code_history(store: Any, code: str, kind: str | None = None) -> list[dict[str, Any]]:
    """Events, oldest first, for each release system (CMS HCPCS files, fee schedules, CPT files...) in turn:
    each release holding the code is compared with the previous release of the same system."""
    held = {hit.release.id: hit for hit in store.history(code, kind)}
    kind = kind or next((hit.record.kind for hit in held.values()), None)
    events: list[dict[str, Any]] = []
    for system in dict.fromkeys(r.system for r in store.releases() if r.is_official):
        track = [r for r in store.releases() if r.system == system]
        previous: StoredCode | None = None
        for position, release in enumerate(track):
            hit = held.get(release.id)
            if hit is None:
                if previous is not None:
                    events.append(_event(release, "removed", f"Not in {release.label}: removed from the file"))
                previous = None
                continue
            events += _release_events(release, previous, hit, track[position - 1] if position else None)
            previous = hit
    return sorted(events, key=lambda e: (e["effective_date"], e["release"]))


def _release_events(
    release: Release, previous: StoredCode | None, hit: StoredCode, before_release: Release | None
) -> list[dict[str, Any]]:
    """The events of one release holding the code; before_release: the previous release of its source, if any
    (a code it does not hold is added here, whatever CMS's action code says, as views.code_status says too)."""
    record = hit.record
    if previous is None:
        added = record.added_date
        text = f"In {release.label}" + (f", not in {before_release.label}" if before_release else "")
        text += f"; added {added}" if added else ""
        if record.termination_date:
            text += f"; terminated, last valid date {record.termination_date}"
        new = before_release is not None or record.action_code == "A"
        return [_event(release, "added" if new else "first_seen", text)]
    events = []
    before = previous.record
    for change, fields in pair_changes(before, record):
        if change == "terminated":
            events.append(_event(release, change, f"Terminated: last valid date {record.termination_date}"))
        elif change == "reactivated":
            events.append(_event(release, change, f"Reactivated (was terminated {before.termination_date})"))
        elif change == "short_description_changed":
            events.append(_text_event(release, change, before.short_description, record.short_description))
        elif change == "long_description_changed":
            events.append(_text_event(release, change, before.long_description, record.long_description))
        elif change == "spacing_only":  # `fields` names the descriptors here
            spacing = spacing_words(Change(record.code, record.kind, before, record, descriptors=fields))
            events.append(_event(release, change, f"Same words, other spacing: {spacing}"))
        else:
            events += _field_events(release, fields, before.fields, record.fields)
    return events or [_event(release, "unchanged", f"In {release.label}, unchanged")]


def _field_events(release: Release, fields: list[str], before: dict[str, str], after: dict[str, str]) -> list[dict]:
    events = []
    xrefs = [f for f in fields if f in XREF_FIELDS]
    if xrefs:
        old = [before.get(f, "") for f in XREF_FIELDS if before.get(f)]
        new = [after.get(f, "") for f in XREF_FIELDS if after.get(f)]
        event = _event(release, "cross_references_changed", "Cross-references changed")
        event.update(old=", ".join(old), new=", ".join(new))
        events.append(event)
    others = [f for f in fields if f not in XREF_FIELDS]
    if others:
        event = _event(release, "fields_changed", "Fields changed: " + ", ".join(others))
        event["fields"] = [{"field": f, "old": before.get(f, ""), "new": after.get(f, "")} for f in others]
        events.append(event)
    return events


def _text_event(release: Release, change: str, old: str, new: str) -> dict[str, Any]:
    title = "Short description changed" if change.startswith("short") else "Long description changed"
    event = _event(release, change, title)
    event.update(old=old, new=new)
    return event


def _event(release: Release, event: str, text: str) -> dict[str, Any]:
    return {
        "release": release.label,
        "effective_date": release.effective_date,
        "source": release.source_name,
        "event": event,
        "text": text,
    }


def previous_listing(store: Any, code: str, kind: str | None, label: str) -> dict[str, Any] | None:
    """The release before `label` of the same source (the CMS files, the fee schedules...) and whether it
    holds the code: {"release": label, "holds": bool}; None when no earlier release of that source is imported
    (or `label` is the starter data)."""
    release = store.release(label)
    track = [r for r in store.releases() if r.system == release.system and r.is_official]
    position = next((i for i, r in enumerate(track) if r.id == release.id), 0)
    if position == 0:
        return None
    before = track[position - 1]
    held = {hit.release.id for hit in store.history(code, kind)}
    return {"release": before.label, "holds": before.id in held}
