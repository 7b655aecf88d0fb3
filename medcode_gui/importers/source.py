"""A file handed to the importers, read within limits: its size, first bytes and checksum, the bytes on demand."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from ..codes.errors import ImportFormatError
from .cpt_files import role_of  # which files of an unpacked package a folder import packs

MAX_FILE_BYTES = 400 * 1024 * 1024  # on disk; only a streamed format (Athena) reads one this large, a row at a time
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one zip member unpacked (the largest real one, the HCPCS txt, is 3.7 MB)
MAX_ARCHIVE_BYTES = 128 * 1024 * 1024  # all members of one zip unpacked, declared and as actually inflated
MAX_RATIO = 100  # unpacked / packed size of a member over RATIO_FLOOR (real release files: at most 29)
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 500
HEAD_BYTES = 64 * 1024  # the start of a file, read first: every format's sniff looks at no more
CHUNK_BYTES = 1024 * 1024
# Another archive inside an archive, by its first bytes (a name can lie): zip, 7z, gzip, bzip2, xz, zstd, rar,
# cab; tar has "ustar" at offset 257.
ARCHIVE_MAGIC = (
    b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd", b"Rar!\x1a\x07", b"MSCF",
)
TAR_MAGIC_AT = 257
MAX_FOLDER_ENTRIES = 20_000  # files and folders looked at in a folder, so a wrong choice (a home folder) stops fast
# Fixed zip metadata for a packed folder, so the same files always give the same bytes and checksum.
_PACKED_TIME = (1980, 1, 1, 0, 0, 0)
_PACKED_MODE = 0o100644 << 16


class Source:
    """A file handed to the importers: its name, size, first bytes and checksum; the whole bytes on demand.

    A file on disk is read whole only when a format asks for `data`, after that format has checked `size`
    against the largest file of its kind; a streamed format reads it through `open()` instead. So no file is
    ever held in memory before something has said how large it may be.
    """

    def __init__(self, name: str, data: bytes | None = None, sha256: str = "", *, path: Path | None = None,
                 size: int = 0, head: bytes = b"") -> None:
        self.name = name  # what the user gave (file name, no folders)
        self.sha256 = sha256
        self.path = path
        self._data = data
        self.size = len(data) if data is not None else size
        self.head = data[:HEAD_BYTES] if data is not None else head

    @property
    def in_file(self) -> bool:
        """Its bytes are on disk, not yet read."""
        return self._data is None and self.path is not None

    @property
    def is_zip(self) -> bool:
        return self.head[:4] == b"PK\x03\x04"

    @property
    def data(self) -> bytes:
        """The whole file, read once; refused if it changed since its checksum was taken."""
        if self._data is None:
            assert self.path is not None
            with _opened(self.path) as handle:
                data = handle.read(self.size + 1)
            if len(data) != self.size or hashlib.sha256(data).hexdigest() != self.sha256:
                raise ImportFormatError(f"{self.name} changed while it was being read; import it again.")
            self._data = data
        return self._data

    def open(self) -> BinaryIO:
        """The bytes as a stream (the file itself when it is on disk); close it after use."""
        if self.in_file:
            return _opened(self.path)
        return io.BytesIO(self.data)

    def refuse_over(self, limit: int, kind: str) -> None:
        """Refuse at once, before any byte is parsed, a file far larger than any release of its kind."""
        if self.size > limit:
            raise ImportFormatError(
                f"{self.name} is {_mb(self.size)}, far larger than any {kind} (at most {_mb(limit)}); refused."
            )


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 10 * 2**20 else f"{size / 2**20:.1f} MB"


def _opened(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as error:
        raise ImportFormatError(f"{path} cannot be read: {error.strerror or error}.") from None


def read_source(path: str | Path) -> Source:
    """A file the user named, with one clear sentence for every way that can fail; its bytes are not kept.

    Regular files only: a device (/dev/zero), a pipe or a socket never ends or cannot be read twice. The file is
    read once here in chunks for its checksum (the memory of one chunk), never whole.
    """
    path = Path(path)
    try:
        if path.is_dir():
            return read_folder(path)
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise ImportFormatError(f"{path} is not a regular file (a device, pipe or socket); refused.")
        if status.st_size > MAX_FILE_BYTES:
            raise ImportFormatError(f"{path.name} is {_mb(status.st_size)}, far larger than any code release.")
        head, size, sha256 = _scan(path)
    except FileNotFoundError:
        raise ImportFormatError(f"{path} does not exist.") from None
    except PermissionError:
        raise ImportFormatError(f"{path} cannot be read: permission denied.") from None
    except OSError as error:
        raise ImportFormatError(f"{path} cannot be read: {error.strerror or error}.") from None
    if not head.strip():
        raise ImportFormatError(f"{path.name} is empty.")
    return Source(path.name, None, sha256, path=path, size=size, head=head)


def _scan(path: Path) -> tuple[bytes, int, str]:
    """(first bytes, size, SHA-256) read in chunks; a file that grows past the limit while read is refused."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
        digest.update(head)
        size = len(head)
        while chunk := handle.read(CHUNK_BYTES):
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise ImportFormatError(f"{path.name} is far larger than any code release.")
            digest.update(chunk)
    return head, size, digest.hexdigest()


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
            if size > MAX_MEMBER_BYTES or total > MAX_ARCHIVE_BYTES:
                raise ImportFormatError(f"{name} holds {arcname}, which is far larger than any release file; refused.")
            info = zipfile.ZipInfo(arcname, _PACKED_TIME)
            info.create_system, info.external_attr = 3, _PACKED_MODE  # else the host system would change the bytes
            archive.writestr(info, file.read_bytes())
    return buffer.getvalue()


