"""Shared fixtures. Real CMS files are read from ../shared/data and never copied into the repository."""

from __future__ import annotations

import os

# Must precede any Qt import: with no display Qt aborts the whole process (see docs/stack.md).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Windows built without an explicit user database write stars, notes and recents here, never into the
# developer's own user data folder.
os.environ["MEDCODE_USER_DB"] = os.path.join(__import__("tempfile").mkdtemp(prefix="medcode-tests-"), "user.sqlite")

import csv  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from medcode_gui.codes.records import ParsedRelease  # noqa: E402
from medcode_gui.importers import read_release  # noqa: E402
from medcode_gui.store import ReferenceStore  # noqa: E402

# The fake CMS site (its `server` fixture) for the update tests of the core and of the window; the main
# window's `settings` and `window` fixtures.
pytest_plugins = ["fake_cms", "window_fixtures"]

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("MEDCODE_TEST_DATA", REPO_ROOT.parent / "shared" / "data"))


def data_file(relative: str) -> Path:
    """A file from ../shared/data; a missing file fails the test with a clear message, never skips it."""
    path = DATA / relative
    if not path.is_file():
        pytest.fail(
            f"Test data {path} is missing: the tests need the CMS files in ../shared/data "
            "(or set MEDCODE_TEST_DATA to their folder).",
            pytrace=False,
        )
    return path


TXT_2019 = "hcpcs/2019/HCPC2019_CONTR_ANWEB.txt"
TXT_2018 = "hcpcs/2018/HCPC2018_CONTR_ANWEB_disc.txt"
XLSX_2019 = "hcpcs/2019/HCPC2019_CONTR_ANWEB.xlsx"
XLSX_2018 = "hcpcs/2018/HCPC2018_CONTR_ANWEB_disc.xlsx"
ZIP_2019 = "hcpcs/zips/2019-Alpha-Numeric-HCPCS-File.zip"
ZIP_2018 = "hcpcs/zips/2018-Alpha-Numeric-HCPCS-File.zip"


@pytest.fixture(scope="session")
def parsed_2019() -> ParsedRelease:
    return read_release(data_file(TXT_2019))


@pytest.fixture(scope="session")
def parsed_2018() -> ParsedRelease:
    return read_release(data_file(TXT_2018))


@pytest.fixture(scope="session")
def two_release_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the 2018 txt and the 2019 zip (with its processing notes), built by the real code."""
    path = tmp_path_factory.mktemp("db") / "two.sqlite"
    with ReferenceStore(path) as store:
        store.import_release(read_release(data_file(TXT_2018)))
        store.import_release(read_release(data_file(ZIP_2019)))
    return path


@pytest.fixture(scope="session")
def documents_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2019 zip with CMS's 2019 NOC list and corrections zips attached (issue 18), built by the real code."""
    path = tmp_path_factory.mktemp("documents") / "documents.sqlite"
    zips = (ZIP_2019, "hcpcs/zips/2019-HCPCS-NOC-Codes.zip", "hcpcs/zips/2019-HCPCS-Alpha-Numeric-Corrections.zip")
    with ReferenceStore(path) as store:
        store.import_releases([read_release(data_file(name)) for name in zips])
    return path


@pytest.fixture
def store(two_release_db: Path) -> ReferenceStore:
    with ReferenceStore(two_release_db) as opened:
        yield opened


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "empty.sqlite"
    ReferenceStore(path).close()
    return path


PPRRVU = "pfs/PPRRVU2025_Oct.csv"


def pprrvu_rows() -> list[list[str]]:
    """The data rows of the CMS PFS relative value file: those after the row whose first cell is HCPCS."""
    import csv

    with data_file(PPRRVU).open(encoding="latin-1", newline="") as handle:
        rows = list(csv.reader(handle))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "HCPCS")
    return [row for row in rows[header + 1 :] if row and row[0]]


@pytest.fixture(scope="session")
def parsed_pprrvu() -> ParsedRelease:
    return read_release(data_file(PPRRVU))


@pytest.fixture(scope="session")
def fee_schedule_db(tmp_path_factory: pytest.TempPathFactory, parsed_pprrvu: ParsedRelease) -> Path:
    """A database holding the PPRRVU fee schedule, the 2018 txt and the 2019 zip, as a user would build it."""
    path = tmp_path_factory.mktemp("db") / "fees.sqlite"
    with ReferenceStore(path) as store:
        store.import_release(parsed_pprrvu)
        store.import_release(read_release(data_file(TXT_2018)))
        store.import_release(read_release(data_file(ZIP_2019)))
    return path


