"""OHDSI Athena vocabulary exports: CONCEPT.csv rows of the HCPCS and CPT4 vocabularies."""

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
