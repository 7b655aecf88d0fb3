"""importers/source.py: files read within limits, and zips checked before any member is used (issue 16)."""

from __future__ import annotations

import gzip
import os
import stat
import zipfile
from pathlib import Path

import pytest
from conftest import ZIP_2019, data_file

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.importers import read_release
from medcode_gui.importers.source import HEAD_BYTES, open_zip, read_source


def zip_with(path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, data)
    return path


def test_read_source_keeps_only_the_head_until_a_format_asks(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (HEAD_BYTES * 3))
    source = read_source(path)
    assert source.size == HEAD_BYTES * 3 and len(source.head) == HEAD_BYTES
    assert source.in_file  # nothing but the head read into memory yet
    assert source.data == path.read_bytes() and not source.in_file


def test_a_file_changed_after_its_checksum_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_bytes(b"code,description\nJ1100,one\n")
    source = read_source(path)
    path.write_bytes(b"code,description\nJ1200,two\n")  # same size, other bytes
    with pytest.raises(ImportFormatError, match="changed while it was being read"):
        _ = source.data


@pytest.mark.parametrize(
    "inner",
    [gzip.compress(b"A0021 " * 100), b"7z\xbc\xaf\x27\x1c" + b"\0" * 50, b"Rar!\x1a\x07\x00" + b"\0" * 50],
    ids=["gzip", "7z", "rar"],
)
def test_a_nested_archive_is_refused_by_content_whatever_its_name(tmp_path: Path, inner: bytes) -> None:
    path = zip_with(tmp_path / "2019-Alpha-Numeric-HCPCS-File.zip", [("HCPC2019_CONTR_ANWEB.txt", inner)])
    with pytest.raises(ImportFormatError, match=r"holds another archive \(HCPC2019_CONTR_ANWEB.txt\)"):
        read_release(path)


def test_a_tar_inside_is_refused_by_its_ustar_mark(tmp_path: Path) -> None:
    tar = b"\0" * 257 + b"ustar\x0000" + b"\0" * 200
    path = zip_with(tmp_path / "2019-Alpha-Numeric-HCPCS-File.zip", [("notes.txt", tar)])
    with pytest.raises(ImportFormatError, match="another archive"):
        read_release(path)


def test_the_real_zip_with_its_xlsx_twin_passes(tmp_path: Path) -> None:
    with open_zip(read_source(data_file(ZIP_2019))) as archive:
        assert any(name.endswith(".xlsx") for name in archive.namelist())


def test_a_symbolic_link_member_is_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("HCPC2019_CONTR_ANWEB.txt")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = zip_with(tmp_path / "2019-Alpha-Numeric-HCPCS-File.zip", [(link, b"/etc/passwd")])
    with pytest.raises(ImportFormatError, match="not a regular file"):
        read_release(path)


def test_a_name_given_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "2019-Alpha-Numeric-HCPCS-File.zip"
    with pytest.warns(UserWarning, match="Duplicate name"):
        zip_with(path, [("HCPC2019_CONTR_ANWEB.txt", b"A"), ("HCPC2019_CONTR_ANWEB.txt", b"B")])
    with pytest.raises(ImportFormatError, match="names one file twice"):
        read_release(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are made with os.mkfifo (POSIX)")
def test_a_fifo_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "codes.csv"
    os.mkfifo(fifo)
    with pytest.raises(ImportFormatError, match="is not a regular file"):
        read_release(fifo)  # opening a FIFO for reading would block for ever: it must not be opened
