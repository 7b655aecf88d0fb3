"""`medcode addon`: the NCCI add-on code edits of a code (its primary codes, or the add-on codes that go with it)."""

from __future__ import annotations

from typing import Any

import click

from ._common import emit_json, open_store


@click.command("addon")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: code, is_add_on, primaries, add_ons.")
@click.pass_context
def addon_command(ctx: click.Context, code: str, as_json: bool) -> None:
    """For an add-on code its primary codes, for a primary code its add-on codes (NCCI add-on code edits)."""
    from ..views.addon_view import addon_view

    view = addon_view(open_store(ctx), code)
    if as_json:
        emit_json(view)
    else:
        click.echo(format_addon(view))


def format_addon(view: dict[str, Any]) -> str:
    source = view["source"]
    if source is None:
        return "No NCCI add-on code file is imported: import AOC_V....xlsx (medcode import FILE) to see add-on codes."
    lines = [f"{view['code']}: NCCI add-on code edits, {source['release']} ({source['file']})"]
    if not view["primaries"] and not view["add_ons"]:
        lines.append(f"  {view['code']} is neither an add-on code nor a primary code in this file.")
    if view["primaries"]:
        lines.append(f"  {view['code']} is an add-on code; report it with a primary code:")
        lines += [_pair_line(pair) for pair in view["primaries"]]
    if view["add_ons"]:
        lines.append(f"  Add-on codes reported with {view['code']} as their primary code:")
        lines += [_pair_line(pair) for pair in view["add_ons"]]
    types = {pair["edit_type"]: pair["edit_type_meaning"] for pair in view["primaries"] + view["add_ons"]}
    lines += ["  Edit types:"] + [f"    {types[each]}" for each in sorted(types)] if types else []
    return "\n".join(lines)


def _pair_line(pair: dict[str, Any]) -> str:
    code = "contractor defined" if pair["contractor_defined"] else pair["code"]
    since = f"since {pair['effective_date']}" if pair["effective_date"] else "no start date"
    line = f"    {code:<18} type {pair['edit_type']:<3} {pair['status']:<28} {since}"
    return line + (f"\n{'':23}note: {pair['notes']}" if pair["notes"] else "")
