"""The CMS HCPCS Level II importer on the real 2018 and 2019 releases, in all three forms."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import TXT_2018, TXT_2019, XLSX_2018, XLSX_2019, ZIP_2018, ZIP_2019, data_file

from medcode_gui.codes.records import ParsedRelease
from medcode_gui.importers import read_release
from medcode_gui.importers.hcpcs_layout import DETAIL_FIELDS, POSITION_FIELDS


def by_code(parsed: ParsedRelease) -> dict[tuple[str, str], object]:
    return {(r.code, r.kind): r for r in parsed.records}


def kinds(parsed: ParsedRelease) -> Counter:
    return Counter(r.kind for r in parsed.records)


def test_2019_txt_gives_6440_codes_and_360_modifiers(parsed_2019: ParsedRelease) -> None:
    assert kinds(parsed_2019) == {"code": 6440, "modifier": 360}
    assert parsed_2019.info.label == "HCPCS-2019"
    assert parsed_2019.info.effective_date == "2019-01-01"
    assert parsed_2019.info.file_format == "hcpcs-txt"


def test_2018_txt_gives_6205_codes_and_354_modifiers(parsed_2018: ParsedRelease) -> None:
    assert kinds(parsed_2018) == {"code": 6205, "modifier": 354}
    assert parsed_2018.info.label == "HCPCS-2018"


def test_j1100_every_field(parsed_2019: ParsedRelease) -> None:
    j1100 = by_code(parsed_2019)[("J1100", "code")]
    assert j1100.long_description == "Injection, dexamethasone sodium phosphate, 1 mg"
    assert j1100.short_description == "Dexamethasone sodium phos"
    assert (j1100.fields["TOS1"], j1100.fields["TOS2"]) == ("1", "P")
    assert j1100.fields["PRICE1"] == "51" and j1100.fields["BETOS"] == "O1E" and j1100.fields["COV"] == "D"
    assert j1100.added_date == "1982-01-01" and j1100.termination_date is None
    # Every layout field but the code (the record's own key) and the fillers is kept, with the sequence
    # numbers and record ids of the first and continuation lines.
    assert list(j1100.fields) == [*POSITION_FIELDS, "LONG DESCRIPTION"] + [name for name, _, _ in DETAIL_FIELDS]


def test_sequence_numbers_and_record_ids_are_kept_as_the_txt_writes_them(parsed_2019: ParsedRelease) -> None:
    records = by_code(parsed_2019)
    e0100, lt, g0503 = records[("E0100", "code")], records[("LT", "modifier")], records[("G0503", "code")]
    assert [e0100.fields[n] for n in POSITION_FIELDS] == ["00100", "3", "", ""]
    assert [lt.fields[n] for n in POSITION_FIELDS] == ["00100", "7", "", ""]
    # G0503's long description runs over 16 more lines: each line's number and id, raw, in file order.
    lines = [
        line[5:11]
        for line in data_file(TXT_2019).read_bytes().decode("latin-1").splitlines()
        if line.startswith("G0503") and line[10] == "4"
    ]
    assert len(lines) == 16
    assert g0503.fields["CONTINUATION SEQNUMS"] == " ".join(line[:5] for line in lines)
    assert g0503.fields["CONTINUATION SEQNUMS"].startswith("00200 00300 ")
    assert g0503.fields["CONTINUATION RECIDS"] == " ".join("4" * 16)


def test_the_xlsx_keeps_its_own_four_digit_sequence_numbers() -> None:
    records = by_code(read_release(data_file(XLSX_2019)))
    assert [records[("E0100", "code")].fields[n] for n in POSITION_FIELDS] == ["0010", "3", "", ""]
    assert records[("LT", "modifier")].fields["RECID"] == "7"
    # The overflow row of G0503 is its one continuation row in the xlsx.
    g0503 = records[("G0503", "code")]
    assert (g0503.fields["CONTINUATION SEQNUMS"], g0503.fields["CONTINUATION RECIDS"]) == ("0020", "4")


def test_modifiers_come_from_recid_7_records(parsed_2019: ParsedRelease) -> None:
    records = by_code(parsed_2019)
    assert records[("LT", "modifier")].short_description == "Left side"
    assert all((m, "modifier") in records for m in ("GA", "GZ", "KX", "RT", "TC", "XS", "A1", "A9"))
    assert not any(r.kind == "modifier" and r.code.isdigit() for r in parsed_2019.records)


def test_long_descriptions_join_continuation_lines(parsed_2019: ParsedRelease) -> None:
    g0503 = by_code(parsed_2019)[("G0503", "code")]
    assert g0503.long_description.startswith("Subsequent psychiatric collaborative care management")
    assert g0503.long_description.endswith("prepared for discharge from active treatment")


def test_a_short_continuation_line_is_padded_not_lost(parsed_2019: ParsedRelease) -> None:
    raw = data_file(TXT_2019).read_bytes().decode("latin-1").split("\n")
    short = [line.rstrip("\r") for line in raw if line.startswith("G8891") and len(line.rstrip("\r")) < 320]
    assert short, "the 2019 file should hold the 316-character G8891 continuation line"
    g8891 = by_code(parsed_2019)[("G8891", "code")]
    assert short[0][11:91].strip() in g8891.long_description


def test_dates_and_status_fields(parsed_2018: ParsedRelease) -> None:
    terminated = [r for r in parsed_2018.records if r.termination_date]
    assert terminated and all(len(r.termination_date) == 10 for r in terminated)
    assert all(r.action_code in set("ABCDFNPRST") for r in parsed_2018.records)


# The CMS txt and xlsx twins disagree in a few places; each kind is counted exactly, so any other
# difference (or a change in these counts) fails. See docs/data-notes.md.
KNOWN_TWIN_DIFFERENCES = {
    TXT_2019: {
        "ACT EFF DT blank in xlsx": 115,
        "TOS4 only in xlsx": 2,
        "long description whitespace": 13,
        "SEQNUM 5 digits in txt, 4 in xlsx": 6800,
        "continuation lines only in txt": 2 * (2864 - 1),  # codes with RECID 4/8 lines, but G0503
        "G0503: 16 continuation lines in txt, one overflow row in xlsx": 2,
    },
    TXT_2018: {
        "long description whitespace": 35,
        "SEQNUM 5 digits in txt, 4 in xlsx": 6559,
        "continuation lines only in txt": 2 * 2746,  # codes with RECID 4/8 lines (2 fields each)
    },
}


def twin_difference(name: str, txt_value: str, xlsx_value: str) -> str:
    if name == "ACT EFF DT" and xlsx_value == "":
        return "ACT EFF DT blank in xlsx"
    if name == "TOS4" and txt_value == "":
        return "TOS4 only in xlsx"
    if name == "LONG DESCRIPTION" and txt_value.split() == xlsx_value.split():
        return "long description whitespace"
    if name == "SEQNUM" and txt_value == xlsx_value + "0":
        return "SEQNUM 5 digits in txt, 4 in xlsx"
    if name.startswith("CONTINUATION") and xlsx_value == "":
        return "continuation lines only in txt"
    if name.startswith("CONTINUATION") and xlsx_value in ("0020", "4"):
        return "G0503: 16 continuation lines in txt, one overflow row in xlsx"
    return f"{name}: txt {txt_value!r} xlsx {xlsx_value!r}"


@pytest.mark.parametrize(("txt", "xlsx"), [(TXT_2019, XLSX_2019), (TXT_2018, XLSX_2018)])
def test_txt_and_xlsx_agree_field_by_field(txt: str, xlsx: str) -> None:
    from_txt, from_xlsx = read_release(data_file(txt)), read_release(data_file(xlsx))
    assert from_xlsx.info.file_format == "hcpcs-xlsx" and from_xlsx.info.label == from_txt.info.label
    a, b = by_code(from_txt), by_code(from_xlsx)
    assert a.keys() == b.keys()
    differences = Counter(
        twin_difference(name, value, b[key].fields[name])
        for key, record in a.items()
        for name, value in record.fields.items()
        if value != b[key].fields[name]
    )
    assert differences == KNOWN_TWIN_DIFFERENCES[txt]


def test_xlsx_overflow_row_is_joined_to_its_code() -> None:
    parsed = read_release(data_file(XLSX_2019))
    g0503 = by_code(parsed)[("G0503", "code")]
    assert g0503.long_description.endswith("and are prepared for discharge from active treatment")
    assert len([r for r in parsed.records if r.code == "G0503"]) == 1


@pytest.mark.parametrize(
    ("zip_name", "member", "notes"),
    [(ZIP_2019, "HCPC2019_CONTR_ANWEB.txt", 218), (ZIP_2018, "HCPC2018_CONTR_ANWEB_disc.txt", 216)],
)
def test_release_zip_reads_the_txt_and_processing_notes(zip_name: str, member: str, notes: int) -> None:
    parsed = read_release(data_file(zip_name))
    assert parsed.info.source_member == member and parsed.info.file_format == "hcpcs-zip/txt"
    assert len(parsed.notes) == notes
    assert parsed.notes["0002"].startswith("THESE CODES (82585, 82595) PERTAIN TO PERFORMING THE ANALYSIS")
    referenced = {r.fields["PROCNOTE"] for r in parsed.records if r.fields["PROCNOTE"]}
    # Every referenced note is in the notes file, except "0000", which CMS uses as "no note".
    assert referenced - set(parsed.notes) <= {"0000"}


def test_label_and_effective_date_from_the_user_win(tmp_path) -> None:
    renamed = tmp_path / "codes.txt"
    renamed.write_bytes(data_file(TXT_2019).read_bytes())
    parsed = read_release(renamed, label="Q1", effective="2019-01-01")
    assert (parsed.info.label, parsed.info.effective_date) == ("Q1", "2019-01-01")
    assert len(parsed.records) == 6800
