"""What changed from one release of a payment or rules file to another of the same kind (two GPCI files, two
OPPS quarters): rows added, removed, and changed, matched by their key, each change naming the fields and
their old and new raw values. No Qt, no SQL: the store hands over the rows (store.schedules.rows_of)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..codes.errors import MedcodeError
from ..codes.records import Release, ScheduleRow
from ..codes.spreadsheet_cells import safe_row

# The kinds of change of a schedule's rows; the names are release_diff's, so `medcode diff --only` and the
# window's check boxes mean the same for both kinds of release.
SCHEDULE_KINDS = ("added", "removed", "fields_changed")
SCHEDULE_KIND_TITLES = {"added": "Rows added", "removed": "Rows removed", "fields_changed": "Rows changed"}
PAIRED = "paired code"  # a rule's second code (ScheduleRow.paired_code), compared like a column


@dataclass
class RowChange:
    key: str
    old: ScheduleRow | None
    new: ScheduleRow | None
    fields: list[str] = field(default_factory=list)  # for fields_changed: the columns whose values differ

    @property
    def row(self) -> ScheduleRow:
        return self.new or self.old  # type: ignore[return-value]  # one of them is always set

    @property
    def code(self) -> str:
        """The code the row is about ("" for a row about a place: a locality, a ZIP code)."""
        return self.row.code or ""

    def values(self) -> list[tuple[str, str, str]]:
        """(column, old, new) for each column this change is about: every column of an added or removed row."""
        names = self.fields or list(self.row.fields)
        return [(name, _value(self.old, name), _value(self.new, name)) for name in names]


@dataclass
class ScheduleDiff:
    old: Release
    new: Release
    # Only SCHEDULE_KINDS are filled; any other kind of change reads as none (a window listing every kind).
    changes: dict[str, list[RowChange]] = field(default_factory=lambda: defaultdict(list))

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        counts.update({kind: len(self.changes[kind]) for kind in SCHEDULE_KINDS})
        return counts


def _value(row: ScheduleRow | None, name: str) -> str:
    if row is None:
        return ""
    return (row.paired_code or "") if name == PAIRED else row.fields.get(name, "")


def is_schedule_pair(old: Release, new: Release) -> bool:
    """Whether two releases are compared as payment or rules files; refused in one sentence when they are of
    different kinds (a GPCI file and an OPPS file, or a schedule and a code release)."""
    if not (old.is_schedule or new.is_schedule):
        return False
    if old.system != new.system:
        raise MedcodeError(
            f"{old.label} ({old.system}) and {new.label} ({new.system}) are different kinds of file; "
            "compare two releases of one kind."
        )
    return True


def diff_rows(old: list[ScheduleRow], new: list[ScheduleRow]) -> dict[str, list[RowChange]]:
    """Rows added, removed and changed, matched by key; added rows in the new file's order, the others in
    the old file's."""
    before = {row.key: row for row in old}
    after = {row.key: row for row in new}
    changes: dict[str, list[RowChange]] = defaultdict(list)
    changes["added"] = [RowChange(key, None, row) for key, row in after.items() if key not in before]
    changes["removed"] = [RowChange(key, row, None) for key, row in before.items() if key not in after]
    for key, row in before.items():
        if key in after and (differing := _differing(row, after[key])):
            changes["fields_changed"].append(RowChange(key, row, after[key], differing))
    return changes


def _differing(before: ScheduleRow, after: ScheduleRow) -> list[str]:
    """The columns whose raw values differ (a column only one file has counts as a change from or to "")."""
    names = dict.fromkeys([*before.fields, *after.fields])
    found = [name for name in names if before.fields.get(name, "") != after.fields.get(name, "")]
    if before.paired_code != after.paired_code:
        found.append(PAIRED)
    return found


def diff_schedules(store: Any, old: Release, new: Release) -> ScheduleDiff:
    """The changes from one stored release of a schedule kind to another of the same kind."""
    is_schedule_pair(old, new)
    return ScheduleDiff(old, new, diff_rows(store.schedules.rows_of(old), store.schedules.rows_of(new)))


def row_change_view(change: RowChange) -> dict[str, Any]:
    view: dict[str, Any] = {"key": change.key, "code": change.row.code, "modifier": change.row.modifier}
    if change.row.paired_code is not None:
        view["paired_code"] = change.row.paired_code
    if change.fields:
        view["fields"] = [{"field": name, "old": old, "new": new} for name, old, new in change.values()]
    else:
        view["row"] = dict(change.row.fields)
    return view


def _release_view(release: Release) -> dict[str, str]:
    return {
        "label": release.label,
        "system": release.system,
        "source": release.source_name,
        "sha256": release.source_sha256,
        "effective_date": release.effective_date,
    }


def schedule_diff_view(diff: ScheduleDiff, kinds: tuple[str, ...] = SCHEDULE_KINDS) -> dict[str, Any]:
    """`medcode diff --json` for two schedule releases: one list per kind of change, the two releases (with
    their files, the provenance of every value), and the counts."""
    view: dict[str, Any] = {"kind": "schedule", "system": diff.old.system}
    view.update({kind: [row_change_view(c) for c in diff.changes[kind]] for kind in SCHEDULE_KINDS if kind in kinds})
    view["old"], view["new"] = _release_view(diff.old), _release_view(diff.new)
    view["counts"] = {kind: len(diff.changes[kind]) for kind in SCHEDULE_KINDS}
    return view


def schedule_diff_csv(diff: ScheduleDiff, kinds: tuple[str, ...] = SCHEDULE_KINDS) -> str:
    """A CSV row per column changed (every column of an added or removed row), with both releases' files."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["change", "key", "code", "modifier", "field", "old", "new"]  # as release_diff.CSV_HEADER
    writer.writerow(safe_row([*header, "old release", "old file", "new release", "new file"]))
    releases = [diff.old.label, diff.old.source_name, diff.new.label, diff.new.source_name]
    for kind in (k for k in SCHEDULE_KINDS if k in kinds):
        for change in diff.changes[kind]:
            for name, before, after in change.values():
                row = [kind, change.key, change.code, change.row.modifier, name, before, after, *releases]
                writer.writerow(safe_row(row))
    return out.getvalue()


def change_text(kind: str, change: RowChange) -> str:
    """What changed in one line: "PW GPCI: 1.017 → 1.117" for each column, or the row added or removed."""
    if kind == "fields_changed":
        return "; ".join(f"{name}: {old or '—'} → {new or '—'}" for name, old, new in change.values())
    return ", ".join(f"{name} {value}" for name, value in change.row.fields.items() if value)
