"""OHDSI Athena vocabulary exports: CONCEPT.csv rows of the HCPCS and CPT4 vocabularies.

Athena writes CONCEPT.csv TAB-separated with no quoting (a name may hold a bare double quote), dates as
YYYYMMDD, UTF-8. Exports run to millions of rows of many vocabularies, so the rows are streamed and only
those of HCPCS and CPT4 that are shaped like codes or modifiers become records (see docs/formats-athena-csv.md).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..codes.errors import ImportFormatError
from ..codes.explain import explain
from ..codes.records import CPT, HCPCS, OMOP, CodeRecord, ParsedRelease, ProgressCallback, ReleaseInfo, no_progress
from .release_naming import check_iso_date, release_from_names
from .source import Source
from .text_table import MAX_RECORDS, first_line, iso_date, normalize, raise_field_limit, split_header

REQUIRED = ("concept_id", "concept_name", "vocabulary_id", "concept_code")
VOCABULARIES = {"HCPCS": HCPCS, "CPT4": CPT}
OPEN_END = "2099-12-31"  # Athena's "still valid" end date
PROGRESS_EVERY = 50_000
MAX_VOCABULARIES = 1_000  # Athena has about 150
CHUNK_BYTES = 1024 * 1024


def sniff(source: Source) -> bool:
    """The first line is a TAB- or comma-separated header naming the CONCEPT table's key columns."""
    line = first_line(source.head)
    if line is None:
        return False
    _, cells = split_header(line, ("\t", ","))
    return set(REQUIRED) <= {normalize(cell) for cell in cells}


def parse(
    source: Source,
    label: str | None = None,
    effective: str | None = None,
    progress: ProgressCallback = no_progress,
) -> ParsedRelease:
    tally = _Tally()
    records = []
    for row in _rows(source, progress, tally):
        record = _record(row, source.name, tally)
        if record:
            records.append(record)
            if len(records) > MAX_RECORDS:
                raise ImportFormatError(
                    f"{source.name} holds more than {MAX_RECORDS:,} HCPCS and CPT4 codes, more than any release."
                )
    if not records:
        raise ImportFormatError(_nothing_kept(source.name, tally))
    _refuse_duplicates(records, source.name)
    label, effective, naming = _release_name(source.name, records, label, effective)
    info = ReleaseInfo(OMOP, label, effective, source.name, source.name, source.sha256, "athena-concept")
    return ParsedRelease(info, records, warnings=tally.warnings() + naming)


@dataclass
class _Row:
    line: int
    fields: dict[str, str]  # raw cells under the header's own names
    cells: dict[str, str]  # the same cells under normalized names, for lookups


class _Examples:
    """How many of something were seen, keeping only the first few as examples (a count, not a list)."""

    KEPT = 5

    def __init__(self) -> None:
        self.count = 0
        self.first: list[str] = []

    def append(self, example: str) -> None:
        self.count += 1
        if len(self.first) < self.KEPT:
            self.first.append(example)

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int | slice) -> str | list[str]:
        return self.first[index]

    def __bool__(self) -> bool:
        return self.count > 0


@dataclass
class _Tally:
    """What was left out, for the warnings: Athena rows are skipped silently otherwise."""

    other: Counter[str] = field(default_factory=Counter)  # vocabulary -> rows
    not_codes: _Examples = field(default_factory=_Examples)
    mismatched: _Examples = field(default_factory=_Examples)
    unnamed: int = 0

    def count_other(self, vocabulary: str, name: str) -> None:
        """A row of another vocabulary; more distinct names than Athena has vocabularies is not an export."""
        key = vocabulary or "(none)"
        if key not in self.other and len(self.other) >= MAX_VOCABULARIES:
            raise ImportFormatError(
                f"{name} names more than {MAX_VOCABULARIES:,} vocabularies; it is not an Athena export."
            )
        self.other[key] += 1

    def warnings(self) -> list[str]:
        found = []
        if self.other:
            rows = _many(self.other.total(), "row", "rows")
            found.append(f"{rows} of other vocabularies ({', '.join(sorted(self.other))}) were skipped.")
        if self.not_codes:
            examples = ", ".join(self.not_codes[:3])
            found.append(
                f"Skipped {_many(len(self.not_codes), 'HCPCS/CPT4 concept', 'HCPCS/CPT4 concepts')} that are not "
                f"codes or modifiers (hierarchy or class concepts such as {examples})."
            )
        if self.mismatched:
            found.append(
                f"Kept {_many(len(self.mismatched), 'concept', 'concepts')} under the system its code shape shows, "
                f"not its vocabulary (e.g. {', '.join(self.mismatched[:3])})."
            )
        if self.unnamed:
            found.append(
                f"Kept {_many(self.unnamed, 'concept', 'concepts')} without a name; CPT4 names are filled in only "
                "after running Athena's cpt4.jar with a UMLS API key on the export."
            )
        return found


def _many(count: int, one: str, more: str) -> str:
    return f"{count} {one if count == 1 else more}"


