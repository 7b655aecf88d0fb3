"""`medcode list`: the user's named code lists, kept in the user database (store/user_store.py).

Registered by the cli package; the user store loads only when a list command runs. Lists are made here, in scripts
(`list import` of a CSV) or in the GUI, and shared as CSV (`list export`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..codes.errors import MedcodeError
from ._common import emit_json, open_store, remove_leftovers

if TYPE_CHECKING:
    from ..store.user_store import UserStore

# user_store.USER_DB_ENV spelled out (a test keeps them equal), so `medcode --help` does not load the store.
USER_DB_ENV = "MEDCODE_USER_DB"
NOT_IN_REFERENCE = "(not in the reference database)"


@click.group("list", invoke_without_command=True)
@click.option(
    "--user-db",
    "user_db_path",
    envvar=USER_DB_ENV,
    type=click.Path(dir_okay=False),
    help=f"User database holding your lists, stars and notes (default: in your user data folder; or set "
    f"{USER_DB_ENV}).",
)
@click.pass_context
def list_group(ctx: click.Context, user_db_path: str | None) -> None:
    """Your named code lists (kept apart from the reference data); without a command, show them all."""
    ctx.ensure_object(dict)
    ctx.obj["user_db_path"] = user_db_path
    if ctx.invoked_subcommand is None:
        ctx.invoke(show_command)


def open_user_store(ctx: click.Context) -> UserStore:
    """Open the user database once per command, on first need."""
    from ..store.user_store import UserStore, user_database_path

    if "user_store" not in ctx.obj:
        remove_leftovers(user_database_path(ctx.obj.get("user_db_path")))
        ctx.obj["user_store"] = ctx.with_resource(UserStore(ctx.obj.get("user_db_path")))
    return ctx.obj["user_store"]


def describer(ctx: click.Context) -> Any:
    """describe(code, kind) for UserStore.export_list_csv: what the reference database says of a code."""

    store = open_store(ctx)

    def describe(code: str, kind: str) -> dict[str, Any]:
        hit = store.lookup(code)
        if hit is None or hit.record.kind != kind:
            return {"in_reference": False}
        return {
            "system": hit.record.system,
            "short_description": hit.record.short_description,
            "release": hit.release.label,
            "source_file": hit.release.source_name,
            "status": hit.status,
            "in_reference": True,
        }

    return describe


# Showing --------------------------------------------------------------------------------------------------


@list_group.command("show")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show_command(ctx: click.Context, name: str | None = None, as_json: bool = False) -> None:
    """All lists with their counts, or one list's codes in order with descriptor and release."""
    user = open_user_store(ctx)
    if name is None:
        _show_lists(user, as_json)
        return
    describe = describer(ctx)
    entries = user.list_codes(name)
    rows = [{"position": e.position, "code": e.code, "kind": e.kind, **describe(e.code, e.kind)} for e in entries]
    if as_json:

        emit_json({"name": _stored_name(user, name), "codes": rows})
        return
    for row in rows:
        description = _clipped(row.get("short_description") or NOT_IN_REFERENCE, 50)
        line = f"{row['position']:>4}  {row['code']:<6} {row['kind']:<8} {description:<50} {row.get('release', '')}"
        click.echo(line.rstrip())
    if not rows:
        click.echo(f"The list {_stored_name(user, name)!r} is empty.", err=True)


def _clipped(text: str, width: int) -> str:
    """Keep the columns aligned: the starter data's plain-language descriptors run long."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _show_lists(user: UserStore, as_json: bool) -> None:
    lists = user.lists()
    if as_json:

        emit_json([{"name": x.name, "count": x.count, "created_at": x.created_at} for x in lists])
        return
    for code_list in lists:
        click.echo(f"{code_list.name}  ({code_list.count:,} code{'' if code_list.count == 1 else 's'})")
    if not lists:
        click.echo(f"No lists in {user.path} yet; make one with `medcode list create NAME`.")


def _stored_name(user: UserStore, name: str) -> str:
    """The list's name as the user spelled it when creating it (lookups ignore case)."""
    key = " ".join(name.split()).casefold()
    return next((x.name for x in user.lists() if x.name.casefold() == key), name)


# Making and changing lists -----------------------------------------------------------------------------


@list_group.command("create")
@click.argument("name")
@click.pass_context
def create_command(ctx: click.Context, name: str) -> None:
    """Make an empty list (names are unique regardless of case)."""
    created = open_user_store(ctx).create_list(name)
    click.echo(f"Created the list {created.name!r}.")


@list_group.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
def rename_command(ctx: click.Context, old: str, new: str) -> None:
    """Rename a list."""
    open_user_store(ctx).rename_list(old, new)
    click.echo(f"Renamed {old!r} to {new!r}.")


@list_group.command("delete")
@click.argument("name")
@click.pass_context
def delete_command(ctx: click.Context, name: str) -> None:
    """Delete a list and its entries (the codes' stars and notes stay)."""
    user = open_user_store(ctx)
    stored = _stored_name(user, name)
    user.delete_list(name)
    click.echo(f"Deleted the list {stored!r}.")


