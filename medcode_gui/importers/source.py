"""A file handed to the importers: its bytes read once, with the name and checksum the release records."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import ImportFormatError

MAX_FILE_BYTES = 400 * 1024 * 1024
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 500
ARCHIVE_SUFFIXES = (".zip", ".7z", ".gz", ".tar", ".rar", ".exe")


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
            raise ImportFormatError(f"{path} is a folder, not a release file.")
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