def _rows(source: Source, progress: ProgressCallback, tally: _Tally) -> Iterator[_Row]:
    """Every HCPCS and CPT4 row, streamed from the file; other vocabularies are only counted in the tally.

    A row whose cell count differs from the header's refuses the file. Nothing but the rows kept stays in
    memory, so an export of any size up to the file limit costs the memory of its HCPCS and CPT4 rows.
    """
    raise_field_limit()
    delimiter, _ = split_header(first_line(source.head) or "", ("\t", ","))
    # Athena's TAB files never quote, and their names may hold a bare '"'; a comma re-export needs quoting.
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    total = _count_lines(source)
    with source.open() as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, delimiter=delimiter, quoting=quoting)
        try:
            header = [cell.strip() for cell in next(reader)]
            keys = [normalize(cell) for cell in header]
            column = keys.index("vocabulary_id")
            for count, row in enumerate(reader, start=1):
                if count % PROGRESS_EVERY == 0:
                    progress("Reading concepts", count, total)
                if len(row) != len(header) or not row[column].strip():
                    if not any(cell.strip() for cell in row):
                        continue
                    if len(row) != len(header):
                        raise ImportFormatError(
                            f"{source.name} line {reader.line_num} has {len(row)} columns instead of "
                            f"{len(header)}; the file is damaged."
                        )
                vocabulary = row[column].strip()
                if vocabulary not in VOCABULARIES:  # most rows of a large export: counted, nothing built
                    tally.count_other(vocabulary, source.name)
                    continue
                yield _Row(reader.line_num, dict(zip(header, row, strict=True)), dict(zip(keys, row, strict=True)))
        except UnicodeDecodeError:
            raise ImportFormatError(
                f"{source.name} is not UTF-8 text after line {reader.line_num}; Athena exports are UTF-8."
            ) from None
        except csv.Error as error:
            raise ImportFormatError(f"{source.name} line {reader.line_num} cannot be read: {error}.") from None
    progress("Reading concepts", total, total)


def _count_lines(source: Source) -> int:
    """Newlines in the file, counted a chunk at a time (for progress)."""
    lines = 0
    with source.open() as raw:
        while chunk := raw.read(CHUNK_BYTES):
            lines += chunk.count(b"\n")
    return lines


def _record(row: _Row, name: str, tally: _Tally) -> CodeRecord | None:
    """The code or modifier a HCPCS/CPT4 row names, or None (counted in the tally) for any other row."""
    vocabulary = row.cells["vocabulary_id"].strip()  # _rows keeps only HCPCS and CPT4 rows
    code = row.cells["concept_code"].strip().upper()
    concept_class = row.cells.get("concept_class_id", "").strip()
    kind = "modifier" if concept_class.endswith("Modifier") or len(code) == 2 else "code"
    shape = explain(code)
    if not shape["valid"] or shape["kind"] != kind:
        tally.not_codes.append(code or "(empty)")
        return None
    if shape["system"] != VOCABULARIES[vocabulary]:
        tally.mismatched.append(f"{code} in {vocabulary}")
    concept_name = row.cells["concept_name"].strip()
    tally.unnamed += not concept_name
    return CodeRecord(
        code=code,
        kind=kind,
        system=shape["system"],
        short_description=concept_name,  # Athena carries one name; it serves as both descriptors
        long_description=concept_name,
        added_date=_date(row, "valid_start_date", name),
        termination_date=_termination(row, name),
        fields=row.fields,
    )


def _date(row: _Row, column: str, name: str) -> str | None:
    value = row.cells.get(column, "")
    try:
        return iso_date(value)
    except ValueError:
        raise ImportFormatError(
            f"{name} line {row.line} has {column} {value!r}, which is not a date (YYYYMMDD)."
        ) from None


def _termination(row: _Row, name: str) -> str | None:
    """The end date of a deprecated (D) or upgraded (U) concept, or of one whose validity has ended."""
    end = _date(row, "valid_end_date", name)
    reason = row.cells.get("invalid_reason", "").strip().upper()
    return end if end and (reason in ("D", "U") or end < OPEN_END) else None


def _nothing_kept(name: str, tally: _Tally) -> str:
    if tally.not_codes:
        return f"{name} holds HCPCS/CPT4 concepts but none is a code or modifier (e.g. {tally.not_codes[0]})."
    found = f" (only {', '.join(sorted(tally.other))})" if tally.other else ""
    return f"{name} holds no HCPCS or CPT4 concepts{found}."


def _refuse_duplicates(records: list[CodeRecord], name: str) -> None:
    counts = Counter((r.code, r.kind) for r in records)
    twice = sorted(code for (code, _), n in counts.items() if n > 1)
    if twice:
        raise ImportFormatError(
            f"{name} lists {', '.join(twice[:5])} more than once (as HCPCS/CPT4 concepts); "
            "MedCode keeps one entry per code, so the file is refused."
        )


def _release_name(
    name: str, records: list[CodeRecord], label: str | None, effective: str | None
) -> tuple[str, str, list[str]]:
    """The user's label/date win, then a year in the file name, then the newest valid_start_date."""
    found = release_from_names(OMOP, name)
    effective = check_iso_date(effective) if effective else (found[1] if found else None)
    newest = max((r.added_date for r in records if r.added_date), default=None)
    warnings = []
    if not effective:
        if newest is None:
            raise ImportFormatError(
                f"{name} does not say which release it is; give an effective date (--effective YYYY-MM-DD)."
            )
        effective = newest
        warnings.append(
            f"{name} does not say which release it is; its newest valid_start_date, {newest}, is taken as "
            "the effective date (give --label and --effective to choose)."
        )
    label = label or (found[0] if found else f"Athena-{effective}")
    return label, effective, warnings
