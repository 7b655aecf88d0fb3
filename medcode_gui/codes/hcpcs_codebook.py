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


# Every field of the CMS HCPCS contractor record, in layout order: (xlsx heading or our key, layout field
# number, the layout's own name). The fillers (fields 3, 24 and 31) hold nothing and are not kept. Fields 1
# and 4 share columns 1-5: a code row is field 1, a modifier row field 4. The continuation lines' sequence
# numbers and record ids are fields 5 and 6 of the lines after the first.
LAYOUT: tuple[tuple[str, int, str], ...] = (
    ("HCPC", 1, "Healthcare Common Procedure Coding System Code"),
    ("SEQNUM", 5, "HCPCS Sequence Number"),
    ("RECID", 6, "HCPCS Record Identification Code"),
    ("CONTINUATION SEQNUMS", 5, "HCPCS Sequence Number (continuation lines)"),
    ("CONTINUATION RECIDS", 6, "HCPCS Record Identification Code (continuation lines)"),
    ("LONG DESCRIPTION", 7, "HCPCS Long Description"),
    ("SHORT DESCRIPTION", 8, "HCPCS Short Description"),
    *((f"PRICE{i}", 9, f"HCPCS Pricing Indicator Code {i}") for i in range(1, 5)),
    ("MULT_PI", 10, "HCPCS Multiple Pricing Indicator Code"),
    *((f"CIM{i}", 11, f"HCPCS Coverage Issues Manual Reference Section Number {i}") for i in range(1, 4)),
    *((f"MCM{i}", 12, f"HCPCS Medicare Carriers Manual Reference Section Number {i}") for i in range(1, 4)),
    ("STATUTE", 13, "HCPCS Statute Number"),
    *((f"LABCERT{i}", 14, f"HCPCS Lab Certification Code {i}") for i in range(1, 9)),
    *((f"XREF{i}", 15, f"HCPCS Cross Reference Code {i}") for i in range(1, 6)),
    ("COV", 16, "HCPCS Coverage Code"),
    ("ASC_GRP", 17, "HCPCS ASC Payment Group Code"),
    ("ASC_DT", 18, "HCPCS ASC Payment Group Effective Date"),
    ("OPPS", 19, "HCPCS MOG Payment Group Code"),
    ("OPPS_PI", 20, "HCPCS MOG Payment Policy Indicator"),
    ("OPPS_DT", 21, "HCPCS MOG Effective Date"),
    ("PROCNOTE", 22, "HCPCS Processing Note Number"),
    ("BETOS", 23, "HCPCS Berenson-Eggers Type Of Service Code"),
    *((f"TOS{i}", 25, f"HCPCS Type Of Service Code {i}") for i in range(1, 6)),
    ("ANEST_BU", 26, "HCPCS Anesthesia Base Unit Quantity"),
    ("ADD DT", 27, "HCPCS Code Added Date"),
    ("ACT EFF DT", 28, "HCPCS Action Effective Date"),
    ("TERM DT", 29, "HCPCS Termination Date"),
    ("ACTION CD", 30, "HCPCS Action Code"),
)
MODIFIER_FIELD_NAME = (4, "HCPCS Modifier Code")
BLANK = "none"
NOT_STORED = "not stored: imported by an earlier version; import the file again to fill it in"
DATE_FIELDS = {"ASC_DT", "OPPS_DT", "ADD DT", "ACT EFF DT", "TERM DT"}
REFERENCE_FIELDS = (*(f"CIM{i}" for i in range(1, 4)), *(f"MCM{i}" for i in range(1, 4)), "STATUTE")
_SOCIAL_SECURITY_ACT = re.compile(r"^18\d\d")  # Medicare is title XVIII of the Act: sections 1801-1899


def reference(field: str, raw: str) -> str:
    """A CIM, MCM or statute value as the reference it is, in words (the raw value kept as CMS wrote it)."""
    if field.startswith("CIM"):
        return f"CIM {raw}: Coverage Issues Manual section {raw}"
    if field.startswith("MCM"):
        return f"MCM {raw}: Medicare Carriers Manual section {raw}"
    if _SOCIAL_SECURITY_ACT.match(raw):
        return f"Social Security Act §{raw}"
    return f"Statute {raw}, as CMS wrote it (the record layout names no act)"


def reference_short(field: str, raw: str) -> str:
    """A reference as a coverage line cites it: "CIM 60-3", "MCM 2049", "SSA §1861(s)(5)"."""
    if field == "STATUTE":
        return f"SSA §{raw}" if _SOCIAL_SECURITY_ACT.match(raw) else f"statute {raw}"
    return f"{field[:3]} {raw}"


def coverage_references(fields: dict[str, str]) -> list[str]:
    """The filled CIM, MCM and statute fields of a record, in layout order: where coverage instructions are."""
    return [name for name in REFERENCE_FIELDS if fields.get(name, "").strip()]


