"""Bad files and bad databases: one clear sentence, and nothing already stored is lost."""

from __future__ import annotations

import io
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import TXT_2019, XLSX_2019, ZIP_2019, data_file

from medcode_gui.codes.errors import DatabaseDamaged, DatabaseError, ImportFormatError, MedcodeError
from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore


@pytest.fixture(scope="module")
def built_2019(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("built") / "ref.sqlite"
    with ReferenceStore(path) as store:
        store.import_release(read_release(data_file(TXT_2019)))
    return path.read_bytes()


@pytest.fixture
def db_with_2019(tmp_path: Path, built_2019: bytes) -> Path:
    """A fresh copy, per test, of a database holding the 2019 release."""
    path = tmp_path / "ref.sqlite"
    path.write_bytes(built_2019)
    return path


def import_into(db: Path, file: Path) -> None:
    with ReferenceStore(db) as store:
        store.import_release(read_release(file))


def truncated_zip(tmp_path: Path) -> Path:
    data = data_file(ZIP_2019).read_bytes()
    path = tmp_path / "2019-Alpha-Numeric-HCPCS-File.zip"
    path.write_bytes(data[: len(data) // 2])
    return path


def other_text(tmp_path: Path) -> Path:
    path = tmp_path / "HCPC2019_notes.txt"
    path.write_text("Minutes of the coding meeting\nNothing to see here.\n")
    return path


def xlsx_without_columns(tmp_path: Path) -> Path:
    """The real 2019 xlsx with its BETOS heading renamed, so one expected column is missing."""
    source = zipfile.ZipFile(data_file(XLSX_2019))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/sharedStrings.xml":
                data = data.replace(b"<t>BETOS</t>", b"<t>SOMETHING</t>")
            target.writestr(item, data)
    path = tmp_path / "HCPC2019_CONTR_ANWEB.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def empty_file(tmp_path: Path) -> Path:
    path = tmp_path / "HCPC2019_empty.txt"
    path.write_bytes(b"")
    return path


def unreadable_file(tmp_path: Path) -> Path:
    return tmp_path / "HCPC2019_missing.txt"


def damaged_txt(tmp_path: Path) -> Path:
    """A continuation line moved away from its first line."""
    lines = data_file(TXT_2019).read_bytes().split(b"\n")
    index = next(i for i, line in enumerate(lines) if line[10:11] == b"4")
    lines.insert(20, lines.pop(index))
    path = tmp_path / "HCPC2019_CONTR_ANWEB.txt"
    path.write_bytes(b"\n".join(lines))
    return path


BAD_FILES = [truncated_zip, other_text, xlsx_without_columns, empty_file, unreadable_file, damaged_txt]


@pytest.mark.parametrize("make_bad_file", BAD_FILES, ids=lambda f: f.__name__)
def test_bad_file_gives_one_sentence_and_leaves_the_database_byte_for_byte(
    db_with_2019: Path, tmp_path: Path, make_bad_file
) -> None:
    before = db_with_2019.read_bytes()
    with pytest.raises(MedcodeError) as error:
        import_into(db_with_2019, make_bad_file(tmp_path))
    message = str(error.value)
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message
    assert db_with_2019.read_bytes() == before


def test_messages_say_what_is_wrong(tmp_path: Path) -> None:
    cases = {
        truncated_zip: "damaged or truncated zip",
        other_text: "not a release",
        empty_file: "is empty",
        unreadable_file: "does not exist",
        xlsx_without_columns: "lacks the columns BETOS",
    }
    for make, words in cases.items():
        with pytest.raises(ImportFormatError, match=words):
            read_release(make(tmp_path))


def test_failure_while_writing_rolls_back(db_with_2019: Path) -> None:
    parsed = read_release(data_file(TXT_2019), label="HCPCS-2019-copy")
    before = db_with_2019.read_bytes()

    def cancel_halfway(stage: str, done: int, total: int) -> None:
        if stage == "Writing codes" and done > total / 2:
            raise KeyboardInterrupt

    with ReferenceStore(db_with_2019) as store, pytest.raises(KeyboardInterrupt):
        store.import_release(parsed, progress=cancel_halfway)
    assert db_with_2019.read_bytes() == before
    with ReferenceStore(db_with_2019) as store:
        assert [r.label for r in store.releases()] == ["Starter", "HCPCS-2019"]


def test_importing_the_same_release_twice_does_not_duplicate_it(db_with_2019: Path) -> None:
    with ReferenceStore(db_with_2019) as store:
        outcome = store.import_release(read_release(data_file(TXT_2019)))
        assert outcome.status == "unchanged"
        with pytest.raises(MedcodeError, match="already imported"):
            store.import_release(read_release(data_file(XLSX_2019)))
        assert [r.label for r in store.releases()] == ["Starter", "HCPCS-2019"]
        replaced = store.import_release(read_release(data_file(XLSX_2019)), replace=True)
        assert replaced.status == "replaced"
        assert [(r.label, r.source_name) for r in store.releases()] == [
            ("Starter", "MedCode starter data"),
            ("HCPCS-2019", "HCPC2019_CONTR_ANWEB.xlsx"),
        ]


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("hello")
    with pytest.raises(DatabaseError, match="not an SQLite file"):
        ReferenceStore(path)
    assert path.read_text() == "hello"


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    with pytest.raises(DatabaseError, match="another application"):
        ReferenceStore(path)


def test_a_newer_schema_is_refused(empty_db: Path) -> None:
    with sqlite3.connect(empty_db) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(DatabaseError, match="newer MedCode"):
        ReferenceStore(empty_db)


def test_a_damaged_database_gives_a_sentence(db_with_2019: Path) -> None:
    data = bytearray(db_with_2019.read_bytes())
    data[8192 : 8192 + 40000] = os.urandom(40000)
    db_with_2019.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged, match="is damaged"), ReferenceStore(db_with_2019) as store:
        for text in ("cane", "J1100", "*", "injection"):
            store.search(text, limit=10_000)
            store.lookup(text)


def test_a_read_only_database_browses_but_refuses_imports(db_with_2019: Path) -> None:
    db_with_2019.chmod(0o444)
    try:
        with ReferenceStore(db_with_2019) as store:
            if not store.read_only:
                pytest.fail("running as a user who can write read-only files; cannot test")
            assert store.lookup("J1100").record.code == "J1100"
            with pytest.raises(DatabaseError, match="read-only"):
                store.import_release(read_release(data_file(TXT_2019), label="again"))
    finally:
        db_with_2019.chmod(0o644)


def test_a_missing_database_is_created_with_the_starter_data(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "new.sqlite"
    with ReferenceStore(path) as store:
        assert [(r.label, r.is_official) for r in store.releases()] == [("Starter", False)]
    assert path.exists()
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".medcode-new-")]


# Unsafe archives: every way a zip can try to escape, explode or nest is refused before anything is unpacked ----


def zip_of(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def declared_size(path: Path, member: str, size: int) -> Path:
    """Rewrite the uncompressed size a zip declares for member (local and central headers), as a crafted zip does."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.find(signature)
        while start != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[start + offset : start + offset + 4] = size.to_bytes(4, "little")
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    return path


UNSAFE_ZIPS = {
    "parent folder": ({"../HCPC2019_CONTR_ANWEB.txt": b"x"}, "escapes the archive"),
    "absolute path": ({"/tmp/HCPC2019_CONTR_ANWEB.txt": b"x"}, "escapes the archive"),
    "windows parent": ({"..\\..\\HCPC2019_CONTR_ANWEB.txt": b"x"}, "escapes the archive"),
    "nested zip": ({"inner/2019-Alpha-Numeric-HCPCS-File.zip": b"PK\x03\x04"}, "another archive"),
    "nested gz": ({"HCPC2019_CONTR_ANWEB.txt.gz": b"\x1f\x8b"}, "another archive"),
    "too many members": ({f"HCPC2019_part{i}.txt": b"x" for i in range(501)}, "more than any release"),
}


@pytest.mark.parametrize("case", UNSAFE_ZIPS, ids=str)
def test_unsafe_zip_is_refused_with_one_sentence(tmp_path: Path, case: str) -> None:
    members, words = UNSAFE_ZIPS[case]
    with pytest.raises(ImportFormatError, match=words) as error:
        read_release(zip_of(tmp_path / "2019-Alpha-Numeric-HCPCS-File.zip", members))
    assert str(error.value).endswith(".") and "\n" not in str(error.value)


def test_zip_member_declaring_an_absurd_size_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = zip_of(tmp_path / "2019-Alpha-Numeric-HCPCS-File.zip", {"HCPC2019_CONTR_ANWEB.txt": b"A0021" * 1000})
    declared_size(path, "HCPC2019_CONTR_ANWEB.txt", 0xFFFF_FFF0)  # 4 GiB claimed
    with pytest.raises(ImportFormatError, match="absurd size"):
        read_release(path)


def test_zip_bomb_understating_its_size_is_refused(tmp_path: Path) -> None:
    """A member that claims 1 KB but inflates to 30 MB: unpacking stops at the claim and the zip is damaged."""
    path = zip_of(tmp_path / "2019-Alpha-Numeric-HCPCS-File.zip", {"HCPC2019_CONTR_ANWEB.txt": b"\0" * 30_000_000})
    assert path.stat().st_size < 100_000
    declared_size(path, "HCPC2019_CONTR_ANWEB.txt", 1024)
    with pytest.raises(ImportFormatError) as error:
        read_release(path)
    assert "\n" not in str(error.value) and str(error.value).endswith(".")


def test_zip_bomb_of_honest_size_over_the_member_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    """Past MAX_MEMBER_BYTES (lowered here so the test stays small) the declared size alone refuses it."""
    monkeypatch.setattr("medcode_gui.importers.source.MAX_MEMBER_BYTES", 1_000_000)
    path = zip_of(tmp_path / "2019-Alpha-Numeric-HCPCS-File.zip", {"HCPC2019_CONTR_ANWEB.txt": b"\0" * 5_000_000})
    with pytest.raises(ImportFormatError, match="absurd size"):
        read_release(path)


def test_cli_refuses_to_import_into_a_read_only_database_and_still_looks_up(db_with_2019: Path) -> None:
    import subprocess
    import sys

    db_with_2019.chmod(0o444)
    try:
        base = [sys.executable, "-m", "medcode_gui", "--db", str(db_with_2019)]
        before = db_with_2019.read_bytes()
        result = subprocess.run(
            [*base, "import", str(data_file(TXT_2019)), "--label", "again"], capture_output=True, text=True
        )
        assert result.returncode == 1 and "Traceback" not in result.stderr
        # Refused before any file is read: one sentence, no progress lines.
        assert result.stderr.strip().splitlines() == [f"Error: {db_with_2019} is read-only; importing is disabled."]
        assert db_with_2019.read_bytes() == before
        lookup = subprocess.run([*base, "lookup", "J1100", "--json"], capture_output=True, text=True)
        assert lookup.returncode == 0 and '"code": "J1100"' in lookup.stdout
    finally:
        db_with_2019.chmod(0o644)