@pytest.fixture
def fee_store(fee_schedule_db: Path) -> ReferenceStore:
    with ReferenceStore(fee_schedule_db) as opened:
        yield opened


LOCALITY_FILES = (
    "pfs/rvu25d/GPCI2025.csv", "pfs/rvu25d/25LOCCO.csv", "pfs/rvu25d/ANES2025.csv",
    "pfs/zip-locality-oct2025/ZIP5_OCT2025.txt",
)  # fmt: skip
# OPPSCAP_Oct.csv names no year: its label and date are given, as a user gives them (--label, --effective).
OPPSCAP_CSV = "pfs/rvu25d/OPPSCAP_Oct.csv"
OPPSCAP_LABEL = ("OPPSCAP-2025-OCT", "2025-10-01")


@pytest.fixture(scope="session")
def payment_db(tmp_path_factory: pytest.TempPathFactory, parsed_pprrvu: ParsedRelease) -> Path:
    """The October 2025 fee schedule with its locality files (GPCI, counties, anesthesia CF, ZIP5, OPPS cap)."""
    path = tmp_path_factory.mktemp("db") / "payment.sqlite"
    with ReferenceStore(path) as store:
        store.import_release(parsed_pprrvu)
        for name in LOCALITY_FILES:
            store.import_release(read_release(data_file(name)))
        store.import_release(read_release(data_file(OPPSCAP_CSV), *OPPSCAP_LABEL))
    return path


@pytest.fixture
def payment_store(payment_db: Path) -> ReferenceStore:
    with ReferenceStore(payment_db) as opened:
        yield opened


@pytest.fixture(scope="session")
def search_db(tmp_path_factory: pytest.TempPathFactory, parsed_pprrvu: ParsedRelease) -> Path:
    """A new database (seeded with the starter descriptions, as a user's is) holding the HCPCS 2019 zip and
    the PPRRVU fee schedule: what tests/search reads. Its default view is CPT from the fee schedule and
    Level II from HCPCS 2019."""
    path = tmp_path_factory.mktemp("db") / "search.sqlite"
    with ReferenceStore(path) as store:
        store.import_release(read_release(data_file(ZIP_2019)))
        store.import_release(parsed_pprrvu)
    return path


