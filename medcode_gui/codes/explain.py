"""Explain any string as a CPT or HCPCS code, modifier or code with modifier; say why when it is neither.

Needs no database: the shape of a code and the outline say everything here.
"""

from __future__ import annotations

import re
from typing import Any

from .outline import OutlineNode, outline

HCPCS_LETTERS = set("ABCDEGHJKLMPQRSTUV")
UNUSED_LETTERS = {"F", "I", "N", "O", "W", "X", "Y", "Z"}
CPT_SUFFIXES = {
    "F": "a CPT Category II code (four digits and F): optional tracking for performance measurement, no payment",
    "T": "a CPT Category III code (four digits and T): a temporary code for emerging technology or services",
    "U": "a CPT Category I proprietary laboratory analysis (PLA) code (four digits and U); "
    "not the same as HCPCS Level II U codes, which are U and four digits",
    "M": "a CPT Category I administrative code for a multianalyte assay with algorithmic analysis (MAAA)",
    "A": "a CPT Category I vaccine code (four digits and A), created for vaccines before approval",
}
_CODE_WITH_MODIFIER = re.compile(r"^(\w{5})\s*-\s*(\w{2})$")


def explain(text: str) -> dict[str, Any]:
    """What a string is, as a dict with the contract keys: input, valid, system, category, level, section,
    range, kind, explanation (plus node and path where the outline places it)."""
    raw = text if isinstance(text, str) else str(text)
    value = raw.strip().upper()
    if value and not re.fullmatch(r"[A-Z0-9 \-]+", value):
        return _invalid(raw, "codes and modifiers use only the letters A to Z and digits")
    if match := _CODE_WITH_MODIFIER.match(value):
        return _code_with_modifier(raw, match.group(1), match.group(2))
    if len(value) == 2:
        return _modifier(raw, value)
    if len(value) == 5:
        return _code(raw, value)
    return _invalid(raw, _length_reason(value))


def _base(raw: str, kind: str | None) -> dict[str, Any]:
    return {
        "input": raw,
        "valid": False,
        "system": None,
        "category": None,
        "level": None,
        "section": None,
        "range": None,
        "kind": kind,
        "explanation": "",
        "node": None,
        "path": [],
    }


def _invalid(raw: str, reason: str) -> dict[str, Any]:
    result = _base(raw, None)
    result["explanation"] = f"Not a CPT or HCPCS code: {reason}."
    return result


def _length_reason(value: str) -> str:
    if not value:
        return "it is empty"
    return (
        f"it has {len(value)} characters; codes have five (99213, J1100, 0042T) "
        "and modifiers two (25, LT), or a code and a modifier joined by a hyphen (99213-25)"
    )


def _placed(result: dict[str, Any], leaf: OutlineNode | None) -> dict[str, Any]:
    if leaf is None:
        return result
    path = leaf.path()
    result.update(
        valid=True,
        system=leaf.inherited("system"),
        category=leaf.inherited("category"),
        level=leaf.inherited("level"),
        node=leaf.id,
        path=[n.title for n in path],
        range=leaf.range_text() or None,
    )
    section = next(
        (n for n in path if n.parent and (n.parent.attributes.get("category") or n.parent.attributes.get("level"))),
        None,
    )
    result["section"] = section.title if section else leaf.title
    return result


def _code(raw: str, code: str) -> dict[str, Any]:
    result = _base(raw, "code")
    if code.isdigit():
        shape = "a CPT Category I code (five digits); CPT is also HCPCS Level I"
    elif code[:4].isdigit() and code[4].isalpha():
        if code[4] not in CPT_SUFFIXES:
            return _invalid(raw, f"no CPT code ends in {code[4]} (four digits end in F, T, U, M or A)")
        shape = CPT_SUFFIXES[code[4]]
    elif code[0].isalpha() and code[1:].isdigit():
        if code[0] in UNUSED_LETTERS:
            return _invalid(raw, f"no HCPCS Level II section uses the letter {code[0]}")
        shape = "a HCPCS Level II code (one letter and four digits)"
        if code[0] == "D":
            shape += "; D codes are dental (CDT, American Dental Association) and are not in the CMS HCPCS file"
    else:
        return _invalid(
            raw, "five characters, but neither five digits, four digits and a letter, nor a letter and four digits"
        )
    _placed(result, outline().place(code))
    if not result["valid"]:
        return _invalid(raw, f"{code} lies outside every range of its kind")
    result["explanation"] = f"{code} is {shape}, in {' > '.join(result['path'])} ({result['range']})."
    return result


def _modifier(raw: str, modifier: str) -> dict[str, Any]:
    result = _base(raw, "modifier")
    if not modifier.isalnum() or not modifier.isascii():
        return _invalid(raw, "a modifier is two letters or digits")
    leaf = outline().place(modifier, "modifier")
    if leaf is None:
        return _invalid(raw, f"{modifier} is not shaped like a CPT or HCPCS modifier")
    _placed(result, leaf)
    if result["system"] == "CPT":
        what = "a CPT modifier (two digits)" if modifier.isdigit() else "a CPT Category II modifier"
    else:
        what = "a HCPCS Level II modifier (a letter and a letter or digit)"
    result["explanation"] = f"{modifier} is {what}, in {' > '.join(result['path'])}."
    return result


def _code_with_modifier(raw: str, code: str, modifier: str) -> dict[str, Any]:
    code_part, modifier_part = _code(code, code), _modifier(modifier, modifier)
    result = dict(code_part, input=raw, kind="code+modifier", code=code_part, modifier=modifier_part)
    result["valid"] = code_part["valid"] and modifier_part["valid"]
    result["explanation"] = (
        f"A code with a modifier: {code_part['explanation']} {modifier_part['explanation']}"
        if result["valid"]
        else f"Not a valid code with a modifier: {code_part['explanation']} {modifier_part['explanation']}"
    )
    return result
