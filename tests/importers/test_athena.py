"""The OHDSI Athena CONCEPT.csv importer: the real SNOMED-only sample, and exports written here with invented
HCPCS/CPT4 rows (the descriptors are made up for the tests; none is AMA text)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import data_file

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.codes.records import CPT, HCPCS, OMOP, CodeRecord, ParsedRelease
from medcode_gui.importers import athena, generic_csv, read_release
from medcode_gui.importers.source import Source, read_source
from medcode_gui.store import ReferenceStore

SAMPLE = "omop/athena_testdata/CONCEPT.csv"
# Written |-separated for reading, in the CONCEPT columns: concept_id, concept_name, domain_id, vocabulary_id,
# concept_class_id, standard_concept, concept_code, valid_start_date, valid_end_date, invalid_reason
INVENTED_TEXT = """
2000001|Invented steroid injection, per mg|Drug|HCPCS|HCPCS|S|J1100|20050101|20991231|
2000002|Invented office visit of moderate length|Visit|CPT4|CPT4|S|99213|19940101|20991231|
2000003|Invented significant separate service|Observation|CPT4|CPT4 Modifier|S|25|19920101|20991231|
2000004|Invented left side|Observation|HCPCS|HCPCS Modifier|S|LT|19920101|20991231|
2000005|Invented surgery chapter|Procedure|CPT4|CPT4 Hierarchy|C|1012576|20141010|20991231|
2000006|Invented old screening service|Procedure|HCPCS|HCPCS||G0001|19980101|20121231|D
2000007|Invented café walking cane|Device|HCPCS|HCPCS|S|E0100|19860101|20991231|
2000008|Invented supply class|Device|HCPCS|HCPCS Class|C|A4206-A4209|20000101|20991231|
2000009|Invented lab panel retired mid-year|Measurement|CPT4|CPT4|S|0042T|20210101|20230630|
"""
INVENTED = [line.split("|") for line in INVENTED_TEXT.strip().splitlines()]


def sample_lines() -> list[str]:
    return data_file(SAMPLE).read_text(encoding="utf-8").splitlines()


def write_export(folder: Path, rows: list[list[str]], name: str = "CONCEPT.csv", snomed: int = 3) -> Path:
    """The real header and a few real SNOMED rows, then the given rows, TAB-separated as Athena writes them."""
    lines = sample_lines()[: 1 + snomed] + ["\t".join(row) for row in rows]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def by_code(parsed: ParsedRelease) -> dict[str, CodeRecord]:
    return {r.code: r for r in parsed.records}


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path, INVENTED)


@pytest.fixture
def parsed(export: Path) -> ParsedRelease:
    return read_release(export)


def test_real_sample_is_recognised_but_holds_no_hcpcs_or_cpt4() -> None:
    assert athena.sniff(read_source(data_file(SAMPLE)))
    with pytest.raises(ImportFormatError, match=r"^CONCEPT\.csv holds no HCPCS or CPT4 concepts \(only SNOMED\)\.$"):
        read_release(data_file(SAMPLE))


def test_read_release_routes_the_export_to_athena(parsed: ParsedRelease) -> None:
    assert parsed.info.system == OMOP
    assert parsed.info.file_format == "athena-concept"
    assert parsed.info.source_name == parsed.info.source_member == "CONCEPT.csv"


def test_keeps_codes_and_modifiers_of_hcpcs_and_cpt4_only(parsed: ParsedRelease) -> None:
    assert [(r.code, r.kind, r.system) for r in parsed.records] == [
        ("J1100", "code", HCPCS),
        ("99213", "code", CPT),
        ("25", "modifier", CPT),
        ("LT", "modifier", HCPCS),
        ("G0001", "code", HCPCS),
        ("E0100", "code", HCPCS),
        ("0042T", "code", CPT),
    ]


def test_every_value_of_one_concept(parsed: ParsedRelease) -> None:
    j1100 = by_code(parsed)["J1100"]
    assert j1100.short_description == j1100.long_description == "Invented steroid injection, per mg"
    assert j1100.added_date == "2005-01-01"
    assert j1100.termination_date is None
    assert j1100.fields == dict(zip(sample_lines()[0].split("\t"), INVENTED[0], strict=True))
    assert list(j1100.fields)[:2] == ["concept_id", "concept_name"]


def test_end_dates_become_termination_dates_only_when_the_concept_ended(parsed: ParsedRelease) -> None:
    records = by_code(parsed)
    assert records["G0001"].termination_date == "2012-12-31"  # deprecated (invalid_reason D)
    assert records["0042T"].termination_date == "2023-06-30"  # ended without a reason given
    assert records["99213"].termination_date is None  # 2099-12-31 means still valid


def test_utf8_names_are_read_as_utf8(parsed: ParsedRelease) -> None:
    assert by_code(parsed)["E0100"].short_description == "Invented café walking cane"


def test_skipped_rows_are_counted_in_warnings(parsed: ParsedRelease) -> None:
    assert parsed.warnings[:2] == [
        "3 rows of other vocabularies (SNOMED) were skipped.",
        "Skipped 2 HCPCS/CPT4 concepts that are not codes or modifiers (hierarchy or class concepts such as "
        "1012576, A4206-A4209).",
    ]


def test_without_a_year_in_the_name_the_newest_start_date_names_the_release(parsed: ParsedRelease) -> None:
    assert (parsed.info.label, parsed.info.effective_date) == ("Athena-2021-01-01", "2021-01-01")
    assert parsed.warnings[-1] == (
        "CONCEPT.csv does not say which release it is; its newest valid_start_date, 2021-01-01, is taken as "
        "the effective date (give --label and --effective to choose)."
    )


def test_a_year_in_the_name_or_the_users_words_name_the_release(tmp_path: Path) -> None:
    named = read_release(write_export(tmp_path, INVENTED, name="CONCEPT_2024.csv"))
    assert (named.info.label, named.info.effective_date) == ("OMOP-2024", "2024-01-01")
    chosen = read_release(write_export(tmp_path, INVENTED), label="Athena v5 Aug", effective="2024-08-30")
    assert (chosen.info.label, chosen.info.effective_date) == ("Athena v5 Aug", "2024-08-30")
    assert not any("valid_start_date" in w for w in chosen.warnings)


def test_comma_separated_export_with_bom_and_quotes(tmp_path: Path) -> None:
    header = sample_lines()[0].replace("\t", ",")
    row = '2000001,"Invented injection, 5"" vial",Drug,HCPCS,HCPCS,S,J1100,20050101,20991231,'
    path = tmp_path / "concept_comma.csv"
    path.write_bytes(b"\xef\xbb\xbf" + f"{header}\r\n{row}\r\n".encode())
    record = read_release(path).records[0]
    assert (record.code, record.short_description) == ("J1100", 'Invented injection, 5" vial')
    assert "concept_id" in record.fields


def test_tab_export_keeps_a_bare_quote_in_a_name(tmp_path: Path) -> None:
    row = ["2000001", 'Invented 5" tubing', "Device", "HCPCS", "HCPCS", "S", "A4300", "20050101", "20991231", ""]
    assert read_release(write_export(tmp_path, [row])).records[0].short_description == 'Invented 5" tubing'


def test_unnamed_cpt4_concepts_are_kept_with_a_warning(tmp_path: Path) -> None:
    row = ["2000002", "", "Procedure", "CPT4", "CPT4", "S", "99214", "20050101", "20991231", ""]
    parsed = read_release(write_export(tmp_path, [row]))
    assert parsed.records[0].short_description == ""
    assert any(
        w.startswith("Kept 1 concept without a name; CPT4 names are filled in only after") for w in parsed.warnings
    )


def test_only_hierarchy_concepts_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match=r"none is a code or modifier \(e\.g\. 1012576\)"):
        read_release(write_export(tmp_path, [INVENTED[4]]))


def test_a_code_listed_twice_is_refused(tmp_path: Path) -> None:
    twice = [INVENTED[0], [*INVENTED[0][:6], "J1100", "20060101", "20991231", ""]]
    with pytest.raises(ImportFormatError, match=r"lists J1100 more than once"):
        read_release(write_export(tmp_path, twice))


def test_a_short_row_is_refused_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match=r"^CONCEPT\.csv line 6 has 9 columns instead of 10"):
        read_release(write_export(tmp_path, [INVENTED[0], INVENTED[1][:9]]))


def test_a_bad_date_is_refused_with_its_line(tmp_path: Path) -> None:
    bad = [*INVENTED[0][:7], "2005-13-01", "20991231", ""]
    with pytest.raises(ImportFormatError, match=r"line 5 has valid_start_date '2005-13-01', which is not a date"):
        read_release(write_export(tmp_path, [bad]))


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = write_export(tmp_path, [INVENTED[0]])
    path.write_bytes(path.read_bytes().replace(b"steroid", b"st\xe9roid"))
    with pytest.raises(ImportFormatError, match=r"is not UTF-8 text"):
        read_release(path)


def test_progress_is_reported_per_piece_read_up_to_the_line_count(tmp_path: Path) -> None:
    """The file is read in pieces of about 1 MB: 100,001 short rows (about 5 MB) report several times."""
    path = write_export(tmp_path, [SNOMED_ROW] * 100_000 + [INVENTED[0]], snomed=0)
    calls: list[tuple[str, int, int]] = []
    parsed = read_release(path, progress=lambda *call: calls.append(call))
    done = [done for _, done, _ in calls]
    assert len(done) >= 4
    assert done == sorted(done) and done[-1] == 100_002
    assert {total for _, _, total in calls} == {100_002}
    assert {stage for stage, _, _ in calls} == {"Reading concepts"}
    assert len(parsed.records) == 1


def test_imports_into_the_store(tmp_path: Path, parsed: ParsedRelease) -> None:
    with ReferenceStore(tmp_path / "ref.sqlite") as store:
        outcome = store.import_release(parsed)
        assert outcome.status == "imported"
        assert (outcome.release.codes, outcome.release.modifiers) == (5, 2)
        j1100 = store.lookup("J1100")
        assert j1100.release.system == OMOP
        assert j1100.record.short_description == "Invented steroid injection, per mg"
        assert store.lookup("G0001").status == "terminated"
        assert store.lookup("25").record.kind == "modifier"


@pytest.mark.parametrize("relative", ["pfs/PPRRVU2025_Oct.csv", "hcpcs/2019/HCPC2019_CONTR_ANWEB.txt"])
def test_cms_files_are_not_taken_for_athena_or_generic_csv(relative: str) -> None:
    source = read_source(data_file(relative))
    assert not athena.sniff(source)
    assert not generic_csv.sniff(source)


def test_binary_and_zip_content_is_not_sniffed() -> None:
    for data in (b"PK\x03\x04concept_id\tconcept_name", b"concept_id\x00concept_name\tvocabulary_id\tconcept_code"):
        assert not athena.sniff(Source("x.csv", data, hashlib.sha256(data).hexdigest()))


def test_a_code_under_the_wrong_vocabulary_is_filed_by_its_shape(tmp_path: Path) -> None:
    row = ["2000010", "Invented visit filed oddly", "Visit", "HCPCS", "HCPCS", "S", "99215", "20050101", "20991231", ""]
    parsed = read_release(write_export(tmp_path, [row]))
    assert parsed.records[0].system == CPT
    assert "Kept 1 concept under the system its code shape shows, not its vocabulary (e.g. 99215 in HCPCS)." in (
        parsed.warnings
    )


SNOMED_ROW = [
    "1",
    "Invented finding",
    "Condition",
    "SNOMED",
    "Clinical Finding",
    "S",
    "1234",
    "20000101",
    "20991231",
    "",
]


def test_plain_rows_of_other_vocabularies_are_counted_without_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: a file of junk rows took 16 s per 400 MB read by csv a row at a time. Pieces holding only rows
    of other vocabularies are counted in C; csv reads only the piece that holds the HCPCS/CPT4 rows."""
    read_by_csv: list[list[str]] = []
    real_reader = athena.csv.reader

    class Spy:
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.reader = real_reader(*args, **kwargs)

        def __iter__(self) -> Spy:
            return self

        def __next__(self) -> list[str]:
            read_by_csv.append(next(self.reader))
            return read_by_csv[-1]

        @property
        def line_num(self) -> int:
            return self.reader.line_num

    monkeypatch.setattr(athena.csv, "reader", Spy)
    path = write_export(tmp_path, [SNOMED_ROW] * 100_000 + INVENTED, snomed=0)  # about 5 MB
    parsed = read_release(path)
    assert parsed.warnings[0] == "100000 rows of other vocabularies (SNOMED) were skipped."
    assert len(parsed.records) == 7
    assert 0 < len(read_by_csv) < 30_000  # the last piece (about 1 MB), not the whole file