class _CheckedZip(zipfile.ZipFile):
    """A zip whose members passed the checks of open_zip; counts the bytes its members actually inflate to."""

    inflated = 0


def open_zip(source: Source) -> zipfile.ZipFile:
    """Open a zip after checking it is whole and safe, before any member is unpacked for use.

    Refused: more members than any release, a name escaping the archive or given twice, anything but regular
    files (links, devices), a member declaring more than MAX_MEMBER_BYTES or packed more tightly than MAX_RATIO,
    members declaring more than MAX_ARCHIVE_BYTES together, and another archive inside, known by its first bytes
    (an xlsx workbook, itself checked when read, is the one archive a release zip may hold). Close it after use.
    """
    try:
        archive = _CheckedZip(source.path if source.in_file else io.BytesIO(source.data))
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise ImportFormatError(f"{source.name} is a damaged or truncated zip archive.") from None
    try:
        _check_members(archive, source.name)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_members(archive: zipfile.ZipFile, name: str) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ImportFormatError(f"{name} holds {len(members)} files, more than any release; refused.")
    names = [member.filename for member in members]
    if len(set(names)) != len(names):
        raise ImportFormatError(f"{name} names one file twice; it is damaged or crafted, refused.")
    total = 0
    for member in members:
        _check_name(member, name)
        if member.is_dir():
            continue
        _check_size(member, name)
        total += member.file_size
        if total > MAX_ARCHIVE_BYTES:
            raise ImportFormatError(
                f"{name} unpacks to more than {_mb(MAX_ARCHIVE_BYTES)}, far more than any release; refused."
            )
    for member in members:
        if not member.is_dir():
            _refuse_nested(archive, member, name)


