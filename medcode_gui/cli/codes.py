"""`medcode import`, `releases`, `lookup`, `search` and `explain`: the codes themselves."""

from __future__ import annotations

import time
from typing import Any

import click

from ..codes.errors import ImportCancelled, MedcodeError
from ..codes.records import ImportOutcome, Release
from ..views.code_view import lookup_view, search_hit_view
from ..views.release_view import code_documents_lines, contents_text, documents_view, release_view, releases_view
from ._common import DEFAULT_LIMIT, StderrProgress, emit_json, open_store, stdin_lines


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--label", help="Release label, where the file does not say it (e.g. HCPCS-2019).")
@click.option("--effective", metavar="YYYY-MM-DD", help="Effective date, where the file does not say it.")
@click.option("--replace", is_flag=True, help="Replace a release of the same label imported from another file.")
@click.pass_context
def import_command(
    ctx: click.Context, files: tuple[str, ...], label: str | None, effective: str | None, replace: bool
) -> None:
    """Import release files (zip, txt or xlsx; the format is detected from the content)."""
    from ..importers import read_release  # the readers (and calamine) load only when importing

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
        if release is None:  # a file of documents: NOC list, corrections, processing notes
            _echo_documents(progress.name, outcome, parsed.info.label, {r.label for r in store.releases()})
            continue
        click.echo(
            f"{progress.name}: {outcome.status} {release.label} (effective {release.effective_date}): "
            f"{_contents(store, release)} in {time.perf_counter() - started:.2f} s"
        )
        if outcome.naming_note:
            click.echo(f"{progress.name}: {outcome.naming_note}")
        for warning in outcome.warnings:
            click.echo(f"{progress.name}: note: {warning}", err=True)
    if failures:
        ctx.exit(1)


def _contents(store: Any, release: Release) -> str:
    """What an imported release holds: its codes and modifiers, or a payment or rules file's rows."""
    return contents_text(release_view(release, store.schedules.count(release) if release.is_schedule else None))


