"""The PFS locality files of the RVU25D bundle (GPCI2025, 25LOCCO, ANES2025): csv, txt and xlsx twins."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import data_file

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.codes.records import ANESTHESIA_CF, GPCI, LOCALITY_COUNTIES, ParsedRelease
from medcode_gui.importers import anesthesia_cf, gpci, locality_counties, read_release
from medcode_gui.store import ReferenceStore

RVU = "pfs/rvu25d/"


def _csv(name: str) -> list[list[str]]:
    with data_file(RVU + name).open(encoding="latin-1", newline="") as handle:
        return list(csv.reader(handle))


def _by_key(parsed: ParsedRelease) -> dict[str, dict[str, str]]:
    return {row.key: row.fields for row in parsed.schedule_rows}


def _numbers(rows: dict[str, dict[str, str]], columns: tuple[str, ...]) -> dict[str, tuple]:
    """Each row's figures as numbers ("1" in the csv is "1.000" in the txt) and its other columns as text."""
    return {
        key: tuple(
            Decimal(f[c]) if c in columns else f[c].rstrip("*") for c in f if c in columns or c != "Anes CF as written"
        )
        for key, f in rows.items()
    }


@pytest.mark.parametrize("suffix", ["csv", "txt", "xlsx"])
def test_gpci_twins_give_the_109_localities_of_the_csv(suffix: str) -> None:
    parsed = read_release(data_file(f"{RVU}GPCI2025.{suffix}"))
    info = parsed.info
    assert (info.system, info.label, info.effective_date, info.file_format) == (
        GPCI,
        "GPCI-2025",
        "2025-01-01",
        f"gpci-{suffix}",
    )
    assert parsed.records == [] and len(parsed.schedule_rows) == 109
    file_rows = [row for row in _csv("GPCI2025.csv")[3:] if row[0][:1].isdigit()]
    assert len(file_rows) == 109
    san_francisco = next(row for row in file_rows if row[:3] == ["01112", "CA", "05"])
    fields = _by_key(parsed)["01112-05"]
    assert [fields[c] for c in gpci.COLUMNS[:4]] == san_francisco[:4]
    assert [Decimal(fields[c]) for c in gpci.COLUMNS[4:]] == [Decimal(v) for v in san_francisco[4:]]
    if suffix == "csv":  # the csv's values exactly as written: "1" stays "1"
        assert [fields[c] for c in gpci.COLUMNS] == san_francisco
        assert [r.key for r in parsed.schedule_rows] == [f"{row[0]}-{row[2]}" for row in file_rows]


def test_gpci_twins_are_equal() -> None:
    twins = [_by_key(read_release(data_file(f"{RVU}GPCI2025.{s}"))) for s in ("csv", "txt", "xlsx")]
    figures = gpci.COLUMNS[4:]
    assert _numbers(twins[0], figures) == _numbers(twins[1], figures) == _numbers(twins[2], figures)


@pytest.mark.parametrize("suffix", ["csv", "txt", "xlsx"])
def test_locco_keys_mend_the_csvs_lost_zeros_and_keep_its_raw_values(suffix: str) -> None:
    parsed = read_release(data_file(f"{RVU}25LOCCO.{suffix}"))
    assert (parsed.info.system, parsed.info.label, parsed.info.file_format) == (
        LOCALITY_COUNTIES,
        "LOCCO-2025",
        f"locco-{suffix}",
    )
    rows = _by_key(parsed)
    assert len(rows) == 109  # 110 data rows, 05302-99 written twice word for word
    assert parsed.warnings[-1] == f"25LOCCO.{suffix} lists 05302-99 twice, word for word; it is kept once."
    gpci_keys = {r.key for r in read_release(data_file(RVU + "GPCI2025.csv")).schedule_rows}
    assert set(rows) == gpci_keys
    marin = rows["01112-52"]
    assert (marin["State"], marin["Fee Schedule Area"], marin["Counties"]) == (
        "",
        "SAN FRANCISCO-OAKLAND-BERKELEY (MARIN CNTY)",
        "MARIN",
    )  # the state is named on California's first locality only, as in the file
    if suffix == "csv":
        line = next(row for row in _csv("25LOCCO.csv") if row[:2] == ["2102", "1"])
        assert [rows["02102-01"][c] for c in locality_counties.COLUMNS] == [cell.strip() for cell in line]


