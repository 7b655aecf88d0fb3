"""Choosing a PFS locality: by its MAC-NN ("01112-05"), by words of its name or of its counties, or by ZIP code
(ZIP5: carrier + pricing locality). Plain rows in, no database: views/payment_view.py reads them from the store."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..codes.errors import MedcodeError
from ..codes.records import ScheduleRow

_LOCALITY_ID = re.compile(r"(\d{4,5})\s*-\s*(\d{1,2})")
_ZIP = re.compile(r"\d{5}")
_WORD = re.compile(r"[A-Z0-9]+")
_COUNTY_SPLIT = re.compile(r"[/,;]| AND ")


@dataclass(frozen=True)
class Locality:
    """A PFS locality as GPCI2025 names it, with its counties from 25LOCCO where imported."""

    mac: str
    number: str
    name: str
    state: str
    counties: str = ""
    state_name: str = ""
    gpci: ScheduleRow | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        return f"{self.mac}-{self.number}"

    def county_names(self) -> set[str]:
        """Its counties one by one ("SAN FRANCISCO/ALAMEDA" -> both), "CNTY" left out."""
        parts = _COUNTY_SPLIT.split(self.counties.upper().replace(" CNTY", ""))
        return {part.strip() for part in parts if part.strip()}

    def words(self) -> set[str]:
        text = f"{self.name} {self.state} {self.state_name} {self.counties}".upper()
        return set(_WORD.findall(text))


def localities_from(gpci_rows: list[ScheduleRow], county_rows: list[ScheduleRow]) -> list[Locality]:
    """Every GPCI locality, with its counties and state name from 25LOCCO (which names a state on its first
    locality only: the name carries down to the rows below it, in file order)."""
    counties, state = {}, ""
    for row in county_rows:
        state = row.fields.get("State") or state
        counties[row.key] = (row.fields.get("Counties", ""), state)
    found = []
    for row in gpci_rows:
        f = row.fields
        listed, state_name = counties.get(row.key, ("", ""))
        mac, number = row.key.split("-")
        found.append(Locality(mac, number, f["Locality Name"], f["State"], listed, state_name, row))
    return found


def locality_id(text: str) -> str | None:
    """"01112-05" (or "1112-5") as the key MAC-NN, None when the text is not shaped so."""
    match = _LOCALITY_ID.fullmatch(text.strip())
    return f"{match.group(1).zfill(5)}-{match.group(2).zfill(2)}" if match else None


def check_zip(text: str) -> str:
    """A five-digit ZIP code, or one sentence."""
    if not _ZIP.fullmatch(text.strip()):
        raise MedcodeError(f"{text.strip()!r} is not a ZIP code: give its five digits (e.g. 94103).")
    return text.strip()


def find_localities(text: str, localities: list[Locality]) -> list[Locality]:
    """The localities whose MAC-NN is the text, or whose name, state or counties hold every word typed
    ("san francisco", "marin", "kings ny"); an exact name first."""
    key = locality_id(text)
    if key:
        return [loc for loc in localities if loc.key == key]
    words = set(_WORD.findall(text.upper()))
    if not words:
        return []
    found = [loc for loc in localities if _prefix_match(words, loc.words())]
    asked = " ".join(text.upper().split())
    return sorted(found, key=lambda loc: (loc.name.rstrip("*").upper() != asked, asked not in loc.county_names()))


def best_locality(text: str, found: list[Locality]) -> Locality | None:
    """The one locality meant, when several match: the only one named so exactly, or the only one with a
    county of that name ("san francisco": the San Francisco county's locality, not Marin's)."""
    asked = " ".join(text.upper().split())
    for fits in (lambda loc: loc.name.rstrip("*").upper() == asked, lambda loc: asked in loc.county_names()):
        chosen = [loc for loc in found if fits(loc)]
        if len(chosen) == 1:
            return chosen[0]
    return found[0] if len(found) == 1 else None


def _prefix_match(words: set[str], held: set[str]) -> bool:
    """Every typed word starts a word of the locality ("fran" finds San Francisco)."""
    return all(any(h.startswith(word) for h in held) for word in words)


def zip_locality_key(row: ScheduleRow) -> str:
    """The GPCI locality of a ZIP5 row: its carrier and pricing locality."""
    return f"{row.fields['Carrier']}-{row.fields['Pricing Locality']}"
