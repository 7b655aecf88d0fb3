"""Reader for the fixed-width twin of the PFS relative value file (PPRRVU*.txt), laid out in RVU25D.pdf.

Positions are 1-based and inclusive, from the DATA RECORD table of RVU25D.pdf (pages 6-17), with two exceptions
that the PDF leaves open and the CMS PPRRVU25_JAN.txt records settle:
- NOT USED FOR MEDICARE PAYMENT is not in the PDF at all; its "+" sits in position 59, between status and work RVU.
- MP USED FOR OPPS PAYMENT AMOUNT is printed with location "1" only; it is 166-171 (999.99, one blank after 164).
Header records start with "HDR". Rows come back in the csv's column order so both twins feed the same importer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..codes.errors import ImportFormatError
from ..codes.pfs_codebook import PFS_AMOUNT_FIELDS
from .hcpcs_txt import decode_text, iter_lines

LAYOUT: dict[str, tuple[int, int]] = {
    "HCPCS": (1, 5),
    "MOD": (6, 7),
    "DESCRIPTION": (8, 57),
    "STATUS CODE": (58, 58),
    "NOT USED FOR MEDICARE PAYMENT": (59, 59),
    "WORK RVU": (60, 65),
    "NON-FAC PE RVU": (67, 72),
    "NON-FAC NA INDICATOR": (73, 74),
    "FACILITY PE RVU": (76, 81),
    "FACILITY NA INDICATOR": (82, 83),
    "MP RVU": (85, 89),
    "NON-FACILITY TOTAL": (91, 96),
    "FACILITY TOTAL": (97, 102),
    "PCTC IND": (103, 103),
    "GLOB DAYS": (104, 106),
    "PRE OP": (107, 109),
    "INTRA OP": (110, 112),
    "POST OP": (113, 115),
    "MULT PROC": (116, 116),
    "BILAT SURG": (117, 117),
    "ASST SURG": (118, 118),
    "CO-SURG": (119, 119),
    "TEAM SURG": (120, 120),
    # 121-127 filler
    "ENDO BASE": (128, 132),
    "CONV FACTOR": (133, 140),
    "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES": (142, 143),
    "CALCULATION FLAG": (144, 144),
    "DIAGNOSTIC IMAGING FAMILY INDICATOR": (146, 147),
    "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT": (152, 157),
    "FACILITY PE USED FOR OPPS PAYMENT AMOUNT": (159, 164),
    "MP USED FOR OPPS PAYMENT AMOUNT": (166, 171),
}
RECORD_LENGTH = 200  # "Length of Record: 200 Characters"; the data ends at 171, the rest is blank
HEADER_PREFIX = "HDR"

# Fields with a numeric picture (999.99, 99.99, .99, 999.9999), right-aligned in the record. CMS writes 0.00 for
# zero, so a blank or non-number here means a cut or shifted line. The shares (.99) are written without the
# leading zero the csv has: ".09" in the txt is "0.09" in the csv.
NUMERIC_COLUMNS = PFS_AMOUNT_FIELDS
_SLICES = [(column, begin - 1, end) for column, (begin, end) in LAYOUT.items()]
_NUMERIC = [(column, begin, end) for column, begin, end in _SLICES if column in NUMERIC_COLUMNS]
_NUMBER = re.compile(r"\d*\.\d+")
_HCPCS = re.compile(r"[0-9A-Z]{5}")
SNIFF_BYTES = 8192
SNIFF_LINES = 20


def _problem(line: str) -> str | None:
    """Why a (blank-padded) data line is not a PPRRVU record, or None when it is one."""
    if not _HCPCS.fullmatch(line[0:5]):
        return f"{line[0:5]!r} in positions 1-5 is not a HCPCS code"
    for column, begin, end in _NUMERIC:
        if not _NUMBER.fullmatch(line[begin:end].strip()):
            return f"{column} in positions {begin + 1}-{end} holds {line[begin:end].strip()!r}, not a number"
    return None


def _data_lines(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(line number, line) of every line that is neither blank nor a header record, one at a time."""
    return (
        (number, line)
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.startswith(HEADER_PREFIX)
    )


def looks_like_pprrvu_txt(data: bytes) -> bool:
    """True when the first data lines are all PPRRVU records (so a HCPCS txt or a csv is never taken for one)."""
    lines = decode_text(data[:SNIFF_BYTES])
    if len(data) > SNIFF_BYTES:
        lines = lines[:-1]  # the sample may end inside a line
    sample = list(_data_lines(lines))[:SNIFF_LINES]
    return bool(sample) and all(_problem(line.ljust(RECORD_LENGTH)) is None for _, line in sample)


def parse_pprrvu_txt(data: bytes) -> list[list[str]]:
    """Every data record as 31 stripped strings in the csv's column order; numbers are kept as written."""
    rows: list[list[str]] = []
    for number, raw in _data_lines(iter_lines(data)):
        line = raw.ljust(RECORD_LENGTH)  # trailing blanks may have been cut
        problem = _problem(line)
        if problem:
            raise ImportFormatError(f"Line {number} is not a fee schedule record: {problem}.")
        rows.append([line[begin:end].strip() for _, begin, end in _SLICES])
    if not rows:
        raise ImportFormatError("The file holds no fee schedule records; it is not a CMS PPRRVU file.")
    return rows
