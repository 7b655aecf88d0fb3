"""The AMA CPT data files of a licensed user: a folder or a zip of SHORTU, MEDU, LONGULT, MODUL, consumer and clinician descriptors and the PLA XML."""

from __future__ import annotations

from ..records import ParsedRelease, ProgressCallback, no_progress
from .source import Source


def sniff(source: Source) -> bool:
    """True when the content is this format (decided from the bytes, never from the file name alone)."""
    return False


def parse(
    source: Source,
    label: str | None = None,
    effective: str | None = None,
    progress: ProgressCallback = no_progress,
) -> ParsedRelease:
    raise NotImplementedError
