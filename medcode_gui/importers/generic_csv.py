"""A generic CSV the user assembled: code, description and optional columns (see docs/formats-athena-csv.md).

The file is all or nothing: one bad row refuses it with a sentence naming the line, because a half-imported
list would silently hide codes the user meant to have.
"""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import PurePath

from ..codes.errors import ImportFormatError
from ..codes.explain import explain
from ..codes.records import CPT, CUSTOM, HCPCS, CodeRecord, ParsedRelease, ProgressCallback, ReleaseInfo, no_progress
from .release_naming import check_iso_date, release_from_names
from .source import Source
from .text_table import MAX_RECORDS, first_line, iso_date, normalize, raise_field_limit, split_header

CODE = "code"
DESCRIPTIONS = ("description", "short_description", "long_description")
SYSTEMS = {"CPT": CPT, "HCPCS": HCPCS}
KINDS = ("code", "modifier")
DATES = ("added_date", "termination_date")
MAX_BYTES = 32 * 1024 * 1024  # every CPT and HCPCS code with long descriptions is a few MB
PROGRESS_EVERY = 2000


def sniff(source: Source) -> bool:
    """The first line is a header with a code column and a description-like column (and is not PPRRVU's)."""
    line = first_line(source.head)
    if line is None:
        return False
    keys = [normalize(cell) for cell in split_header(line)[1]]
    if keys[:2] == ["hcpcs", "mod"]:  # the fee schedule's own header row
        return False
    return CODE in keys and any(key in keys for key in DESCRIPTIONS)


def parse(
    source: Source,
    label: str | None = None,
    effective: str | None = None,
    progress: ProgressCallback = no_progress,
) -> ParsedRelease:
    name = source.name
    source.refuse_over(MAX_BYTES, "list of codes")
    records = _decoded_records(source, progress)
    if not records:
        raise ImportFormatError(f"{name} has a header but no rows of codes.")
    progress("Reading rows", len(records), len(records))
    label, effective, warnings = _release_name(name, records, label, effective)
    info = ReleaseInfo(CUSTOM, label, effective, name, name, source.sha256, "generic-csv")
    return ParsedRelease(info, records, warnings=warnings)


