"""The PPRRVU twins of CMS's October 2025 RVU bundle (RVU25D): the csv, the fixed-width txt and the xlsx parse to
the same records, field by field, and name the same release."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import PPRRVU, data_file

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.codes.records import PFS, ParsedRelease
from medcode_gui.importers import pprrvu, read_release
from medcode_gui.importers.source import read_source
from medcode_gui.store.reference_store import ReferenceStore

TXT = "pfs/rvu25d/PPRRVU2025_Oct.txt"
XLSX = "pfs/rvu25d/PPRRVU2025_Oct.xlsx"


@pytest.fixture(scope="module")
def twins(parsed_pprrvu: ParsedRelease) -> dict[str, ParsedRelease]:
    return {"csv": parsed_pprrvu, "txt": read_release(data_file(TXT)), "xlsx": read_release(data_file(XLSX))}


@pytest.mark.parametrize("twin", ["txt", "xlsx"])
def test_each_twin_gives_the_csv_records_field_by_field(twins: dict[str, ParsedRelease], twin: str) -> None:
    csv_records = {r.code: r for r in twins["csv"].records}
    other = {r.code: r for r in twins[twin].records}
    assert list(other) == list(csv_records)  # the same 16,852 codes in the same order
    for code, record in csv_records.items():
        got = other[code]
        assert (got.kind, got.system, got.short_description, got.long_description) == (
            record.kind,
            record.system,
            record.short_description,
            record.long_description,
        ), code
        assert list(got.fields) == list(record.fields), code
        for name, value in record.fields.items():
            assert got.fields[name] == value, (twin, code, name)


def test_a_few_fields_as_the_files_print_them(twins: dict[str, ParsedRelease]) -> None:
    """Numbers the xlsx stores as floats (32.346499999999999, 0) and the txt writes as .00 read as the csv."""
    for parsed in twins.values():
        record = next(r for r in parsed.records if r.code == "76145")
        assert record.fields["CONV FACTOR"] == "32.3465"
        assert record.fields["PRE OP"] == "0.00"
        assert record.fields["PCTC IND"] in {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"}
        surgery = next(r for r in parsed.records if r.code == "27447")
        assert (surgery.fields["GLOB DAYS"], surgery.fields["PRE OP"]) == ("090", "0.10")


def test_the_twins_name_the_same_release_with_its_period(twins: dict[str, ParsedRelease]) -> None:
    """The csv and the xlsx say "2025 ... Relative Value File October Release" in their title rows; the txt's
    header records do not name the quarter, so its label comes from its name (PPRRVU2025_Oct.txt)."""
    infos = {twin: parsed.info for twin, parsed in twins.items()}
    assert {(i.system, i.label, i.effective_date) for i in infos.values()} == {(PFS, "PFS-2025-OCT", "2025-10-01")}
    assert {twin: i.file_format for twin, i in infos.items()} == {
        "csv": "pprrvu-csv",
        "txt": "pprrvu-txt",
        "xlsx": "pprrvu-xlsx",
    }
    renamed = read_source(data_file(XLSX))
    renamed.name = "fees.xlsx"  # a name without year or quarter: the xlsx's title still names the release
    assert pprrvu.parse(renamed).info.label == "PFS-2025-OCT"


def test_the_xlsx_is_told_apart_by_content() -> None:
    assert pprrvu.sniff(read_source(data_file(XLSX)))
    assert not pprrvu.sniff(read_source(data_file("hcpcs/2019/HCPC2019_CONTR_ANWEB.xlsx")))
    assert not pprrvu.sniff(read_source(data_file(PPRRVU).parent / "rvu25d" / "GPCI2025.xlsx"))


def _rewritten(path: Path, out: Path, member: str, old: bytes, new: bytes) -> Path:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, data.replace(old, new) if info.filename == member else data)
    return out


def _refused_and_unchanged(path: Path, db: Path, match: str) -> None:
    with ReferenceStore(db) as store:
        before = [r.label for r in store.releases()]
        with pytest.raises(ImportFormatError, match=match) as refused:
            store.import_release(read_release(path))
        assert [r.label for r in store.releases()] == before
    assert "\n" not in str(refused.value)


def test_a_workbook_without_the_header_row_is_refused_in_one_sentence(tmp_path: Path, empty_db: Path) -> None:
    bad = _rewritten(
        data_file(XLSX), tmp_path / "PPRRVU2025_Oct.xlsx", "xl/sharedStrings.xml", b"<t>DESCRIPTION</t>", b"<t>X</t>"
    )
    _refused_and_unchanged(bad, empty_db, r"has no HCPCS, MOD, DESCRIPTION, \.\.\. header row")


def test_a_truncated_workbook_is_refused_in_one_sentence(tmp_path: Path, empty_db: Path) -> None:
    bad = tmp_path / "PPRRVU2025_Oct.xlsx"
    bad.write_bytes(data_file(XLSX).read_bytes()[:1_000_000])
    _refused_and_unchanged(bad, empty_db, r"PPRRVU2025_Oct\.xlsx")


def test_a_bomb_is_refused_before_calamine_reads_it(tmp_path: Path) -> None:
    """A sheet that inflates past the limit is refused by counting, not by unpacking it whole."""
    bad = tmp_path / "PPRRVU2025_Oct.xlsx"
    _rewritten(data_file(XLSX), bad, "xl/worksheets/sheet1.xml", b"</sheetData>", b" " * 200_000_000 + b"</sheetData>")
    assert bad.stat().st_size < 24 * 1024 * 1024
    with pytest.raises(ImportFormatError, match="refused"):
        pprrvu.parse(read_source(bad))

