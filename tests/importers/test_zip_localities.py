"""Every ZIP code to its carrier and PFS locality (ZIP5_OCT2025.txt, fixed width per ZIP5lyout.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import data_file

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.codes.records import ZIP_LOCALITY
from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore

ZIP5 = "pfs/zip-locality-oct2025/ZIP5_OCT2025.txt"


def test_42956_zip_codes_named_from_their_own_quarter(tmp_path: Path) -> None:
    renamed = tmp_path / "zipcodes.txt"  # the release is named from the rows' YYYYQ, not the file's name
    renamed.write_bytes(data_file(ZIP5).read_bytes())
    parsed = read_release(renamed)
    info = parsed.info
    assert (info.system, info.label, info.effective_date, info.file_format) == (
        ZIP_LOCALITY,
        "ZIP5-2025-Q4",
        "2025-10-01",
        "zip5-txt",
    )
    assert len(parsed.schedule_rows) == 42956 and parsed.warnings == []


def test_a_row_field_by_field_against_the_layout() -> None:
    line = next(line for line in data_file(ZIP5).read_text(encoding="latin-1").splitlines() if line[2:7] == "94103")
    row = next(row for row in read_release(data_file(ZIP5)).schedule_rows if row.key == "94103")
    assert line[:23] == "CA941030111205 Z9   0 A"
    assert row.fields == {
        "State": line[0:2],
        "Zip Code": line[2:7],
        "Carrier": line[7:12],
        "Pricing Locality": line[12:14],
        "Rural Indicator": "",
        "Bene Lab CB Locality": line[15:17],
        "Rural Indicator2": "",
        "Plus Four Flag": line[20],
        "Part B Payment Indicator": line[22],
        "Year/Quarter": line[75:80],
    }
    assert (row.fields["Carrier"], row.fields["Pricing Locality"], row.fields["Year/Quarter"]) == (
        "01112",
        "05",
        "20254",
    )


def test_a_cut_record_is_refused_and_the_database_unchanged(tmp_path: Path) -> None:
    lines = data_file(ZIP5).read_text(encoding="latin-1").splitlines()
    bad = tmp_path / "ZIP5.txt"
    bad.write_text("\n".join(lines[:100] + [lines[100][:40]]) + "\n", encoding="latin-1")
    with ReferenceStore(tmp_path / "db.sqlite") as store:
        before = [r.label for r in store.releases()]
        with pytest.raises(ImportFormatError, match=r"line 101 is not a ZIP5 record"):
            store.import_release(read_release(bad))
        assert [r.label for r in store.releases()] == before
