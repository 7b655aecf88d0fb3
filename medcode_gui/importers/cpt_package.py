"""The AMA CPT data files of a licensed user: a folder or a zip of SHORTU, MEDU, LONGULT, MODUL, consumer and
clinician descriptors and the PLA XML (read_source packs a folder into a zip, so this reads zips only)."""

from __future__ import annotations

import zipfile

from ..codes.errors import ImportFormatError
from ..codes.records import CPT, ParsedRelease, ProgressCallback, ReleaseInfo, no_progress
from .cpt_descriptors import parse_clinician, parse_consumer, parse_descriptors
from .cpt_files import CLINICIAN, CONSUMER, LONG, MEDIUM, MODIFIERS, PLA, SHORT, long_kind, package_members, role_of
from .cpt_modifiers import parse_modifiers
from .cpt_pla import parse_pla
from .cpt_records import CptFiles, build_records
from .release_naming import check_iso_date, release_from_names
from .source import Source, is_xlsx, open_zip, read_member

FILE_FORMAT = "cpt-package"
EXPECTED = "SHORTU.txt, MEDU.txt, LONGULT.txt, MODUL.txt, ConsumerDescriptor.txt, ClinicianDescriptor.txt or a PLA .xml"


def sniff(source: Source) -> bool:
    """A zip (not an xlsx) holding at least one CPT data file, recognised by its name at any depth."""
    if not source.is_zip or is_xlsx(source):
        return False
    try:
        with open_zip(source) as archive:
            names = archive.namelist()
    except ImportFormatError:
        return False  # hcpcs_release claims every zip and says what is wrong with a damaged or unsafe one
    return any(role_of(name) for name in names)


def parse(
    source: Source,
    label: str | None = None,
    effective: str | None = None,
    progress: ProgressCallback = no_progress,
) -> ParsedRelease:
    with open_zip(source) as archive:
        members = package_members(archive.namelist(), source.name)
        if not members:
            raise ImportFormatError(f"{source.name} holds none of the CPT data files ({EXPECTED}).")
        files, copyright_line = _read_files(archive, members, source, progress)
    records = build_records(files)
    label, effective, warnings = _release_name(source.name, label, effective, copyright_line)
    used = ", ".join(name for names in members.values() for name in names)
    info = ReleaseInfo(CPT, label, effective, source.name, used, source.sha256, FILE_FORMAT)
    return ParsedRelease(info, records, {}, warnings)


def _read_files(
    archive: zipfile.ZipFile, members: dict[str, list[str]], source: Source, progress: ProgressCallback
) -> tuple[CptFiles, tuple[str, int] | None]:
    """Every member parsed into CptFiles, and (file, year) of the first copyright line found."""
    files, copyright_line = CptFiles(), None
    todo = [(role, member) for role, names in members.items() for member in names]
    for done, (role, member) in enumerate(todo):
        progress("Reading CPT data files", done, len(todo))
        name = f"{source.name}/{member}"  # error sentences name the file inside the package
        year = _read_file(files, role, member, name, read_member(archive, member, source.name))
        if year and not copyright_line:
            copyright_line = (member, year)
    progress("Reading CPT data files", len(todo), len(todo))
    return files, copyright_line


def _read_file(files: CptFiles, role: str, member: str, name: str, data: bytes) -> int | None:
    """Parse one member into files; its copyright year, if it has a copyright header."""
    if role in (SHORT, MEDIUM, LONG):
        parsed = parse_descriptors(data, name)
        files.descriptors[long_kind(member) if role == LONG else role] = parsed.descriptors
        return parsed.copyright_year
    if role == MODIFIERS:
        modifiers = parse_modifiers(data, name)
        files.modifiers = modifiers.modifiers
        return modifiers.copyright_year
    if role == CONSUMER:
        files.consumer, files.consumer_name = parse_consumer(data, name), name
    elif role == CLINICIAN:
        files.clinician, files.clinician_name = parse_clinician(data, name), name
    elif role == PLA:
        files.add_pla(parse_pla(data, name), name)
    return None


def _release_name(
    source_name: str, label: str | None, effective: str | None, copyright_line: tuple[str, int] | None
) -> tuple[str, str, list[str]]:
    """(label, effective date, warnings): the user's words, else the package name's year, else the copyright."""
    effective = check_iso_date(effective) if effective else None
    found = release_from_names(CPT, source_name)
    if found:
        return label or found[0], effective or found[1], []
    if label and effective:
        return label, effective, []
    if not copyright_line:
        raise ImportFormatError(
            f"{source_name} does not say which CPT release it is; give a label and an effective date "
            "(--label and --effective YYYY-MM-DD)."
        )
    member, year = copyright_line
    # CPT for year N is published in the autumn of N-1, whose copyright line ends in N-1.
    inferred = [part for part, given in (("label", label), ("effective date", effective)) if not given]
    label, effective = label or f"{CPT}-{year + 1}", effective or f"{year + 1}-01-01"
    verb = "were" if len(inferred) > 1 else "was"
    warning = (
        f"{source_name} does not name its year, so the release {' and '.join(inferred)} ({label}, effective "
        f"{effective}) {verb} inferred from the copyright line of {member} (last year {year}); "
        "give --label and --effective if that is wrong."
    )
    return label, effective, [warning]
