"""What every `medcode` command shares: the database opened once, JSON out, progress on stderr, and errors
as one sentence. The command modules import this; it imports none of them."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from ..codes.errors import MedcodeError
from ..paths import database_path
from ..store import ReferenceStore
from ..store.connection import remove_orphans

DEFAULT_LIMIT = 20


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


def open_store(ctx: click.Context) -> ReferenceStore:
    """Open the database once per command, on first need (explain needs none)."""
    if "store" not in ctx.obj:
        remove_leftovers(database_path(ctx.obj["db_path"]))
        ctx.obj["store"] = ctx.with_resource(ReferenceStore(ctx.obj["db_path"]))
    return ctx.obj["store"]


def remove_leftovers(path: Path) -> None:
    """The temporary databases a killed first run left beside path (the CLI makes a database on first use too,
    so it cleans up as the window's start does; see store.connection.remove_orphans)."""
    remove_orphans(path.parent)


def stdin_lines() -> Iterator[str]:
    """The standard input line by line, without line ends; a line that is not UTF-8 stops with one sentence.

    Read as bytes and decoded here, not through click's text stream: its decoding error would surface as a
    traceback from inside the loop, after the lines before it were already answered.
    """
    for number, raw in enumerate(click.get_binary_stream("stdin"), start=1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise MedcodeError(f"Line {number} of the standard input is not UTF-8 text; save it as UTF-8.") from None
        yield line.rstrip("\r\n")


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
