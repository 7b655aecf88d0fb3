"""The descriptor files: SHORTU/MEDU/LONGULT (code, separator, text) and the consumer/clinician TSV files."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from ..codes.errors import ImportFormatError
from .cpt_text import CPT_CODE, copyright_year, decode, excerpt, split_header, text_lines

CONSUMER_HEADER = ("Concept Id", "CPT Code", "Consumer Friendly Descriptor")
CLINICIAN_HEADER = ("Concept Id", "CPT Code", "Clinician Descriptor Id", "Clinician Descriptor")


@dataclass
class DescriptorFile:
    descriptors: dict[str, str]  # code -> descriptor, in file (CPT book) order
    copyright_year: int | None


@dataclass
class Clinician:
    concept_id: str
    descriptors: dict[str, str] = field(default_factory=dict)  # clinician descriptor id -> descriptor


def parse_descriptors(data: bytes, name: str) -> DescriptorFile:
    """SHORTU/MEDU (code, space, fixed-width text) and LONGULT (code, TAB, text; older files: a space)."""
    header, rows = split_header(text_lines(decode(data, name)), name)
    if not rows:
        raise ImportFormatError(f"{name} holds no code lines after its copyright header.")
    descriptors: dict[str, str] = {}
    for number, line in rows:
        code, text = _code_and_text(line, number, name)
        if code in descriptors:
            raise ImportFormatError(f"{name} lists {code} more than once (again on line {number}).")
        descriptors[code] = text
    return DescriptorFile(descriptors, copyright_year(header))


def _code_and_text(line: str, number: int, name: str) -> tuple[str, str]:
    # Columns 1-5 hold the code and column 6 the separator (AMA reads these files with fixed-width specs).
    code, separator, text = line[:5], line[5:6], line[6:]
    if not CPT_CODE.fullmatch(code) or separator not in (" ", "\t") or not text.strip():
        raise ImportFormatError(f"Line {number} of {name} is not a CPT code followed by a descriptor: {excerpt(line)}.")
    return code, text


def parse_consumer(data: bytes, name: str) -> dict[str, tuple[str, str]]:
    """Code -> (concept id, consumer friendly descriptor)."""
    result: dict[str, tuple[str, str]] = {}
    for number, (concept_id, code, text) in _tsv_rows(data, name, CONSUMER_HEADER):
        if code in result:
            raise ImportFormatError(f"{name} lists {code} more than once (again on line {number}).")
        result[code] = (concept_id, text)
    return result


def parse_clinician(data: bytes, name: str) -> dict[str, Clinician]:
    """Code -> its concept id and clinician descriptors (a code can have several, each with its own id)."""
    result: dict[str, Clinician] = {}
    owner: dict[str, str] = {}  # clinician descriptor id -> code
    for number, (concept_id, code, descriptor_id, text) in _tsv_rows(data, name, CLINICIAN_HEADER):
        if descriptor_id in owner:
            raise ImportFormatError(
                f"{name} gives clinician descriptor id {descriptor_id} twice ({owner[descriptor_id]} and {code}, "
                f"line {number})."
            )
        entry = result.setdefault(code, Clinician(concept_id))
        if entry.concept_id != concept_id:
            raise ImportFormatError(
                f"{name} gives {code} two concept ids ({entry.concept_id} and {concept_id}, line {number})."
            )
        owner[descriptor_id] = code
        entry.descriptors[descriptor_id] = text
    return result


def _tsv_rows(data: bytes, name: str, header: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """The checked data rows of a TSV file with one header row (no copyright block)."""
    lines = [(n, line) for n, line in enumerate(text_lines(decode(data, name)), start=1) if line.strip()]
    if [cell.strip().lower() for cell in lines[0][1].split("\t")] != [h.lower() for h in header]:
        raise ImportFormatError(f"{name} does not start with the header row {' | '.join(header)}.")
    if len(lines) == 1:
        raise ImportFormatError(f"{name} holds no rows after its header row.")
    return [(number, _tsv_row(line, number, name, len(header))) for number, line in lines[1:]]


def _tsv_row(line: str, number: int, name: str, width: int) -> list[str]:
    try:
        cells = next(csv.reader([line], delimiter="\t", strict=True))
    except csv.Error:
        raise ImportFormatError(f"Line {number} of {name} has unbalanced quotes: {excerpt(line)}.") from None
    if len(cells) != width:
        raise ImportFormatError(f"Line {number} of {name} has {len(cells)} columns, not {width}: {excerpt(line)}.")
    ids, code, text = [cells[0], *cells[2:-1]], cells[1], cells[-1]
    if not all(cell.isascii() and cell.isdigit() for cell in ids) or not CPT_CODE.fullmatch(code) or not text.strip():
        raise ImportFormatError(f"Line {number} of {name} is not a concept id, CPT code and descriptor row.")
    return cells
