"""`medcode diff`: what changed between two releases."""

from __future__ import annotations

from typing import Any

import click

from ._common import emit_json, open_store

DIFF_KINDS = (
    "added",
    "removed",
    "terminated",
    "reactivated",
    "short_description_changed",
    "long_description_changed",
    "spacing_only",
    "fields_changed",
)  # release_diff.KINDS, spelled out here so `medcode --help` does not import the diff code


@click.command()
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object: one list per kind of change.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV: a row per change (per field for field changes).")
@click.option(
    "--only",
    "only",
    multiple=True,
    type=click.Choice(list(DIFF_KINDS)),
    help="Only these kinds of change (repeatable).",
)
@click.pass_context
def diff(ctx: click.Context, old: str, new: str, as_json: bool, as_csv: bool, only: tuple[str, ...]) -> None:
    """What changed from release OLD to release NEW: added, removed, terminated, reactivated, descriptors,
    other fields. Descriptors that differ only in spacing are listed apart, not as changed."""
    from ..releases.release_diff import KIND_TITLES, diff_any, diff_csv, diff_view, spacing_words
    from ..releases.schedule_diff import ScheduleDiff

    result = diff_any(open_store(ctx), old, new)
    kinds = only or DIFF_KINDS
    if isinstance(result, ScheduleDiff):  # two payment or rules files of one kind: rows by key
        _schedule_diff(result, kinds, as_json, as_csv)
        return
    if as_json:
        view = diff_view(result)
        emit_json({key: value for key, value in view.items() if key not in DIFF_KINDS or key in kinds})
        return
    if as_csv:
        click.echo(diff_csv(result, kinds), nl=False)
        return
    click.echo(f"{result.old.label} ({result.old.source_name}) -> {result.new.label} ({result.new.source_name})")
    for kind in kinds:
        changes = result.changes[kind]
        aside = " (the same words; not counted as a descriptor change)" if kind == "spacing_only" else ""
        click.echo(f"\n{KIND_TITLES[kind]}{aside}: {len(changes):,}")
        for change in changes:
            detail = f"  [{', '.join(change.fields)}]" if change.fields else ""
            detail += f"  [{spacing_words(change)}]" if change.descriptors else ""
            click.echo(f"  {change.code:<6} {change.kind:<8} {change.record.short_description}{detail}")


def _schedule_diff(result: Any, kinds: tuple[str, ...], as_json: bool, as_csv: bool) -> None:
    """Rows added, removed and changed (kinds: added, removed, fields_changed), each with both files."""
    from ..releases.schedule_diff import (
        SCHEDULE_KIND_TITLES,
        SCHEDULE_KINDS,
        change_text,
        schedule_diff_csv,
        schedule_diff_view,
    )

    kinds = tuple(kind for kind in SCHEDULE_KINDS if kind in kinds)
    if as_json:
        emit_json(schedule_diff_view(result, kinds))
        return
    if as_csv:
        click.echo(schedule_diff_csv(result, kinds), nl=False)
        return
    old, new = result.old, result.new
    click.echo(f"{old.label} ({old.source_name}) -> {new.label} ({new.source_name}): {old.system} rows by key")
    for kind in kinds:
        changes = result.changes[kind]
        click.echo(f"\n{SCHEDULE_KIND_TITLES[kind]}: {len(changes):,}")
        for change in changes:
            click.echo(f"  {change.key}  {change_text(kind, change)}")