def _decoded_records(source: Source, progress: ProgressCallback) -> list[CodeRecord]:
    """UTF-8 (with or without BOM) as spreadsheets export it, else Windows-1252 as older Excel saves CSV."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return _records(source.data, encoding, source.name, progress)
        except UnicodeDecodeError:
            continue
    raise ImportFormatError(f"{source.name} is neither UTF-8 nor Windows-1252 text; save it as UTF-8 CSV.")


def _records(data: bytes, encoding: str, name: str, progress: ProgressCallback) -> list[CodeRecord]:
    """Every row as a record, read one row at a time: the first bad row refuses the file at once.

    Nothing is decoded or split ahead of the row being read, so junk under a valid header costs no memory.
    """
    raise_field_limit()
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    first = text.readline()
    delimiter, _ = split_header(first.rstrip("\r\n"))
    reader = csv.reader(itertools.chain([first], text), delimiter=delimiter)
    records: list[CodeRecord] = []
    first_seen: dict[tuple[str, str], int] = {}
    try:
        header = [cell.strip() for cell in next(reader, [])]
        if not any(header):
            raise ImportFormatError(f"{name} has no header row; the first line must name the columns.")
        keys = _check_header(header, name)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if len(row) > len(header):
                raise ImportFormatError(
                    f"{name} line {line} has {len(row)} cells but the header names {len(header)} columns."
                )
            row += [""] * (len(header) - len(row))
            record = _record(line, dict(zip(keys, row, strict=True)), dict(zip(header, row, strict=True)), name)
            earlier = first_seen.setdefault((record.code, record.kind), line)
            if earlier != line:
                raise ImportFormatError(f"{name} line {line} repeats {record.code}, first listed on line {earlier}.")
            records.append(record)
            if len(records) > MAX_RECORDS:
                raise ImportFormatError(f"{name} lists more than {MAX_RECORDS:,} codes, more than CPT and HCPCS hold.")
            if len(records) % PROGRESS_EVERY == 0:
                progress("Reading rows", len(records), 0)
    except csv.Error as error:
        raise ImportFormatError(f"{name} line {reader.line_num} cannot be read: {error}.") from None
    return records


def _check_header(header: list[str], name: str) -> list[str]:
    """The normalized column keys, once it is sure the required ones are there and none is named twice."""
    keys = [normalize(cell) for cell in header]
    twice = sorted({key for key in keys if key and keys.count(key) > 1})
    if twice:
        raise ImportFormatError(f"{name} names the column {twice[0]} more than once.")
    if CODE not in keys or not any(key in keys for key in DESCRIPTIONS):
        raise ImportFormatError(
            f"{name} needs a code column and a description column (or short_description/long_description); "
            f"its header has: {', '.join(header)}."
        )
    return keys


def _record(line: int, cells: dict[str, str], fields: dict[str, str], name: str) -> CodeRecord:
    """One row as a record; any cell the app cannot use refuses the whole file."""
    given = cells[CODE].strip()
    if not given:
        raise ImportFormatError(f"{name} line {line} has no code.")
    code = given.upper()
    shape = explain(code)
    if not shape["valid"] or shape["kind"] not in KINDS:
        raise ImportFormatError(f"{name} line {line}: {given!r} is not a CPT or HCPCS code or modifier.")
    kind = _checked(cells, "kind", {k: k for k in KINDS}, shape["kind"], line, name)
    system = _checked(cells, "system", SYSTEMS, shape["system"], line, name)
    short, long = (cells.get(key, "").strip() for key in DESCRIPTIONS[1:])
    description = cells.get("description", "").strip()
    if not (short or long or description):
        raise ImportFormatError(f"{name} line {line} gives {code} no description.")
    added, terminated = (_date(cells, column, line, name) for column in DATES)
    return CodeRecord(
        code=code,
        kind=kind,
        system=system,
        short_description=short or description or long,
        long_description=long or description or short,
        added_date=added,
        termination_date=terminated,
        fields=fields,
    )


def _checked(cells: dict[str, str], column: str, allowed: dict[str, str], shown: str, line: int, name: str) -> str:
    """A kind or system cell: empty means the code's shape decides; a value must agree with that shape."""
    value = cells.get(column, "").strip()
    if not value:
        return shown
    chosen = allowed.get(value.upper() if column == "system" else value.lower())
    if chosen is None:
        raise ImportFormatError(
            f"{name} line {line} has {column} {value!r}; use {' or '.join(allowed)}, or leave it empty."
        )
    if chosen != shown:
        raise ImportFormatError(
            f"{name} line {line} says {cells[CODE].strip()} is {column} {value!r}, "
            f"but its shape makes it {shown}; correct the cell or leave it empty."
        )
    return chosen


def _date(cells: dict[str, str], column: str, line: int, name: str) -> str | None:
    value = cells.get(column, "")
    try:
        return iso_date(value)
    except ValueError:
        raise ImportFormatError(
            f"{name} line {line} has {column} {value.strip()!r}, which is not a date (YYYY-MM-DD or YYYYMMDD)."
        ) from None


def _release_name(
    name: str, records: list[CodeRecord], label: str | None, effective: str | None
) -> tuple[str, str, list[str]]:
    """The user's label/date win, then a year in the file name, then CUSTOM-<stem> and the newest added_date.

    The GUI imports without asking for a label, so a file without a year in its name still gets one; but an
    effective date cannot be guessed from nothing, so a file with no added_date either is refused.
    """
    found = release_from_names(CUSTOM, name)
    effective = check_iso_date(effective) if effective else (found[1] if found else None)
    warnings = []
    if not effective:
        effective = max((r.added_date for r in records if r.added_date), default=None)
        if effective is None:
            raise ImportFormatError(
                f"{name} does not say which release it is; give an effective date (--effective YYYY-MM-DD), "
                "put the year in the file name, or add an added_date column."
            )
        warnings.append(f"{name} has no date in its name; its newest added_date, {effective}, is the effective date.")
    label = label or (found[0] if found else f"{CUSTOM}-{PurePath(name).stem}")
    return label, effective, warnings
