"""Hostile input files (issue 16, item 4): each function writes one attack into a folder and returns its path.

Shared by tests/robustness/test_robustness_hostile.py and the reliability script. Where the attack is inflation
(a zip bomb, an xlsx whose sheet inflates to gigabytes) the file on disk is small: the deflate stream of one
block is written once and repeated, so writing it takes well under a second.
"""

from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

MB = 2**20
_BLOCK = 1 * MB  # inflated size of one repeated deflate block


def _repeated_deflate(block: bytes, times: int, head: bytes = b"", tail: bytes = b"") -> tuple[bytes, int, int]:
    """(raw deflate stream, crc32, inflated size) of head + block * times + tail, compressing block only once.

    A full flush after each part makes every block's compressed bytes identical and self-contained (the
    window is reset), so the stream is the head, one compressed block repeated, then the tail.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return start + repeated * times + end, crc, len(head) + len(block) * times + len(tail)


def _write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip (zip64 where sizes need it) of (name, raw deflate stream, crc32, inflated size) members."""
    central, offset = [], 0
    with path.open("wb") as out:
        for name, stream, crc, size in members:
            encoded = name.encode()
            zip64 = struct.pack("<HHQQ", 1, 16, size, len(stream))
            local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                                len(encoded), len(zip64))
            out.write(local + encoded + zip64 + stream)
            extra = struct.pack("<HHQQQ", 1, 24, size, len(stream), offset)
            central.append(
                struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                            len(encoded), len(extra), 0, 0, 0, 0o100644 << 16, 0xFFFFFFFF)
                + encoded + extra
            )
            offset += len(local) + len(encoded) + len(zip64) + len(stream)
        directory = b"".join(central)
        out.write(directory)
        count = len(members)
        out.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, len(directory), offset))
        out.write(struct.pack("<IIQI", 0x07064B50, 0, offset + len(directory), 1))
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))
    return path


def _stored(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    b'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    b'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
    b'name="HCPC" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def xlsx_bomb(folder: Path, inflated_mb: int = 1600) -> Path:
    """An xlsx (about 2 MB on disk) whose one sheet's XML inflates to inflated_mb MB of inline-string rows."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>'
    )
    row = b'<row><c t="inlineStr"><is><t>HCPC</t></is></c><c t="inlineStr"><is><t>x</t></is></c></row>'
    block = row * (_BLOCK // len(row))
    sheet = _repeated_deflate(block, inflated_mb, head, b"</sheetData></worksheet>")
    members = [
        ("[Content_Types].xml", *_stored(_CONTENT_TYPES)),
        ("_rels/.rels", *_stored(_RELS)),
        ("xl/workbook.xml", *_stored(_WORKBOOK)),
        ("xl/_rels/workbook.xml.rels", *_stored(_WORKBOOK_RELS)),
        ("xl/worksheets/sheet1.xml", *sheet),
    ]
    return _write_zip(folder / "HCPC2019_CONTR_ANWEB.xlsx", members)


def zip_of_many_members(folder: Path, members: int = 100, member_mb: int = 199, ratio_ok: bool = False) -> Path:
    """A release-named zip of `members` text members of member_mb MB each (each just under the old 200 MB cap).

    Packed about 1000 to 1; with ratio_ok about 50 to 1 (one byte in 200 is noise), as real text can be, so
    that only the sizes, not the ratio, refuse it.
    """
    block = bytearray(b"A" * _BLOCK)
    if ratio_ok:
        noise = random.Random(16)
        for _ in range(_BLOCK // 200):
            block[noise.randrange(_BLOCK)] = noise.randrange(256)
    stream, crc, size = _repeated_deflate(bytes(block), member_mb)
    entries = [(f"HCPC2019_CONTR_ANWEB_{number:03d}.txt", stream, crc, size) for number in range(members)]
    return _write_zip(folder / "2019-Alpha-Numeric-HCPCS-File.zip", entries)


# Junk under a valid header: what each delimited-text importer accepts as its own, then rows of nothing.
JUNK_HEADERS = {
    "generic-csv": ("codes.csv", b"code,description,added_date\n", b"ZZZZZ-junk-row,not a code at all,junk\n"),
    "athena": (
        "CONCEPT.csv",
        b"concept_id\tconcept_name\tdomain_id\tvocabulary_id\tconcept_class_id\tstandard_concept\tconcept_code"
        b"\tvalid_start_date\tvalid_end_date\tinvalid_reason\n",
        b"1\tjunk\tjunk\tJUNK\tjunk\t\tjunk\t20190101\t20991231\t\n",
    ),
    "pprrvu-csv": (
        "PPRRVU2025_Oct.csv",
        b"2025 National Physician Fee Schedule Relative Value File October Release\nHCPCS,MOD,DESCRIPTION,CODE\n",
        b"junk,junk,junk\n",
    ),
    "hcpcs-txt": (
        "HCPC2019_CONTR_ANWEB.txt",
        b"A0021000013Ambulance service, outside state per mile, transport (Medicaid only)".ljust(320) + b"\n",
        b"junk junk junk junk junk junk junk junk junk junk junk junk junk junk junk\n",
    ),
}


def junk_under_header(folder: Path, kind: str = "generic-csv", size_mb: int = 200) -> Path:
    """A file whose first line(s) a text importer accepts, then size_mb MB of junk rows (written in 1 MB blocks)."""
    name, header, line = JUNK_HEADERS[kind]
    block = line * (_BLOCK // len(line))
    path = folder / name
    with path.open("wb") as out:
        out.write(header)
        for _ in range(size_mb):
            out.write(block)
    return path


def endless_device() -> Path:
    """A file name that is no regular file and never ends when read (POSIX); NUL on Windows reads as empty."""
    return Path("/dev/zero") if Path("/dev/zero").exists() else Path("NUL")