def _echo_documents(name: str, outcome: ImportOutcome, label: str, stored: set[str]) -> None:
    where = f"attached to {label}" if label in stored else f"kept for {label}, attached when it is imported"
    for line in outcome.documents:
        click.echo(f"{name}: {line}, {where}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def releases(ctx: click.Context, as_json: bool) -> None:
    """List the releases in the database, oldest first; * marks those shown by default. Payment and rules
    files (GPCI, OPPS, DMEPOS...) are listed with their rows; they are never shown as codes."""
    store = open_store(ctx)
    views = releases_view(store)
    if as_json:
        emit_json(views)
        return
    default = {r.label for r in store.default_releases()}
    if not views:
        click.echo(f"No releases in {store.path} yet; import one with `medcode import FILE`.")
    for view in views:
        mark = "*" if view["label"] in default else " "
        held = (
            f"{view['rows']:>6,} rows ({view['kind_name']})"
            if view["kind"] == "schedule"
            else f"{view['codes']:>6,} codes {view['modifiers']:>4,} modifiers"
        )
        click.echo(
            f"{mark} {view['label']:<16} {view['system']:<8} {view['effective_date']}  {held}  {view['file']}  "
            f"sha256 {view['sha256'][:12]}"
        )
    for document in documents_view(store.documents.all()):  # NOC lists, corrections, notes, by release label
        waiting = "" if document["attached"] else " (release not imported yet)"
        title, release, rows = document["title"], document["release"], document["rows"]
        click.echo(f"  {title} for {release}{waiting}: {rows:,} rows  {document['source']}")


@click.command("remove")
@click.argument("label")
@click.pass_context
def remove_command(ctx: click.Context, label: str) -> None:
    """Remove release LABEL from the database: its codes, or a payment or rules file's rows, in one step."""
    store = open_store(ctx)
    release = store.release(label)  # an unknown label is said with the labels there are
    held = _contents(store, release)
    store.delete_release(release.label)
    click.echo(f"Removed {release.label} ({release.source_name}): {held}.")


@click.command()
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
            from ..releases.code_history import code_history

            view["history"] = code_history(store, text, view.get("kind")) if view["found"] else []
        return view

    if from_stdin:
        for line in stdin_lines():
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


@click.command()
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
        for line in stdin_lines():
            hits = store.search(line, limit, release_label)
            emit_json([search_hit_view(h, store.match_reasons(h)) for h in hits], indent=None)
        return
    hits = store.search(query or "", limit, release_label)
    if as_json:
        emit_json([search_hit_view(h, store.match_reasons(h)) for h in hits])
        return
    for hit in hits:
        r = hit.record
        flag = _search_flag(hit)
        click.echo(f"{r.code:<6} {r.kind:<8} {r.short_description:<30} {hit.release.label}{flag}")
    if hits and hits[0].plan is not None and hits[0].plan.corrected:
        click.echo(f"Showing results for {hits[0].plan.corrected}.", err=True)
    if not hits:
        from ..search.query import is_code_shaped, parse_query

        words = parse_query(query or "").word_text
        suggestions = store.suggestions(words) if words and not is_code_shaped(query or "") else []
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        click.echo(f"No matches.{hint}", err=True)


def _search_flag(hit: Any) -> str:
    """What a hit's status adds to its line: nothing when active, else its state and what dates it."""
    if hit.status == "active":
        return ""
    if hit.superseded_by:
        return f"  (removed: not in {hit.superseded_by})"
    ended = hit.record.termination_date
    return f"  ({hit.status}{f', last valid date {ended}' if ended else ''})"


@click.command("abbreviations")
@click.argument("word", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object: abbreviation -> [[word, count], ...].")
@click.pass_context
def abbreviations_command(ctx: click.Context, word: str | None, as_json: bool) -> None:
    """The abbreviations the search learned from the releases' short and long descriptors, with how often
    each was seen (all of them, or those of WORD: an abbreviation or a full word)."""
    learned = open_store(ctx).learned_abbreviations()
    if word:
        wanted = word.strip().lower()
        learned = {
            short: fulls for short, fulls in learned.items() if short == wanted or any(f == wanted for f, _ in fulls)
        }
    if as_json:
        emit_json({short: [[full, count] for full, count in fulls] for short, fulls in sorted(learned.items())})
        return
    if not learned:
        what = f" for {word!r}." if word else " yet: import a HCPCS release."
        click.echo(f"No abbreviations learned{what}", err=True)
    for short, fulls in sorted(learned.items()):
        click.echo(f"{short:<12} " + ", ".join(f"{full} ({count:,})" for full, count in fulls))


@click.command("explain")
@click.argument("codes", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (an array when several codes are given).")
def explain_command(codes: tuple[str, ...], as_json: bool) -> None:
    """Say what any string is as a CPT or HCPCS code, modifier or code+modifier (no database needed)."""
    from ..codes.explain import explain

    results = [explain(code) for code in codes]
    if as_json:
        emit_json(results[0] if len(results) == 1 else results)
        return
    for result in results:
        click.echo(result["explanation"])


def status_lines(view: dict[str, Any]) -> list[str]:
    """The banner, "added" when the banner does not already say it, and the sources-apart warning."""
    banner, added, apart = view.get("banner") or {}, view.get("added"), view.get("sources_apart")
    lines = [f"Status: {banner['text']}"] if banner.get("text") else []
    if added and added["text"].lower() not in banner.get("text", "").lower():
        lines.append(f"Added: {added['text']}")
    return lines + ([f"Warning: {apart['text']}"] if apart else [])


def format_code(view: dict[str, Any]) -> str:
    """The text form of a lookup: essentials first, then every decoded field, then provenance."""
    if not view["found"]:
        return "\n".join([f"{view['code']}: not found.", *code_documents_lines(view.get("cms_documents") or {})])
    status = view["status"] + (f"; not in {view['removed_by']}" if view.get("removed_by") else "")
    status += f"; last valid date {view['termination_date']}" if view["termination_date"] else ""
    lines = [
        f"{view['code']}  {view['short_description']}  [{view['system']} {view['kind']}, {status}]",
        view["long_description"],
        " > ".join(step["title"] for step in view["path"]),
        "",
    ]
    lines[2:2] = status_lines(view)
    if not view["starter"] and (view["added_date"] or view["action_code"] or view["action_effective_date"]):
        lines.append(
            f"Added {view['added_date'] or '-'}; action {view['action_code'] or '-'} "
            f"effective {view['action_effective_date'] or '-'}"
        )
    if view.get("layout_fields"):
        lines += _layout_lines(view)
    for value in [] if view.get("layout_fields") else view.values():
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
    lines += code_documents_lines(view.get("cms_documents") or {})
    if fee := view.get("fee_schedule"):
        dated = f", effective {fee['effective_date']}" if fee.get("effective_date") else ""
        lines += ["", f"Medicare physician fee schedule ({fee['release']}{dated}, {fee['file']}):"]
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
    if modifier := view.get("modifier"):  # a code typed with its modifier (E0100-LT): the modifier too
        lines += ["", f"With modifier {modifier['code']}:", format_code(modifier)]
    return "\n".join(lines)


LAYOUT_NAME_WIDTH, LAYOUT_RAW_WIDTH = 68, 10


def _layout_lines(view: dict[str, Any]) -> list[str]:
    """Every field of the CMS record layout, one a line: number, official name (field), raw value, meaning."""
    lines = ["", f"Every field of the CMS record ({view['release']}, {view['source']['file']}):"]
    for row in view["layout_fields"]:
        name = f"{row['number']:>2} {row['name']} ({row['field']})"
        raw = "(not stored)" if row["raw"] is None else row["raw"] or "(blank)"
        lines.append(f"  {name:<{LAYOUT_NAME_WIDTH}} {raw:<{LAYOUT_RAW_WIDTH}} {row['meaning']}")
    return lines
