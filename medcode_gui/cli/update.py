"""`medcode update`: download the newest quarterly HCPCS file from CMS (or a given address) and import it.

Registered by the cli package; urllib and the importers load only when the command runs, so `medcode --help`
stays fast.
"""

from __future__ import annotations

import time

import click

from ._common import StderrProgress, open_store

# cms_update.PATTERN_ENV spelled out (a test keeps them equal), so `medcode --help` loads neither urllib nor the
# importers: the cli package imports this module at start.
PATTERN_ENV = "MEDCODE_UPDATE_URL_PATTERN"
DEADLINE_SECONDS, MIN_RATE = 600.0, 1024.0  # cms_transfer's defaults, spelled out for the same reason


@click.command("update")
@click.option(
    "--source",
    metavar="URL",
    help="Download this https address (a mirror) instead of CMS's newest; plain http only on this computer "
    "(localhost), or a file: address.",
)
@click.option(
    "--pattern",
    metavar="PATTERN",
    help=f"Address with {{year}} {{month}} {{Month}} {{mm}}, tried newest quarter first (or set {PATTERN_ENV}).",
)
@click.option(
    "--keep/--no-keep", default=True, show_default=True, help="Keep the downloaded zip in the downloads folder."
)
@click.option(
    "--deadline",
    type=click.FloatRange(min=1),
    default=DEADLINE_SECONDS,
    show_default=True,
    metavar="SECONDS",
    help="Give up a download that takes longer than this in all.",
)
@click.option(
    "--min-rate",
    type=click.FloatRange(min=0),
    default=MIN_RATE,
    show_default=True,
    metavar="BYTES",
    help="Give up a download slower than this many bytes a second (measured over 20 s).",
)
@click.pass_context
def update_command(
    ctx: click.Context, source: str | None, pattern: str | None, keep: bool, deadline: float, min_rate: float
) -> None:
    """Download the latest quarterly alpha-numeric HCPCS zip from CMS and import it (the only network use)."""
    from ..releases.cms_transfer import TransferLimits
    from ..releases.cms_update import update

    store = open_store(ctx)
    progress = StderrProgress("update")
    started = time.perf_counter()
    limits = TransferLimits(deadline=deadline, min_rate=min_rate)
    try:
        outcome = update(store, source=source, pattern=pattern, progress=progress, keep=keep, limits=limits)
    finally:
        progress.finish()  # the error sentence (MedcodeGroup) must not share the live progress line
    release = outcome.release
    name = outcome.file.name if outcome.file else release.source_name
    click.echo(
        f"{name}: {outcome.status} {release.label} (effective {release.effective_date}): "
        f"{release.codes:,} codes, {release.modifiers:,} modifiers in {time.perf_counter() - started:.2f} s"
    )
    for warning in outcome.warnings:
        click.echo(f"{name}: note: {warning}", err=True)
