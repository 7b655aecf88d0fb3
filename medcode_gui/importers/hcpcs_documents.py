"""The files CMS publishes beside a HCPCS release: processing notes, the NOC (not otherwise classified) codes
list and the corrections files, alone or in their zips, as .txt/.prn or .xlsx. Parsed as what they are and
attached to their release by its label (the store keeps them until that release arrives).

Layouts differ by year and twin: the columns are found by their headings, never by fixed positions; a
description that does not fit a row goes on in the next row with the same code and no dates (L8608 in the
2019 list, J1566 in 2018), and is joined to it with one space.
"""

from __future__ import annotations

import io
import re
from zipfile import ZipFile

from python_calamine import CalamineWorkbook

from ..codes.errors import ImportFormatError
from ..codes.records import (
    HCPCS,
    Correction,
    NocEntry,
    ParsedRelease,
    ProgressCallback,
    ReleaseDocument,
    ReleaseInfo,
    no_progress,
)
from .hcpcs_txt import decode_text, iter_lines, looks_like_hcpcs_txt
from .hcpcs_xlsx import cell_text, check_workbook
from .proc_notes import MAX_NOTES_BYTES, looks_like_proc_notes, parse_proc_notes
from .release_naming import release_from_contents, resolve_release_name
from .source import Source, is_xlsx, open_zip, read_member, read_member_head

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024  # the real ones: 0.5-43 KB
# A workbook is opened to read its title only when it is this small: the documents' are 10-24 KB, a HCPCS
# release's 0.7 MB and up, which would otherwise be read twice (1.7 s more for the 2019 xlsx).
MAX_DOCUMENT_XLSX_BYTES = 256 * 1024
TITLE_ROWS = 12  # the title and header sit in the first rows (row 1 and row 4 in 2018-2019)
_VERSION = re.compile(r"(?:^|[_ -])V(\d+)(?=[_ .-]|$)", re.IGNORECASE)
_TEXT_EXTENSIONS = (".txt", ".prn")


def kind_of_lines(lines: list[str]) -> str | None:
    """ "noc-list" or "corrections" from a file's first lines (its title and header), else None."""
    top = " ".join(" ".join(line.split()) for line in lines[:TITLE_ROWS]).upper()
    if "NOC CODES" in top and "HCPCS" in top:
        return "noc-list"
    if "CORRECTIONS" in top and "CODE" in top and "ACTION" in top:
        return "corrections"
    return None


def _text_kind(head: bytes) -> str | None:
    if looks_like_proc_notes(head):
        return "processing-notes"
    return kind_of_lines(decode_text(head[:4000]))


