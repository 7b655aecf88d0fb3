"""Reader for the CMS processing notes file (proc_notes_yyyy.txt), referenced by the PROCNOTE field."""

from __future__ import annotations

import re

from .hcpcs_txt import decode_text, iter_lines

MAX_NOTES_BYTES = 4 * 1024 * 1024  # the real notes files are about 43 KB

_NOTE_START = re.compile(r"^\s*(\d{4})--(.*)$")


def _clean(line: str) -> str:
    # The notes are laid out in a box whose right edge is a column of '*'.
    return line.rstrip().removesuffix("*").strip()


def parse_proc_notes(data: bytes) -> dict[str, str]:
    """Note number (4 digits, as PROCNOTE holds it) -> text, wrapped lines joined with single spaces."""
    notes: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in iter_lines(data):
        start = _NOTE_START.match(line)
        if start:
            current = notes.setdefault(start.group(1), [])
            current.append(_clean(start.group(2)))
        elif current is not None and _clean(line):
            current.append(_clean(line))
    return {number: " ".join(part for part in parts if part) for number, parts in notes.items()}


def looks_like_proc_notes(data: bytes) -> bool:
    head = decode_text(data[:4000])
    return any("PROCESSING NOTES" in line for line in head[:5]) and any(_NOTE_START.match(x) for x in head)
