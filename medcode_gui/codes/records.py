"""Plain records passed between importers, the store, the CLI and the GUI (no Qt, no SQL)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Systems a code belongs to (CodeRecord.system): CPT is HCPCS Level I, HCPCS here means Level II.
HCPCS = "HCPCS"
CPT = "CPT"
# Release systems (Release.system / ReleaseInfo.system): which kind of source a release came from. HCPCS
# (the CMS alpha-numeric file) and CPT (the AMA data files) are the primary sources of their own systems;
# the others carry codes of both systems and fill in where no primary release is imported.
PFS = "PFS"  # CMS physician fee schedule relative value file (PPRRVU): CMS short descriptors, RVUs
OMOP = "OMOP"  # OHDSI Athena vocabulary export (CONCEPT.csv, vocabularies HCPCS and CPT4)
CUSTOM = "CUSTOM"  # a generic CSV the user assembled (code, description, optional columns)
STARTER = "STARTER"
STARTER_NOTE = "Plain-language starter description written by the MedCode project; not an official descriptor."
# The fee schedule record's field listing the pricing modifiers (26, TC, 53) that have rows of their own.
PRICED_MODIFIERS = "PRICED MODIFIERS"

# Called with (stage, done, total) while a long task runs; may raise ImportCancelled.
ProgressCallback = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    """The default progress callback: report nothing."""


@dataclass(frozen=True)
class ReleaseInfo:
    """What a source file says about the release it holds."""

    system: str
    label: str
    effective_date: str  # ISO date
    source_name: str  # the file the user imported (the zip, txt or xlsx)
    source_member: str  # the member read inside a zip, or the file name again
    source_sha256: str
    file_format: str  # e.g. "hcpcs-txt"


@dataclass
class CodeRecord:
    """One code or modifier as the source states it.

    `fields` holds every field of the source record under its official name, raw and in source order;
    the named attributes are the few that the app needs to reason about, taken from those fields.
    """

    code: str
    kind: str  # "code" or "modifier"
    system: str
    short_description: str
    long_description: str
    added_date: str | None = None  # ISO dates
    action_effective_date: str | None = None
    termination_date: str | None = None
    action_code: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedRelease:
    """Everything an importer read from one source, ready for the store to write in one transaction."""

    info: ReleaseInfo
    records: list[CodeRecord]
    notes: dict[str, str] = field(default_factory=dict)  # processing note number -> text
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Release:
    """A release as stored in the database."""

    id: int
    system: str
    label: str
    effective_date: str
    source_name: str
    source_member: str
    source_sha256: str
    file_format: str
    imported_at: str
    codes: int
    modifiers: int

    @property
    def is_official(self) -> bool:
        return self.system != STARTER


@dataclass
class StoredCode:
    """A code as one release of the database holds it, and how a search found it."""

    record: CodeRecord
    release: Release
    match: str = ""  # "exact", "range", "wildcard", "prefix" or "text" for search hits
    snippet: str | None = None  # the descriptor with matched words marked [like this]
    # Found outside the releases in view (a lookup or exact search falls back to the newest release holding
    # the code); superseded_by names the newer release of the same source that no longer lists it.
    outside_view: bool = False
    superseded_by: str | None = None
    # For a word search: the plan of what the words meant (search/plan.py), and the row's words as the index
    # holds them (official, plain-language), from which the results say why the code matched.
    plan: Any = None
    indexed: tuple[str, str] | None = None

    @property
    def status(self) -> str:
        """Removed (a newer release of its source dropped it), else the source's word: a termination date
        means CMS discontinued it; a code only in a release outside the view is "other release"."""
        if self.superseded_by:
            return "removed"
        if self.record.termination_date:
            return "terminated"
        return "other release" if self.outside_view else "active"


@dataclass(frozen=True)
class ImportOutcome:
    release: Release
    status: str  # "imported", "replaced", "refreshed" (the same file written again, see ReleaseWriter) or "unchanged"
    warnings: tuple[str, ...] = ()
