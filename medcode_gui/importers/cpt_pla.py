"""The Proprietary Laboratory Analyses (PLA) XML: <plaCodes> of <plaCode cdCode="0001U" cdId="1"> elements."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..codes.errors import ImportFormatError
from .cpt_text import CPT_CODE

# xml.etree expands entities declared in a DTD (a "billion laughs" file can exhaust memory); the PLA file needs
# no DTD, so any declaration is refused before parsing. UTF-16/32 are refused too, as the check reads bytes.
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass
class PlaCode:
    code: str
    fields: dict[str, str]  # "PLA cdId", "PLA cdDesc", ... raw, in file order
    added_date: str | None  # the effectiveDate as an ISO date


def parse_pla(data: bytes, name: str) -> dict[str, PlaCode]:
    """Code -> its PLA record, in file order."""
    root = _root(data, name)
    result: dict[str, PlaCode] = {}
    for element in root:
        if _local(element.tag) != "plaCode":
            continue
        pla = _pla_code(element, name)
        if pla.code in result:
            raise ImportFormatError(f"{name} lists {pla.code} more than once.")
        result[pla.code] = pla
    if not result:
        raise ImportFormatError(f"{name} holds no <plaCode> elements.")
    return result


def _root(data: bytes, name: str) -> ET.Element:
    if not data.strip():
        raise ImportFormatError(f"{name} is empty.")
    if b"\x00" in data or _DECLARATION.search(data):
        raise ImportFormatError(f"{name} holds a DTD or is not UTF-8/ASCII XML; refused for safety.")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        line, column = error.position
        raise ImportFormatError(f"{name} is not well-formed XML (line {line}, column {column}).") from None
    if _local(root.tag) != "plaCodes":
        raise ImportFormatError(f"{name} is not a PLA code file: its root element is <{_local(root.tag)}>.")
    return root


def _pla_code(element: ET.Element, name: str) -> PlaCode:
    code = (element.get("cdCode") or "").strip()
    if not CPT_CODE.fullmatch(code):
        raise ImportFormatError(f"{name} has a <plaCode> whose cdCode {code!r} is not a CPT code.")
    fields = {f"PLA {key}": value for key, value in element.attrib.items() if key != "cdCode"}
    for child in element:
        text = (child.text or "").strip()
        if text:  # the file carries empty elements (e.g. <consumerDesc></consumerDesc>) for missing values
            fields[f"PLA {_local(child.tag)}"] = text
    return PlaCode(code, fields, _iso_date(fields.get("PLA effectiveDate"), code, name))


def _iso_date(text: str | None, code: str, name: str) -> str | None:
    """The calendar date as written (2017-02-01T00:00:00-06:00 -> 2017-02-01), not shifted to UTC."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        raise ImportFormatError(f"{name} gives {code} the effective date {text!r}, which is not a date.") from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
