"""What changed from one release to another: codes added, removed, newly terminated, reactivated,
descriptors changed, descriptors that differ only in spacing (apart, and not counted as changed), other
fields changed (naming which). No Qt, no SQL: the store hands over the records."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from ..codes.records import CodeRecord, Release
from ..codes.spreadsheet_cells import safe_row
from ..comparison.word_diff import same_words, spacing_changes
from ..importers.hcpcs_layout import POSITION_FIELDS
from .schedule_diff import ScheduleDiff, diff_schedules, is_schedule_pair

KINDS = (
    "added",
    "removed",
    "terminated",
    "reactivated",
    "short_description_changed",
    "long_description_changed",
    "spacing_only",
    "fields_changed",
)
KIND_TITLES = {
    "added": "Added",
    "removed": "Removed",
    "terminated": "Newly terminated",
    "reactivated": "Reactivated",
    "short_description_changed": "Short description changed",
    "long_description_changed": "Long description changed",
    "spacing_only": "Spacing only",
    "fields_changed": "Other fields changed",
}
# Fields that the kinds above already report (descriptors, the termination date), by source format; every
# other raw field that differs is named under fields_changed.
REPORTED_ELSEWHERE = {
    "SHORT DESCRIPTION",
    "LONG DESCRIPTION",
    "TERM DT",
    "DESCRIPTION",
    "SHORTU",
    "LONGULT",
    "concept_name",
    "valid_end_date",
    "invalid_reason",
    "description",
    "short_description",
    "long_description",
    "termination_date",
    *POSITION_FIELDS,  # where a record sits in its file (txt 00100, xlsx 0010): no change to the code
}
Key = tuple[str, str]  # (code, kind)


@dataclass
class Change:
    code: str
    kind: str  # "code" or "modifier"
    old: CodeRecord | None
    new: CodeRecord | None
    fields: list[str] = field(default_factory=list)  # for fields_changed: the raw fields that differ
    descriptors: list[str] = field(default_factory=list)  # for spacing_only: DESCRIPTORS' names, in order

    @property
    def record(self) -> CodeRecord:
        return self.new or self.old  # type: ignore[return-value]  # one of them is always set


@dataclass
class ReleaseDiff:
    old: Release
    new: Release
    changes: dict[str, list[Change]]

    def counts(self) -> dict[str, int]:
        return {kind: len(self.changes[kind]) for kind in KINDS}


# The descriptors, by the name the CSV, JSON and text give them, and the attribute holding each.
DESCRIPTORS = {"short description": "short_description", "long description": "long_description"}


def diff_records(old: dict[Key, CodeRecord], new: dict[Key, CodeRecord]) -> dict[str, list[Change]]:
    """Every change between two releases' records, by kind, each list in code order.

    A code can appear under several kinds (a terminated code whose descriptor also changed); added and
    removed codes appear only there.
    """
    changes: dict[str, list[Change]] = {kind: [] for kind in KINDS}
    for key in sorted(new.keys() - old.keys()):
        changes["added"].append(Change(*key, None, new[key]))
    for key in sorted(old.keys() - new.keys()):
        changes["removed"].append(Change(*key, old[key], None))
    for key in sorted(old.keys() & new.keys()):
        for kind, names in pair_changes(old[key], new[key]):
            fields, descriptors = (names, []) if kind == "fields_changed" else ([], names)
            changes[kind].append(Change(*key, old[key], new[key], fields, descriptors))
    return changes


def pair_changes(before: CodeRecord, after: CodeRecord) -> list[tuple[str, list[str]]]:
    """The kinds of change between two records of one code, with the differing fields (fields_changed) or
    the descriptors that differ only in spacing (spacing_only)."""
    found: list[tuple[str, list[str]]] = []
    if not before.termination_date and after.termination_date:
        found.append(("terminated", []))
    if before.termination_date and not after.termination_date:
        found.append(("reactivated", []))
    spacing = []
    for name, attribute in DESCRIPTORS.items():
        old_text, new_text = getattr(before, attribute), getattr(after, attribute)
        if old_text == new_text:
            continue
        # CMS's transaction report does not count a descriptor whose words (and capitals) are unchanged:
        # U0002 lost a double space from 2020-04 to 2020-07, and the txt and xlsx twins differ so.
        if same_words(old_text, new_text, ignore_case=False):
            spacing.append(name)
        else:
            found.append((f"{attribute}_changed", []))
    if spacing:
        found.append(("spacing_only", spacing))
    if differing := _differing_fields(before, after):
        found.append(("fields_changed", differing))
    return found


def _differing_fields(before: CodeRecord, after: CodeRecord) -> list[str]:
    names = list(dict.fromkeys([*before.fields, *after.fields]))
    return [
        name
        for name in names
        if name not in REPORTED_ELSEWHERE and (before.fields.get(name) or "") != (after.fields.get(name) or "")
    ]


def change_view(change: Change) -> dict[str, Any]:
    """One change as plain data: the contract keys code and kind, then what changed, old and new."""
    old, new = change.old, change.new
    view: dict[str, Any] = {
        "code": change.code,
        "kind": change.kind,
        "system": change.record.system,
        "short_description": change.record.short_description,
    }
    if old and new:
        view.update(
            old_short_description=old.short_description,
            new_short_description=new.short_description,
            old_long_description=old.long_description,
            new_long_description=new.long_description,
            old_termination_date=old.termination_date,
            new_termination_date=new.termination_date,
        )
    else:
        view.update(long_description=change.record.long_description, termination_date=change.record.termination_date)
    view["action_code"] = (new or old).action_code  # type: ignore[union-attr]
    if change.descriptors:
        view["descriptors"] = [
            {"descriptor": name, "old": old_text, "new": new_text, "spacing": spacing_changes(old_text, new_text)}
            for name, old_text, new_text in descriptor_pairs(change)
        ]
    if change.fields:
        view["fields"] = [
            {"field": name, "old": old.fields.get(name, ""), "new": new.fields.get(name, "")}  # type: ignore[union-attr]
            for name in change.fields
        ]
    return view


def descriptor_pairs(change: Change) -> list[tuple[str, str, str]]:
    """(name, old text, new text) of each descriptor a spacing_only change names."""
    return [
        (name, getattr(change.old, DESCRIPTORS[name]), getattr(change.new, DESCRIPTORS[name]))
        for name in change.descriptors
    ]


def spacing_words(change: Change) -> str:
    """Where a spacing_only change's descriptors differ, in words, for the terminal and the window."""
    return "; ".join(
        f"{name}: {', '.join(spacing_changes(old_text, new_text))}"
        for name, old_text, new_text in descriptor_pairs(change)
    )