# A hostile release: descriptors that would run as spreadsheet formulas or render as HTML if not neutralised.
FORMULA = '=HYPERLINK("http://evil.example/","x")'
IMAGE = "<img src=file:///etc/passwd>"
LINK = "<a href=http://evil.example/>click</a>"
HOSTILE_ROWS = {
    "HOSTILE-1": [("J1100", "Plain steroid injection"), ("E0100", IMAGE), ("J9000", LINK)],
    "HOSTILE-2": [("J1100", FORMULA), ("E0100", IMAGE), ("J9000", "@SUM(1+1)")],
}


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of two generic CSV releases whose descriptors are formulas, an image tag and a link."""
    import csv

    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.sqlite"
    with ReferenceStore(path) as store:
        for number, (label, rows) in enumerate(HOSTILE_ROWS.items(), start=1):
            source = folder / f"hostile-{number}.csv"
            with source.open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows([("code", "description"), *rows])
            store.import_release(read_release(source, label=label, effective=f"202{number}-01-01"))
    return path


# Damaged databases (issue 16): real pages of a freshly imported database overwritten, as a failing disk does.
PAGE = 4096  # the page size MedCode's databases are written with (SQLite's default)


def damage_pages(path: Path, marker: bytes = b"J1100", count: int = 3) -> list[int]:
    """Overwrite with random bytes the page holding the codes row of marker with its source fields (in the
    middle of the file for J1100) and the pages after it; returns their numbers (1 is the first). The first
    page, SQLite's header and schema, stays valid: the file still opens."""
    data = path.read_bytes()
    first = next(
        number
        for number in range(1, len(data) // PAGE)
        if marker in (page := data[number * PAGE : (number + 1) * PAGE]) and b'"LONG DESCRIPTION"' in page
    )
    with path.open("r+b") as handle:
        handle.seek(first * PAGE)
        handle.write(os.urandom(count * PAGE))
    return [first + 1 + n for n in range(count)]


@pytest.fixture(scope="session")
def sound_2019_db(tmp_path_factory: pytest.TempPathFactory, parsed_2019: ParsedRelease) -> Path:
    """A new database (the starter data) with HCPCS 2019 imported: copied by damaged_db, never damaged itself."""
    path = tmp_path_factory.mktemp("db") / "sound.sqlite"
    with ReferenceStore(path) as store:
        store.import_release(parsed_2019)
    return path


@pytest.fixture
def damaged_db(tmp_path: Path, sound_2019_db: Path) -> Path:
    """A copy of sound_2019_db whose pages holding J1100's HCPCS row and the two after it are random bytes."""
    path = tmp_path / "reference.sqlite"
    path.write_bytes(sound_2019_db.read_bytes())
    damage_pages(path)
    return path


# Issue 19's payment and rules files read by importers/add_on_codes.py, opps_addendum_b.py, dmepos_fees.py,
# lab_fees.py, drug_prices.py and asc_rates.py; and a database holding them with the 2019 HCPCS release (whose
# modifiers give the DMEPOS modifiers' meanings).
AOC_XLSX = "ncci/AOC_V2026Q2-MCR.xlsx"
OPPS_XLSX = "opps/October_2022_Web_Addendum_B.11142022.xlsx"
DMEPOS_CSV = "dmepos/DMEPOS25_APR.csv"
CLFS_CSV = "clfs/CLFS 2025 Q2V1.csv"
ASP_ZIP = "asp/january-2025-asp-pricing-file-12_19_24-final-file.zip"
ASC_ZIP = "asc/january-2025-asc-approved-hcpcs-code-and-payment-rates.zip"
RATES_AND_RULES = (AOC_XLSX, OPPS_XLSX, DMEPOS_CSV, CLFS_CSV, ASP_ZIP, ASC_ZIP)
# Every payment and rules file of issue 19, in import order.
PAYMENT_FILES = (*LOCALITY_FILES, OPPSCAP_CSV, *RATES_AND_RULES)


def import_payment_files(store: ReferenceStore) -> None:
    """Every file of PAYMENT_FILES into store (OPPSCAP under OPPSCAP_LABEL)."""
    for name in PAYMENT_FILES:
        store.import_release(read_release(data_file(name), *(OPPSCAP_LABEL if name == OPPSCAP_CSV else ())))


@pytest.fixture(scope="session")
def rates_db(tmp_path_factory: pytest.TempPathFactory, parsed_2019: ParsedRelease) -> Path:
    path = tmp_path_factory.mktemp("db") / "rates.sqlite"
    with ReferenceStore(path) as store:
        store.import_release(parsed_2019)
        for relative in RATES_AND_RULES:
            store.import_release(read_release(data_file(relative)))
    return path


@pytest.fixture
def rates_store(rates_db: Path) -> ReferenceStore:
    with ReferenceStore(rates_db) as opened:
        yield opened


# Two GPCI releases for the schedule diff and listing tests (issue 19): the real GPCI2025.csv, and a copy the
# test writes with one GPCI changed and one locality removed, both read by the GPCI importer.
GPCI_FILE = "pfs/rvu25d/GPCI2025.csv"


@pytest.fixture(scope="session")
def gpci_texts() -> tuple[str, str]:
    """GPCI2025.csv, and a copy with San Francisco's PW GPCI raised and Alaska (02102-01) removed."""
    original = data_file(GPCI_FILE).read_text(encoding="latin-1")
    lines = original.splitlines()
    changed = []
    for line in lines:
        if line.startswith("02102,AK,01,"):
            continue
        if line.startswith("01112,CA,05,"):
            cells = next(csv.reader([line]))
            assert cells[4] == "1.088"  # the figure the change starts from, as the file gives it
            cells[4] = "1.188"
            line = ",".join(f'"{c}"' if "," in c else c for c in cells)
        changed.append(line)
    return original, "\n".join(changed) + "\n"


@pytest.fixture(scope="session")
def gpci_db(tmp_path_factory: pytest.TempPathFactory, gpci_texts: tuple[str, str]) -> Path:
    """HCPCS 2019 codes, GPCI2025.csv as GPCI-2025 and the modified copy as GPCI-2025-B."""
    folder = tmp_path_factory.mktemp("db")
    path, modified = folder / "gpci.sqlite", folder / "GPCI2025-modified.csv"
    modified.write_bytes(gpci_texts[1].encode("latin-1"))
    with ReferenceStore(path) as store:
        store.import_release(read_release(data_file(ZIP_2019)))
        store.import_release(read_release(data_file(GPCI_FILE)))
        store.import_release(read_release(modified, label="GPCI-2025-B"))
    return path
