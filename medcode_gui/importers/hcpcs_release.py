"""The CMS HCPCS Level II release in any of its three forms: the release zip, the fixed-width txt, the xlsx."""

from __future__ import annotations

from collections import Counter
from zipfile import ZipFile

from ..codes.errors import ImportFormatError
from ..codes.records import HCPCS, CodeRecord, ParsedRelease, ProgressCallback, ReleaseInfo, no_progress
from .hcpcs_txt import MAX_TXT_BYTES, looks_like_hcpcs_txt, parse_hcpcs_txt, preamble
from .hcpcs_xlsx import MAX_XLSX_BYTES, looks_like_hcpcs_xlsx, parse_hcpcs_xlsx
from .proc_notes import MAX_NOTES_BYTES, looks_like_proc_notes, parse_proc_notes
from .release_naming import inferred_note, release_from_contents, release_from_names, resolve_release_name
from .source import Source, is_xlsx, open_zip, read_member, read_member_head


def sniff(source: Source) -> bool:
    """Detected from content: a zip holding a HCPCS txt or xlsx, such an xlsx, or such a txt."""
    if is_xlsx(source):
        return source.size > MAX_XLSX_BYTES or looks_like_hcpcs_xlsx(source.data)  # too large: parse says so
    if source.is_zip:
        return True  # a zip is only ours to refuse or read; parse() says precisely what is wrong with it
    return looks_like_hcpcs_txt(source.head)


def parse(
    source: Source,
    label: str | None = None,
    effective: str | None = None,
    progress: ProgressCallback = no_progress,
) -> ParsedRelease:
    notes: dict[str, str] = {}
    hints: list[str] = []  # what the file says of itself: sheet name, title and disclaimer lines
    if is_xlsx(source):
        source.refuse_over(MAX_XLSX_BYTES, "HCPCS workbook")
        member, file_format = source.name, "hcpcs-xlsx"
        records = parse_hcpcs_xlsx(source.data, progress, hints)
    elif source.is_zip:
        member, data, notes = _main_member(source)
        file_format = "hcpcs-zip/xlsx" if member.lower().endswith(".xlsx") else "hcpcs-zip/txt"
        if file_format.endswith("xlsx"):
            records = parse_hcpcs_xlsx(data, progress, hints)
        else:
            records, hints = parse_hcpcs_txt(data, progress), preamble(data)
    else:
        source.refuse_over(MAX_TXT_BYTES, "HCPCS file")
        member, file_format = source.name, "hcpcs-txt"
        records, hints = parse_hcpcs_txt(source.data, progress), preamble(source.head)
    _refuse_duplicates(records, source.name)
    names = [member, source.name]
    contents = release_from_contents(HCPCS, (r.action_effective_date for r in records), hints)
    label, effective = resolve_release_name(HCPCS, names, label, effective, contents)
    info = ReleaseInfo(HCPCS, label, effective, source.name, member, source.sha256, file_format)
    warnings = _unknown_note_warnings(records, notes) if notes else []
    # Said only when the contents named what neither the user nor the file name did.
    from_contents = contents and release_from_names(HCPCS, *names) is None and (label, effective) == contents[:2]
    naming_note = inferred_note(label, contents[2]) if from_contents else ""
    return ParsedRelease(info, records, notes, warnings, naming_note=naming_note)


def _main_member(source: Source) -> tuple[str, bytes, dict[str, str]]:
    """The zip member holding the codes (the txt preferred over its xlsx twin) and the processing notes.

    Each candidate is sniffed from its first bytes; only the chosen members are unpacked whole.
    """
    with open_zip(source) as archive:
        return _choose_members(archive, source.name)


def _choose_members(archive: ZipFile, source_name: str) -> tuple[str, bytes, dict[str, str]]:
    names = sorted(archive.namelist())
    chosen: tuple[str, bytes] | None = None
    notes: dict[str, str] = {}
    for name in (n for n in names if n.lower().endswith(".txt")):
        head = read_member_head(archive, name, source_name)
        if looks_like_proc_notes(head):
            notes = parse_proc_notes(read_member(archive, name, source_name, MAX_NOTES_BYTES))
        elif chosen is None and looks_like_hcpcs_txt(head):
            chosen = (name, read_member(archive, name, source_name, MAX_TXT_BYTES))
    for name in (n for n in names if n.lower().endswith(".xlsx") and chosen is None):
        data = read_member(archive, name, source_name, MAX_XLSX_BYTES)
        if looks_like_hcpcs_xlsx(data):
            chosen = (name, data)
    if chosen is None:
        raise ImportFormatError(f"{source_name} holds no CMS HCPCS code file (HCPC*_ANWEB .txt or .xlsx).")
    return chosen[0], chosen[1], notes


def _refuse_duplicates(records: list[CodeRecord], name: str) -> None:
    counts = Counter((r.code, r.kind) for r in records)
    twice = sorted(code for (code, _), n in counts.items() if n > 1)
    if twice:
        raise ImportFormatError(f"{name} lists {', '.join(twice[:5])} more than once; the file is damaged.")


def _unknown_note_warnings(records: list[CodeRecord], notes: dict[str, str]) -> list[str]:
    missing = sorted({r.fields.get("PROCNOTE", "") for r in records} - set(notes) - {""})
    return [f"Processing notes {', '.join(missing)} are referenced but not in the notes file."] if missing else []