def coverage_meaning(fields: dict[str, str]) -> tuple[str, list[dict[str, str]]]:
    """The coverage code in words and, for a record with CIM, MCM or statute references, where to read on
    ("...; see CIM 60-3, 60-9; MCM 2049"), with each cited piece of that text and the field it cites."""
    raw = fields.get("COV", "").strip()
    words = (meaning("coverage", raw) or "not documented in the CMS record layout") if raw else BLANK
    cited = _citations(fields, coverage_references(fields))
    if cited:
        return f"{words}; see " + "".join(sep + text for _, text, sep in cited), [
            {"field": field, "text": text} for field, text, _ in cited
        ]
    if raw == "D":
        return f"{words}; this record names no CIM, MCM or statute reference", []
    return words, []


def _citations(fields: dict[str, str], cited: list[str]) -> list[tuple[str, str, str]]:
    """(field, text, separator before it) of each reference, those of a kind together as a coder cites them:
    "CIM 60-3", ", 60-9", "; MCM 2049"."""
    pieces: list[tuple[str, str, str]] = []
    previous = None
    for name in cited:
        kind = "STATUTE" if name == "STATUTE" else name[:3]
        raw = fields[name].strip()
        if kind == previous:
            pieces.append((name, raw, ", "))
        else:
            pieces.append((name, reference_short(kind, raw), "; " if pieces else ""))
        previous = kind
    return pieces


def _field_meaning(field: str, raw: str, fields: dict[str, str], note: str | None) -> str:
    """The meaning of one filled field of the layout."""
    if field in DATE_FIELDS:
        valid = len(raw) == 8 and raw.isdigit()
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}" if valid else "not a CCYYMMDD date"
    if field in REFERENCE_FIELDS:
        return reference(field, raw)
    if field == "RECID":
        return meaning("record_identification", raw) or "not documented in the CMS record layout"
    if field == "CONTINUATION RECIDS":  # each id once: a long description has up to 16 such lines, all alike
        ids = raw.split()
        said = [f"{r}: {meaning('record_identification', r) or 'not documented'}" for r in dict.fromkeys(ids)]
        return "; ".join(said) + (f" (each of the {len(ids)} lines)" if len(ids) > 1 and len(said) == 1 else "")
    if field == "CONTINUATION SEQNUMS":
        count = len(raw.split())
        return f"{count} more line{'s' if count != 1 else ''} of the long description"
    if field == "SEQNUM":
        return "the record's first line"
    if field == "PROCNOTE":
        return note or "no text for this number in the release's processing notes"
    if field.startswith("XREF"):
        return f"cross-reference to {raw}"
    if field == "ANEST_BU":
        return f"{raw} anesthesia base unit{'s' if raw != '1' else ''}"
    if field in ("HCPC", "LONG DESCRIPTION", "SHORT DESCRIPTION"):
        return "as written in the file"
    return _coded_meaning(field, raw) or "not documented in the CMS record layout"


def _coded_meaning(field: str, raw: str) -> str | None:
    if field in SINGLE_FIELDS:
        return meaning(SINGLE_FIELDS[field][1], raw)
    prefix = field.rstrip("0123456789")
    if prefix in REPEATED_FIELDS:
        return meaning(REPEATED_FIELDS[prefix][0], raw)
    return None


def _blank_meaning(field: str) -> str:
    if field == "ASC_GRP":
        return f"{BLANK}: {fix_casing(codebook()['asc_payment_group']['blank_meaning'].lower())}"
    if field == "TERM DT":
        return f"{BLANK}: no termination date"
    if field == "CONTINUATION SEQNUMS":
        return f"{BLANK}: no continuation lines in the file"
    return BLANK


def layout_rows(code: str, kind: str, fields: dict[str, str], note: str | None = None) -> list[dict[str, Any]]:
    """Every field of the HCPCS record layout, in layout order, as {field, number, name, raw, meaning}: raw
    exactly as stored ("" for a blank field, None for one the database does not hold), its meaning in words.
    The coverage row also carries "see": the CIM, MCM and statute fields that hold its instructions, each with
    the text that cites it in the meaning ({field, text})."""
    rows = []
    for field, number, name in LAYOUT:
        if field == "HCPC" and kind == "modifier":
            number, name = MODIFIER_FIELD_NAME
        raw = code if field == "HCPC" else fields.get(field)
        row: dict[str, Any] = {"field": field, "number": number, "name": name, "raw": raw}
        if raw is None:
            row["meaning"] = NOT_STORED
        elif field == "COV":
            row["meaning"], row["see"] = coverage_meaning(fields)
        else:
            row["meaning"] = _field_meaning(field, raw.strip(), fields, note) if raw.strip() else _blank_meaning(field)
        rows.append(row)
    return rows
