"""The AMA CPT data file importer, on invented packages written by cpt_fixtures (never real AMA text)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from conftest import ZIP_2019, data_file
from cpt_fixtures import HEADER, PATHS, encode, package_files, write_folder, write_zip

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.codes.records import CPT, HCPCS, CodeRecord, ParsedRelease
from medcode_gui.importers import cpt_package, hcpcs_release, read_release, source
from medcode_gui.importers.cpt_descriptors import parse_descriptors
from medcode_gui.importers.source import read_source
from medcode_gui.store import ReferenceStore

FOLDER_NAME = "CPT 2022 data files"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_folder(tmp_path / FOLDER_NAME)


@pytest.fixture
def parsed(folder: Path) -> ParsedRelease:
    return read_release(folder)


def by_code(parsed: ParsedRelease) -> dict[tuple[str, str], CodeRecord]:
    return {(r.code, r.kind): r for r in parsed.records}


def code(parsed: ParsedRelease, value: str) -> CodeRecord:
    return by_code(parsed)[(value, "code")]


def modifier(parsed: ParsedRelease, value: str) -> CodeRecord:
    return by_code(parsed)[(value, "modifier")]


# What is read --------------------------------------------------------------------------------------------------


def test_folder_gives_every_code_once_in_book_order(parsed: ParsedRelease) -> None:
    codes = [r.code for r in parsed.records if r.kind == "code"]
    assert codes == ["99213", "99202", "00100", "0001F", "0042T", "0001U", "0003M", "0004A", "99238", "0002U"]
    assert {r.system for r in parsed.records if r.kind == "code"} == {CPT}
    assert len(by_code(parsed)) == len(parsed.records)


def test_header_is_not_taken_as_data(parsed: ParsedRelease) -> None:
    assert not [r for r in parsed.records if r.code in ("99999", "19660")]
    assert all("Example Association" not in value for r in parsed.records for value in r.fields.values())


def test_short_medium_and_long_descriptors(parsed: ParsedRelease) -> None:
    record = code(parsed, "99213")
    assert record.short_description == "INVENTED OFFICE VISIT SHORT"  # SHORTU padding trimmed
    assert record.long_description == "Invented office visit descriptor for testing, with café and Example® words"
    assert record.fields["SHORTU"] == "INVENTED OFFICE VISIT SHORT"
    assert record.fields["MEDU"] == "INVENTED OFFICE VISIT MEDIUM DESCRIPTOR"
    assert record.fields["LONGULT"] == record.long_description


def test_encodings_are_decoded(parsed: ParsedRelease) -> None:
    record = code(parsed, "00100")
    assert record.fields["SHORTU"] == "INVENTED CAFÉ ANESTH"  # UTF-8 with BOM and CRLF
    assert record.fields["MEDU"] == "INVENTED RÉSUMÉ® ANESTHESIA MEDIUM"  # Windows-1252
    assert (
        modifier(parsed, "25").fields["MODUL LEVEL I"]
        == "Invented Separate Visit: Invented Level I text \u2014 for outpatient use."
    )


def test_a_code_in_only_some_files_takes_what_there_is(parsed: ParsedRelease) -> None:
    only_short = code(parsed, "0001F")
    assert (only_short.short_description, only_short.long_description) == ("INVENTED MEASURE SHORT",) * 2
    only_long = code(parsed, "99238")
    assert only_long.short_description == "Invented discharge descriptor for testing, only in the long file"
    assert list(only_long.fields) == ["LONGULT"]


def test_consumer_and_clinician_descriptors(parsed: ParsedRelease) -> None:
    fields = code(parsed, "99213").fields
    assert fields["CONSUMER CONCEPT ID"] == "1000001"
    assert fields["CONSUMER DESCRIPTOR"] == "Invented consumer descriptor of an office visit"
    assert fields["CLINICIAN CONCEPT ID"] == "1000001"
    assert fields["CLINICIAN DESCRIPTOR 10000002"] == "Invented clinician descriptor one"
    assert fields["CLINICIAN DESCRIPTOR 10000003"] == "Invented clinician descriptor two"
    assert (
        code(parsed, "00100").fields["CLINICIAN DESCRIPTOR 10000004"] == "Invented clinician descriptor of anesthesia"
    )


def test_pla_codes(parsed: ParsedRelease) -> None:
    first = code(parsed, "0001U")
    assert first.short_description == "INVENTED PLA SHORT"  # SHORTU wins over the PLA short descriptor
    assert first.long_description == "Invented PLA long descriptor for testing, first code"
    assert first.added_date == "2017-02-01"
    assert first.fields["PLA labName"] == "Invented Lab & Co"
    assert first.fields["PLA testName"] == "InventedTest® Panel"
    assert first.fields["PLA cdId"] == "1"
    assert "PLA clinicalDesc" not in first.fields  # empty in the file
    second = code(parsed, "0002U")
    assert (second.short_description, second.added_date) == ("INVENTED PLA SHORT TWO", "2018-05-01")
    assert second.fields["PLA effectiveDate"] == "2018-05-01T00:00:00-05:00"


def test_modifiers_from_every_modul_section(parsed: ParsedRelease) -> None:
    modifiers = {r.code: r.system for r in parsed.records if r.kind == "modifier"}
    assert modifiers == {"22": CPT, "25": CPT, "P1": CPT, "P2": CPT, "1P": CPT, "8P": CPT, "E1": HCPCS, "LT": HCPCS}
    assert modifier(parsed, "P1").fields == {"MODUL PHYSICAL STATUS": "Invented healthy patient"}
    assert modifier(parsed, "E1").fields == {"MODUL LEVEL II": "Invented upper eyelid modifier"}
    assert modifier(parsed, "1P").fields == {
        "MODUL CATEGORY II": "Invented exclusion for medical reasons Reasons include: Invented reason one"
    }


def test_a_modifier_in_two_sections_is_one_record(parsed: ParsedRelease) -> None:
    record = modifier(parsed, "25")
    assert list(record.fields) == ["MODUL REGULAR", "MODUL LEVEL I"]
    assert record.fields["MODUL REGULAR"] == "Invented Separate Visit: Invented regular text."
    assert record.short_description == "Invented Separate Visit"
    assert record.long_description == "Invented Separate Visit: Invented regular text."


def test_a_wrapped_modifier_entry_is_joined(parsed: ParsedRelease) -> None:
    record = modifier(parsed, "22")
    assert record.long_description == (
        "Invented Increased Service: Invented text of the first regular modifier that wraps onto a second line "
        "51 and a third line starting with digits."
    )
    assert record.short_description == "Invented Increased Service"
    assert ("51", "modifier") not in by_code(parsed)


def test_older_space_separated_long_file(tmp_path: Path) -> None:
    parsed = read_release(write_zip(tmp_path / "CPT2020.zip", package_files(long_form="LONGUT")))
    record = code(parsed, "00100")
    assert record.fields["LONGUT"] == "Invented anesthesia descriptor for testing; second clause"
    assert record.long_description == record.fields["LONGUT"]
    assert "standard/LONGUT.txt" in parsed.info.source_member


def test_two_pla_files_are_both_read(tmp_path: Path) -> None:
    files = package_files()
    xml = files[PATHS["PLA"]].decode()
    files[PATHS["PLA"]] = xml.replace('<plaCode cdCode="0002U"', '<plaCode cdCode="0009U"').encode()
    files["standard/PLA codes April.xml"] = xml.encode()
    parsed = read_release(write_zip(tmp_path / "CPT2022.zip", files))
    assert {"0001U", "0002U", "0009U"} <= {r.code for r in parsed.records}


# Release and routing --------------------------------------------------------------------------------------------


def test_folder_release_info(parsed: ParsedRelease) -> None:
    info = parsed.info
    assert (info.system, info.label, info.effective_date) == (CPT, "CPT-2022", "2022-01-01")
    assert (info.source_name, info.file_format) == (FOLDER_NAME, "cpt-package")
    assert info.source_member.split(", ") == [
        PATHS[role] for role in ("SHORTU", "MEDU", "LONGULT", "CONSUMER", "CLINICIAN", "PLA", "MODUL")
    ]
    assert parsed.warnings == []


def test_zip_reads_the_same_records_as_the_folder(tmp_path: Path, parsed: ParsedRelease) -> None:
    zipped = read_release(write_zip(tmp_path / "CPT2022.zip"))
    assert zipped.info.file_format == "cpt-package" and zipped.info.label == "CPT-2022"
    assert zipped.records == parsed.records


def test_label_inferred_from_the_copyright_line_with_a_warning(tmp_path: Path) -> None:
    parsed = read_release(write_zip(tmp_path / "cpt-files.zip"))
    assert (parsed.info.label, parsed.info.effective_date) == ("CPT-2022", "2022-01-01")
    assert len(parsed.warnings) == 1 and "copyright line" in parsed.warnings[0]


def test_label_and_effective_from_the_user_win(tmp_path: Path) -> None:
    parsed = read_release(write_zip(tmp_path / "cpt-files.zip"), label="My CPT", effective="2022-07-01")
    assert (parsed.info.label, parsed.info.effective_date, parsed.warnings) == ("My CPT", "2022-07-01", [])


def test_no_year_anywhere_asks_for_label_and_effective(tmp_path: Path) -> None:
    files = {PATHS["CONSUMER"]: package_files()[PATHS["CONSUMER"]]}
    with pytest.raises(ImportFormatError, match="--label and --effective"):
        read_release(write_zip(tmp_path / "cpt-files.zip", files))
    assert read_release(write_zip(tmp_path / "cpt-files.zip", files), "C", "2022-01-01").info.label == "C"


def test_hcpcs_zip_is_not_claimed() -> None:
    hcpcs = read_source(data_file(ZIP_2019))
    assert not cpt_package.sniff(hcpcs)
    assert hcpcs_release.sniff(hcpcs)
    assert read_release(data_file(ZIP_2019)).info.file_format == "hcpcs-zip/txt"


def test_sniff_refuses_other_zips_and_xlsx(tmp_path: Path) -> None:
    other = write_zip(tmp_path / "other.zip", {"readme.txt": b"hello\n", "template.xml": b"<a/>"})
    assert not cpt_package.sniff(read_source(other))
    xlsx = write_zip(
        tmp_path / "book.xlsx",
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "SHORTU.txt": b"x"},
    )
    assert not cpt_package.sniff(read_source(xlsx))
    assert cpt_package.sniff(read_source(write_zip(tmp_path / "cpt.zip")))


def test_import_into_the_store(folder: Path, tmp_path: Path) -> None:
    with ReferenceStore(tmp_path / "ref.sqlite") as store:
        outcome = store.import_release(read_release(folder))
        assert (outcome.status, outcome.release.codes, outcome.release.modifiers) == ("imported", 10, 8)
        hit = store.lookup("99213")
        assert hit.release.label == "CPT-2022"
        assert hit.record.short_description == "INVENTED OFFICE VISIT SHORT"
        assert hit.record.fields["CLINICIAN DESCRIPTOR 10000003"] == "Invented clinician descriptor two"
        assert store.import_release(read_release(folder)).status == "unchanged"


# The folder source -----------------------------------------------------------------------------------------------


def test_folder_is_packed_with_relevant_files_only(folder: Path) -> None:
    packed = read_source(folder)
    assert packed.name == FOLDER_NAME and packed.is_zip
    names = zipfile.ZipFile(io.BytesIO(packed.data)).namelist()
    assert names == sorted(PATHS.values())


def test_folder_checksum_is_stable(folder: Path, tmp_path: Path) -> None:
    first = read_source(folder).sha256
    os.utime(folder / PATHS["SHORTU"], (1_000_000_000, 1_000_000_000))
    assert read_source(folder).sha256 == first
    assert read_source(write_folder(tmp_path / "copy" / FOLDER_NAME)).sha256 == first
    (folder / PATHS["MEDU"]).write_bytes(encode([*HEADER, "", "99213 INVENTED CHANGED MEDIUM"]))
    assert read_source(folder).sha256 != first


def test_folder_without_release_files_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("hello")
    for name in ("empty", "notes"):
        with pytest.raises(ImportFormatError, match="is a folder holding no release file") as error:
            read_release(tmp_path / name)
        assert "\n" not in str(error.value)


def test_folder_with_too_many_files_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_FOLDER_ENTRIES", 5)
    with pytest.raises(ImportFormatError, match="more than 5 files"):
        read_release(write_folder(tmp_path / "big"))


# Bad input: one sentence naming the file -------------------------------------------------------------------------


def replaced(path: str, data: bytes) -> dict[str, bytes]:
    return {**package_files(), path: data}


SHORTU_LINES = [*HEADER, ""]
BAD_PACKAGES = {
    "empty SHORTU": (replaced(PATHS["SHORTU"], b""), "SHORTU.txt is empty"),
    "header only": (replaced(PATHS["SHORTU"], encode(SHORTU_LINES[:-1])), "Line 10 of .*SHORTU.txt is not a CPT code"),
    "not code and descriptor": (
        replaced(PATHS["SHORTU"], encode([*SHORTU_LINES, "99213 INVENTED", "Invented stray line"])),
        "Line 13 of .*SHORTU.txt is not a CPT code followed by a descriptor",
    ),
    "code without descriptor": (
        replaced(PATHS["MEDU"], encode([*SHORTU_LINES, "99213"])),
        "MEDU.txt is not a CPT code",
    ),
    "duplicate code": (
        replaced(PATHS["LONGULT"], encode([*SHORTU_LINES, "99213\tInvented one", "99213\tInvented two"])),
        "LONGULT.txt lists 99213 more than once",
    ),
    "blank line among codes": (
        replaced(PATHS["SHORTU"], encode([*SHORTU_LINES, "99213 INVENTED A", "", "99202 INVENTED B"])),
        "SHORTU.txt has a blank line among its code lines",
    ),
    "wrong encoding": (
        replaced(PATHS["SHORTU"], encode(SHORTU_LINES) + b"99213 INVENTED \x81\x8d\n"),
        "SHORTU.txt is neither UTF-8 nor Windows-1252",
    ),
    "UTF-16": (
        replaced(PATHS["SHORTU"], "\n".join([*SHORTU_LINES, "99213 INVENTED"]).encode("utf-16")),
        "SHORTU.txt is not plain text",
    ),
    "consumer header": (
        replaced(PATHS["CONSUMER"], b"1000001\t99213\tInvented\n"),
        "ConsumerDescriptor.txt does not start with the header row",
    ),
    "consumer columns": (
        replaced(PATHS["CONSUMER"], b"Concept Id\tCPT Code\tConsumer Friendly Descriptor\n1000001\t99213\n"),
        "Line 2 of .*ConsumerDescriptor.txt has 2 columns, not 3",
    ),
    "clinician id twice": (
        replaced(
            PATHS["CLINICIAN"],
            b"Concept Id\tCPT Code\tClinician Descriptor Id\tClinician Descriptor\n"
            b"1000001\t99213\t10000002\tInvented a\n1000002\t00100\t10000002\tInvented b\n",
        ),
        "ClinicianDescriptor.txt gives clinician descriptor id 10000002 twice",
    ),
    "concept ids disagree": (
        replaced(
            PATHS["CLINICIAN"],
            b"Concept Id\tCPT Code\tClinician Descriptor Id\tClinician Descriptor\n"
            b"1000009\t99213\t10000002\tInvented\n",
        ),
        "give 99213 different concept ids",
    ),
    "bad XML": (replaced(PATHS["PLA"], b"<plaCodes><plaCode cdCode='0001U'>"), "CPTPLA_Q1.xml is not well-formed XML"),
    "XML entity": (
        replaced(PATHS["PLA"], b'<!DOCTYPE p [<!ENTITY a "aaaa">]><plaCodes>&a;</plaCodes>'),
        "CPTPLA_Q1.xml holds a DTD",
    ),
    "XML of something else": (replaced(PATHS["PLA"], b"<codes/>"), "CPTPLA_Q1.xml is not a PLA code file"),
    "PLA date": (
        replaced(
            PATHS["PLA"], b'<plaCodes><plaCode cdCode="0001U"><effectiveDate>soon</effectiveDate></plaCode></plaCodes>'
        ),
        "gives 0001U the effective date 'soon', which is not a date",
    ),
    "MODUL without sections": (
        replaced(PATHS["MODUL"], encode([*HEADER, "", "22 Invented modifier"])),
        "MODUL.txt has no 'Appendix A' line",
    ),
    "modifier twice in a section": (
        replaced(PATHS["MODUL"], encode(["Appendix A", "", "22 Invented a", "", "22 Invented b"])),
        "MODUL.txt lists modifier 22 twice in its regular section",
    ),
    "two SHORTU files": (
        {**package_files(), "old/shortu.TXT": package_files()[PATHS["SHORTU"]]},
        "holds 2 shortu.TXT files",
    ),
}


@pytest.mark.parametrize("case", BAD_PACKAGES, ids=str)
def test_bad_package_gives_one_sentence(tmp_path: Path, case: str) -> None:
    files, words = BAD_PACKAGES[case]
    with pytest.raises(ImportFormatError, match=words) as error:
        read_release(write_zip(tmp_path / "CPT2022.zip", files))
    message = str(error.value)
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message


def test_unsafe_zip_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="escapes the archive"):
        read_release(write_zip(tmp_path / "CPT2022.zip", {"../SHORTU.txt": b"x"}))


# The two reconstructed AMA samples (format only: their text is never asserted) ----------------------------------


def test_real_samples_parse() -> None:
    short = parse_descriptors(data_file("cpt_format/SHORTU_sample_reconstructed.txt").read_bytes(), "SHORTU.txt")
    long = parse_descriptors(data_file("cpt_format/LONGULT_sample_reconstructed.txt").read_bytes(), "LONGULT.txt")
    assert (len(short.descriptors), len(long.descriptors)) == (7, 3)
    assert {"99238", "99239"} <= set(short.descriptors) & set(long.descriptors)
    assert short.copyright_year == long.copyright_year == 2021
    assert all(text and text == text.rstrip() and "\t" not in text for text in long.descriptors.values())


def test_real_samples_as_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "licensed files" / "standard"
    folder.mkdir(parents=True)
    for name in ("SHORTU", "LONGULT"):
        (folder / f"{name}.txt").write_bytes(data_file(f"cpt_format/{name}_sample_reconstructed.txt").read_bytes())
    parsed = read_release(folder.parent)
    assert (parsed.info.label, parsed.info.effective_date) == ("CPT-2022", "2022-01-01")
    assert len(parsed.records) == 7 and len(parsed.warnings) == 1
    assert code(parsed, "99239").fields.keys() == {"SHORTU", "LONGULT"}
