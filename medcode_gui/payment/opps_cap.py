"""The OPPS cap on PFS payment (Deficit Reduction Act 2005, section 5102(b)): for the imaging services OPPSCAP
lists in a locality, the amount paid is the lesser of the PFS amount and the OPPS-based price in OPPSCAP.

RVU25D.pdf: OPPSCAP "contains the payment amounts after the application of the OPPS based payment caps, except
for carrier priced codes. For carrier price codes, the field only contains the OPPS based payment caps."
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..codes.records import ScheduleRow

CARRIER_PRICED = "C"


@dataclass(frozen=True)
class Cap:
    """One OPPSCAP row: the capped prices of a code and modifier in one locality, as written."""

    status: str
    facility_price: str
    non_facility_price: str

    @classmethod
    def of(cls, row: ScheduleRow) -> Cap:
        fields = row.fields
        return cls(fields["PROCSTAT"], fields["FACILITY PRICE"], fields["NON-FACILTY PRICE"])

    @property
    def carrier_priced(self) -> bool:
        return self.status == CARRIER_PRICED


def capped(pfs_amount: Decimal, cap_price: str) -> tuple[Decimal, bool]:
    """(the amount paid, whether the cap lowered it): the lesser of the PFS amount and the cap's price."""
    price = Decimal(cap_price)
    return (price, True) if price < pfs_amount else (pfs_amount, False)