def test_locco_twins_are_equal() -> None:
    twins = [_by_key(read_release(data_file(f"{RVU}25LOCCO.{s}"))) for s in ("csv", "txt", "xlsx")]
    texts = [{k: (f["State"], f["Fee Schedule Area"], f["Counties"]) for k, f in t.items()} for t in twins]
    assert texts[0] == texts[2]
    # CMS's txt cuts the counties at 58 characters, and words two California localities its own way (Los
    # Angeles with Orange county, San Francisco's "CONTRA COSTA"): every other value is the csv's
    assert list(twins[1]) == list(twins[0])
    differ = set()
    for key, (state, area, counties) in texts[1].items():
        cut = len(counties) >= 57 and texts[0][key][2].startswith(counties)
        if (state, area) != texts[0][key][:2] or not (counties == texts[0][key][2] or cut):
            differ.add(key)
    assert differ == {"01182-18", "01112-05"}
    warning = read_release(data_file(RVU + "25LOCCO.txt")).warnings[0]
    assert "12402-01" in warning and "cut short" in warning


@pytest.mark.parametrize("suffix", ["csv", "txt", "xlsx"])
def test_anes_gives_each_localitys_cf_and_the_national_one(suffix: str) -> None:
    parsed = read_release(data_file(f"{RVU}ANES2025.{suffix}"))
    assert (parsed.info.system, parsed.info.label, parsed.info.file_format) == (
        ANESTHESIA_CF,
        "ANES-2025",
        f"anes-{suffix}",
    )
    rows = _by_key(parsed)
    localities = {k: f for k, f in rows.items() if k != "national"}
    assert len(localities) == 109
    line = next(row for row in _csv("ANES2025.csv") if row[:2] == ["01112 ", "05 "])
    assert Decimal(localities["01112-05"]["Anes CF"]) == Decimal(line[3]) == Decimal("22.37")
    if suffix == "txt":  # no heading, so no national CF; the implied decimal point put back
        assert "national" not in rows and localities["01112-05"]["Anes CF as written"] == "2237"
    else:
        assert rows["national"]["National Anes CF"] == "20.3178"


def test_anes_twins_are_equal() -> None:
    twins = [_by_key(read_release(data_file(f"{RVU}ANES2025.{s}"))) for s in ("csv", "txt", "xlsx")]
    cfs = [{k: Decimal(f["Anes CF"]) for k, f in t.items() if k != "national"} for t in twins]
    assert cfs[0] == cfs[1] == cfs[2]


def _store_with_gpci(path: Path) -> ReferenceStore:
    store = ReferenceStore(path)
    store.import_release(read_release(data_file(RVU + "GPCI2025.csv")))
    return store


@pytest.mark.parametrize(
    ("name", "cut", "said"),
    [
        ("GPCI2025.csv", lambda lines: lines[:3] + [lines[5].rsplit(",", 2)[0]], "lacks some of the 7 GPCI columns"),
        ("GPCI2025.csv", lambda lines: lines[:3] + [lines[3].replace("0.869", "O.869")], "where a number belongs"),
        ("GPCI2025.csv", lambda lines: lines[:2] + lines[3:], "line 3 is not a GPCI row"),
        ("GPCI2025.txt", lambda lines: lines[:4] + [lines[5][:60]], "line 5 is not a GPCI row"),
        ("25LOCCO.csv", lambda lines: lines[:5] + ["210201,1,ALASKA,STATEWIDE,ALL"], "'210201' is not a contractor"),
        ("ANES2025.csv", lambda lines: lines[:3] + ["02102 ,01 ,ALASKA,27.8x"], "where a number belongs"),
        ("ANES2025.txt", lambda lines: lines[:9] + [lines[9][:20]] + lines[10:], "line 10 is not an anesthesia CF row"),
    ],
)
def test_a_damaged_locality_file_is_refused_in_one_sentence_and_the_database_unchanged(
    tmp_path: Path, name: str, cut, said: str
) -> None:
    lines = data_file(RVU + name).read_text(encoding="latin-1").splitlines()
    bad = tmp_path / "bad" / name
    bad.parent.mkdir()
    bad.write_text("\n".join(cut(lines)) + "\n", encoding="latin-1")
    with _store_with_gpci(tmp_path / "db.sqlite") as store:
        before = [(r.label, store.schedules.count(r)) for r in store.releases()]
        with pytest.raises(ImportFormatError, match=said) as refused:
            store.import_release(read_release(bad))
        assert "\n" not in str(refused.value)
        assert [(r.label, store.schedules.count(r)) for r in store.releases()] == before


def test_each_locality_file_is_told_apart_by_its_content_not_its_name(tmp_path: Path) -> None:
    for name, module in (("GPCI2025.xlsx", gpci), ("25LOCCO.txt", locality_counties), ("ANES2025.txt", anesthesia_cf)):
        renamed = tmp_path / f"renamed-2025{Path(name).suffix}"
        renamed.write_bytes(data_file(RVU + name).read_bytes())
        assert (
            read_release(renamed).info.system
            == {gpci: GPCI, locality_counties: LOCALITY_COUNTIES, anesthesia_cf: ANESTHESIA_CF}[module]
        )