def _sheet_rows(data: bytes) -> list[list[str]]:
    """The first sheet holding rows, as text cells (2018's corrections workbooks have two empty sheets more)."""
    check_workbook(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [workbook.get_sheet_by_index(i).to_python() for i in range(len(workbook.sheet_names))]
    except Exception as error:  # calamine raises its own types for every kind of damage
        raise ImportFormatError(f"The file could not be read as an Excel workbook ({error}).") from None
    rows = next((rows for rows in sheets if rows), [])
    return [[cell_text(cell).strip() for cell in row] for row in rows]


def _xlsx_kind(data: bytes) -> str | None:
    if len(data) > MAX_DOCUMENT_XLSX_BYTES:
        return None
    try:
        return kind_of_lines([" ".join(row) for row in _sheet_rows(data)[:TITLE_ROWS]])
    except ImportFormatError:
        return None


def sniff(source: Source) -> bool:
    """A notes, NOC or corrections file (txt, prn, xlsx), or a zip of them with no code file."""
    if is_xlsx(source):
        return source.size <= MAX_DOCUMENT_XLSX_BYTES and _xlsx_kind(source.data) is not None
    if source.is_zip:
        try:
            with open_zip(source) as archive:
                return bool(_document_members(archive, source.name))
        except ImportFormatError:
            return False  # hcpcs_release says what is wrong with the zip
    return _text_kind(source.head) is not None


def _document_members(archive: ZipFile, source_name: str) -> list[tuple[str, bytes, str]]:
    """(member, bytes, kind) of each document in a zip of documents only; [] when it holds a code file.

    Where a .prn and an .xlsx twin hold the same document, the .xlsx is read: the .prn cuts its columns
    (the NOC list's descriptions at 80 characters, the corrections' actions at 9).
    """
    found: dict[str, tuple[str, bytes, str]] = {}
    names = sorted(archive.namelist())
    for name in (n for n in names if n.lower().endswith(_TEXT_EXTENSIONS)):  # first: a code file ends the search
        head = read_member_head(archive, name, source_name)
        if looks_like_hcpcs_txt(head):
            return []  # a release zip: hcpcs_release reads it, notes and all
        if kind := _text_kind(head):
            found[name.lower().rsplit(".", 1)[0]] = (
                name,
                read_member(archive, name, source_name, MAX_NOTES_BYTES),
                kind,
            )
    workbooks = [n for n in names if n.lower().endswith(".xlsx")]
    if any(archive.getinfo(name).file_size > MAX_DOCUMENT_XLSX_BYTES for name in workbooks):
        return []  # a workbook as large as a code file (a quarterly release zip): hcpcs_release's to read
    for name in workbooks:
        data = read_member(archive, name, source_name, MAX_DOCUMENT_XLSX_BYTES)
        if kind := _xlsx_kind(data):
            found[name.lower().rsplit(".", 1)[0]] = (name, data, kind)  # the twin read whole, over the .prn
    return list(found.values())


def parse(
    source: Source,
    label: str | None = None,
    effective: str | None = None,
    progress: ProgressCallback = no_progress,
) -> ParsedRelease:
    if source.is_zip and not is_xlsx(source):
        with open_zip(source) as archive:
            members = _document_members(archive, source.name)
    else:
        source.refuse_over(MAX_DOCUMENT_BYTES, "CMS document")
        kind = _xlsx_kind(source.data) if is_xlsx(source) else _text_kind(source.head)
        members = [(source.name, source.data, kind or "")]
    if not members:
        raise ImportFormatError(f"{source.name} holds no CMS processing notes, NOC list or corrections file.")
    documents = [_document(source, name, data, kind, label, effective) for name, data, kind in members]
    progress("Reading documents", 1, 1)
    first, (member, data, _) = documents[0], members[0]
    release_label, release_effective = _release_name([member, source.name], _lines(member, data), label, effective)
    info = ReleaseInfo(
        HCPCS, release_label, release_effective, source.name, first.source_member, source.sha256, first.file_format
    )
    return ParsedRelease(info, [], documents=documents)


def _lines(member: str, data: bytes) -> list[str]:
    if member.lower().endswith(".xlsx"):
        return [" ".join(row) for row in _sheet_rows(data)]
    return list(iter_lines(data))


def _document(
    source: Source, member: str, data: bytes, kind: str, label: str | None, effective: str | None
) -> ReleaseDocument:
    workbook = member.lower().endswith(".xlsx")
    lines = _lines(member, data)
    release_label, _ = _release_name([member, source.name], lines, label, effective)
    version = _VERSION.search(member.rsplit(".", 1)[0])
    words = {"processing-notes": "processing notes", "noc-list": "NOC list", "corrections": "corrections"}[kind]
    title = f"{release_label.replace('-', ' ')} {words}" + (f" V{version.group(1)}" if version else "")
    document = ReleaseDocument(
        kind,
        HCPCS,
        release_label,
        title,
        source.name,
        member,
        source.sha256,
        f"hcpcs-{kind}-{'xlsx' if workbook else 'txt'}",
    )
    if kind == "processing-notes":
        document.notes = parse_proc_notes(data)
    else:
        rows = _sheet_rows(data) if workbook else [_text_row(line) for line in lines]
        if kind == "noc-list":
            document.noc = noc_entries(rows, workbook)
        else:
            document.corrections = corrections(rows, lines, workbook)
    if not document.rows:
        raise ImportFormatError(f"{member} has the title of a CMS {words} file but holds no rows.")
    return document


def _release_name(
    names: list[str], title_lines: list[str], label: str | None, effective: str | None
) -> tuple[str, str]:
    """The user's label, else the file's name (NOC_Codes_2019.prn), else its title ("NOC CODES - HCPCS 2019")."""
    contents = release_from_contents(HCPCS, [], title_lines[:TITLE_ROWS])
    return resolve_release_name(HCPCS, names, label, effective, contents)


def _text_row(line: str) -> list[str]:
    """A .prn line as cells: tab-separated where CMS used tabs (2017), else the whole line in one cell."""
    return [cell.strip() for cell in line.split("\t")] if "\t" in line else [line]


def _header_index(rows: list[list[str]], needed: set[str]) -> int:
    for index, row in enumerate(rows[:TITLE_ROWS]):
        if needed <= {" ".join(cell.split()).upper() for cell in row} or all(
            word in " ".join(row).upper() for word in needed
        ):
            return index
    raise ImportFormatError("The file has a CMS title but no header row (" + ", ".join(sorted(needed)) + ").")


def noc_entries(rows: list[list[str]], workbook: bool) -> list[NocEntry]:
    """The NOC list's codes; a row continuing the description above (same code, no dates) is joined to it."""
    header = _header_index(rows, {"HCPCS", "LONG DESCRIPTION", "ADD DATE"})
    cells = _cells_by_heading(rows, header, ["HCPCS", "LONG DESCRIPTION", "ADD DATE", "TERM DATE"], workbook)
    entries: list[NocEntry] = []
    for code, description, added, terminated in cells:
        if not re.fullmatch(r"[A-Z0-9]{5}", code):
            continue
        if not (_date_or_blank(added) and _date_or_blank(terminated)):
            # a .prn description longer than its column runs on under the dates (S9445 in 2018)
            description, added, terminated = " ".join([description, added, terminated]).strip(), "", ""
        if entries and entries[-1].code == code and not added and not terminated:
            last = entries[-1]
            entries[-1] = NocEntry(code, f"{last.description} {description}".strip(), last.added, last.terminated)
        else:
            entries.append(NocEntry(code, description, added, terminated))
    return entries


def _date_or_blank(text: str) -> bool:
    return not text or bool(re.fullmatch(r"\d{8}", text))


def _cells_by_heading(rows: list[list[str]], header: int, headings: list[str], workbook: bool) -> list[list[str]]:
    """Each row below the header as the cells under `headings` (a heading the file lacks gives "")."""
    if workbook or len(rows[header]) > 1:
        names = [" ".join(cell.split()).upper() for cell in rows[header]]
        where = [names.index(h) if h in names else None for h in headings]
        return [[row[i] if i is not None and i < len(row) else "" for i in where] for row in rows[header + 1 :]]
    # Fixed width: each column starts where its heading starts and ends where the next heading starts.
    line = rows[header][0]
    starts = [line.upper().find(h) for h in headings]
    present = sorted(s for s in starts if s >= 0)
    bounds = {s: (present[present.index(s) + 1] if present.index(s) + 1 < len(present) else None) for s in present}
    return [[row[0][s : bounds[s]].strip() if s >= 0 else "" for s in starts] for row in rows[header + 1 :]]


def corrections(rows: list[list[str]], lines: list[str], workbook: bool) -> list[Correction]:
    """Every correction row: the code, the action, the date, and all the row's columns raw.

    In the .prn the columns are printed cut and do not line up with their headings (" A5513  Change
    Ac01/01/2019"), so a row keeps its whole line under LINE, the code is its first word and the date the
    first thing written like one; the .xlsx twin holds each column whole.
    """
    header = _header_index(rows, {"CODE", "ACTION"})
    if workbook:
        names = [" ".join(cell.split()).upper() for cell in rows[header]]
        found = []
        for row in rows[header + 1 :]:
            fields = {name: (row[i] if i < len(row) else "") for i, name in enumerate(names) if name}
            if fields.get("CODE"):
                found.append(Correction(fields["CODE"], fields.get("ACTION", ""), fields.get("EFF DATE", ""), fields))
        return found
    found = []
    for line in lines[header + 1 :]:
        match = re.match(r"^\s*([A-Z0-9]{2,5})\s+(.*)$", line)
        if not match:
            continue
        rest = match.group(2)
        date = re.search(r"\d\d/\d\d?/\d{2,4}", rest)
        action = rest[: date.start()] if date else rest
        found.append(Correction(match.group(1), action.strip(), date.group(0) if date else "", {"LINE": line.rstrip()}))
    return found
