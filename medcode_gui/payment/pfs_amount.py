"""The physician fee schedule amount of a code in a locality (RVU25D.pdf, "The formula for 2025 physician fee
schedule payment amount"):

    [(work RVU x work GPCI) + (PE RVU x PE GPCI) + (MP RVU x MP GPCI)] x conversion factor

with the facility or the non-facility PE RVU. Decimal throughout (never float), rounded once, at the end, to
the cent, half up: the rounding that reproduces every capped price of OPPSCAP_Oct from the same arithmetic
(docs/payment.md). The OPPS amount the cap compares with is the same formula over PPRRVU's "OPPS" PE and MP RVUs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..codes.records import ScheduleRow

CENT = Decimal("0.01")
NATIONAL = Decimal("1.000")  # the GPCIs of no locality: the national amount
PAID_STATUSES = ("A", "R", "T")  # RVU25D.pdf: only these statuses' RVUs are used for Medicare payment
# The PFS record's columns (importers/pprrvu.py COLUMNS); a modifier's row is under "<column> [<modifier>]".
STATUS = "STATUS CODE"
WORK, NON_FACILITY_PE, FACILITY_PE, MP, CF = "WORK RVU", "NON-FAC PE RVU", "FACILITY PE RVU", "MP RVU", "CONV FACTOR"
OPPS_NON_FACILITY_PE = "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT"
OPPS_FACILITY_PE = "FACILITY PE USED FOR OPPS PAYMENT AMOUNT"
OPPS_MP = "MP USED FOR OPPS PAYMENT AMOUNT"
NON_FACILITY_NA, FACILITY_NA = "NON-FAC NA INDICATOR", "FACILITY NA INDICATOR"


def cents(amount: Decimal) -> Decimal:
    """To the cent, half up, as CMS rounds a payment amount."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money(amount: Decimal | None) -> str | None:
    """An amount as the JSON and the text show it: a string with two decimals ("1339.81"), never a float."""
    return None if amount is None else str(cents(amount))


@dataclass(frozen=True)
class Gpci:
    """A locality's three indices, as GPCI2025 gives them (raw text kept for showing)."""

    work: str
    pe: str
    mp: str

    @classmethod
    def of(cls, row: ScheduleRow | None) -> Gpci:
        """A GPCI2025 row's indices, or the national 1.000 when no locality is chosen."""
        if row is None:
            return cls(str(NATIONAL), str(NATIONAL), str(NATIONAL))
        return cls(row.fields["PW GPCI"], row.fields["PE GPCI"], row.fields["MP GPCI"])


@dataclass(frozen=True)
class Rvus:
    """One PPRRVU row's figures (the code's own row, or a pricing modifier's: 26, TC, 53)."""

    status: str
    work: str
    non_facility_pe: str
    facility_pe: str
    mp: str
    conversion_factor: str
    non_facility_na: str = ""
    facility_na: str = ""
    opps_non_facility_pe: str = ""
    opps_facility_pe: str = ""
    opps_mp: str = ""

    @classmethod
    def of(cls, fields: dict[str, str], modifier: str = "") -> Rvus:
        """From a stored PFS record's fields: the modifier's row where it has one ("WORK RVU [26]")."""

        def value(column: str) -> str:
            return fields.get(f"{column} [{modifier}]" if modifier else column, "") or ""

        return cls(
            value(STATUS), value(WORK), value(NON_FACILITY_PE), value(FACILITY_PE), value(MP),
            value(CF) or fields.get(CF, ""), value(NON_FACILITY_NA), value(FACILITY_NA),
            value(OPPS_NON_FACILITY_PE), value(OPPS_FACILITY_PE), value(OPPS_MP),
        )  # fmt: skip

    @property
    def is_paid(self) -> bool:
        return self.status in PAID_STATUSES


def amount(work: str, pe: str, mp: str, gpci: Gpci, conversion_factor: str) -> Decimal:
    """[(work x PW GPCI) + (PE x PE GPCI) + (MP x MP GPCI)] x CF, rounded to the cent once, at the end."""
    total = Decimal(work) * Decimal(gpci.work) + Decimal(pe) * Decimal(gpci.pe) + Decimal(mp) * Decimal(gpci.mp)
    return cents(total * Decimal(conversion_factor))


def pfs_amounts(rvus: Rvus, gpci: Gpci) -> tuple[Decimal, Decimal]:
    """(non-facility, facility) amounts of a paid code in a locality."""
    return (
        amount(rvus.work, rvus.non_facility_pe, rvus.mp, gpci, rvus.conversion_factor),
        amount(rvus.work, rvus.facility_pe, rvus.mp, gpci, rvus.conversion_factor),
    )


def opps_amounts(rvus: Rvus, gpci: Gpci) -> tuple[Decimal, Decimal] | None:
    """(non-facility, facility) OPPS payment amounts (RVU25D.pdf's "OPPS Payment Amount"), where PPRRVU has them."""
    if not (rvus.opps_non_facility_pe and rvus.opps_facility_pe and rvus.opps_mp):
        return None
    return (
        amount(rvus.work, rvus.opps_non_facility_pe, rvus.opps_mp, gpci, rvus.conversion_factor),
        amount(rvus.work, rvus.opps_facility_pe, rvus.opps_mp, gpci, rvus.conversion_factor),
    )
