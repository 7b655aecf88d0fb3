"""The whole benchmark suite in one command: real data, then a generated database of 1,000,000 codes.

Run from the project root:  .venv/bin/python benchmarks/run_all.py
    --large-db PATH   reuse (or create, if missing) the generated database there instead of a temporary one
    --rows N --releases N   size of the generated database (default 10 releases x 100,000 rows)
    --skip-large      real data only (about a minute)

Prints, for a database holding every release in ../shared/data that imports (the 2018 and 2019 CMS release
zips and the PPRRVU 2025 fee schedule; the txt and xlsx twins of the zips are timed too, then removed, as
their labels are the zips'), and for the generated one:
- import seconds per release;
- search p50/p95/max over the fixed query set of common.py (the app's search), and the same word queries as
  raw FTS5 statements on the same file (the floor);
- expanding the largest tree leaf with every page loaded, cold start to a shown window (bench_gui.py's);
- peak memory: max RSS of a fresh process that opens the database, runs the searches, shows the window
  (offscreen) and expands the largest leaf, read from os.wait4's resource usage of that child.
The full run takes about 5 minutes on 2 cores, most of it generating and importing the large database.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DATA, QUERIES, app_search_samples, fts_floor_samples, machine, percentile, report, summary

HERE = Path(__file__).resolve().parent
REAL_RELEASES = [
    "hcpcs/zips/2018-Alpha-Numeric-HCPCS-File.zip",
    "hcpcs/zips/2019-Alpha-Numeric-HCPCS-File.zip",
    "pfs/PPRRVU2025_Oct.csv",
]
# The same releases in other files (same labels): timed, then removed, so the database holds each release once.
TWINS = [
    "hcpcs/2018/HCPC2018_CONTR_ANWEB_disc.txt",
    "hcpcs/2019/HCPC2019_CONTR_ANWEB.txt",
    "hcpcs/2018/HCPC2018_CONTR_ANWEB_disc.xlsx",
    "hcpcs/2019/HCPC2019_CONTR_ANWEB.xlsx",
]
TARGETS = {"real_p95_ms": 5.0, "large_p95_ms": 30.0, "real_rss_mb": 200.0, "cold_start_ms": 1000.0}
LARGE_REPEATS = 5


def met(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


# The probe: a fresh process whose peak memory is the figure ------------------------------------------------


def probe(db: Path) -> None:
    """Open the database, run every query, show the window offscreen, expand the largest leaf; print JSON."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from medcode_gui.gui.main.main_window import MainWindow
    from medcode_gui.store import ReferenceStore

    app = QApplication.instance() or QApplication([sys.argv[0]])
    store = ReferenceStore(db)
    for query in QUERIES:
        store.search(query, 50)
    settings = QSettings(str(Path(tempfile.mkdtemp(prefix="medcode-probe-")) / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings, debounce_ms=0)
    window.show()
    app.processEvents()
    for query in QUERIES:  # as typed in the search box, results shown
        window.search_box.setText(query)
        window.search.run_search()
        app.processEvents()
    from bench_gui import expand_largest_leaf

    largest, count, expand_ms = expand_largest_leaf(window)
    print(json.dumps({"node": largest, "codes": count, "expand_ms": expand_ms}))
    window.close()


def run_probe(db: Path) -> dict:
    """The probe as a child process; its own peak RSS (os.wait4 gives the usage of that child alone)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen([sys.executable, __file__, "--probe", str(db)], stdout=out, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"The probe failed on {db} (exit {process.returncode}): {text}")
    figures = json.loads(text.strip().splitlines()[-1])
    figures["max_rss_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return figures


def cold_start(db: Path, runs: int) -> list[float]:
    """bench_gui.py's cold start (fresh process to window shown), imported read-only."""
    sys.path.insert(0, str(HERE))
    from bench_gui import cold_starts

    return cold_starts(db, runs)


# The parts ---------------------------------------------------------------------------------------------------


def import_real(db: Path) -> list[tuple[str, float, float]]:
    """Import every real release into db; time the twins too, in a scratch database, removed after each."""
    from medcode_gui.importers import read_release
    from medcode_gui.store import ReferenceStore

    timings = []
    with ReferenceStore(db) as store, ReferenceStore(db.with_name("twins.sqlite")) as scratch:
        for name, target in [(n, store) for n in REAL_RELEASES] + [(n, scratch) for n in TWINS]:
            started = time.perf_counter()
            parsed = read_release(DATA / name)
            parse_s = time.perf_counter() - started
            target.import_release(parsed)
            total = time.perf_counter() - started
            timings.append((name + ("" if target is store else " (twin)"), parse_s, total))
            print(f"  {timings[-1][0]:<52} {total:5.2f} s  (parse {parse_s:.2f} s, write {total - parse_s:.2f} s)")
            if target is scratch:
                scratch.delete_release(parsed.info.label)
    return timings


def search_figures(db: Path, repeats: int) -> dict:
    from medcode_gui.store import ReferenceStore

    with ReferenceStore(db) as store:
        rows = sum(r.codes + r.modifiers for r in store.releases())
        print(
            f"Search on {len(store.releases())} releases ({rows:,} rows; default view "
            f"{', '.join(r.label for r in store.default_releases())}), {len(QUERIES)} queries x {repeats}, limit 50:"
        )
        app = app_search_samples(store, repeats=repeats)
        figures = {"rows": rows, "app": report("app search (all queries)", app)}
        slowest = sorted(
            ((percentile(app[i * repeats : (i + 1) * repeats], 0.5), q) for i, q in enumerate(QUERIES)), reverse=True
        )[:3]
        print("    slowest queries (p50): " + ", ".join(f"{q!r} {ms:.1f} ms" for ms, q in slowest))
    figures["floor"] = report("raw FTS5 floor (word queries)", fts_floor_samples(db, repeats=repeats))
    return figures


def analyzed_search(db: Path, repeats: int) -> dict:
    """The app's search after ANALYZE on db (a throwaway copy): what planner statistics would change. Without
    them SQLite walks a release's rows for a range or wildcard when the view holds two releases."""
    from medcode_gui.store import ReferenceStore

    started = time.perf_counter()
    with sqlite3.connect(db) as conn:
        conn.execute("ANALYZE")
    took = time.perf_counter() - started
    print(f"  with full planner statistics (ANALYZE took {took:.1f} s; the app runs a sampled one at each import):")
    with ReferenceStore(db) as store:
        return report("app search after ANALYZE", app_search_samples(store, repeats=repeats))


def gui_figures(db: Path, runs: int) -> dict:
    figures = run_probe(db)
    print(
        f"  expanding the largest leaf ({figures['node']}, {figures['codes']:,} codes, every page loaded): "
        f"{figures['expand_ms']:.0f} ms"
    )
    print(
        f"  peak memory (open, {len(QUERIES)} searches, window shown, largest leaf expanded): "
        f"{figures['max_rss_mb']:.0f} MB max RSS"
    )
    try:
        starts = cold_start(db, runs)
    except Exception as error:  # noqa: BLE001 - bench_gui.py is edited elsewhere; say so, go on
        print(f"  cold start: bench_gui.cold_starts failed ({error!r}); not measured")
        return figures
    figures["cold_start"] = summary(starts)
    print(
        f"  cold start to a shown window ({runs} runs): median {figures['cold_start']['p50']:.0f} ms, "
        f"max {figures['cold_start']['max']:.0f} ms"
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description="MedCode benchmark suite")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--large-db", type=Path)
    parser.add_argument("--releases", type=int, default=10)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    if args.probe:
        probe(args.probe)
        return 0
    missing = [n for n in REAL_RELEASES + TWINS if not (DATA / n).is_file()]
    if missing:
        print(f"Missing {', '.join(missing)} under {DATA} (set MEDCODE_TEST_DATA).", file=sys.stderr)
        return 1
    print(f"Machine: {machine()}")
    work = Path(tempfile.mkdtemp(prefix="medcode-suite-"))
    results: dict = {}
    try:
        print("\n== Real data (../shared/data) ==")
        real = work / "real.sqlite"
        print("Import (parse + one-transaction write):")
        import_real(real)
        results["real"] = search_figures(real, repeats=30)
        results["real"].update(gui_figures(real, runs=5))
        print(f"  database size: {real.stat().st_size / 2**20:.1f} MiB")
        shutil.copy(real, work / "real-analyzed.sqlite")
        results["real"]["analyzed"] = analyzed_search(work / "real-analyzed.sqlite", repeats=30)
        if not args.skip_large:
            results["large"] = large(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n== Targets ==")
    real_p95 = results["real"]["app"]["p95"]
    print(f"  search p95 on the real data: {real_p95:.2f} ms (target <= 5 ms): {met(real_p95, 5)}")
    analyzed = results["real"]["analyzed"]["p95"]
    print(f"    after a full ANALYZE: {analyzed:.2f} ms: {met(analyzed, 5)}")
    if "large" in results:
        large_p95 = results["large"]["app"]["p95"]
        print(f"  search p95 on the large database: {large_p95:.2f} ms (target <= 30 ms): {met(large_p95, 30)}")
        if "analyzed" in results["large"]:
            analyzed = results["large"]["analyzed"]["p95"]
            print(f"    after a full ANALYZE: {analyzed:.2f} ms: {met(analyzed, 30)}")
    rss = results["real"]["max_rss_mb"]
    print(f"  peak memory on the real data: {rss:.0f} MB (target <= 200 MB): {met(rss, 200)}")
    if "cold_start" in results["real"]:
        cold = results["real"]["cold_start"]["p50"]
        print(f"  cold start to a shown window on the real data: {cold:.0f} ms (target < 1 s): {met(cold, 1000)}")
    return 0


def large(args: argparse.Namespace, work: Path) -> dict:
    from generate_large import generate

    db = args.large_db or work / "large.sqlite"
    print(f"\n== Generated database ({args.releases} releases x {args.rows:,} rows) ==")
    if db.exists():
        print(f"Reusing {db} (delete it to time the import again)")
    else:
        print("Generate + import per release (the app's import_release):")
        timings = generate(db, args.releases, args.rows)
        imports = [t for _, _, t in timings]
        print(
            f"  import seconds per release: median {sorted(imports)[len(imports) // 2]:.1f} s, "
            f"max {max(imports):.1f} s, all {sum(imports):.0f} s"
        )
    figures = search_figures(db, repeats=LARGE_REPEATS)
    figures.update(gui_figures(db, runs=3))
    print(f"  database size: {db.stat().st_size / 2**20:.0f} MiB")
    if db.parent == work:  # a throwaway database: show what planner statistics would change
        figures["analyzed"] = analyzed_search(db, LARGE_REPEATS)
    return figures


if __name__ == "__main__":
    sys.exit(main())
