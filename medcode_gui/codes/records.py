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
# Payment and rules sources (issue 19): releases of these systems hold schedule rows (ScheduleRow), not codes;
# they never take part in a view of codes (the tree, search, lookup), and are read when a code is shown.
GPCI = "GPCI"  # PFS geographic practice cost indices by locality (GPCI2025)
LOCALITY_COUNTIES = "LOCCO"  # counties in each PFS locality (25LOCCO)
ANESTHESIA_CF = "ANES"  # anesthesia conversion factor by locality (ANES2025)
OPPS_CAP = "OPPSCAP"  # the OPPS cap on PFS payment, by code, modifier and locality (OPPSCAP)
ZIP_LOCALITY = "ZIP5"  # ZIP code to carrier, locality and rural flag (ZIP5)
ADD_ON = "AOC"  # NCCI add-on code edits: add-on and primary code pairs
OPPS = "OPPS"  # OPPS Addendum B: status indicator, APC, payment rate by code
DMEPOS = "DMEPOS"  # DMEPOS fee schedule: amounts by code, modifier and state
CLFS = "CLFS"  # clinical laboratory fee schedule
ASP = "ASP"  # Part B drug (ASP) payment limits
ASC = "ASC"  # ASC payment indicators and rates (Addendum AA)
SCHEDULE_SYSTEMS = (
    GPCI, LOCALITY_COUNTIES, ANESTHESIA_CF, OPPS_CAP, ZIP_LOCALITY, ADD_ON, OPPS, DMEPOS, CLFS, ASP, ASC
)
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


@dataclass(frozen=True)
class ScheduleRow:
    """One row of a payment or rules file (SCHEDULE_SYSTEMS), as the source states it.

    `key` identifies the row within its release (unique there): a locality "01112-05", a ZIP code, or the
    code with what else the file keys it by ("76145|26|01112-05"); `code` is the HCPCS/CPT code the row is
    about (None for rows about places), `modifier` its modifier ("" for none); `fields` every column of the
    source row, raw, under the file's own heading (never rounded or reformatted). `paired_code`: for a rule
    about a pair of codes (an add-on code and its primary; later NCCI procedure-to-procedure pairs, column 1
    and column 2), the second code, so the pair is found from either code.
    """

    key: str
    code: str | None
    modifier: str
    fields: dict[str, str]
    paired_code: str | None = None


@dataclass(frozen=True)
class NocEntry:
    """One code of CMS's list of not-otherwise-classified codes, its fields as the list writes them."""

    code: str
    description: str
    added: str  # CCYYMMDD as written, or ""
    terminated: str  # CCYYMMDD as written, or ""


@dataclass(frozen=True)
class Correction:
    """One row of a CMS corrections file: the code, what CMS corrected, and every column of the row, raw."""

    code: str
    action: str
    effective: str  # as written (MM/DD/YYYY in the .prn, CCYYMMDD from the .xlsx)
    fields: dict[str, str]


DOCUMENT_KINDS = ("processing-notes", "noc-list", "corrections")


@dataclass
class ReleaseDocument:
    """A file CMS publishes beside a release (processing notes, NOC list, corrections), attached to the release
    by its label; stored even when that release is not (yet) imported."""

    kind: str  # one of DOCUMENT_KINDS
    system: str
    release_label: str
    title: str  # "HCPCS 2019 NOC list", "HCPCS 2018 corrections V3"
    source_name: str  # the file the user imported
    source_member: str  # the member read inside a zip, or the file name again
    sha256: str  # of the file the user imported
    file_format: str  # e.g. "hcpcs-noc-prn"
    notes: dict[str, str] = field(default_factory=dict)
    noc: list[NocEntry] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.notes) + len(self.noc) + len(self.corrections)


def opps_cap_key(code: str, modifier: str, locality: str) -> str:
    """The key of an OPPSCAP row: a code and modifier in a locality (MAC-NN), as the importer writes it and the
    fee view reads it."""
    return f"{code}|{modifier}|{locality}"


@dataclass
class ParsedRelease:
    """Everything an importer read from one source, ready for the store to write in one transaction."""

    info: ReleaseInfo
    records: list[CodeRecord]
    notes: dict[str, str] = field(default_factory=dict)  # processing note number -> text
    warnings: list[str] = field(default_factory=list)
    naming_note: str = ""  # how the label was inferred from the contents, when neither name nor user said it
    documents: list[ReleaseDocument] = field(default_factory=list)  # alone (records empty): a document file
    schedule_rows: list[ScheduleRow] = field(default_factory=list)  # a payment or rules file's rows

    @property
    def documents_only(self) -> bool:
        """A file of documents (NOC list, corrections, notes) and no release of its own."""
        return not self.records and bool(self.documents)


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

    @property
    def is_schedule(self) -> bool:
        """A payment or rules file (SCHEDULE_SYSTEMS): rows read when a code is shown, no codes of its own."""
        return self.system in SCHEDULE_SYSTEMS


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
    release: Release | None  # None for a file of documents only
    status: str  # "imported", "replaced", "refreshed" (the same file written again, see ReleaseWriter) or "unchanged"
    warnings: tuple[str, ...] = ()
    naming_note: str = ""  # ParsedRelease.naming_note
    documents: tuple[str, ...] = ()  # what happened to each document: "HCPCS 2019 NOC list: imported, ..."