def diff_view(diff: ReleaseDiff) -> dict[str, Any]:
    """The contract JSON: one key per kind, each a list of objects with at least code and kind; plus the
    two releases and the counts."""
    view: dict[str, Any] = {kind: [change_view(c) for c in diff.changes[kind]] for kind in KINDS}
    view["old"] = {"label": diff.old.label, "source": diff.old.source_name, "effective_date": diff.old.effective_date}
    view["new"] = {"label": diff.new.label, "source": diff.new.source_name, "effective_date": diff.new.effective_date}
    view["counts"] = diff.counts()
    return view


CSV_HEADER = ["change", "code", "kind", "field", "old", "new", "old release", "old file", "new release", "new file"]


def diff_csv(diff: ReleaseDiff, kinds: tuple[str, ...] = KINDS) -> str:
    """The changes as CSV rows: change, code, kind, what it was, what it is (fields named for field changes),
    and on every row the two releases, each with its file: every column holds one thing, named by its header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(safe_row(CSV_HEADER))
    releases = [diff.old.label, diff.old.source_name, diff.new.label, diff.new.source_name]
    for kind in kinds:
        for change in diff.changes[kind]:
            for name, before, after in _csv_details(kind, change):
                writer.writerow(safe_row([kind, change.code, change.kind, name, before, after, *releases]))
    return out.getvalue()


def _csv_details(kind: str, change: Change) -> list[tuple[str, str, str]]:
    old, new = change.old, change.new
    if kind == "added":
        return [("short description", "", new.short_description)]  # type: ignore[union-attr]
    if kind == "removed":
        return [("short description", old.short_description, "")]  # type: ignore[union-attr]
    if kind in ("terminated", "reactivated"):
        return [("termination date", old.termination_date or "", new.termination_date or "")]  # type: ignore[union-attr]
    if kind == "short_description_changed":
        return [("short description", old.short_description, new.short_description)]  # type: ignore[union-attr]
    if kind == "long_description_changed":
        return [("long description", old.long_description, new.long_description)]  # type: ignore[union-attr]
    if kind == "spacing_only":
        return descriptor_pairs(change)
    return [(name, old.fields.get(name, ""), new.fields.get(name, "")) for name in change.fields]  # type: ignore[union-attr]


def diff_releases(store: Any, old_label: str, new_label: str) -> ReleaseDiff:
    """The changes from one stored release to another (labels as `medcode releases` lists them)."""
    old, new = store.release(old_label), store.release(new_label)
    return ReleaseDiff(old, new, diff_records(store.release_records(old), store.release_records(new)))


def diff_any(store: Any, old_label: str, new_label: str) -> ReleaseDiff | ScheduleDiff:
    """Two code releases compared code by code, or two payment or rules files of one kind row by row
    (releases/schedule_diff.py); a schedule and another kind of release: one sentence."""
    old, new = store.release(old_label), store.release(new_label)
    if is_schedule_pair(old, new):
        return diff_schedules(store, old, new)
    return diff_releases(store, old_label, new_label)