def _check_name(member: zipfile.ZipInfo, name: str) -> None:
    path = PurePosixPath(member.filename.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts:
        raise ImportFormatError(f"{name} holds a file named {member.filename!r} that escapes the archive; refused.")
    mode = member.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if member.create_system == 3 and kind not in (0, stat.S_IFREG, stat.S_IFDIR):  # 3: made on Unix, mode is real
        raise ImportFormatError(
            f"{name} holds {member.filename}, which is not a regular file (a link or device); refused."
        )


def _check_size(member: zipfile.ZipInfo, name: str, limit: int | None = None) -> None:
    if member.file_size > (MAX_MEMBER_BYTES if limit is None else limit):
        raise ImportFormatError(f"{name} holds {member.filename}, which claims an absurd size; refused.")
    if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
        raise ImportFormatError(
            f"{name} holds {member.filename}, packed {member.file_size // max(member.compress_size, 1)} to 1, "
            "as only a zip bomb is; refused."
        )


def _refuse_nested(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Another archive inside is refused by its first bytes, whatever its name; an xlsx workbook is allowed."""
    try:
        with archive.open(member) as handle:
            start = handle.read(TAR_MAGIC_AT + 5)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise ImportFormatError(f"{name} is damaged: {member.filename} cannot be unpacked.") from None
    nested = start.startswith(ARCHIVE_MAGIC) or start[TAR_MAGIC_AT:] == b"ustar"
    if nested and not (start.startswith(b"PK\x03\x04") and is_xlsx(read_member(archive, member.filename, name))):
        raise ImportFormatError(f"{name} holds another archive ({member.filename}); unpack it first.")


def check_inflation(archive: zipfile.ZipFile, name: str, member_limit: int, total_limit: int) -> None:
    """Every member's declared size and ratio, then every member inflated in chunks and counted (nothing kept).

    For a zip another library will unpack its own way (calamine reads an xlsx in Rust): once this passes,
    no member inflates to more than it declares, nor the whole to more than total_limit.
    """
    members = [member for member in archive.infolist() if not member.is_dir()]
    if len({member.filename for member in members}) != len(members):
        raise ImportFormatError(f"{name} names one part twice; it is damaged or crafted, refused.")
    for member in members:
        _check_size(member, name, member_limit)
    if sum(member.file_size for member in members) > total_limit:
        raise ImportFormatError(f"{name} unpacks to more than {_mb(total_limit)}, far more than any release; refused.")
    inflated = 0
    for member in members:
        inflated += len(read_member(archive, member.filename, name, member_limit))
        if inflated > total_limit:
            raise ImportFormatError(f"{name} unpacks to far more than any release; refused.")


def read_member(archive: zipfile.ZipFile, name: str, source_name: str, limit: int | None = None) -> bytes:
    """A member's bytes, inflated in chunks and counted: refused past limit, or past the archive's total."""
    limit = MAX_MEMBER_BYTES if limit is None else limit
    chunks, size = [], 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(CHUNK_BYTES):
                size += len(chunk)
                if size > limit:
                    raise ImportFormatError(f"{source_name} holds {name}, which unpacks to an absurd size; refused.")
                chunks.append(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise ImportFormatError(f"{source_name} is damaged: {name} cannot be unpacked.") from None
    if isinstance(archive, _CheckedZip):
        archive.inflated += size
        if archive.inflated > MAX_ARCHIVE_BYTES:
            raise ImportFormatError(f"{source_name} unpacks to far more than any release; refused.")
    return b"".join(chunks)


def read_member_head(archive: zipfile.ZipFile, name: str, source_name: str, size: int = HEAD_BYTES) -> bytes:
    """The first bytes of a member, for a sniff: a member is unpacked whole only once it is chosen."""
    try:
        with archive.open(name) as member:
            return member.read(size)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise ImportFormatError(f"{source_name} is damaged: {name} cannot be unpacked.") from None


def is_xlsx(data: Source | bytes) -> bool:
    """An .xlsx is a zip whose members include [Content_Types].xml and xl/workbook.xml (only its index is read)."""
    head = data.head if isinstance(data, Source) else data[:4]
    if head[:4] != b"PK\x03\x04":
        return False
    try:
        if isinstance(data, Source) and data.in_file:
            with zipfile.ZipFile(data.path) as archive:
                names = set(archive.namelist())
        else:
            names = set(zipfile.ZipFile(io.BytesIO(data if isinstance(data, bytes) else data.data)).namelist())
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names
