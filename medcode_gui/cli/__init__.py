"""The `medcode` command: a thin face on the same core as the GUI. It never imports Qt.

This module only assembles the group; each command group lives in its own module (codes, comparison, diff,
payment, update, lists), all of them importing the shared `_common` and none importing another.
"""

from __future__ import annotations

import click

from .. import __version__
from ..paths import DB_ENV
from . import codes, comparison, diff, payment, rules
from ._common import MedcodeGroup
from .lists import list_group  # the user store loads only when a list command runs
from .update import update_command  # urllib and the importers load only when update runs


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


for command in (
    codes.import_command,
    codes.releases,
    codes.remove_command,
    codes.lookup,
    codes.search,
    codes.explain_command,
    codes.abbreviations_command,
    comparison.compare,
    comparison.equivalents,
    comparison.level_one,
    diff.diff,
    rules.addon_command,
    payment.fee,
    update_command,
    list_group,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="medcode")
