"""CMS's processing notes, NOC lists and corrections files read as what they are, on the real 2018 and 2019
files and zips (issue 18): each attached to its release by label, twins (.prn and .xlsx) agreeing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ZIP_2019, data_file

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.importers import read_release

NOTES_2019 = "hcpcs/2019/proc_notes_2019.txt"
NOC_2019_PRN, NOC_2019_XLSX = "hcpcs/2019/NOC_Codes_2019.prn", "hcpcs/2019/NOC_Codes_2019.xlsx"
NOC_2018_PRN, NOC_2018_XLSX = "hcpcs/2018/NOC_Codes_2018.prn", "hcpcs/2018/NOC_Codes_2018.xlsx"
CORRECTIONS_2019_PRN = "hcpcs/2019/HCPC2019_Corrections_ALPHA.prn"
CORRECTIONS_2019_XLSX = "hcpcs/2019/HCPC2019_Corrections_ALPHA.xlsx"


def only_document(relative: str, **given: str):
    parsed = read_release(data_file(relative), **given)
    assert parsed.documents_only and parsed.records == [] and len(parsed.documents) == 1
    return parsed.documents[0]


def test_processing_notes_alone_belong_to_their_release() -> None:
    notes = only_document(NOTES_2019)
    assert (notes.kind, notes.release_label, notes.title) == (
        "processing-notes",
        "HCPCS-2019",
        "HCPCS 2019 processing notes",
    )
    assert len(notes.notes) == 218
    assert notes.notes["0002"] == (
        "THESE CODES (82585, 82595) PERTAIN TO PERFORMING THE ANALYSIS FOR THE ANALYTE AS OPPOSED TO "
        "ADMINISTRATION OF THE ANALYTE."
    )
    assert notes.notes["0017"].startswith("SEE INTERMEDIARY MANUAL SECTION 3170.5 FOR COVERAGE INSTRUCTIONS")


def test_the_2019_noc_list_in_both_twins() -> None:
    prn, xlsx = only_document(NOC_2019_PRN), only_document(NOC_2019_XLSX)
    assert (prn.kind, prn.release_label, prn.title, prn.file_format) == (
        "noc-list",
        "HCPCS-2019",
        "HCPCS 2019 NOC list",
        "hcpcs-noc-list-txt",
    )
    assert len(prn.noc) == len(xlsx.noc) == 139  # 140 rows, L8608's description going on in a second row
    assert [(e.code, e.added, e.terminated) for e in prn.noc] == [(e.code, e.added, e.terminated) for e in xlsx.noc]
    first = xlsx.noc[0]
    assert (first.code, first.description, first.added, first.terminated) == (
        "A0999",
        "Unlisted ambulance service",
        "19870101",
        "",
    )
    a9599 = next(e for e in prn.noc if e.code == "A9599")
    assert (a9599.added, a9599.terminated) == ("20140101", "20171231")
    l8608 = next(e for e in xlsx.noc if e.code == "L8608")
    assert l8608.description == (
        "Miscellaneous external component, supply or accessory for use with the argus ii retinal prosthesis system"
    )
    assert next(e for e in prn.noc if e.code == "L8608").description == l8608.description
    assert prn.noc[-1].code == "V5299"  # the 0x1A byte after it ends the text


def test_the_2018_noc_list_twins_agree_where_a_description_runs_under_the_dates() -> None:
    prn, xlsx = only_document(NOC_2018_PRN), only_document(NOC_2018_XLSX)
    assert len(prn.noc) == len(xlsx.noc) == 144
    assert [(e.code, e.added, e.terminated) for e in prn.noc] == [(e.code, e.added, e.terminated) for e in xlsx.noc]
    # The .prn cuts descriptions at its column; every one is the start of the .xlsx twin's text.
    assert all(x.description.startswith(p.description[:79]) for p, x in zip(prn.noc, xlsx.noc, strict=True))


def test_the_2019_corrections_workbook_row_by_row() -> None:
    document = only_document(CORRECTIONS_2019_XLSX)
    assert (document.kind, document.release_label, document.title) == (
        "corrections",
        "HCPCS-2019",
        "HCPCS 2019 corrections",
    )
    assert [c.code for c in document.corrections] == [
        "A5513",
        "B4105",
        "C1890",
        "C9034",
        "C9468",
        "J1095",
        "J2186",
        "J2787",
        "Q2026",
        "Q5111",
        "Q9994",
    ]
    c1890 = document.corrections[2]
    assert (c1890.action, c1890.effective) == ("ADD CODE", "20190101")
    assert c1890.fields["LONG DESC"] == "No implantable/insertable device used with device-intensive procedures"
    assert c1890.fields["COMMENTS"] == "Statute 1833(t)"


def test_the_2019_corrections_prn_keeps_each_line_as_written() -> None:
    document = only_document(CORRECTIONS_2019_PRN)
    assert len(document.corrections) == 11
    q5111 = next(c for c in document.corrections if c.code == "Q5111")
    assert q5111.effective == "01/0/1201"  # CMS's typo, kept: never corrected here
    assert q5111.fields["LINE"].startswith(" Q5111  ADD CODE 01/0/1201Injection, udenyca")


@pytest.mark.parametrize(
    ("relative", "titles"),
    [
        ("hcpcs/zips/2018-HCPCS-Alpha-Numeric-Corrections.zip", [f"HCPCS 2018 corrections V{n}" for n in range(1, 5)]),
        (
            "hcpcs/zips/2019-HCPCS-Alpha-Numeric-Corrections.zip",
            ["HCPCS 2019 corrections", "HCPCS 2019 corrections V2"],
        ),
        ("hcpcs/zips/2019-HCPCS-NOC-Codes.zip", ["HCPCS 2019 NOC list"]),
        ("hcpcs/zips/2018-HCPCS-NOC-Codes.zip", ["HCPCS 2018 NOC list"]),
    ],
)
def test_the_zips_give_one_document_per_file_the_xlsx_twin_read(relative: str, titles: list[str]) -> None:
    parsed = read_release(data_file(relative))
    assert parsed.documents_only
    assert [d.title for d in parsed.documents] == titles
    assert all(d.source_member.endswith(".xlsx") and d.source_name == Path(relative).name for d in parsed.documents)


def test_the_2018_v4_corrections_delete_two_codes() -> None:
    document = only_document("hcpcs/2018/V4_HCPC2018_Corrections_ANWEB.prn")
    assert document.title == "HCPCS 2018 corrections V4"
    assert [(c.code, c.action) for c in document.corrections if c.code in ("G9890", "G9891")] == [
        ("G9890", "DELETE"),
        ("G9891", "DELETE"),
    ]


def test_a_release_zip_is_still_a_release() -> None:
    parsed = read_release(data_file(ZIP_2019))
    assert not parsed.documents_only and len(parsed.records) == 6800 and parsed.documents == []


def test_a_renamed_list_is_named_from_its_title_and_a_label_given_wins(tmp_path: Path) -> None:
    renamed = tmp_path / "noc.prn"
    shutil.copyfile(data_file(NOC_2019_PRN), renamed)
    assert read_release(renamed).documents[0].release_label == "HCPCS-2019"  # "NOC CODES - HCPCS 2019"
    assert only_document(NOC_2019_PRN, label="Mine").release_label == "Mine"


def test_a_titled_file_without_rows_is_refused_in_one_sentence(tmp_path: Path) -> None:
    empty = tmp_path / "NOC_Codes_2030.prn"
    empty.write_bytes(b"            NOC CODES - HCPCS 2030\r\n\r\n  HCPCS  LONG DESCRIPTION   ADD DATE  TERM DATE\r\n")
    with pytest.raises(
        ImportFormatError, match=r"^NOC_Codes_2030.prn has the title of a CMS NOC list file but holds no rows\.$"
    ):
        read_release(empty)


def test_a_release_zip_of_an_xlsx_and_its_notes_stays_a_release(tmp_path: Path) -> None:
    """A quarterly zip holds the xlsx (no txt) beside the notes: the documents importer must not claim it."""
    import zipfile

    from conftest import XLSX_2019

    target = tmp_path / "HCPC2019_APR_ANWEB.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(data_file(XLSX_2019), "HCPC2019_APR_ANWEB.xlsx")
        archive.write(data_file(NOTES_2019), "proc_notes_2019.txt")
    parsed = read_release(target)
    assert not parsed.documents_only and len(parsed.records) == 6800 and len(parsed.notes) == 218