def _quoted_comma_copy(tab_file: Path, folder: Path) -> Path:
    """The same export as a comma re-export with every cell quoted: no piece of it is plain, csv reads all."""
    lines = tab_file.read_text(encoding="utf-8").splitlines()
    quoted = [",".join(f'"{cell}"' for cell in line.split("\t")) for line in lines]
    path = folder / "comma" / tab_file.name
    path.parent.mkdir()
    path.write_text("\n".join(quoted) + "\n", encoding="utf-8")
    return path


def test_plain_pieces_and_csv_read_the_same_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small pieces put boundaries everywhere: HCPCS rows among the others, CRLF ends, blank lines, a row of
    empty cells (csv skips it; it must not be counted as a vocabulary-less row)."""
    monkeypatch.setattr(athena, "CHUNK_BYTES", 1024)
    others = [
        [
            str(n),
            f"Finding {n}",
            "Condition",
            "SNOMED" if n % 3 else "LOINC",
            "X",
            "S",
            str(n),
            "20000101",
            "20991231",
            "",
        ]
        for n in range(3000)
    ]
    rows = others[:1000] + INVENTED[:4] + others[1000:2000] + INVENTED[4:] + others[2000:]
    tab = write_export(tmp_path, rows, snomed=0)
    tab.write_bytes(
        tab.read_bytes()
        .replace(b"\n", b"\r\n")
        .replace(b"\r\n1500\t", b"\r\n\r\n1500\t", 1)
        .replace(b"\r\n1600\t", b"\r\n" + b"\t" * 9 + b"\r\n1600\t", 1)
        + b"\r\n\r\n"
    )
    fast, slow = read_release(tab), read_release(_quoted_comma_copy(tab, tmp_path))
    assert fast.records == slow.records and len(fast.records) == 7
    assert fast.warnings == slow.warnings
    assert fast.warnings[0] == "3000 rows of other vocabularies (LOINC, SNOMED) were skipped."


def test_a_quoted_newline_across_piece_boundaries_stays_in_its_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(athena, "CHUNK_BYTES", 1024)
    header = sample_lines()[0].replace("\t", ",")
    name = 'Invented "quoted" name\n' * 30  # about 750 bytes over 30 lines: most pieces end inside one
    cell = name.replace('"', '""')
    rows = [f"{n},Finding {n},Condition,SNOMED,X,S,{n},20000101,20991231," for n in range(100)]
    for at, code in ((60, "J1120"), (30, "J1110"), (10, "J1100")):
        rows.insert(at, f'2000001,"{cell}",Drug,HCPCS,HCPCS,S,{code},20050101,20991231,')
    path = tmp_path / "concept.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    parsed = read_release(path)
    assert [(r.code, r.short_description) for r in parsed.records] == [
        ("J1100", name.strip()),
        ("J1110", name.strip()),
        ("J1120", name.strip()),
    ]
    assert parsed.warnings[0] == "100 rows of other vocabularies (SNOMED) were skipped."


def test_damage_deep_in_a_plain_file_names_its_line(tmp_path: Path) -> None:
    rows = [SNOMED_ROW] * 80_000 + [SNOMED_ROW[:9]] + [SNOMED_ROW] * 1000 + INVENTED
    with pytest.raises(ImportFormatError, match=r"^CONCEPT\.csv line 80002 has 9 columns instead of 10"):
        read_release(write_export(tmp_path, rows, snomed=0))
    path = write_export(tmp_path, [SNOMED_ROW] * 81_000 + INVENTED, snomed=0)
    data = bytearray(path.read_bytes())
    data[data.index(b"Invented finding", 60_000 * 40)] = 0xE9  # somewhere past the first pieces
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFormatError, match=r"is not UTF-8 text after line \d{5}; "):
        read_release(path)


def test_a_row_longer_than_a_piece_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays bounded whatever the file holds: no row is read past the piece size."""
    monkeypatch.setattr(athena, "CHUNK_BYTES", 1024)
    long_row = [*INVENTED[0][:1], "x" * 5000, *INVENTED[0][2:]]
    with pytest.raises(ImportFormatError, match=r"^CONCEPT\.csv line 5 is longer than 1 KB .*not an Athena export\.$"):
        read_release(write_export(tmp_path, [long_row]))


def test_more_hcpcs_concepts_that_are_not_codes_than_athena_holds_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(athena, "MAX_RECORDS", 50)
    hierarchy = [
        ["1", "Invented class", "Device", "HCPCS", "HCPCS Class", "C", "A4206-A4209", "20000101", "20991231", ""]
    ] * 51
    with pytest.raises(ImportFormatError, match=r"more than 50 HCPCS/CPT4 concepts that are not codes or modifiers"):
        read_release(write_export(tmp_path, [INVENTED[0], *hierarchy]))
