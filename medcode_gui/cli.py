"""The `medcode` command: a thin face on the same core as the GUI. It never imports Qt."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import click

from . import __version__
from .errors import ImportCancelled, MedcodeError
from .paths import DB_ENV
from .store import ReferenceStore
from .views import lookup_view, release_view, search_hit_view

DEFAULT_LIMIT = 20
DIFF_KINDS = (
    "added",
    "removed",
    "terminated",
    "reactivated",
    "short_description_changed",
    "long_description_changed",
    "fields_changed",
)  # release_diff.KINDS, spelled out here so `medcode --help` does not import the diff code


class MedcodeGroup(click.Group):
    """Turns every MedcodeError into one sentence on stderr and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MedcodeError as error:
            raise click.ClickException(str(error)) from None
        except KeyboardInterrupt:
            click.echo("Cancelled.", err=True)
            ctx.exit(130)


@click.group(cls=MedcodeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    envvar=DB_ENV,
    type=click.Path(dir_okay=False),
    help=f"Reference database to use (default: in your user data folder; or set {DB_ENV}).",
)
@click.version_option(__version__, prog_name="medcode")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """MedCode Browser on the command line: import CMS releases, look up and search CPT/HCPCS codes."""
    ctx.obj = {"db_path": db_path}


def open_store(ctx: click.Context) -> ReferenceStore:
    """Open the database once per command, on first need (explain needs none)."""
    if "store" not in ctx.obj:
        ctx.obj["store"] = ctx.with_resource(ReferenceStore(ctx.obj["db_path"]))
    return ctx.obj["store"]


def emit_json(data: Any, indent: int | None = 2) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=indent))


class StderrProgress:
    """Progress of a long task on stderr: a live line on a terminal, a few plain lines otherwise."""

    def __init__(self, name: str) -> None:
        self.name, self.live, self.last = name, sys.stderr.isatty(), ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        line = f"{self.name}: {stage} {percent}%"
        if self.live:
            click.echo(f"\r{line}", err=True, nl=False)
        elif stage != self.last:
            click.echo(f"{self.name}: {stage}...", err=True)
        self.last = stage

    def finish(self) -> None:
        if self.live and self.last:
            click.echo("\r" + " " * 70 + "\r", err=True, nl=False)


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--label", help="Release label, where the file does not say it (e.g. HCPCS-2019).")
@click.option("--effective", metavar="YYYY-MM-DD", help="Effective date, where the file does not say it.")
@click.option("--replace", is_flag=True, help="Replace a release of the same label imported from another file.")
@click.pass_context
def import_command(
    ctx: click.Context, files: tuple[str, ...], label: str | None, effective: str | None, replace: bool
) -> None:
    """Import release files (zip, txt or xlsx; the format is detected from the content)."""
    from .importers import read_release  # the readers (and calamine) load only when importing

    store = open_store(ctx)
    if store.read_only:  # say so before reading any file
        raise MedcodeError(f"{store.path} is read-only; importing is disabled.")
    failures = 0
    for path in files:
        progress = StderrProgress(click.format_filename(path, shorten=True))
        started = time.perf_counter()
        try:
            parsed = read_release(path, label, effective, progress)
            outcome = store.import_release(parsed, replace=replace, progress=progress)
        except (MedcodeError, ImportCancelled) as error:
            progress.finish()
            click.echo(f"{progress.name}: not imported: {error}", err=True)
            failures += 1
            continue
        progress.finish()
        release = outcome.release
        click.echo(
            f"{progress.name}: {outcome.status} {release.label} (effective {release.effective_date}): "
            f"{release.codes:,} codes, {release.modifiers:,} modifiers in {time.perf_counter() - started:.2f} s"
        )
        for warning in outcome.warnings:
            click.echo(f"{progress.name}: note: {warning}", err=True)
    if failures:
        ctx.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def releases(ctx: click.Context, as_json: bool) -> None:
    """List the releases in the database, oldest first; * marks those shown by default."""
    store = open_store(ctx)
    views = [release_view(r) for r in store.releases()]
    if as_json:
        emit_json(views)
        return
    default = {r.label for r in store.default_releases()}
    if not views:
        click.echo(f"No releases in {store.path} yet; import one with `medcode import FILE`.")
    for view in views:
        mark = "*" if view["label"] in default else " "
        click.echo(
            f"{mark} {view['label']:<16} {view['system']:<8} {view['effective_date']}  "
            f"{view['codes']:>6,} codes {view['modifiers']:>4,} modifiers  {view['source']}"
        )


