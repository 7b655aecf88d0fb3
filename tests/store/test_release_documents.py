"""Processing notes, NOC lists and corrections stored by release label, with their files (issue 18): kept when
their release is not yet stored and attached when it arrives; all or nothing like a release."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import XLSX_2019, data_file

from medcode_gui.codes.errors import MedcodeError
from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore
from medcode_gui.views.code_view import lookup_view
from medcode_gui.views.release_view import documents_view

NOTES_2019 = "hcpcs/2019/proc_notes_2019.txt"
NOC_2019 = "hcpcs/2019/NOC_Codes_2019.prn"
CORRECTIONS_2019 = "hcpcs/2019/HCPC2019_Corrections_ALPHA.xlsx"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "ref.sqlite"


def test_notes_imported_first_are_attached_when_the_release_arrives(db: Path) -> None:
    """The 2019 xlsx carries PROCNOTE numbers but no notes: the notes file imported alone gives their text."""
    with ReferenceStore(db) as store:
        outcome = store.import_release(read_release(data_file(NOTES_2019)))
        assert outcome.release is None and outcome.documents == ("HCPCS 2019 processing notes: imported (218 rows)",)
        assert [d["attached"] for d in store.documents.all()] == [False]
        store.import_release(read_release(data_file(XLSX_2019)))
        release = store.release("HCPCS-2019")
        assert store.processing_note(release, "0017").startswith("SEE INTERMEDIARY MANUAL SECTION 3170.5")
        assert lookup_view(store, "A4651")["processing_note"]["text"].startswith("SEE INTERMEDIARY MANUAL")
        assert [d["attached"] for d in store.documents.all()] == [True]


def test_a_code_on_the_noc_list_and_its_corrections_in_the_lookup(db: Path) -> None:
    with ReferenceStore(db) as store:
        store.import_releases([read_release(data_file(p)) for p in (XLSX_2019, NOC_2019, CORRECTIONS_2019)])
        j3490 = lookup_view(store, "J3490")["cms_documents"]
        assert j3490["noc"]["text"] == "not otherwise classified: CMS's NOC list 2019"
        assert (j3490["noc"]["files"], j3490["noc"]["added"]) == (["NOC_Codes_2019.prn"], "19860101")
        assert lookup_view(store, "J1100")["cms_documents"] == {"noc": None, "corrections": []}
        b4105 = lookup_view(store, "B4105")["cms_documents"]["corrections"]
        assert [(c["title"], c["file"], c["action"], c["effective"], c["fields"]["PRICE"]) for c in b4105] == [
            (
                "HCPCS 2019 corrections",
                "HCPC2019_Corrections_ALPHA.xlsx",
                "Change Cov to C and Price to 39",
                "20190101",
                "39",
            )
        ]
        about = documents_view(store.documents.all())
        assert [(d["title"], d["release"], d["rows"], d["source"]) for d in about] == [
            ("HCPCS 2019 NOC list", "HCPCS-2019", 139, "NOC_Codes_2019.prn"),
            ("HCPCS 2019 corrections", "HCPCS-2019", 11, "HCPC2019_Corrections_ALPHA.xlsx"),
        ]
        assert about[0]["source_sha256"] == read_release(data_file(NOC_2019)).info.source_sha256


def test_the_same_file_again_is_unchanged_and_another_is_refused_unless_replaced(db: Path, tmp_path: Path) -> None:
    with ReferenceStore(db) as store:
        store.import_release(read_release(data_file(NOC_2019)))
        again = store.import_release(read_release(data_file(NOC_2019)))
        assert (again.status, again.documents) == ("unchanged", ("HCPCS 2019 NOC list: unchanged",))
        other = tmp_path / "other" / "NOC_Codes_2019.prn"
        other.parent.mkdir()
        text = data_file(NOC_2019).read_bytes().replace(b"Unlisted ambulance service", b"Unlisted ambulance servicE")
        other.write_bytes(text)
        before = db.read_bytes()
        with pytest.raises(MedcodeError, match=r"^The HCPCS 2019 NOC list \(NOC_Codes_2019.prn\) is already imported"):
            store.import_release(read_release(other))
        assert db.read_bytes() == before
        replaced = store.import_release(read_release(other), replace=True)
        assert replaced.documents == ("HCPCS 2019 NOC list: replaced (139 rows)",)
        assert store.documents.noc_lists("A0999")[0]["description"] == "Unlisted ambulance servicE"


def test_a_database_made_before_the_documents_reads_none_and_gets_the_tables_on_import(db: Path) -> None:
    with ReferenceStore(db) as store:
        for table in ("document_notes", "noc_codes", "document_corrections", "release_documents"):
            store.conn.execute(f"DROP TABLE {table}")
        assert store.documents.all() == [] and store.documents.noc_lists("J3490") == []
        store.import_release(read_release(data_file(NOC_2019)))
        assert len(store.documents.noc_lists("J3490", "HCPCS-2019")) == 1


def test_a_failing_batch_writes_no_document(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "HCPC2019_CONTR_ANWEB.txt"
    shutil.copyfile(data_file("hcpcs/2019/HCPC2019_CONTR_ANWEB.txt"), bad)
    with ReferenceStore(db) as store:
        store.import_release(read_release(bad))
        other = read_release(data_file(XLSX_2019))  # the same label from another file: refused
        with pytest.raises(MedcodeError):
            store.import_releases([read_release(data_file(NOC_2019)), other])
        assert store.documents.all() == []
