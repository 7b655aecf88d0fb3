"""Helpers shared by the delimited-text importers (Athena CONCEPT.csv, the generic CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys

SNIFF_BYTES = 4096
DELIMITERS = ("\t", ",", ";")
MAX_RECORDS = 60_000  # codes and modifiers kept from one file: CPT and HCPCS together hold about 20,000
_DATE = re.compile(r"(\d{4})(-?)(\d{2})\2(\d{2})")  # YYYYMMDD or YYYY-MM-DD, not a mix


def first_line(data: bytes) -> str | None:
    """The first line of a text file (BOM removed), or None when the bytes are not text."""
    head = data[:SNIFF_BYTES]
    if b"\x00" in head or head[:4] == b"PK\x03\x04":
        return None
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    if line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def split_header(line: str, delimiters: tuple[str, ...] = DELIMITERS) -> tuple[str, list[str]]:
    """(delimiter, cells) of a header line: the delimiter is the candidate that occurs most often in it."""
    delimiter = max(delimiters, key=line.count)
    return delimiter, next(csv.reader([line], delimiter=delimiter))


def normalize(name: str) -> str:
    """A header cell as a key: case, surrounding space and inner space/hyphen spelling do not matter."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def iso_date(text: str) -> str | None:
    """YYYYMMDD or YYYY-MM-DD as an ISO date; None for an empty cell; ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError(text)
    return dt.date(int(match[1]), int(match[3]), int(match[4])).isoformat()


def raise_field_limit() -> None:
    """Allow very long cells: csv's default 128 KB limit trips on a stray quote in a large export."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a C long on Windows is 32 bits
