"""MODUL.txt: CPT Appendix A as prose, read with a small state machine as AMA's own parser does.

Section marker lines switch the state. In the regular, Level I and Category II sections an entry starts with the
modifier and a space and runs (wrapped) until a blank line, so a wrapped line that happens to start with two
digits stays part of its entry. Physical status and Level II entries are one-liners that may follow each other
without a blank line, so there a line shaped like an entry always starts a new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..codes.errors import ImportFormatError
from .cpt_text import copyright_year, decode, text_lines

REGULAR, PHYSICAL, LEVEL_I, CATEGORY_II, LEVEL_II = (
    "MODUL REGULAR",
    "MODUL PHYSICAL STATUS",
    "MODUL LEVEL I",
    "MODUL CATEGORY II",
    "MODUL LEVEL II",
)
# Lines that read exactly this (after trimming) start a section.
MARKERS = {
    "Appendix A": REGULAR,
    "Anesthesia Physical Status": PHYSICAL,
    "CPT Level I Modifiers": LEVEL_I,
    "Category II Modifiers": CATEGORY_II,
    "Level II (HCPCS/National) Modifiers": LEVEL_II,
}
_ENTRY = {
    REGULAR: re.compile(r"(\d\d)[ \t]+(\S.*)"),
    PHYSICAL: re.compile(r".*?\b(P\d):[ \t]*(\S.*)"),
    LEVEL_I: re.compile(r"(\d\d)[ \t]+(\S.*)"),
    CATEGORY_II: re.compile(r"([1-9][A-Z])[ \t]+(\S.*)"),
    LEVEL_II: re.compile(r"([A-Z][0-9A-Z])[ \t]+(\S.*)"),
}
_ONE_LINERS = {PHYSICAL, LEVEL_II}
_TITLED = {REGULAR, LEVEL_I}  # "22 Title of the modifier: text", the title sometimes wrapped over two lines


@dataclass
class Modifier:
    code: str
    sections: dict[str, str] = field(default_factory=dict)  # section field name -> entry text
    first_lines: dict[str, str] = field(default_factory=dict)

    @property
    def is_level_ii(self) -> bool:
        return LEVEL_II in self.sections

    def title(self) -> str:
        """A short name: the text before the first colon (the entry's title), or its first line."""
        section = next(iter(self.sections))
        first, text = self.first_lines[section], self.sections[section]
        if ":" in first:
            return first.split(":", 1)[0].rstrip()
        if section in _TITLED and ":" in text:
            return text.split(":", 1)[0].rstrip()
        return first


@dataclass
class ModifierFile:
    modifiers: dict[str, Modifier]  # code -> modifier, in file order
    copyright_year: int | None


@dataclass
class _Entry:
    code: str
    lines: list[str]
    number: int


def parse_modifiers(data: bytes, name: str) -> ModifierFile:
    lines = [line.strip() for line in text_lines(decode(data, name))]
    if "Appendix A" not in lines:
        raise ImportFormatError(f"{name} has no 'Appendix A' line, so its modifier sections cannot be found.")
    start = lines.index("Appendix A")
    modifiers: dict[str, Modifier] = {}
    for section, entry in _entries(lines, start):
        _add(modifiers, section, entry, name)
    if not modifiers:
        raise ImportFormatError(f"{name} lists no modifiers after its 'Appendix A' line.")
    return ModifierFile(modifiers, copyright_year(lines[:start]))


def _entries(lines: list[str], start: int) -> list[tuple[str, _Entry]]:
    """(section, entry) for every modifier entry, in file order: the state machine."""
    found: list[tuple[str, _Entry]] = []
    section, entry = REGULAR, None
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        match = _ENTRY[section].fullmatch(line)
        if line in MARKERS or not line or (entry and match and section in _ONE_LINERS):
            entry = None
            section = MARKERS.get(line, section)
        if entry:
            entry.lines.append(line)
        elif match and line not in MARKERS:
            entry = _Entry(match.group(1), [match.group(2)], number)
            found.append((section, entry))
    return found


def _add(modifiers: dict[str, Modifier], section: str, entry: _Entry, name: str) -> None:
    modifier = modifiers.setdefault(entry.code, Modifier(entry.code))
    if section in modifier.sections:
        raise ImportFormatError(
            f"{name} lists modifier {entry.code} twice in its {section.removeprefix('MODUL ').lower()} section "
            f"(again on line {entry.number})."
        )
    if modifier.sections and modifier.is_level_ii != (section == LEVEL_II):
        raise ImportFormatError(
            f"{name} lists {entry.code} both as a HCPCS Level II modifier and as a CPT modifier (line {entry.number})."
        )
    modifier.sections[section] = " ".join(entry.lines)
    modifier.first_lines[section] = entry.lines[0]
