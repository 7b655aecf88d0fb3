"""The CMS HCPCS contractor record (320 bytes), shared by the txt and xlsx readers.

Positions come from the CMS record layouts (HCPCS2019_recordlayout.txt, identical in 2017-2019), 1-based and
inclusive. Field names are the column headings of the CMS .xlsx twin, so both readers produce the same keys.
"""

from __future__ import annotations

import re

from ..codes.records import HCPCS, CodeRecord

RECORD_LENGTH = 320
FIRST_LINE_RECIDS = {"3": "code", "7": "modifier"}
CONTINUATION_RECIDS = {"4": "code", "8": "modifier"}


def _numbered(name: str, count: int, begin: int, width: int) -> list[tuple[str, int, int]]:
    return [(f"{name}{i + 1}", begin + i * width, begin + (i + 1) * width - 1) for i in range(count)]


# (xlsx heading, begin, end) for every detail field after the long description.
DETAIL_FIELDS: list[tuple[str, int, int]] = [
    ("SHORT DESCRIPTION", 92, 119),
    *_numbered("PRICE", 4, 120, 2),
    ("MULT_PI", 128, 128),
    *_numbered("CIM", 3, 129, 6),
    *_numbered("MCM", 3, 147, 8),
    ("STATUTE", 171, 180),
    *_numbered("LABCERT", 8, 181, 3),
    *_numbered("XREF", 5, 205, 5),
    ("COV", 230, 230),
    ("ASC_GRP", 231, 232),
    ("ASC_DT", 233, 240),
    ("OPPS", 241, 243),
    ("OPPS_PI", 244, 244),
    ("OPPS_DT", 245, 252),
    ("PROCNOTE", 253, 256),
    ("BETOS", 257, 259),
    *_numbered("TOS", 5, 261, 1),
    ("ANEST_BU", 266, 268),
    ("ADD DT", 269, 276),
    ("ACT EFF DT", 277, 284),
    ("TERM DT", 285, 292),
    ("ACTION CD", 293, 293),
]

# Where each record sits in the file: the first line's sequence number and record id as the source writes them
# (the txt 5 digits, 00100; the xlsx 4 digits, 0010: never made to look alike), and those of the lines that
# continue the long description, in file order, separated by one space ("" when there are none). Bookkeeping of
# the file, not of the code: a release diff does not count them as changes.
SEQNUM, RECID = "SEQNUM", "RECID"
CONTINUATION_SEQNUMS_FIELD, CONTINUATION_RECIDS_FIELD = "CONTINUATION SEQNUMS", "CONTINUATION RECIDS"
POSITION_FIELDS = (SEQNUM, RECID, CONTINUATION_SEQNUMS_FIELD, CONTINUATION_RECIDS_FIELD)

# All 48 columns of the xlsx twin, in order.
XLSX_COLUMNS: list[str] = ["HCPC", "SEQNUM", "RECID", "LONG DESCRIPTION"] + [f[0] for f in DETAIL_FIELDS]

# Fields whose raw value is a CCYYMMDD date.
DATE_FIELDS = ("ASC_DT", "OPPS_DT", "ADD DT", "ACT EFF DT", "TERM DT")

_RECORD_LINE = re.compile(r"^.{5}\d{5}[3478]")


def is_record_line(line: str) -> bool:
    """A record line has a 5-digit sequence number in 6-10 and a record id of 3, 4, 7 or 8 in 11."""
    return bool(_RECORD_LINE.match(line))


def iso_date(raw: str) -> str | None:
    """CCYYMMDD -> YYYY-MM-DD; blank -> None. A malformed date is kept out of the ISO view (raw stays)."""
    raw = raw.strip()
    if len(raw) == 8 and raw.isdigit():
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    return None


def join_description(pieces: list[str]) -> str:
    """Join long-description pieces: strip each and join with one space (reproduces the CMS xlsx text)."""
    return " ".join(p.strip() for p in pieces if p.strip())


def positions(first: tuple[str, str], continuations: list[tuple[str, str]]) -> dict[str, str]:
    """The POSITION_FIELDS of a record from its first line's (SEQNUM, RECID) and its continuation lines'."""
    return {
        SEQNUM: first[0].strip(),
        RECID: first[1].strip(),
        CONTINUATION_SEQNUMS_FIELD: " ".join(seq.strip() for seq, _ in continuations),
        CONTINUATION_RECIDS_FIELD: " ".join(recid.strip() for _, recid in continuations),
    }


def build_record(
    code: str, kind: str, long_description: str, details: dict[str, str], where: dict[str, str]
) -> CodeRecord:
    """Make a CodeRecord from the raw detail fields of one first-line record and its positions()."""
    fields = {name: where[name] for name in POSITION_FIELDS}
    fields["LONG DESCRIPTION"] = long_description
    fields.update({name: details.get(name, "").strip() for name, _, _ in DETAIL_FIELDS})
    return CodeRecord(
        code=code,
        kind=kind,
        system=HCPCS,
        short_description=fields["SHORT DESCRIPTION"],
        long_description=long_description,
        added_date=iso_date(fields["ADD DT"]),
        action_effective_date=iso_date(fields["ACT EFF DT"]),
        termination_date=iso_date(fields["TERM DT"]),
        action_code=fields["ACTION CD"] or None,
        fields=fields,
    )
