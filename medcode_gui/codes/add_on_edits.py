"""The NCCI add-on code (AOC) file in words: its edit types and its Julian dates. Written here from CMS's public
description of add-on code edits (the three types differ in who says which primary codes go with an add-on)."""

from __future__ import annotations

import datetime as dt

CONTRACTOR_DEFINED = "CCCCC"  # the primary code CMS writes when contractors define the primary codes
EDIT_TYPES = {
    "1": "Type 1: paid only with one of the primary codes CMS lists for it",
    "2": "Type 2: CMS lists no primary codes; each Medicare contractor defines which primary codes it goes with",
    "3": "Type 3: CMS lists some primary codes; a contractor may accept others too",
}


def edit_type_meaning(edit_type: str) -> str:
    return EDIT_TYPES.get(edit_type.strip(), f"Type {edit_type.strip()} (not a type CMS has described)")


def julian_to_iso(value: str) -> str | None:
    """A CMS Julian date YYYYDDD (2013091) as ISO (2013-04-01); None for a blank; the value itself if not one."""
    text = value.strip()
    if not text:
        return None
    if len(text) != 7 or not text.isdigit():
        return text
    try:
        day = dt.date(int(text[:4]), 1, 1) + dt.timedelta(days=int(text[4:]) - 1)
    except (ValueError, OverflowError):
        return text
    return day.isoformat() if 1 <= int(text[4:]) <= 366 and day.year == int(text[:4]) else text
