"""The CMS physician fee schedule relative value file (PPRRVU2025_Oct.csv): one record per code, every row kept."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from conftest import PPRRVU, data_file, pprrvu_rows

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.codes.records import CPT, HCPCS, PFS, ParsedRelease
from medcode_gui.importers import pprrvu, read_release
from medcode_gui.importers.pprrvu import COLUMNS, PRICED_MODIFIERS
from medcode_gui.importers.source import read_source


def test_the_fee_schedule_gives_16852_codes_with_its_release_named(parsed_pprrvu: ParsedRelease) -> None:
    info = parsed_pprrvu.info
    assert len(parsed_pprrvu.records) == 16852
    assert (info.system, info.label, info.effective_date, info.file_format) == (
        PFS,
        "PFS-2025-OCT",
        "2025-10-01",
        "pprrvu-csv",
    )
    systems = {r.system for r in parsed_pprrvu.records}
    assert systems == {CPT, HCPCS}


def test_every_row_of_the_file_is_kept_raw(parsed_pprrvu: ParsedRelease) -> None:
    """Each (code, modifier) row's values are in the record: the row without a modifier under the column
    names, the others under "<column> [<modifier>]"."""
    records = {r.code: r for r in parsed_pprrvu.records}
    rows = pprrvu_rows()
    assert len(rows) == 19090
    for row in rows:
        fields = records[row[0]].fields
        suffix = f" [{row[1]}]" if row[1] and fields.get("MOD") != row[1] else ""
        for column, value in zip(COLUMNS[2:], row[2:], strict=True):
            assert fields[column + suffix] == value.strip(), (row[0], row[1], column)


def test_priced_modifiers_and_a_code_with_only_a_26_row(parsed_pprrvu: ParsedRelease) -> None:
    records = {r.code: r for r in parsed_pprrvu.records}
    colonoscopy = records["45378"]
    assert colonoscopy.short_description == "Diagnostic colonoscopy"
    assert colonoscopy.fields["WORK RVU"] == "3.26"
    assert colonoscopy.fields["WORK RVU [53]"] == "1.63"
    assert colonoscopy.fields[PRICED_MODIFIERS] == "53"
    modifiers: dict[str, list[str]] = defaultdict(list)
    for row in pprrvu_rows():
        modifiers[row[0]].append(row[1])
    only_26 = [code for code, mods in modifiers.items() if mods == ["26"]]
    assert len(only_26) == 1
    record = records[only_26[0]]
    assert record.fields["MOD"] == "26" and record.fields[PRICED_MODIFIERS] == "26"
    split = next(code for code, mods in modifiers.items() if mods == ["", "26", "TC"])
    assert records[split].fields[PRICED_MODIFIERS] == "26, TC"


def test_cms_short_descriptors_are_not_altered(parsed_pprrvu: ParsedRelease) -> None:
    records = {r.code: r for r in parsed_pprrvu.records}
    for row in pprrvu_rows():
        if not row[1]:
            assert records[row[0]].short_description == row[2].strip()
            assert records[row[0]].long_description == ""  # the file has none; none is made up


def test_sniffing_tells_the_fee_schedule_from_the_hcpcs_file() -> None:
    assert pprrvu.sniff(read_source(data_file(PPRRVU)))
    assert not pprrvu.sniff(read_source(data_file("hcpcs/2019/HCPC2019_CONTR_ANWEB.txt")))
    assert not pprrvu.sniff(read_source(data_file("hcpcs/zips/2019-Alpha-Numeric-HCPCS-File.zip")))


def test_a_damaged_fee_schedule_is_refused_in_one_sentence(tmp_path: Path) -> None:
    lines = data_file(PPRRVU).read_text(encoding="latin-1").splitlines()
    short = tmp_path / "PPRRVU2025_Oct.csv"
    short.write_text("\n".join(lines[:20] + [lines[20].rsplit(",", 3)[0]]), encoding="latin-1")
    with pytest.raises(ImportFormatError, match=r"line 21 has 28 columns instead of 31"):
        read_release(short)
    twice = tmp_path / "twice-2025.csv"
    twice.write_text("\n".join(lines[:20] + [lines[19]]), encoding="latin-1")
    with pytest.raises(ImportFormatError, match="twice"):
        read_release(twice)
