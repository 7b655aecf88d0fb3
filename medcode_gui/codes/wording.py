"""Raw source values in words for the windows that list them (release diff, comparison basket, Level I):
field names a person reads, coded values with their meaning from the codebooks, CCYYMMDD dates as ISO dates,
and counts with the right plural. The raw value stays in the text (coders quote it); the words explain it."""

from __future__ import annotations

import re

from .hcpcs_codebook import REPEATED_FIELDS, SINGLE_FIELDS, meaning
from .pfs_codebook import pfs_label, pfs_meaning

# The HCPCS record layout's field names (the xlsx twin's headings) as a person reads them; the decoded ones
# and the fee schedule's columns are named by their codebooks.
HCPCS_NAMES = {
    "MULT_PI": "Multiple pricing indicator",
    "STATUTE": "Statute",
    "COV": "Coverage",
    "ASC_GRP": "ASC payment group",
    "ASC_DT": "ASC payment group effective date",
    "OPPS": "MOG payment group",
    "OPPS_PI": "MOG payment policy indicator",
    "OPPS_DT": "MOG effective date",
    "PROCNOTE": "Processing note",
    "BETOS": "BETOS",
    "ANEST_BU": "Anesthesia base units",
    "ADD DT": "Date added",
    "ACT EFF DT": "Action effective date",
    "TERM DT": "Termination date",
    "ACTION CD": "Action code",
    "SEQNUM": "Sequence number",
    "RECID": "Record id",
    "CONTINUATION SEQNUMS": "Sequence numbers of the continuation lines",
    "CONTINUATION RECIDS": "Record ids of the continuation lines",
    "SHORT DESCRIPTION": "Short description",
    "LONG DESCRIPTION": "Long description",
    "PRICED MODIFIERS": "Modifiers with rows of their own",  # the fee schedule's rows for CODE-26, CODE-TC...
}
NUMBERED_NAMES = {
    "PRICE": "Pricing indicator",
    "CIM": "Coverage Issues Manual",
    "MCM": "Medicare Carriers Manual",
    "LABCERT": "Lab certification",
    "XREF": "Cross-reference",
    "TOS": "Type of service",
}
_NUMBERED = re.compile(r"^([A-Z]+)(\d)$")
_DATE_NAME = re.compile(r"(\b|_)(DT|DATE)$", re.IGNORECASE)
_MODIFIER_ROW = re.compile(r"^(.+) \[(\w{2})\]$")  # a fee schedule field of a modifier's row: "WORK RVU [26]"


def field_name(field: str) -> str:
    """A raw field name in words ("ACTION CD" -> "Action code"); an unknown one is shown as written."""
    if match := _MODIFIER_ROW.match(field):
        return f"{field_name(match[1])} (modifier {match[2]})"
    if field in HCPCS_NAMES:
        return HCPCS_NAMES[field]
    if (match := _NUMBERED.match(field)) and match[1] in NUMBERED_NAMES:
        return f"{NUMBERED_NAMES[match[1]]} {match[2]}"
    return pfs_label(field)


def value_meaning(field: str, raw: str) -> str | None:
    """The codebook's words for a coded field's raw value, or None (not a coded field, or undocumented)."""
    raw = raw.strip()
    if not raw:
        return None
    if match := _MODIFIER_ROW.match(field):
        field = match[1]
    if field in SINGLE_FIELDS:
        return meaning(SINGLE_FIELDS[field][1], raw)
    if (match := _NUMBERED.match(field)) and match[1] in REPEATED_FIELDS:
        return meaning(REPEATED_FIELDS[match[1]][0], raw)
    return pfs_meaning(field, raw)


def short_meaning(words: str) -> str:
    """A meaning cut to its first phrase, for a table cell ("Payment change (MOG, ...)" -> "Payment change";
    "Active Code. These codes are paid..." -> "Active Code"); the whole goes in the tooltip."""
    first = words.split(". ", 1)[0].rstrip(".")
    head = first.split(" (", 1)[0]
    return head or first


def iso_date(field: str, raw: str) -> str | None:
    """A date field's CCYYMMDD value as YYYY-MM-DD, or None when the field or value is not such a date."""
    raw = raw.strip()
    if _DATE_NAME.search(field) and len(raw) == 8 and raw.isdigit() and raw[:2] in ("19", "20"):
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    return None


def value_words(field: str, raw: str, whole: bool = False) -> str:
    """A raw value as shown: "P (Payment change)", a date as 2011-01-01, anything else as written.
    whole: the codebook's full meaning (for tooltips) rather than its first phrase."""
    raw = raw.strip()
    if date := iso_date(field, raw):
        return date
    words = value_meaning(field, raw)
    if words is None:
        return raw
    return f"{raw} ({words if whole else short_meaning(words)})"


def change_words(field: str, old: str, new: str, whole: bool = False) -> str:
    """One field's change in a line: "Action code: P (Payment change) → N (No maintenance for this code)"."""
    before = value_words(field, old, whole) or "—"
    after = value_words(field, new, whole) or "—"
    return f"{field_name(field)}: {before} → {after}"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 result", "2,000 results" (plural defaults to singular + s)."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


def plain_value(value: object) -> str:
    """A view's value as a reader wants it (payment parts' extra keys in the CLI and the window): yes/no for a
    flag, a row as "modifier QW, rate 10.56", rows joined by "; ", never Python's own repr."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{key.replace('_', ' ')} {plain_value(item)}" for key, item in value.items() if item)
    if isinstance(value, list):
        return "; ".join(plain_value(item) for item in value)
    return str(value)
