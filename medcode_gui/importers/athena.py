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
from itertools import repeat
from operator import itemgetter
from typing import BinaryIO

from ..codes.errors import ImportFormatError
from ..codes.explain import explain
from ..codes.records import CPT, HCPCS, OMOP, CodeRecord, ParsedRelease, ProgressCallback, ReleaseInfo, no_progress
from .release_naming import check_iso_date, release_from_names
from .source import Source
from .text_table import MAX_RECORDS, first_line, iso_date, normalize, raise_field_limit, split_header

REQUIRED = ("concept_id", "concept_name", "vocabulary_id", "concept_code")
VOCABULARIES = {"HCPCS": HCPCS, "CPT4": CPT}
OPEN_END = "2099-12-31"  # Athena's "still valid" end date
MAX_VOCABULARIES = 1_000  # Athena has about 150
CHUNK_BYTES = 1024 * 1024  # a piece read at once; also the longest row accepted
HEADER_BYTES = 64 * 1024


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
        elif len(tally.not_codes) > MAX_RECORDS:  # Athena's HCPCS and CPT4 hold a few thousand such concepts
            raise ImportFormatError(
                f"{source.name} holds more than {MAX_RECORDS:,} HCPCS/CPT4 concepts that are not codes or modifiers; "
                "it is not an Athena export."
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

    def count_other(self, vocabulary: str, name: str, rows: int = 1) -> None:
        """Rows of another vocabulary; more distinct names than Athena has vocabularies is not an export."""
        key = vocabulary or "(none)"
        if key not in self.other and len(self.other) >= MAX_VOCABULARIES:
            raise ImportFormatError(
                f"{name} names more than {MAX_VOCABULARIES:,} vocabularies; it is not an Athena export."
            )
        self.other[key] += rows

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
    memory, so an export of any size up to the file limit costs the memory of its HCPCS and CPT4 rows. The
    file is read in pieces of whole lines: a piece of plain rows of other vocabularies (most of an export,
    and all of a file of junk) is counted without building a row, at a few seconds per 400 MB; any other
    piece is read row by row with csv, as the file's rules require.
    """
    raise_field_limit()
    total = _count_lines(source)
    with source.open() as raw:
        header = _header(raw.readline(HEADER_BYTES), source.name)
        for first, chunk in _chunks(raw, header, source.name):
            counted = _count_plain(chunk, header)
            if counted is None or VOCABULARIES.keys() & counted.keys():
                yield from _read_rows(chunk, first, header, tally, source.name)
            else:
                for vocabulary, rows in counted.items():
                    tally.count_other(vocabulary, source.name, rows)
            progress("Reading concepts", first - 1 + chunk.count(b"\n"), total)
    progress("Reading concepts", total, total)


@dataclass
class _Header:
    names: list[str]  # as written, stripped
    keys: list[str]  # normalized
    delimiter: str
    column: int  # of vocabulary_id

    @property
    def quoted(self) -> bool:
        """Athena's TAB files never quote, and their names may hold a bare '"'; a comma re-export needs quoting."""
        return self.delimiter != "\t"


def _header(line: bytes, name: str) -> _Header:
    try:
        text = line.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        raise ImportFormatError(f"{name} is not UTF-8 text after line 0; Athena exports are UTF-8.") from None
    delimiter, cells = split_header(text, ("\t", ","))
    if delimiter == "\t":
        cells = text.split("\t")
    names = [cell.strip() for cell in cells]
    keys = [normalize(cell) for cell in names]
    return _Header(names, keys, delimiter, keys.index("vocabulary_id"))


def _chunks(raw: BinaryIO, header: _Header, name: str) -> Iterator[tuple[int, bytes]]:
    """(number of its first line, piece) for pieces of about CHUNK_BYTES of whole records after the header.

    A record longer than CHUNK_BYTES (no real row is longer than a few KB) refuses the file, so memory stays
    bounded whatever the file holds.
    """
    line, rest = 2, b""
    while block := raw.read(CHUNK_BYTES):
        data = rest + block
        cut = _records_end(data, header.quoted)
        if cut == 0 and len(data) > CHUNK_BYTES:
            raise ImportFormatError(
                f"{name} line {line} is longer than {CHUNK_BYTES // 1024:,} KB (or opens a quote that never "
                "closes); it is not an Athena export."
            )
        if cut:
            yield line, data[:cut]
            line += data.count(b"\n", 0, cut)
        rest = data[cut:]
    if rest:
        yield line, rest


def _records_end(data: bytes, quoted: bool) -> int:
    """Where the last whole record in data ends (0 if none): after a newline, outside quotes if quoted."""
    cut = data.rfind(b"\n") + 1
    if quoted:
        quotes = data.count(b'"', 0, cut)  # data begins at a record's start, so odd means inside quotes
        while cut and quotes % 2:
            previous = data.rfind(b"\n", 0, cut - 1) + 1
            quotes -= data.count(b'"', previous, cut)
            cut = previous
    return cut


def _count_plain(chunk: bytes, header: _Header) -> Counter[str] | None:
    """Rows per vocabulary of a piece of plain rows, or None when csv must read it row by row.

    Plain: valid UTF-8, one row a line, every line with the header's cell count (no blank line), no quote in a
    comma file, no bare carriage return, no NUL, a vocabulary in every row. csv reads such rows exactly as
    a split of each line does, so the counts are the same, built in C instead of a row at a time.
    """
    if b"\r" in chunk:  # replace() copies the piece even when there is nothing to replace
        chunk = chunk.replace(b"\r\n", b"\n")
    if b"\r" in chunk or b"\x00" in chunk or (header.quoted and b'"' in chunk):
        return None
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = chunk.split(b"\n")
    if not lines[-1]:
        lines.pop()
    separator = header.delimiter.encode()
    if set(map(bytes.count, lines, repeat(separator))) != {len(header.names) - 1}:
        return None
    cells = map(bytes.split, lines, repeat(separator), repeat(header.column + 1))
    counted: Counter[str] = Counter()
    for value, rows in Counter(map(itemgetter(header.column), cells)).items():
        vocabulary = value.decode("utf-8").strip()
        if not vocabulary:  # csv's reading decides between a blank row and one without a vocabulary
            return None
        counted[vocabulary] += rows
    return counted


def _read_rows(chunk: bytes, first: int, header: _Header, tally: _Tally, name: str) -> Iterator[_Row]:
    """The HCPCS and CPT4 rows of a piece read row by row with csv; other vocabularies are counted."""
    try:
        text = chunk.decode("utf-8")
    except UnicodeDecodeError as error:
        line = first + chunk.count(b"\n", 0, error.start) - 1
        raise ImportFormatError(f"{name} is not UTF-8 text after line {line}; Athena exports are UTF-8.") from None
    quoting = csv.QUOTE_MINIMAL if header.quoted else csv.QUOTE_NONE
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=header.delimiter, quoting=quoting)
    width, column = len(header.names), header.column
    try:
        for row in reader:
            if len(row) != width or not row[column].strip():
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != width:
                    raise ImportFormatError(
                        f"{name} line {first - 1 + reader.line_num} has {len(row)} columns instead of "
                        f"{width}; the file is damaged."
                    )
            vocabulary = row[column].strip()
            if vocabulary not in VOCABULARIES:
                tally.count_other(vocabulary, name)
                continue
            line = first - 1 + reader.line_num
            yield _Row(line, dict(zip(header.names, row, strict=True)), dict(zip(header.keys, row, strict=True)))
    except csv.Error as error:
        raise ImportFormatError(f"{name} line {first - 1 + reader.line_num} cannot be read: {error}.") from None


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
