"""Decode the coded columns of a physician fee schedule (PPRRVU) row, from tables transcribed from RVU25D.pdf."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from ..paths import resource_text

UNDOCUMENTED = "value not documented in the CMS record layout (RVU25D.pdf)"

# Numbers shown as they are: RVUs, their totals, the global-package shares and the conversion factor.
PFS_AMOUNT_FIELDS: tuple[str, ...] = (
    "WORK RVU",
    "NON-FAC PE RVU",
    "FACILITY PE RVU",
    "MP RVU",
    "NON-FACILITY TOTAL",
    "FACILITY TOTAL",
    "PRE OP",
    "INTRA OP",
    "POST OP",
    "CONV FACTOR",
    "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT",
    "FACILITY PE USED FOR OPPS PAYMENT AMOUNT",
    "MP USED FOR OPPS PAYMENT AMOUNT",
)

# The csv's column keys are upper-case and terse ("PCTC IND"); these are the names shown to people.
LABELS: dict[str, str] = {
    "HCPCS": "HCPCS",
    "MOD": "Modifier",
    "DESCRIPTION": "Description",
    "STATUS CODE": "Status",
    "NOT USED FOR MEDICARE PAYMENT": "Not used for Medicare payment",
    "WORK RVU": "Work RVU",
    "NON-FAC PE RVU": "Non-facility PE RVU",
    "NON-FAC NA INDICATOR": "Non-facility NA",
    "FACILITY PE RVU": "Facility PE RVU",
    "FACILITY NA INDICATOR": "Facility NA",
    "MP RVU": "Malpractice RVU",
    "NON-FACILITY TOTAL": "Non-facility total RVUs",
    "FACILITY TOTAL": "Facility total RVUs",
    "PCTC IND": "PC/TC indicator",
    "GLOB DAYS": "Global surgery period",
    "PRE OP": "Pre-operative share",
    "INTRA OP": "Intra-operative share",
    "POST OP": "Post-operative share",
    "MULT PROC": "Multiple procedures (mod 51)",
    "BILAT SURG": "Bilateral surgery (mod 50)",
    "ASST SURG": "Assistant at surgery",
    "CO-SURG": "Co-surgeons (mod 62)",
    "TEAM SURG": "Team surgery (mod 66)",
    "ENDO BASE": "Endoscopic base code",
    "CONV FACTOR": "Conversion factor",
    "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES": "Physician supervision",
    "CALCULATION FLAG": "Calculation flag",
    "DIAGNOSTIC IMAGING FAMILY INDICATOR": "Diagnostic imaging family",
    "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT": "Non-facility PE for OPPS cap",
    "FACILITY PE USED FOR OPPS PAYMENT AMOUNT": "Facility PE for OPPS cap",
    "MP USED FOR OPPS PAYMENT AMOUNT": "Malpractice for OPPS cap",
}


@cache
def pfs_codebook() -> dict[str, Any]:
    return json.loads(resource_text("pfs_codebook.json"))


@cache
def coded_columns() -> dict[str, dict[str, Any]]:
    """Column key -> its codebook table, in the codebook's order."""
    return {table["column"]: table for name, table in pfs_codebook().items() if not name.startswith("_")}


def pfs_label(column: str) -> str:
    """A short name for a column key; an unknown key (a later release's new column) is shown as written."""
    return LABELS.get(column, column)


def pfs_meaning(column: str, raw: str) -> str | None:
    """The layout's words for a raw value of a coded column, or None when the layout does not document it."""
    table = coded_columns().get(column)
    return table["values"].get(raw.strip()) if table else None


def decode_pfs(fields: dict[str, str]) -> list[dict[str, Any]]:
    """One entry per coded column present in fields with a non-blank value, in the codebook's order.

    A blank cell is left out: it is the file's way of saying "no modifier", "not NA" or "no flag", and the layout
    gives blanks no meaning of their own.
    """
    entries: list[dict[str, Any]] = []
    for column, table in coded_columns().items():
        raw = (fields.get(column) or "").strip()
        if not raw:
            continue
        words = table["values"].get(raw)
        entry: dict[str, Any] = {"field": column, "label": pfs_label(column), "code": raw, "meaning": words}
        if words is None:
            entry["note"] = UNDOCUMENTED
        entries.append(entry)
    return entries
