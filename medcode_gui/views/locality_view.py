"""Which PFS locality a fee is shown for, as a plain dict (`locality` of `medcode fee --json`): chosen by MAC-NN,
by name or county, or by ZIP code, each with the release and file it came from; none chosen: national."""

from __future__ import annotations

from typing import Any

from ..codes.errors import MedcodeError
from ..codes.records import GPCI, LOCALITY_COUNTIES, ZIP_LOCALITY, Release
from ..payment.localities import (
    Locality,
    best_locality,
    check_zip,
    find_localities,
    localities_from,
    locality_id,
    zip_locality_key,
)

NATIONAL_NAME = "national (no locality chosen)"
SHOWN_CHOICES = 6  # localities named when a text matches several


def choose_locality(store: Any, text: str | None = None, zip_code: str | None = None) -> dict[str, Any] | None:
    """The locality asked for, as a dict, or None for the national amounts; one sentence when it is not found."""
    if text and zip_code:
        raise MedcodeError("Give a locality or a ZIP code, not both.")
    if not text and not zip_code:
        return None
    gpci = _needed(store, GPCI, "No GPCI file is imported: import GPCI2025 (csv, txt or xlsx) to choose a locality.")
    localities = _localities(store, gpci)
    if zip_code:
        locality, how = _by_zip(store, check_zip(zip_code), localities, gpci)
    else:
        locality, how = _by_text(text or "", localities, gpci), f"locality {text.strip() if text else ''}"
    return locality_dict(locality, how, gpci, store.schedules.newest_release(LOCALITY_COUNTIES))


def locality_dict(locality: Locality, how: str, gpci: Release, counties: Release | None) -> dict[str, Any]:
    return {
        "mac": locality.mac,
        "number": locality.number,
        "name": locality.name,
        "state": locality.state,
        "counties": locality.counties or None,
        "how_chosen": how,
        "release": gpci.label,
        "file": gpci.source_name,
        "counties_release": counties.label if counties and locality.counties else None,
        "counties_file": counties.source_name if counties and locality.counties else None,
    }


def national_locality() -> dict[str, Any]:
    return {"mac": None, "number": None, "name": NATIONAL_NAME, "state": None, "counties": None,
            "how_chosen": "none chosen: every GPCI 1.000", "release": None, "file": None}  # fmt: skip


def _needed(store: Any, system: str, sentence: str) -> Release:
    release = store.schedules.newest_release(system)
    if release is None:
        raise MedcodeError(sentence)
    return release


def _localities(store: Any, gpci: Release) -> list[Locality]:
    counties = store.schedules.newest_release(LOCALITY_COUNTIES)
    return localities_from(store.schedules.rows_of(gpci), store.schedules.rows_of(counties) if counties else [])


def _by_zip(store: Any, zip_code: str, localities: list[Locality], gpci: Release) -> tuple[Locality, str]:
    zips = _needed(store, ZIP_LOCALITY, "No ZIP code file is imported: import ZIP5 (ZIP5_OCT2025.txt) to use --zip.")
    found = store.schedules.row(ZIP_LOCALITY, zip_code, zips)
    if found is None:
        raise MedcodeError(f"ZIP code {zip_code} is not in {zips.label} ({zips.source_name}).")
    key = zip_locality_key(found[1])
    locality = next((loc for loc in localities if loc.key == key), None)
    if locality is None:
        raise MedcodeError(f"ZIP code {zip_code} is in locality {key}, which {gpci.label} ({gpci.source_name}) lacks.")
    return locality, f"zip {zip_code} ({zips.label}, {zips.source_name})"


def _by_text(text: str, localities: list[Locality], gpci: Release) -> Locality:
    found = find_localities(text, localities)
    chosen = best_locality(text, found)
    if chosen is not None:
        return chosen
    if not found:
        kind = "locality" if locality_id(text) else "locality name or county"
        raise MedcodeError(
            f"No {kind} in {gpci.label} ({gpci.source_name}) matches {text.strip()!r}; give MAC-NN "
            "(e.g. 01112-05), words of a locality's name or county, or --zip."
        )
    named = "; ".join(f"{loc.key} {loc.name}" for loc in found[:SHOWN_CHOICES])
    more = f" and {len(found) - SHOWN_CHOICES} more" if len(found) > SHOWN_CHOICES else ""
    raise MedcodeError(f"{text.strip()!r} matches {len(found)} localities ({named}{more}); give one as MAC-NN.")
