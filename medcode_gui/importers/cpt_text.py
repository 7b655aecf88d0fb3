"""Text handling shared by the CPT data files: decoding, lines, the copyright header block and its year."""

from __future__ import annotations

import re

from ..codes.errors import ImportFormatError

# Codes of CPT: 5 digits, or 4 digits and a letter (F Category II, T Category III, U PLA, M MAAA, A vaccine admin).
CPT_CODE = re.compile(r"\d{4}[0-9FTUMA]")
_COPYRIGHT = re.compile(r"copyright\s+((?:(?:19|20)\d\d(?:\s*[-\u2013]\s*(?:19|20)\d\d)?[\s,]*)+)", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_CODE_LINE = re.compile(r"\d{4}[0-9FTUMA][ \t]\S")


def decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM or not) as the AMA now writes; else Windows-1252, which AMA's own reader falls back to."""
    if not data.strip():
        raise ImportFormatError(f"{name} is empty.")
    if b"\x00" in data:
        raise ImportFormatError(f"{name} is not plain text (it holds NUL bytes, as UTF-16 files do); save it as UTF-8.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFormatError(f"{name} is neither UTF-8 nor Windows-1252 text.") from None


def text_lines(text: str) -> list[str]:
    """Lines without their ending (CRLF, LF or CR) or trailing padding; str.splitlines would also split on \\f."""
    return [line.rstrip(" \t") for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def split_header(lines: list[str], name: str) -> tuple[list[str], list[tuple[int, str]]]:
    """(header lines, [(line number, data line)]): the copyright block ends at the last blank line.

    Data lines are never blank, so a blank line right after a paragraph of code lines means the data was cut in
    two; reading on would silently drop the codes above it.
    """
    blanks = [i for i, line in enumerate(lines) if not line.strip()]
    while blanks and blanks[-1] == len(lines) - 1:  # blank lines at the end of the file are not a header's end
        lines, blanks = lines[:-1], blanks[:-1]
    if not blanks:
        return [], list(enumerate(lines, start=1))
    last = blanks[-1]
    paragraph = lines[(blanks[-2] + 1 if len(blanks) > 1 else 0) : last]
    if paragraph and all(_CODE_LINE.match(line) for line in paragraph):
        raise ImportFormatError(f"{name} has a blank line among its code lines (line {last + 1}); the file is damaged.")
    return lines[:last], list(enumerate(lines[last + 1 :], start=last + 2))


def copyright_year(header: list[str]) -> int | None:
    """The last year of the copyright statement ("copyright 1966, ..., 1983-2021 by ..." -> 2021)."""
    found = _COPYRIGHT.search(" ".join(header))
    return max(int(year) for year in _YEAR.findall(found.group(1))) if found else None


def excerpt(line: str, width: int = 40) -> str:
    """A short quote of a bad line for an error sentence."""
    return repr(line if len(line) <= width else line[:width] + "...")