@list_group.command("add")
@click.argument("name")
@click.argument("codes", nargs=-1, required=True)
@click.option("--create", is_flag=True, help="Make the list first if there is none of that name.")
@click.pass_context
def add_command(ctx: click.Context, name: str, codes: tuple[str, ...], create: bool) -> None:
    """Append codes or modifiers to a list, in the order given (all or none are added)."""
    pairs = [checked_code(ctx, text) for text in codes]  # every code checked before anything is written
    _add(ctx, name, pairs, create)


@list_group.command("remove")
@click.argument("name")
@click.argument("codes", nargs=-1, required=True)
@click.pass_context
def remove_command(ctx: click.Context, name: str, codes: tuple[str, ...]) -> None:
    """Remove codes from a list; the codes after them move up."""
    user = open_user_store(ctx)
    held = {entry.code for entry in user.list_codes(name)}
    stored = _stored_name(user, name)
    removed = 0
    for text in codes:
        code = text.strip().upper()
        if code not in held:
            click.echo(f"{code} is not in the list {stored!r}; skipped.", err=True)
            continue
        user.remove_from_list(name, code)
        held.discard(code)
        removed += 1
    click.echo(f"Removed {removed} code{'' if removed == 1 else 's'} from {stored!r}.")


@list_group.command("move")
@click.argument("name")
@click.argument("code")
@click.argument("position", type=click.IntRange(min=1))
@click.pass_context
def move_command(ctx: click.Context, name: str, code: str, position: int) -> None:
    """Move a code to POSITION (1 is the top; beyond the end means last)."""
    user = open_user_store(ctx)
    user.move_in_list(name, code, position)
    entry = next(e for e in user.list_codes(name) if e.code == code.strip().upper())
    click.echo(f"{entry.code} is now at position {entry.position} of {_stored_name(user, name)!r}.")


# Sharing as CSV -------------------------------------------------------------------------------------------


@list_group.command("export")
@click.argument("name")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.pass_context
def export_command(ctx: click.Context, name: str, output: str | None) -> None:
    """Write a list as CSV: position, code, kind, system, short_description, release, source_file."""
    user = open_user_store(ctx)
    text = user.export_list_csv(name, describer(ctx))
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise MedcodeError(f"Cannot write {output}: {error.strerror or error}.") from None
    count = len(user.list_codes(name))
    click.echo(f"Wrote {count} code{'' if count == 1 else 's'} to {output}.", err=True)


@list_group.command("import")
@click.argument("name")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--create", is_flag=True, help="Make the list first if there is none of that name.")
@click.pass_context
def import_command(ctx: click.Context, name: str, file: str, create: bool) -> None:
    """Append the codes of a CSV file with a `code` column (one exported before, or made by a script)."""
    pairs = []
    for line, text in read_code_column(Path(file)):
        try:
            pairs.append(checked_code(ctx, text))
        except MedcodeError as error:
            raise MedcodeError(f"{file}, line {line}: {error}") from None
    _add(ctx, name, pairs, create)


def read_code_column(path: Path) -> list[tuple[int, str]]:
    """(line number, code) of every non-blank cell of the `code` column (any case), comma, semicolon or tab
    separated (a spreadsheet in some locales saves semicolons), UTF-8 with or without a byte order mark."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise MedcodeError(f"{path} is not UTF-8 text; save it as CSV UTF-8.") from None
    except OSError as error:
        raise MedcodeError(f"Cannot read {path}: {error.strerror or error}.") from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        if "code" not in header:
            raise MedcodeError(f"{path} has no `code` column (its first line names the columns).")
        column = header.index("code")
        return [(reader.line_num, row[column].strip()) for row in reader if len(row) > column and row[column].strip()]
    except csv.Error as error:
        raise MedcodeError(f"{path} is not a readable CSV file (line {reader.line_num}: {error}).") from None


# Shared -----------------------------------------------------------------------------------------------------


def checked_code(ctx: click.Context, text: str) -> tuple[str, str]:
    """(code, kind) of a string shaped like a code or modifier; else one sentence saying why not. A code the
    outline does not place but the reference database holds is accepted too."""
    from ..codes.explain import explain

    code = text.strip().upper()
    result = explain(code)
    if result["kind"] == "code+modifier":
        raise MedcodeError(f"{code} is a code with a modifier; add the code and the modifier separately.")
    if result["valid"]:
        return code, result["kind"]
    hit = open_store(ctx).lookup(code) if code else None
    if hit is not None:
        return code, hit.record.kind
    raise MedcodeError(f"{text.strip()!r} cannot be added: {result['explanation']}")


def _add(ctx: click.Context, name: str, pairs: list[tuple[str, str]], create: bool) -> None:
    user = open_user_store(ctx)
    if not create and not user.has_list(name):
        raise MedcodeError(f"There is no list named {name!r}; make it with `medcode list create`, or add --create.")
    pairs = list(dict.fromkeys(pairs))  # a code given twice is added once, without a complaint
    skipped = set(user.add_many_to_list(name, pairs, create=create))
    stored = _stored_name(user, name)
    describe = describer(ctx)
    for code, kind in pairs:
        if (code, kind) in skipped:
            click.echo(f"{code} is already in the list {stored!r}; skipped.", err=True)
        elif not describe(code, kind)["in_reference"]:
            click.echo(f"Warning: {code} is not in the reference database; added all the same.", err=True)
    added = len(pairs) - len(skipped)
    click.echo(f"Added {added} code{'' if added == 1 else 's'} to {stored!r}.")
