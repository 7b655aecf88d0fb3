"""`medcode compare`, `equivalents` and `level-one`: codes side by side, and CPT against its CMS records."""

from __future__ import annotations

import textwrap
from typing import Any

import click

from ..codes.errors import MedcodeError
from ._common import emit_json, open_store


@click.command()
@click.argument("codes", nargs=-1, required=True)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print JSON: codes (each with its fields and their provenance) and differing_fields.",
)
@click.option(
    "--csv",
    "as_csv",
    is_flag=True,
    help="Print CSV: a row per field; for each code its value, release, file and SHA-256.",
)
@click.pass_context
def compare(ctx: click.Context, codes: tuple[str, ...], as_json: bool, as_csv: bool) -> None:
    """Compare 2 to 6 codes field by field, from every source imported for them."""
    from ..comparison.compare import check_count, compare_codes, comparison_csv

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


@click.command()
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of objects with code, relation, source.")
@click.pass_context
def equivalents(ctx: click.Context, code: str, as_json: bool) -> None:
    """CPT counterparts of a HCPCS Level II code, and the reverse: CMS cross-references and curated pairs."""
    from ..comparison.counterparts import equivalents as find_equivalents

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


@click.command("level-one")
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
    from ..codes.outline import outline
    from ..comparison.level_one import compare_level_one
    from ..views.level_one_view import level_one_view

    if section is not None and section not in outline().by_id:
        hint = "`medcode explain CODE --json` names a code's node"
        raise MedcodeError(f"There is no outline node {section[:64]!r}; {hint}.")
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


COLUMN = 28  # characters per code's column; longer values wrap onto more lines, never cut


def format_comparison(result: dict[str, Any]) -> str:
    """Rows of fields, a column per code; rows that differ are marked with *. A value longer than its
    column wraps onto the lines below, so every value is shown whole."""
    profiles = result["codes"]
    differing = set(result["differing_fields"])
    width = max(len(row) for row in result["fields"]) + 2
    lines = []
    for row in result["fields"]:
        values = [p["fields"].get(row, "") if p["found"] else "(not found)" for p in profiles]
        # Codes and ranges such as 21-40 stay whole; only a word longer than the column is broken.
        columns = [textwrap.wrap(str(v), COLUMN, break_on_hyphens=False) or [""] for v in values]
        mark = "*" if row in differing else " "
        for line in range(max(len(column) for column in columns)):
            label = f"{mark} {row:<{width}}" if line == 0 else " " * (width + 2)
            cells = [column[line] if line < len(column) else "" for column in columns]
            lines.append(label + "  ".join(f"{cell:<{COLUMN}}" for cell in cells).rstrip())
    return "\n".join(lines)
