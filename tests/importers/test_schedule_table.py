"""The payment and rules importers together (importers/schedule_table.py and the six formats over it): each file
found by its content under any name, labelled from what it holds, and a damaged or wrong file refused with one
sentence, the database unchanged."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import AOC_XLSX, ASC_ZIP, ASP_ZIP, CLFS_CSV, DMEPOS_CSV, OPPS_XLSX, data_file

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore

EXPECTED = [
    (AOC_XLSX, "AOC", "AOC-2026-Q2", "2026-04-01", 9000),
    (OPPS_XLSX, "OPPS", "OPPS-2022-10", "2022-10-01", 17347),
    (DMEPOS_CSV, "DMEPOS", "DMEPOS-2025-04", "2025-04-01", 3511),
    (CLFS_CSV, "CLFS", "CLFS-2025-Q2", "2025-04-01", 2105),
    (ASP_ZIP, "ASP", "ASP-2025-01", "2025-01-01", 877),
    (ASC_ZIP, "ASC", "ASC-2025-01", "2025-01-01", 4183),
]


@pytest.mark.parametrize(("relative", "system", "label", "effective", "rows"), EXPECTED)
def test_each_file_is_known_by_its_content_and_named_from_it(
    tmp_path: Path, relative: str, system: str, label: str, effective: str, rows: int
) -> None:
    renamed = tmp_path / ("upload" + Path(relative).suffix)  # no period, no kind in the name
    shutil.copyfile(data_file(relative), renamed)
    parsed = read_release(renamed)
    assert (parsed.info.system, parsed.info.label, parsed.info.effective_date) == (system, label, effective)
    assert len(parsed.schedule_rows) == rows and parsed.records == []
    assert len({row.key for row in parsed.schedule_rows}) == rows


def cut_csv(data: bytes) -> bytes:
    """The file cut in the middle of a row, as an interrupted download leaves it."""
    return data[: len(data) // 2 + 37]


def short_row(data: bytes) -> bytes:
    """One row in the middle losing its last cells (a hand edit, a broken export), the file still ending well."""
    start = data.index(b"\nE0100,RR,") + 1
    return data[: start + 30] + data[data.index(b"\n", start) - 1 :]


def renamed_heading(data: bytes, old: bytes, new: bytes) -> bytes:
    return data.replace(old, new, 1)


def rezip(data: bytes, change) -> bytes:  # noqa: ANN001 - member name -> bytes -> bytes
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info.filename)))
    return out.getvalue()


def in_member(member_part: str, old: bytes, new: bytes):  # noqa: ANN201
    return lambda name, data: data.replace(old, new) if member_part in name else data


def held(store: ReferenceStore) -> tuple[list[str], int]:
    return [r.label for r in store.releases()], store.conn.execute("SELECT count(*) FROM schedule_rows").fetchone()[0]


BAD = [
    (DMEPOS_CSV, cut_csv, "cut short"),
    (DMEPOS_CSV, short_row, "not the 114 of its header"),
    (DMEPOS_CSV, lambda d: renamed_heading(d, b",Ceiling,", b",Top,"), "no header row naming"),
    (CLFS_CSV, cut_csv, "cut short"),
    (CLFS_CSV, lambda d: renamed_heading(d, b",RATE,", b",PRICE,"), "no header row naming"),
    (ASP_ZIP, lambda d: d[: len(d) - 40], "damaged or truncated"),
    (ASP_ZIP, lambda d: rezip(d, in_member(".csv", b",Payment Limit,", b",Limit,")), "no header row naming"),
    (ASC_ZIP, lambda d: rezip(d, in_member("-AA.csv", b"Payment Indicator", b"Indicator")), "no header row naming"),
    (AOC_XLSX, lambda d: d[: len(d) // 2], "damaged or truncated"),
    (AOC_XLSX, lambda d: rezip(d, in_member("sharedStrings", b">Primary_Code<", b">Primary<")), "no header row naming"),
    (OPPS_XLSX, lambda d: rezip(d, in_member("sharedStrings", b">Payment Rate<", b">Rate<")), "no header row naming"),
]


@pytest.mark.parametrize(("relative", "damage", "said"), BAD, ids=[f"{b[0]}-{b[2]}" for b in BAD])
def test_a_damaged_or_wrong_file_is_refused_in_one_sentence_and_the_database_is_unchanged(
    tmp_path: Path, relative: str, damage, said: str  # noqa: ANN001
) -> None:
    bad = tmp_path / Path(relative).name
    bad.write_bytes(damage(data_file(relative).read_bytes()))
    db = tmp_path / "db.sqlite"
    with ReferenceStore(db) as store:
        store.import_release(read_release(data_file(CLFS_CSV if relative != CLFS_CSV else DMEPOS_CSV)))
        before = held(store)
        with pytest.raises(ImportFormatError) as refused:
            store.import_release(read_release(bad))
        after = held(store)
    sentence = str(refused.value)
    assert said in sentence and "\n" not in sentence and sentence.endswith((".", ")")), sentence
    assert after == before
