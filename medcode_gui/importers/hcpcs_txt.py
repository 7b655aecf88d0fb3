"""Reader for the CMS HCPCS Level II fixed-width file (HCPCyyyy_CONTR_ANWEB*.txt)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..codes.errors import ImportFormatError
from ..codes.records import CodeRecord, ProgressCallback, no_progress
from .hcpcs_layout import (
    CONTINUATION_RECIDS,
    DETAIL_FIELDS,
    FIRST_LINE_RECIDS,
    RECORD_LENGTH,
    build_record,
    is_record_line,
    join_description,
)

PROGRESS_EVERY = 2000
MAX_TXT_BYTES = 32 * 1024 * 1024  # the real files are about 3.7 MB


def iter_lines(data: bytes) -> Iterator[str]:
    """The lines one at a time, decoded as latin-1 (the disclaimer has 0xA0 bytes) and split on LF only.

    str.splitlines would also split on 0x85 and other latin-1 control bytes; a DOS EOF byte (0x1A) ends the text.
    One line at a time, so a file of millions of empty lines costs no more memory than its bytes.
    """
    text = data.decode("latin-1")  # one str as large as the bytes (latin-1 is one byte a character)
    end = text.find("\x1a")
    end = len(text) if end < 0 else end
    start = 0
    while True:
        stop = text.find("\n", start, end)
        yield text[start : stop if stop >= 0 else end].rstrip("\r")
        if stop < 0:
            return
        start = stop + 1


def decode_text(data: bytes) -> list[str]:
    """Every line of a short text (a sniffed sample), as iter_lines gives them."""
    return list(iter_lines(data))


def looks_like_hcpcs_txt(data: bytes) -> bool:
    """True when the first 60 lines hold at least one HCPCS record line."""
    return any(is_record_line(line) for line in decode_text(data[:40_000])[:60])


def preamble(data: bytes) -> list[str]:
    """The lines above the first record (a disclaimer, a title), from a sample of the file's start."""
    lines = []
    for line in decode_text(data[:40_000])[:60]:
        if is_record_line(line):
            break
        lines.append(" ".join(line.split()))
    return lines


@dataclass
class _Pending:
    code: str
    kind: str
    details: dict[str, str]
    pieces: list[tuple[int, str]] = field(default_factory=list)

    def record(self) -> CodeRecord:
        ordered = [text for _, text in sorted(self.pieces)]
        return build_record(self.code, self.kind, join_description(ordered), self.details)


def parse_hcpcs_txt(data: bytes, progress: ProgressCallback = no_progress) -> list[CodeRecord]:
    """Parse every code and modifier record; raise ImportFormatError if the file is not such a file."""
    if len(data) > MAX_TXT_BYTES:
        raise ImportFormatError("The HCPCS file is far larger than any release; refused.")
    total = data.count(b"\n") + 1
    records: list[CodeRecord] = []
    pending: _Pending | None = None
    for number, raw in enumerate(iter_lines(data), start=1):
        if number % PROGRESS_EVERY == 0:
            progress("Reading records", number, total)
        if not is_record_line(raw):
            continue
        line = raw.ljust(RECORD_LENGTH)  # some releases cut trailing blanks from continuation lines
        recid, seq, piece = line[10], int(line[5:10]), line[11:91]
        code = line[0:5].strip()
        if recid in FIRST_LINE_RECIDS:
            if pending:
                records.append(pending.record())
            details = {name: line[begin - 1 : end] for name, begin, end in DETAIL_FIELDS}
            pending = _Pending(code, FIRST_LINE_RECIDS[recid], details, [(seq, piece)])
        elif pending and pending.code == code and pending.kind == CONTINUATION_RECIDS[recid]:
            pending.pieces.append((seq, piece))
        else:
            raise ImportFormatError(
                f"Line {number} continues the description of {code} but does not follow its first line; "
                "the file is damaged or not a CMS HCPCS file."
            )
    if pending:
        records.append(pending.record())
    if not records:
        raise ImportFormatError("The file holds no HCPCS code records; it is not a CMS HCPCS release file.")
    progress("Reading records", total, total)
    return records
