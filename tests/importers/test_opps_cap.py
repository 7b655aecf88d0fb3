"""The OPPS cap file of the RVU25D bundle (OPPSCAP_Oct): csv and fixed-width txt twins."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import OPPSCAP_CSV, OPPSCAP_LABEL, data_file

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.codes.records import OPPS_CAP
from medcode_gui.importers import read_release
from medcode_gui.importers.opps_cap import COLUMNS
from medcode_gui.store import ReferenceStore

CSV, LABEL = OPPSCAP_CSV, OPPSCAP_LABEL


def test_the_csv_gives_every_row_field_by_field() -> None:
    parsed = read_release(data_file(CSV), *LABEL)
    assert (parsed.info.system, parsed.info.label, parsed.info.file_format) == (OPPS_CAP, LABEL[0], "oppscap-csv")
    with data_file(CSV).open(encoding="latin-1", newline="") as handle:
        rows = [row for row in list(csv.reader(handle))[1:] if any(row)]
    assert len(rows) == len(parsed.schedule_rows) == 16100
    for row, kept in zip(rows, parsed.schedule_rows, strict=True):
        assert [kept.fields[c] for c in COLUMNS] == row
        assert (kept.key, kept.code, kept.modifier) == (f"{row[0]}|{row[1]}|{row[3]}-{row[4]}", row[0], row[1])


def test_the_twins_are_equal() -> None:
    csv_rows = read_release(data_file(CSV), *LABEL).schedule_rows
    txt = read_release(data_file("pfs/rvu25d/OPPSCAP_Oct.txt"), *LABEL)
    assert txt.info.file_format == "oppscap-txt"
    assert txt.schedule_rows == csv_rows


def test_neither_twin_says_its_year_so_a_label_is_asked_for() -> None:
    with pytest.raises(ImportFormatError, match=r"does not say which release it is; give a label"):
        read_release(data_file(CSV))


@pytest.mark.parametrize(
    ("name", "cut", "said"),
    [
        ("OPPSCAP_Oct.csv", lambda lines: lines[:50] + [lines[50].rsplit(",", 1)[0]], "line 51 has 6 columns"),
        ("OPPSCAP_Oct.csv", lambda lines: lines[:50] + [lines[50].replace(".", "x", 1)], "where a number belongs"),
        ("OPPSCAP_Oct.txt", lambda lines: lines[:50] + [lines[50][:30]], "line 51 is not an OPPS cap row"),
    ],
)
def test_a_damaged_cap_file_is_refused_and_the_database_unchanged(tmp_path: Path, name: str, cut, said: str) -> None:
    lines = data_file("pfs/rvu25d/" + name).read_text(encoding="latin-1").splitlines()
    bad = tmp_path / name
    bad.write_text("\n".join(cut(lines)) + "\n", encoding="latin-1")
    with ReferenceStore(tmp_path / "db.sqlite") as store:
        before = [r.label for r in store.releases()]
        with pytest.raises(ImportFormatError, match=said):
            store.import_release(read_release(bad, *LABEL))
        assert [r.label for r in store.releases()] == before
