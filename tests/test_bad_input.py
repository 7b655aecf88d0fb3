"""Bad files and bad databases: one clear sentence, and nothing already stored is lost."""

from __future__ import annotations

import io
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import TXT_2019, XLSX_2019, ZIP_2019, data_file

from medcode_gui.errors import DatabaseError, ImportFormatError, MedcodeError
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
        assert [r.label for r in store.releases()] == ["HCPCS-2019", "Starter"]


def test_importing_the_same_release_twice_does_not_duplicate_it(db_with_2019: Path) -> None:
    with ReferenceStore(db_with_2019) as store:
        outcome = store.import_release(read_release(data_file(TXT_2019)))
        assert outcome.status == "unchanged"
        with pytest.raises(MedcodeError, match="already imported"):
            store.import_release(read_release(data_file(XLSX_2019)))
        assert [r.label for r in store.releases()] == ["HCPCS-2019", "Starter"]
        replaced = store.import_release(read_release(data_file(XLSX_2019)), replace=True)
        assert replaced.status == "replaced"
        assert [(r.label, r.source_name) for r in store.releases()] == [
            ("HCPCS-2019", "HCPC2019_CONTR_ANWEB.xlsx"),
            ("Starter", "MedCode starter data"),
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
    with pytest.raises(DatabaseError, match="cannot be"), ReferenceStore(db_with_2019) as store:
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
