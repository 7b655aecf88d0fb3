"""The documented generic CSV (docs/formats-athena-csv.md), on files written here with invented descriptors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.codes.records import CPT, CUSTOM, HCPCS, CodeRecord, ParsedRelease
from medcode_gui.importers import generic_csv, read_release
from medcode_gui.importers.source import Source
from medcode_gui.store import ReferenceStore

ROWS = [
    ["code", "description", "added_date"],
    ["99213", "Invented office visit, moderate", "2024-01-01"],
    ["J1100", "Invented steroid injection; per mg", "20230715"],
    ["LT", "Invented left side", ""],
]


def write(folder: Path, rows: list[list[str]], name: str = "my_codes.csv", delimiter: str = ",", **kw: str) -> Path:
    """The rows as a delimited file; cells holding the delimiter are quoted as spreadsheets do."""

    def cell(text: str) -> str:
        return f'"{text}"' if delimiter in text or '"' in text else text

    path = folder / name
    text = "\r\n".join(delimiter.join(cell(c) for c in row) for row in rows) + "\r\n"
    path.write_bytes(kw.get("prefix", "").encode() + text.encode(kw.get("encoding", "utf-8")))
    return path


def by_code(parsed: ParsedRelease) -> dict[str, CodeRecord]:
    return {r.code: r for r in parsed.records}


def refused(path: Path) -> str:
    with pytest.raises(ImportFormatError) as error:
        read_release(path)
    return str(error.value)


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_comma_tab_and_semicolon_files_read_alike(tmp_path: Path, delimiter: str) -> None:
    parsed = read_release(write(tmp_path, ROWS, delimiter=delimiter))
    assert [(r.code, r.kind, r.system) for r in parsed.records] == [
        ("99213", "code", CPT),
        ("J1100", "code", HCPCS),
        ("LT", "modifier", HCPCS),
    ]
    j1100 = by_code(parsed)["J1100"]
    assert j1100.short_description == j1100.long_description == "Invented steroid injection; per mg"
    assert (j1100.added_date, j1100.termination_date) == ("2023-07-15", None)
    assert j1100.fields == {
        "code": "J1100",
        "description": "Invented steroid injection; per mg",
        "added_date": "20230715",
    }


def test_release_info_and_the_label_from_the_file_stem(tmp_path: Path) -> None:
    parsed = read_release(write(tmp_path, ROWS))
    assert (parsed.info.system, parsed.info.file_format) == (CUSTOM, "generic-csv")
    assert (parsed.info.label, parsed.info.effective_date) == ("CUSTOM-my_codes", "2024-01-01")
    assert parsed.warnings == [
        "my_codes.csv has no date in its name; its newest added_date, 2024-01-01, is the effective date."
    ]


def test_a_year_in_the_name_or_the_users_words_name_the_release(tmp_path: Path) -> None:
    named = read_release(write(tmp_path, ROWS, name="clinic_codes_2025.csv"))
    assert (named.info.label, named.info.effective_date, named.warnings) == ("CUSTOM-2025", "2025-01-01", [])
    chosen = read_release(write(tmp_path, ROWS), label="Clinic list", effective="2025-03-01")
    assert (chosen.info.label, chosen.info.effective_date) == ("Clinic list", "2025-03-01")


def test_no_date_anywhere_asks_for_an_effective_date(tmp_path: Path) -> None:
    path = write(tmp_path, [["code", "description"], ["99213", "Invented visit"]])
    assert refused(path) == (
        "my_codes.csv does not say which release it is; give an effective date (--effective YYYY-MM-DD), "
        "put the year in the file name, or add an added_date column."
    )
    assert read_release(path, effective="2024-05-01").info.label == "CUSTOM-my_codes"


def test_utf8_bom_is_dropped_from_the_header(tmp_path: Path) -> None:
    parsed = read_release(write(tmp_path, ROWS, prefix="\ufeff"))
    assert "code" in parsed.records[0].fields and len(parsed.records) == 3


def test_windows_1252_text_is_read(tmp_path: Path) -> None:
    rows = [["Code", "Description", "Added_Date"], ["E0100", "Invented café cane – adjustable", "2024-02-02"]]
    record = read_release(write(tmp_path, rows, encoding="cp1252")).records[0]
    assert record.short_description == "Invented café cane – adjustable"


def test_header_is_case_insensitive_and_descriptors_are_kept_exactly(tmp_path: Path) -> None:
    rows = [["CODE", "Short Description", "ADDED_DATE"], ["99213", "  Invented  VISIT, mod.  ", "2024-01-01"]]
    record = read_release(write(tmp_path, rows)).records[0]
    assert record.short_description == record.long_description == "Invented  VISIT, mod."


def test_short_and_long_descriptions_replace_description(tmp_path: Path) -> None:
    rows = [
        ["code", "short_description", "long_description", "description", "added_date"],
        ["99213", "Invented short", "Invented long", "Invented plain", "2024-01-01"],
        ["99214", "", "Invented long only", "", "2024-01-01"],
        ["99215", "Invented short only", "", "", "2024-01-01"],
        ["99212", "", "", "Invented plain only", "2024-01-01"],
    ]
    records = by_code(read_release(write(tmp_path, rows)))
    descriptors = {code: (r.short_description, r.long_description) for code, r in records.items()}
    assert descriptors == {
        "99213": ("Invented short", "Invented long"),
        "99214": ("Invented long only", "Invented long only"),
        "99215": ("Invented short only", "Invented short only"),
        "99212": ("Invented plain only", "Invented plain only"),
    }


def test_optional_columns_and_extra_columns(tmp_path: Path) -> None:
    rows = [
        ["code", "description", "system", "kind", "added_date", "termination_date", "status", "Payer note"],
        ["G0001", "Invented old screening", "HCPCS", "code", "1998-01-01", "2012-12-31", "deleted", "no longer paid"],
        ["25", "Invented separate service", "cpt", "Modifier", "", "", "active", ""],
    ]
    records = by_code(read_release(write(tmp_path, rows, name="list_2024.csv")))
    g0001 = records["G0001"]
    assert (g0001.system, g0001.kind, g0001.added_date, g0001.termination_date) == (
        HCPCS,
        "code",
        "1998-01-01",
        "2012-12-31",
    )
    assert (g0001.fields["status"], g0001.fields["Payer note"]) == ("deleted", "no longer paid")
    assert (records["25"].system, records["25"].kind) == (CPT, "modifier")


def test_lower_case_codes_are_stored_upper_case(tmp_path: Path) -> None:
    rows = [["code", "description", "added_date"], ["j1100", "Invented injection", "2024-01-01"]]
    record = read_release(write(tmp_path, rows)).records[0]
    assert (record.code, record.fields["code"]) == ("J1100", "j1100")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["9921", "Invented", "2024-01-01"], "my_codes.csv line 3: '9921' is not a CPT or HCPCS code or modifier."),
        (["99213-25", "Invented", "2024-01-01"], "line 3: '99213-25' is not a CPT or HCPCS code or modifier."),
        (["99214", "Invented", "2024-02-30"], "line 3 has added_date '2024-02-30', which is not a date"),
        (["99214", "Invented", "01/02/2024"], "line 3 has added_date '01/02/2024', which is not a date"),
        (["99214", "", "2024-01-01"], "my_codes.csv line 3 gives 99214 no description."),
        (["", "Invented", "2024-01-01"], "my_codes.csv line 3 has no code."),
        (["99213", "Invented again", "2024-01-01"], "my_codes.csv line 3 repeats 99213, first listed on line 2."),
        (["99214", "Invented", "2024-01-01", "spare"], "line 3 has 4 cells but the header names 3 columns."),
    ],
)
def test_a_bad_row_refuses_the_whole_file_naming_its_line(tmp_path: Path, row: list[str], message: str) -> None:
    rows = [["code", "description", "added_date"], ["99213", "Invented visit", "2024-01-01"], row]
    assert message in refused(write(tmp_path, rows))


@pytest.mark.parametrize(
    ("system", "kind", "message"),
    [
        ("HCPCS", "", "line 2 says 99213 is system 'HCPCS', but its shape makes it CPT"),
        ("ICD", "", "line 2 has system 'ICD'; use CPT or HCPCS, or leave it empty."),
        ("", "modifier", "line 2 says 99213 is kind 'modifier', but its shape makes it code"),
        ("", "panel", "line 2 has kind 'panel'; use code or modifier, or leave it empty."),
    ],
)
def test_a_system_or_kind_that_contradicts_the_code_is_refused(
    tmp_path: Path, system: str, kind: str, message: str
) -> None:
    rows = [["code", "description", "system", "kind"], ["99213", "Invented visit", system, kind]]
    assert message in refused(write(tmp_path, rows, name="codes_2024.csv"))


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, [["code", "notes"], ["99213", "Invented"]])
    source = Source(path.name, path.read_bytes(), "0" * 64)
    assert not generic_csv.sniff(source)  # so read_release will not pick it; parse still explains itself
    with pytest.raises(ImportFormatError, match=r"needs a code column and a description column .*has: code, notes\."):
        generic_csv.parse(source)


def test_no_header_and_no_rows_are_refused() -> None:
    for data, message in [
        (b"\n\n", "my.csv has no header row; the first line must name the columns."),
        (b"code,description\n\n", "my.csv has a header but no rows of codes."),
    ]:
        with pytest.raises(ImportFormatError, match=f"^{message}$"):
            generic_csv.parse(Source("my.csv", data, hashlib.sha256(data).hexdigest()))


def test_a_repeated_column_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, [["code", "description", "Code"], ["99213", "Invented", "99213"]])
    assert refused(path) == "my_codes.csv names the column code more than once."


def test_sniff_wants_a_code_and_a_description_like_column() -> None:
    def sniff(text: bytes) -> bool:
        return generic_csv.sniff(Source("x.csv", text, hashlib.sha256(text).hexdigest()))

    assert sniff(b"Code,Long Description\n99213,x\n")
    assert sniff(b"\xef\xbb\xbfcode;description\n")
    assert not sniff(b"HCPCS,MOD,DESCRIPTION,CODE\n")
    assert not sniff(b"concept_id\tconcept_name\tvocabulary_id\tconcept_code\n")
    assert not sniff(b"code\x00,description\n")


def test_imports_into_the_store(tmp_path: Path) -> None:
    with ReferenceStore(tmp_path / "ref.sqlite") as store:
        outcome = store.import_release(read_release(write(tmp_path, ROWS)))
        assert (outcome.release.system, outcome.release.codes, outcome.release.modifiers) == (CUSTOM, 2, 1)
        hit = store.lookup("j1100")
        assert (hit.release.label, hit.record.short_description) == (
            "CUSTOM-my_codes",
            "Invented steroid injection; per mg",
        )
