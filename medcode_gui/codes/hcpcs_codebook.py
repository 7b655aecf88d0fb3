"""Decode the coded fields of a HCPCS record into words, from tables transcribed from the CMS record layout."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from ..paths import resource_text

# Source field -> (key in the decoded view, codebook table). Fields that repeat (PRICE1-4, TOS1-5,
# LABCERT1-8) decode to lists under the table's name.
SINGLE_FIELDS = {
    "MULT_PI": ("multiple_pricing_indicator", "multiple_pricing_indicator"),
    "COV": ("coverage", "coverage"),
    "ASC_GRP": ("asc_payment_group", "asc_payment_group"),
    "OPPS": ("mog_payment_group", "mog_payment_group"),
    "OPPS_PI": ("mog_payment_policy_indicator", "opps_payment_indicator"),
    "BETOS": ("betos", "betos"),
    "ACTION CD": ("action", "action_code"),  # "action_code" itself stays the raw letter
}
REPEATED_FIELDS = {
    "PRICE": ("pricing_indicator", 4),
    "LABCERT": ("lab_certification", 8),
    "TOS": ("type_of_service", 5),
}


# How the decoded fields are named to people (the layout's own names are long: "HCPCS Coverage Code").
LABELS = {
    "pricing_indicator": "Pricing indicator",
    "multiple_pricing_indicator": "Multiple pricing indicator",
    "lab_certification": "Lab certification",
    "coverage": "Coverage",
    "asc_payment_group": "ASC payment group",
    "mog_payment_group": "MOG payment group",
    "opps_payment_indicator": "MOG payment policy indicator",
    "betos": "BETOS",
    "type_of_service": "Type of service",
    "action_code": "Action",
}


# The layout's text was cased by CMS from all capitals, a word at a time and every letter after a full stop
# as a new sentence: "e.G.", "part a" (a lone A read as the article), "rvu's", "medicare", "asc". The
# transcription keeps CMS's text as written; these put the casing right when it is read.
CASING_FIXES = (
    (re.compile(r"\be\.G\."), "e.g."),
    (re.compile(r"\bpart ([abAB])\b"), lambda m: f"Part {m[1].upper()}"),
    (re.compile(r"\brvu'?s\b", re.IGNORECASE), "RVUs"),
    (re.compile(r"\bmedicare\b"), "Medicare"),
    (re.compile(r"\basc\b"), "ASC"),
)


def fix_casing(text: str) -> str:
    for pattern, replacement in CASING_FIXES:
        text = pattern.sub(replacement, text)
    return text


@cache
def codebook() -> dict[str, Any]:
    tables = json.loads(resource_text("hcpcs_codebook.json"))
    for table in tables.values():
        if isinstance(table.get("values"), dict):
            table["values"] = {raw: fix_casing(words) for raw, words in table["values"].items()}
    return tables


def table_title(table: str) -> str:
    return codebook()[table]["field"]


def meaning(table: str, raw: str) -> str | None:
    """The layout's words for a raw value, or None when the layout does not document it."""
    return codebook()[table]["values"].get(raw.strip())


def _entry(field: str, table: str, raw: str) -> dict[str, Any]:
    words = meaning(table, raw)
    entry = {"field": field, "label": LABELS[table], "code": raw, "meaning": words}
    if words is None:
        entry["note"] = "value not documented in the CMS record layout"
    return entry


def decode_hcpcs(fields: dict[str, str]) -> dict[str, Any]:
    """Every coded field with its raw value and meaning; absent single fields are None, repeated ones []."""
    decoded: dict[str, Any] = {}
    for field, (key, table) in SINGLE_FIELDS.items():
        raw = fields.get(field, "").strip()
        decoded[key] = _entry(field, table, raw) if raw else None
    for prefix, (table, count) in REPEATED_FIELDS.items():
        names = [f"{prefix}{i}" for i in range(1, count + 1)]
        decoded[table] = [_entry(n, table, fields[n].strip()) for n in names if fields.get(n, "").strip()]
    return decoded
