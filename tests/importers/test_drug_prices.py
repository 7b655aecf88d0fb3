"""The ASP pricing zip: its csv member read (the .xls twin skipped), every drug's limit and dosage raw."""

from __future__ import annotations

import csv
import io
import zipfile

from conftest import ASP_ZIP, data_file

from medcode_gui.importers import read_release


def test_the_csv_member_is_read_row_by_row() -> None:
    parsed = read_release(data_file(ASP_ZIP))
    with zipfile.ZipFile(data_file(ASP_ZIP)) as archive:
        member = next(name for name in archive.namelist() if name.endswith(".csv"))
        lines = list(csv.reader(io.TextIOWrapper(archive.open(member), encoding="cp1252", newline="")))
    header, rows = lines[8], lines[9:]
    assert parsed.info.source_member == member and parsed.info.file_format == "asp-zip/csv"
    assert len(parsed.schedule_rows) == len(rows) == 877
    names = [h for h in header if h]
    for read, row in zip(parsed.schedule_rows, rows, strict=True):
        assert read.fields == dict(zip(names, [cell.strip() for cell in row], strict=False))  # spaces around only
    j1100 = next(r for r in parsed.schedule_rows if r.code == "J1100")
    assert (j1100.fields["HCPCS Code Dosage"], j1100.fields["Payment Limit"]) == ("1 MG", "0.108")


def test_the_unpacked_csv_reads_the_same(tmp_path) -> None:  # noqa: ANN001
    with zipfile.ZipFile(data_file(ASP_ZIP)) as archive:
        member = next(name for name in archive.namelist() if name.endswith(".csv"))
        (tmp_path / "drugs.csv").write_bytes(archive.read(member))
    unpacked = read_release(tmp_path / "drugs.csv")
    assert unpacked.info.label == "ASP-2025-01"
    assert unpacked.schedule_rows == read_release(data_file(ASP_ZIP)).schedule_rows