@cli.command()
@click.argument("code", required=False)
@click.option("--release", "release_label", metavar="LABEL", help="Look in this release (default: the newest).")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read one code per line; print JSON lines.")
@click.option("--history", "with_history", is_flag=True, help="Add the code's timeline across every release.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def lookup(
    ctx: click.Context,
    code: str | None,
    release_label: str | None,
    from_stdin: bool,
    with_history: bool,
    as_json: bool,
) -> None:
    """Show every field of a code or modifier, decoded, with the release and file it comes from."""
    store = open_store(ctx)

    def view_of(text: str) -> dict[str, Any]:
        view = lookup_view(store, text, release_label)
        if with_history:
            from .code_history import code_history

            view["history"] = code_history(store, text, view.get("kind")) if view["found"] else []
        return view

    if from_stdin:
        for line in click.get_text_stream("stdin"):
            if line.strip():
                emit_json(view_of(line.strip()), indent=None)
        return
    if not code:
        raise click.UsageError("Give a CODE, or --stdin.")
    view = view_of(code)
    if as_json:
        emit_json(view)
    else:
        click.echo(format_code(view))
    if not view["found"]:
        ctx.exit(1)


@cli.command()
@click.argument("query", required=False)
@click.option("--limit", default=DEFAULT_LIMIT, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--release", "release_label", metavar="LABEL", help="Search this release (default: the newest).")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read one query per line; print one JSON array per line.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def search(
    ctx: click.Context, query: str | None, limit: int, release_label: str | None, from_stdin: bool, as_json: bool
) -> None:
    """Search codes: an exact code, a range (J9000-J9999), a wildcard (E01*), or words."""
    store = open_store(ctx)
    if from_stdin:
        for line in click.get_text_stream("stdin"):
            hits = store.search(line.rstrip("\r\n"), limit, release_label)
            emit_json([search_hit_view(h) for h in hits], indent=None)
        return
    hits = store.search(query or "", limit, release_label)
    if as_json:
        emit_json([search_hit_view(h) for h in hits])
        return
    for hit in hits:
        r = hit.record
        flag = "" if hit.status == "active" else f"  (terminated {r.termination_date})"
        click.echo(f"{r.code:<6} {r.kind:<8} {r.short_description:<30} {hit.release.label}{flag}")
    if not hits:
        click.echo("No matches.", err=True)


