"""Anesthesia services: paid as (base units + time units) x the locality's anesthesia conversion factor
(RVU25D.pdf and ANES2025), not from RVUs. The base units are in CMS's anesthesia base units file, which is not
among the files MedCode imports; the time units come from the claim (minutes / 15)."""

from __future__ import annotations

ANESTHESIA_STATUS = "J"  # PFS status J: "Anesthesia Services. There are no RVUs and no payment amounts"
FIRST, LAST = "00100", "01999"  # the CPT anesthesia section
FORMULA = "(base units + time units) x anesthesia conversion factor"
NO_BASE_UNITS = (
    "the base units are not in the files imported (CMS publishes them in its anesthesia base units file); "
    "the time units are the minutes of anesthesia / 15"
)


def is_anesthesia(code: str, status: str = "") -> bool:
    """A CPT anesthesia code (00100-01999), or a code the PFS marks with status J."""
    return status == ANESTHESIA_STATUS or (code.isdigit() and len(code) == 5 and FIRST <= code <= LAST)
