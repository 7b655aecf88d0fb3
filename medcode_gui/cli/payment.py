"""`medcode fee`: what a code pays, in a locality or nationally, from every payment file imported."""

from __future__ import annotations

from typing import Any

import click

from ..codes.wording import plain_value
from ._common import emit_json, open_store

PARTS = (("opps", "OPPS"), ("clfs", "Clinical lab fee schedule"), ("asp", "Part B drugs (ASP)"), ("asc", "ASC"))


@click.command()
@click.argument("code")
@click.option("--modifier", metavar="MOD", help="A pricing modifier (26, TC, 53) or any other modifier.")
@click.option("--locality", metavar="MAC-NN", help="A PFS locality: MAC-NN (01112-05), or words of its name or county.")
@click.option("--zip", "zip_code", metavar="ZIP5", help="The locality of a ZIP code (from the ZIP5 file).")
@click.option("--state", metavar="XX", help="A state for the DMEPOS amounts (e.g. AL).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (physician_fee_schedule, opps...).")
@click.pass_context
def fee(
    ctx: click.Context, code: str, modifier: str | None, locality: str | None, zip_code: str | None,
    state: str | None, as_json: bool,
) -> None:  # fmt: skip
    """What CODE pays: the physician fee schedule in a locality (or national), OPPS, DMEPOS, lab, drug, ASC."""
    from ..views.payment_view import fee_view

    view = fee_view(open_store(ctx), code, modifier, locality, zip_code, state)
    if as_json:
        emit_json(view)
    else:
        click.echo("\n".join(fee_lines(view)))


def fee_lines(view: dict[str, Any]) -> list[str]:
    """The text of `medcode fee`: a block per schedule, every figure with its release and file."""
    title = view["code"] + (f"-{view['modifier']}" if view["modifier"] else "")
    lines = [f"{title}: what it pays", *_locality_lines(view["locality"]), ""]
    lines += _pfs_lines(view["physician_fee_schedule"], view["not_on_schedule"].get("physician_fee_schedule"))
    for key, name in PARTS:
        lines += ["", *_part_lines(name, view[key], view["not_on_schedule"].get(key))]
    lines += ["", *_dmepos_lines(view["dmepos"], view["not_on_schedule"].get("dmepos"))]
    return lines


def _source(part: dict[str, Any]) -> str:
    return f"({part['release']}, {part['file']})" if part.get("release") else ""


def _locality_lines(place: dict[str, Any]) -> list[str]:
    if place["mac"] is None:
        return [f"Locality: {place['name']}: GPCIs 1.000"]
    lines = [f"Locality: {place['mac']}-{place['number']} {place['name']}, {place['state']} {_source(place)}"]
    lines.append(f"  chosen by {place['how_chosen']}")
    if place.get("counties"):
        lines.append(f"  counties: {place['counties']} ({place['counties_release']}, {place['counties_file']})")
    return lines


def _pfs_lines(part: dict[str, Any] | None, missing: str | None) -> list[str]:
    lines = ["Physician fee schedule" + (f" {_source(part)}" if part else "")]
    if part is None:
        return [*lines, f"  {missing}"]
    if part["modifier_row"]:
        lines.append(f"  the modifier {part['modifier_row']} row of the file")
    if part["not_on_schedule"]:
        lines.append(f"  {part['not_on_schedule']}")
    if part["non_facility_amount"] is not None:
        rvus, gpci = part["rvus"], part["gpci"]
        lines += [
            f"  RVUs: work {rvus['work']}, PE non-facility {rvus['non_facility_pe']}, PE facility "
            f"{rvus['facility_pe']}, MP {rvus['mp']}; conversion factor {part['conversion_factor']} {_source(rvus)}",
            f"  GPCIs: work {gpci['work']}, PE {gpci['pe']}, MP {gpci['mp']} {_source(gpci) or '(national)'}",
            f"  {part['formula']}",
            f"  Non-facility amount: {part['non_facility_amount']}",
            f"  Facility amount:     {part['facility_amount']}",
        ]
    return lines + [f"  note: {note}" for note in part["notes"]]


def _part_lines(name: str, part: dict[str, Any] | None, missing: str | None) -> list[str]:
    if not part:
        return [name, f"  {missing}"]
    lines = [f"{name} {_source(part)}"]
    for key, value in part.items():
        if key not in ("release", "file") and value not in (None, "", [], {}):
            lines.append(f"  {key.replace('_', ' ')}: {plain_value(value)}")
    return lines



def _dmepos_lines(rows: list[dict[str, Any]], missing: str | None) -> list[str]:
    if not rows:
        return ["DMEPOS", f"  {missing}"]
    lines = [f"DMEPOS {_source(rows[0])}"]
    for row in rows:
        figures = ", ".join(
            f"{key.replace('_', ' ')} {row[key]}" for key in ("non_rural", "rural", "ceiling", "floor") if row.get(key)
        )
        lines.append(f"  {row.get('modifier') or '(no modifier)'} {row.get('state') or ''}: {figures}")
    return lines
