"""What the window shows of a code's payment and rules, as one plain dict: `fee_view` (the dict `medcode fee
--json` prints) and `addon_view` (`medcode addon --json`) for the locality and state chosen, and which payment
files are imported (so that a code missing from a schedule is told apart from a schedule never imported).

The detail pane's payment section, the comparison basket and the printed card all render this dict; no part of
the window computes a figure of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...codes.errors import MedcodeError
from ...codes.records import ADD_ON, ASC, ASP, CLFS, DMEPOS, GPCI, OPPS, PFS, SCHEDULE_SYSTEMS
from ...views.addon_view import addon_view
from ...views.payment_view import fee_view

# The view's parts and the release systems they come from (the PFS part needs the RVUs and the GPCIs).
PART_SYSTEMS: dict[str, tuple[str, ...]] = {
    "physician_fee_schedule": (PFS, GPCI),
    "opps": (OPPS,),
    "dmepos": (DMEPOS,),
    "clfs": (CLFS,),
    "asp": (ASP,),
    "asc": (ASC,),
    "addon": (ADD_ON,),
}


@dataclass(frozen=True)
class PaymentChoice:
    """The locality (MAC-NN, or a ZIP code) and the DMEPOS state the user chose; empty: none chosen."""

    locality: str = ""
    zip_code: str = ""
    state: str = ""

    def fee_arguments(self) -> dict[str, str | None]:
        return {"locality": self.locality or None, "zip_code": self.zip_code or None, "state": self.state or None}


def imported_schedules(store: Any) -> dict[str, dict[str, str]]:
    """The newest imported release of each payment system (and the PFS), system -> {release, file}."""
    found: dict[str, dict[str, str]] = {}
    for release in store.releases():
        if release.system == PFS or release.system in SCHEDULE_SYSTEMS:
            found[release.system] = {"release": release.label, "file": release.source_name}  # oldest first
    return found


def payment_of(store: Any, code: str, choice: PaymentChoice, imported: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the window shows of a code's payment and rules: {code, choice, imported, fee, addon, error}.
    A choice the views refuse (a ZIP code not in the ZIP file) is the `error` sentence, never a traceback."""
    imported = imported_schedules(store) if imported is None else imported
    payment: dict[str, Any] = {"code": code, "choice": choice, "imported": imported, "fee": None, "addon": None}
    if not any(system in imported for system in SCHEDULE_SYSTEMS):
        return payment  # nothing to read: the section says which files to import
    try:
        payment["fee"] = fee_view(store, code, **choice.fee_arguments())
        payment["addon"] = addon_view(store, code) if ADD_ON in imported else None
    except MedcodeError as error:
        payment["error"] = str(error)
    return payment