@cli.command("explain")
@click.argument("codes", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (an array when several codes are given).")
def explain_command(codes: tuple[str, ...], as_json: bool) -> None:
    """Say what any string is as a CPT or HCPCS code, modifier or code+modifier (no database needed)."""
    from .explain import explain

    results = [explain(code) for code in codes]
    if as_json:
        emit_json(results[0] if len(results) == 1 else results)
        return
    for result in results:
        click.echo(result["explanation"])


@cli.command()
@click.argument("codes", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON: codes (each with its fields) and differing_fields.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV: a row per field, a column per code.")
@click.pass_context
def compare(ctx: click.Context, codes: tuple[str, ...], as_json: bool, as_csv: bool) -> None:
    """Compare 2 to 6 codes field by field, from every source imported for them."""
    from .compare import check_count, compare_codes, comparison_csv

    check_count(list(codes))
    result = compare_codes(open_store(ctx), list(codes))
    if as_json:
        emit_json(result)
    elif as_csv:
        click.echo(comparison_csv(result), nl=False)
    else:
        click.echo(format_comparison(result))
    if not all(profile["found"] for profile in result["codes"]):
        ctx.exit(1)


@cli.command()
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of objects with code, relation, source.")
@click.pass_context
def equivalents(ctx: click.Context, code: str, as_json: bool) -> None:
    """CPT counterparts of a HCPCS Level II code, and the reverse: CMS cross-references and curated pairs."""
    from .counterparts import equivalents as find_equivalents

    found = find_equivalents(open_store(ctx), code)
    if as_json:
        emit_json(found)
        return
    for entry in found:
        click.echo(f"{entry['code']:<6} {entry['description'] or '(not in the database)':<30} {entry['relation']}")
        click.echo(f"       source: {entry['source']}")
        if entry["note"]:
            click.echo(f"       {entry['note']}")
    if not found:
        click.echo(f"No counterparts known for {code.strip().upper()}.", err=True)


@cli.command("level-one")
@click.option(
    "--only",
    type=click.Choice(["all", "differences", "one_side", "cms_only", "cpt_only"]),
    default="all",
    show_default=True,
    help="Which pairs to list.",
)
@click.option("--section", metavar="NODE", help="An outline node, e.g. cpt.1.em (see `medcode explain`).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object: releases, counts, rows.")
@click.pass_context
def level_one(ctx: click.Context, only: str, section: str | None, as_json: bool) -> None:
    """HCPCS Level I (the CMS fee schedule's CPT codes) against the imported AMA CPT files."""
    from .level_one import compare_level_one
    from .views import level_one_view

    view = level_one_view(compare_level_one(open_store(ctx), section), only)
    if as_json:
        emit_json(view)
        return
    click.echo(
        f"CMS side: {view['cms_release'] or 'none imported'}; CPT side: {view['cpt_release'] or 'none imported'}"
    )
    click.echo(", ".join(f"{state}: {n:,}" for state, n in view["counts"].items()))
    for row in view["rows"]:
        click.echo(f"{row['code']:<6} {row['state']:<10} {row['cms_description']:<30} | {row['cpt_description']}")


@cli.command()
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
    other fields."""
    from .release_diff import KIND_TITLES, diff_csv, diff_releases, diff_view

    result = diff_releases(open_store(ctx), old, new)
    kinds = only or DIFF_KINDS
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
        click.echo(f"\n{KIND_TITLES[kind]}: {len(changes):,}")
        for change in changes:
            detail = f"  [{', '.join(change.fields)}]" if change.fields else ""
            click.echo(f"  {change.code:<6} {change.kind:<8} {change.record.short_description}{detail}")


def format_comparison(result: dict[str, Any]) -> str:
    """Rows of fields, a column per code; rows that differ are marked with *."""
    profiles = result["codes"]
    differing = set(result["differing_fields"])
    width = max(len(row) for row in result["fields"]) + 2
    lines = []
    for row in result["fields"]:
        values = [(p["fields"].get(row, "") if p["found"] else "(not found)")[:28] for p in profiles]
        mark = "*" if row in differing else " "
        lines.append(f"{mark} {row:<{width}}" + "  ".join(f"{v:<28}" for v in values).rstrip())
    return "\n".join(lines)


def format_code(view: dict[str, Any]) -> str:
    """The text form of a lookup: essentials first, then every decoded field, then provenance."""
    if not view["found"]:
        return f"{view['code']}: not found."
    status = view["status"] + (f"; last valid date {view['termination_date']}" if view["termination_date"] else "")
    lines = [
        f"{view['code']}  {view['short_description']}  [{view['system']} {view['kind']}, {status}]",
        view["long_description"],
        " > ".join(step["title"] for step in view["path"]),
        "",
    ]
    if not view["starter"] and (view["added_date"] or view["action_code"] or view["action_effective_date"]):
        lines.append(
            f"Added {view['added_date'] or '-'}; action {view['action_code'] or '-'} "
            f"effective {view['action_effective_date'] or '-'}"
        )
    for value in view.values():
        entries = value if isinstance(value, list) else [value]
        if entries and all(isinstance(e, dict) and "meaning" in e for e in entries):
            for entry in entries:
                name = f"{entry['label']} ({entry['field']})"
                lines.append(f"{name:<40} {entry['code']:<4} {entry['meaning'] or '(not documented)'}")
    if view.get("cross_references"):
        lines.append("Cross-references: " + ", ".join(view["cross_references"]))
    if view.get("processing_note"):
        note = view["processing_note"]
        lines.append(f"Processing note {note['number']}: {note['text'] or '(text not in this release)'}")
    if fee := view.get("fee_schedule"):
        lines += ["", f"Medicare physician fee schedule ({fee['release']}, {fee['file']}):"]
        for entry in fee["decoded"]:
            lines.append(
                f"  {entry['label'] + ' (' + entry['field'] + ')':<40} {entry['code']:<4} "
                f"{entry['meaning'] or '(not documented)'}"
            )
        lines.append("  " + ", ".join(f"{a['label']} {a['code']}" for a in fee["amounts"]))
        for modifier, values in fee["modifier_rows"].items():
            lines.append(
                f"  With modifier {modifier}: work RVU {values.get('WORK RVU', '-')}, "
                f"non-facility total {values.get('NON-FACILITY TOTAL', '-')}"
            )
    for entry in view.get("counterparts") or []:
        lines.append(f"Counterpart {entry['code']}: {entry['relation']} (source: {entry['source']})")
    if history := view.get("history"):
        lines += ["", "History:"]
        for event in history:
            change = f": {event['old']!r} -> {event['new']!r}" if "old" in event else ""
            lines.append(f"  {event['effective_date']}  {event['release']:<14} {event['text']}{change}")
    source = view["source"]
    if view["starter"]:
        lines += ["", view["description_source"]]
    lines += [
        "",
        f"Release {view['release']} (effective {view['release_effective_date']}), "
        f"file {source['file']}" + (f" / {source['member']}" if source["member"] != source["file"] else ""),
    ]
    return "\n".join(lines)


from .cli_update import update_command  # noqa: E402 - after cli exists; urllib loads only when update runs

cli.add_command(update_command)

from .cli_lists import list_group  # noqa: E402 - after cli exists; the user store loads only when a list command runs

cli.add_command(list_group)


def main() -> None:
    cli(prog_name="medcode")
