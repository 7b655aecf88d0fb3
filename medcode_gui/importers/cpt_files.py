"""Which files of an AMA CPT data file package MedCode reads, recognised by file name at any folder depth."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..codes.errors import ImportFormatError

SHORT, MEDIUM, LONG, MODIFIERS, CONSUMER, CLINICIAN, PLA = (
    "SHORTU",
    "MEDU",
    "LONG",
    "MODUL",
    "CONSUMER",
    "CLINICIAN",
    "PLA",
)

# Long descriptors came under several names over the years (U = upper case, UL = upper/lower case,
# T = tab, F = formatted); the upper/lower case ones read best, so they win when a package holds several.
LONG_NAMES = ("LONGULT.TXT", "LONGULF.TXT", "LONGUT.TXT", "LONGUF.TXT")
_EXACT = {
    "SHORTU.TXT": SHORT,
    "MEDU.TXT": MEDIUM,
    "MODUL.TXT": MODIFIERS,
    "CONSUMERDESCRIPTOR.TXT": CONSUMER,
    "CLINICIANDESCRIPTOR.TXT": CLINICIAN,
    **dict.fromkeys(LONG_NAMES, LONG),
}
# "CPTPLA…", "PLA codes.xml", "2022_PLA.xml" but not "template.xml" or "plan.xml".
_PLA_NAME = re.compile(r"(?:^|[^A-Z]|CPT)PLA(?:[^A-Z]|$|CODE)")
# The order records and source_member follow.
ROLES = (SHORT, MEDIUM, LONG, CONSUMER, CLINICIAN, PLA, MODIFIERS)


def role_of(name: str) -> str | None:
    """The role of a file in the package, from its name alone (any folder, any case), or None."""
    base = PurePosixPath(name.replace("\\", "/")).name.upper()
    if base in _EXACT:
        return _EXACT[base]
    if base.endswith(".XML") and _PLA_NAME.search(base[:-4]):
        return PLA
    return None


def package_members(names: list[str], source_name: str) -> dict[str, list[str]]:
    """Role -> the member names to read: one file per role, except PLA (each PLA XML is read)."""
    found: dict[str, list[str]] = {}
    for name in sorted(names):
        role = role_of(name)
        if role and not name.endswith("/"):
            found.setdefault(role, []).append(name)
    if LONG in found:
        best = min(_long_rank(name) for name in found[LONG])  # the best of the long descriptor forms
        found[LONG] = [name for name in found[LONG] if _long_rank(name) == best]
    for role, members in found.items():
        if role != PLA and len(members) > 1:
            raise ImportFormatError(
                f"{source_name} holds {len(members)} {_base(members[0])} files ({', '.join(members)}); keep one."
            )
    return {role: found[role] for role in ROLES if role in found}


def long_kind(member: str) -> str:
    """The field name for a long descriptor file: its own name (LONGULT, LONGUT, ...)."""
    return _base(member).upper().removesuffix(".TXT")


def _long_rank(name: str) -> int:
    return LONG_NAMES.index(_base(name).upper())


def _base(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).name
