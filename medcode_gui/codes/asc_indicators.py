"""ASC payment indicators in words: every indicator of ASC Addendum AA and BB, with a one-line meaning written here
from CMS's public definitions (ASC Addendum DD1)."""

from __future__ import annotations

PAYMENT_INDICATORS = {
    "A2": "Surgical procedure on the ASC list since 2007: paid from its OPPS relative weight",
    "B5": "No payment: another code may be available",
    "D1": "Ancillary dental service or item: packaged, no separate payment",
    "D2": "Non-office-based dental procedure added in 2024 or later",
    "D5": "Deleted or discontinued code: no payment",
    "F4": "Corneal tissue acquisition or hepatitis B vaccine: paid at reasonable cost",
    "G2": "Non-office-based surgical procedure added in 2008 or later: paid from its OPPS relative weight",
    "H2": "Brachytherapy source with a covered surgical procedure: paid separately at the OPPS rate",
    "J7": "OPPS pass-through device with a covered surgical procedure: paid separately, priced by the contractor",
    "J8": "Device-intensive procedure: paid at an adjusted rate",
    "K2": "Drug, biological or radiopharmaceutical with a covered surgical procedure: paid separately at the OPPS rate",
    "K5": "No payment: no pricing information or claims data are available yet",
    "K7": "Unclassified drug or biological: priced by the contractor",
    "L1": "Influenza or pneumococcal vaccine: packaged, no separate payment",
    "L6": "Special payment: a new technology intraocular lens or a qualifying non-opioid device",
    "N1": "Packaged service or item: no separate payment",
    "P2": "Office-based procedure added in 2008 or later: paid from its OPPS relative weight",
    "P3": "Office-based procedure added in 2008 or later: paid from the physician fee schedule's non-facility PE RVUs",
    "R2": "Office-based procedure added in 2008 or later without non-facility PE RVUs: paid from its OPPS weight",
    "Z2": "Radiology or diagnostic service with a covered surgical procedure: paid from its OPPS relative weight",
    "Z3": "Radiology or diagnostic service with a covered surgical procedure: paid from non-facility PE RVUs",
}


def indicator_meaning(indicator: str) -> str:
    return PAYMENT_INDICATORS.get(indicator.strip(), f"Payment indicator {indicator.strip()} (not described here)")
