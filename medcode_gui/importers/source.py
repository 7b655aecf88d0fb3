"""A file handed to the importers: its bytes read once, with the name and checksum the release records."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..codes.errors import ImportFormatError
from .cpt_files import role_of  # which files of an unpacked package a folder import packs

MAX_FILE_BYTES = 400 * 1024 * 1024
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 500
ARCHIVE_SUFFIXES = (".zip", ".7z", ".gz", ".tar", ".rar", ".exe")
MAX_FOLDER_ENTRIES = 20_000  # files and folders looked at in a folder, so a wrong choice (a home folder) stops fast
# Fixed zip metadata for a packed folder, so the same files always give the same bytes and checksum.
_PACKED_TIME = (1980, 1, 1, 0, 0, 0)
_PACKED_MODE = 0o100644 << 16


@dataclass(frozen=True)
class Source:
    name: str  # what the user gave (file name, no folders)
    data: bytes
    sha256: str

    @property
    def is_zip(self) -> bool:
        return self.data[:4] == b"PK\x03\x04"


def read_source(path: str | Path) -> Source:
    """Read a file the user named, with one clear sentence for every way that can fail."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            return read_folder(path)
        if size > MAX_FILE_BYTES:
            raise ImportFormatError(f"{path.name} is {size // 2**20} MB, far larger than any code release.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFormatError(f"{path} does not exist.") from None
    except PermissionError:
        raise ImportFormatError(f"{path} cannot be read: permission denied.") from None
    except OSError as error:
        raise ImportFormatError(f"{path} cannot be read: {error.strerror or error}.") from None
    if not data.strip():
        raise ImportFormatError(f"{path.name} is empty.")
    return Source(path.name, data, hashlib.sha256(data).hexdigest())


def read_folder(path: Path) -> Source:
    """A folder of release files (the unpacked AMA CPT package) packed into an in-memory zip of its relevant files.

    The importers then handle zips only. Members are sorted, stored with fixed timestamps and modes, so the
    checksum depends on the files' names and bytes alone and importing the same folder twice is "unchanged".
    """
    name = path.resolve().name or str(path)
    found = [(arcname, file) for arcname, file in _folder_files(path, name) if role_of(arcname)]
    if not found:
        raise ImportFormatError(
            f"{path} is a folder holding no release file MedCode can import (it looks for the AMA CPT data files: "
            "SHORTU.txt, MEDU.txt, LONGULT.txt, MODUL.txt, ConsumerDescriptor.txt, ClinicianDescriptor.txt, PLA .xml)."
        )
    if len(found) > MAX_MEMBERS:
        raise ImportFormatError(f"{path} holds {len(found)} release files, more than any release; refused.")
    data = _pack(found, name)
    return Source(name, data, hashlib.sha256(data).hexdigest())


def _folder_files(path: Path, name: str) -> list[tuple[str, Path]]:
    """(name relative to the folder, path) of every regular file, sorted; symbolic links are not followed."""
    files: list[tuple[str, Path]] = []
    seen = 0
    for folder, subfolders, filenames in os.walk(path, onerror=_raise_walk_error):
        seen += len(subfolders) + len(filenames)
        if seen > MAX_FOLDER_ENTRIES:
            raise ImportFormatError(f"{name} holds more than {MAX_FOLDER_ENTRIES} files; choose the release's folder.")
        subfolders.sort()
        for filename in filenames:
            file = Path(folder, filename)
            if file.is_file() and not file.is_symlink():
                files.append((file.relative_to(path).as_posix(), file))
    return sorted(files)


def _raise_walk_error(error: OSError) -> None:
    raise ImportFormatError(f"{error.filename} cannot be read: {error.strerror or error}.")


def _pack(found: list[tuple[str, Path]], name: str) -> bytes:
    buffer, total = io.BytesIO(), 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for arcname, file in found:
            size = file.stat().st_size
            total += size
            if size > MAX_MEMBER_BYTES or total > MAX_FILE_BYTES:
                raise ImportFormatError(f"{name} holds {arcname}, which is far larger than any release file; refused.")
            info = zipfile.ZipInfo(arcname, _PACKED_TIME)
            info.create_system, info.external_attr = 3, _PACKED_MODE  # else the host system would change the bytes
            archive.writestr(info, file.read_bytes())
    return buffer.getvalue()


def open_zip(source: Source) -> zipfile.ZipFile:
    """Open a zip after checking it is whole and safe: no escaping names, absurd sizes or nested archives."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source.data))
        members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise ImportFormatError(f"{source.name} is a damaged or truncated zip archive.") from None
    if len(members) > MAX_MEMBERS:
        raise ImportFormatError(f"{source.name} holds {len(members)} files, more than any release; refused.")
    for member in members:
        name = PurePosixPath(member.filename.replace("\\", "/"))
        if name.is_absolute() or ".." in name.parts:
            raise ImportFormatError(
                f"{source.name} holds a file named {member.filename!r} that escapes the archive; refused."
            )
        if member.file_size > MAX_MEMBER_BYTES:
            raise ImportFormatError(f"{source.name} holds {member.filename}, which claims an absurd size; refused.")
        if name.suffix.lower() in ARCHIVE_SUFFIXES:
            raise ImportFormatError(f"{source.name} holds another archive ({member.filename}); unpack it first.")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, source_name: str) -> bytes:
    try:
        with archive.open(name) as member:
            data = member.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise ImportFormatError(f"{source_name} is damaged: {name} cannot be unpacked.") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise ImportFormatError(f"{source_name} holds {name}, which unpacks to an absurd size; refused.")
    return data


def is_xlsx(data: bytes) -> bool:
    """An .xlsx is a zip whose members include [Content_Types].xml and xl/workbook.xml."""
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names
