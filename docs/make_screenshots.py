"""Render the README's screenshots of the main window (offscreen; no display needed).

Run from the project root:  .venv/bin/python docs/make_screenshots.py
Writes docs/screenshot-starter.png (a new database: the embedded starter data),
docs/screenshot-release.png (the CMS 2019 release imported from ../shared/data, a code selected),
docs/screenshot-diff.png (HCPCS 2018 against 2019), docs/screenshot-list.png (My codes with a code list),
docs/screenshot-presentation.png (presentation mode), docs/screenshot-card.png (a printed card: its PDF
rendered by pdftoppm), docs/screenshot-compare.png (the comparison basket) and
docs/screenshot-level-one.png (HCPCS Level I against CPT), docs/screenshot-search-corrected.png (a typo
corrected) and docs/screenshot-search-thesaurus.png (a brand name found through the thesaurus, with why).
docs/screenshot-payment-1366x768.png and docs/screenshot-payment-1920x1080-dark.png: the detail pane's payment
section and the toolbar's locality picker (the CMS payment files of ../shared/data imported at run time into a
temporary database; a Level II code, so no CPT descriptor is shown).

The window on real screens (each in a process of its own, on an offscreen screen of that size; the window
takes its first size from the screen, as on a real one): docs/screenshot-screen-1366x768.png (a laptop, light),
docs/screenshot-screen-1920x1080-dark.png (the dark theme), docs/screenshot-screen-2560x1440-scale2.png (a
2560x1440 monitor at 200%, zoomed in twice), docs/screenshot-first-launch.png (a new database at 1366x768) and,
at 1366x768, docs/screenshot-presentation-long.png (G0503 presented) and
docs/screenshot-presentation-side-by-side.png (three codes of the comparison basket side by side).

CPT descriptors are AMA copyright, and the CMS fee schedule's short descriptors of CPT codes fall under that
notice, so no picture here may show them. The last two pictures therefore use a demonstration fee schedule
and CPT package, written to a temporary folder: the real file's rows for the starter codes, with each CPT
code's descriptor replaced by MedCode's own plain-language starter text (Level II descriptors are CMS's,
public domain), and a CPT package built from the same text.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# (width, height, scale) of the screen each process renders on: the whole-window scenes on a 1920x1080 screen,
# and one process per real screen below.
SCREENS = {
    "default": (1920, 1080, 1),
    "1366x768": (1366, 768, 1),
    "1920x1080-dark": (1920, 1080, 1),
    "2560x1440-scale2": (2560, 1440, 2),
}


def use_screen(name: str) -> None:
    """An offscreen screen of the named size (Qt reads these before the application starts)."""
    width, height, scale = SCREENS[name]
    config = Path(tempfile.mkdtemp(prefix="medcode-screen-")) / "screen.json"
    screen = {"name": name, "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = str(scale)


use_screen(sys.argv[2] if sys.argv[1:2] == ["--screen"] else "default")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from medcode_gui.gui.main.main_window import MainWindow  # noqa: E402
from medcode_gui.importers import read_release  # noqa: E402
from medcode_gui.importers.starter import starter_release  # noqa: E402
from medcode_gui.store import ReferenceStore  # noqa: E402

DOCS = Path(__file__).resolve().parent
DATA = Path(os.environ.get("MEDCODE_TEST_DATA", DOCS.parents[1] / "shared" / "data"))


def window_on(store: ReferenceStore, work: Path) -> MainWindow:
    window = MainWindow(store, QSettings(str(work / f"{store.path.stem}.ini"), QSettings.Format.IniFormat))
    window.resize(1500, 880)
    window.show()
    return window


def grab(window: QWidget, name: str) -> None:
    app = QApplication.instance()
    for _ in range(5):
        app.processEvents()
    window.grab().save(str(DOCS / name))
    print(f"wrote docs/{name}")


def scene(store: ReferenceStore, work: Path, query: str, code: str, name: str) -> None:
    """Search, open a code, reveal it in the tree, and save the window."""
    window = window_on(store, work)
    window.search_box.setText(query)
    window.search.run_search()
    window.navigation.open_code(code)
    window.navigation.reveal_current()
    grab(window, name)


def search_scene(store: ReferenceStore, work: Path, query: str, name: str) -> None:
    """Type a word search, let the first result be selected and explained, and save the window at laptop size."""
    window = window_on(store, work)
    window.resize(1366, 768)
    window.search_box.setText(query)
    window.search.run_search()
    grab(window, name)


def demo_fee_schedule(work: Path) -> Path:
    """The real PPRRVU file cut to the starter codes, CPT descriptors replaced by the starter text."""
    starter = {r.code: r.short_description for r in starter_release().records if r.kind == "code"}
    text = (DATA / "pfs" / "PPRRVU2025_Oct.csv").read_text(encoding="latin-1")
    rows = list(csv.reader(io.StringIO(text)))
    header = next(i for i, row in enumerate(rows) if row[:2] == ["HCPCS", "MOD"])
    kept = rows[: header + 1]
    for row in rows[header + 1 :]:
        if row and row[0] in starter:
            if row[0][0].isdigit():
                row[2] = starter[row[0]][:50]
            kept.append(row)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(kept)
    path = work / "PPRRVU2025_Oct.csv"
    path.write_text(out.getvalue(), encoding="latin-1", errors="replace")
    return path


def demo_cpt_package(work: Path) -> Path:
    """A CPT package of E/M codes from the starter text: most say the same words as the demo fee schedule,
    a few differ, a few are missing, one (a PLA code) is only here."""
    starter = {r.code: r.short_description for r in starter_release().records if r.kind == "code"}
    lines = []
    for index, code in enumerate(sorted(c for c in starter if c.startswith("992"))):
        if index % 5 == 3:
            continue  # left out: "CMS only"
        words = starter[code][:50].upper()
        lines.append(f"{code} {words.replace('OFFICE', 'CLINIC') if index % 4 == 1 else words}")
    lines.append("0001U DEMONSTRATION LAB ANALYSIS")
    header = ["Demonstration CPT package written by docs/make_screenshots.py; not AMA text.", ""]
    folder = work / "CPT2025"
    (folder / "standard").mkdir(parents=True)
    (folder / "standard" / "SHORTU.txt").write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    return folder


def workspace_scenes(store: ReferenceStore, work: Path) -> None:
    """My codes with a code list, presentation mode, and a printed card (its PDF rendered to PNG)."""
    from medcode_gui.gui.workspace.printing import render_pdf_page_png
    from medcode_gui.store.user_store import UserStore

    user_store = UserStore(work / "user.sqlite")
    window = MainWindow(
        store, QSettings(str(work / "workspace.ini"), QSettings.Format.IniFormat), user_store=user_store
    )
    window.resize(1500, 880)
    window.show()
    for code in ("E0100", "E0105", "E0110", "E0130", "E0135", "A4636"):
        window.navigation.open_code(code)
        window.workspace_actions.add_current_to_list("Mobility aids (training)")
    window.search_box.setText("cane")
    window.search.run_search()
    window.splitter.setSizes([250, 520, 560])
    window.navigation.open_code("E0100")
    window.workspace_actions.toggle_star()
    window.detail.note_edit.setPlainText("Ask for the cane's material on the order form.")
    window.workspace_actions.dock.show()
    window.workspace_actions.dock.refresh("Mobility aids (training)")
    grab(window, "screenshot-list.png")
    presentation = window.output.present(full_screen=False, codes=window.workspace_actions.dock.codes())
    presentation.resize(1280, 720)
    presentation.step(1)
    grab(presentation, "screenshot-presentation.png")
    presentation.close()
    window.navigation.open_code("J1100")
    pdf = work / "J1100.pdf"
    window.output.save_current_pdf(pdf)
    render_pdf_page_png(pdf, DOCS / "screenshot-card.png")
    print("wrote docs/screenshot-card.png")


def diff_scene(store: ReferenceStore, work: Path) -> None:
    """HCPCS 2018 against 2019: the descriptor changes, and the history of a re-described code."""
    window = window_on(store, work)
    window.navigation.open_code("G9637")
    window.detail.scroll.verticalScrollBar().setValue(window.detail.history_label.y() - 40)
    diff = window.windows.show_release_diff()
    diff.set_kinds({"short_description_changed"})
    diff.resize(1300, 760)
    grab(diff, "screenshot-diff.png")


def comparison_scenes(work: Path) -> None:
    store = ReferenceStore(work / "compare.sqlite")
    store.import_releases(
        [
            read_release(DATA / "hcpcs" / "zips" / "2019-Alpha-Numeric-HCPCS-File.zip"),
            read_release(demo_fee_schedule(work)),
            read_release(demo_cpt_package(work)),
        ]
    )
    window = window_on(store, work)
    for code in ("G0121", "G0105", "45378"):
        window.windows.add_to_comparison(code)
    window.windows.show_comparison()
    window.windows.compare_window.resize(1300, 880)
    grab(window.windows.compare_window, "screenshot-compare.png")
    level_one = window.windows.show_level_one("cpt.1.em")
    level_one.resize(1300, 760)
    level_one.select_code("99213")
    grab(level_one, "screenshot-level-one.png")


def screen_scenes(name: str, work: Path) -> None:
    """The window at the size it takes on its own on this screen (as the user first sees it)."""
    if name == "1366x768":
        first = ReferenceStore(work / "first.sqlite")
        window = MainWindow(first, QSettings(str(work / "first.ini"), QSettings.Format.IniFormat))
        window.show()
        grab(window, "screenshot-first-launch.png")
    store = ReferenceStore(work / "screen.sqlite")
    store.import_release(read_release(DATA / "hcpcs" / "zips" / "2019-Alpha-Numeric-HCPCS-File.zip"))
    window = MainWindow(store, QSettings(str(work / "screen.ini"), QSettings.Format.IniFormat))
    window.show()
    if name.endswith("dark"):
        window.view_options.set_theme("dark")
    if name.endswith("scale2"):
        window.view_options.set_zoom(1.2 * 1.2)
    window.search_box.setText("wheelchair")
    window.search.run_search()
    window.navigation.open_code("E1161")
    window.navigation.reveal_current()
    grab(window, f"screenshot-screen-{name}.png")
    if name == "1366x768":
        presentation_scenes(window)
    if name in ("1366x768", "1920x1080-dark"):
        payment_scene(name, store, work)


# The payment files of the payment scene (OPPSCAP_Oct.csv names no year: its label and date are given).
PAYMENT_FILES = {
    "pfs/PPRRVU2025_Oct.csv": {},
    "pfs/rvu25d/GPCI2025.csv": {},
    "pfs/rvu25d/25LOCCO.csv": {},
    "pfs/rvu25d/ANES2025.csv": {},
    "pfs/rvu25d/OPPSCAP_Oct.csv": {"label": "OPPSCAP-2025-10", "effective": "2025-10-01"},
    "pfs/zip-locality-oct2025/ZIP5_OCT2025.txt": {},
    "ncci/AOC_V2026Q2-MCR.xlsx": {},
    "opps/October_2022_Web_Addendum_B.11142022.xlsx": {},
    "dmepos/DMEPOS25_APR.csv": {},
    "clfs/CLFS 2025 Q2V1.csv": {},
    "asp/january-2025-asp-pricing-file-12_19_24-final-file.zip": {},
    "asc/january-2025-asc-approved-hcpcs-code-and-payment-rates.zip": {},
}


def payment_scene(name: str, store: ReferenceStore, work: Path) -> None:
    """The payment section of a Level II code in San Francisco, chosen by typing its ZIP code in the toolbar."""
    for file, named in PAYMENT_FILES.items():
        store.import_release(read_release(DATA / file, **named))
    window = MainWindow(store, QSettings(str(work / "payment.ini"), QSettings.Format.IniFormat))
    window.show()
    if name.endswith("dark"):
        window.view_options.set_theme("dark")
    window.locality_box.setText("94103")
    window.locality.choose_typed()
    window.search_box.setText("G0283")
    window.search.run_search()
    window.navigation.open_code("G0283")
    for _ in range(5):
        QApplication.processEvents()
    window.detail.scroll.ensureWidgetVisible(window.detail.payment_section)
    grab(window, f"screenshot-payment-{name}.png")


def presentation_scenes(window: MainWindow) -> None:
    """A trainer's room on a laptop: G0503's long descriptor (the card scrolls, the counter, legend and hints stay
    in view), then three codes of the comparison basket side by side."""
    window.navigation.open_code("G0503")
    presentation = window.output.present(full_screen=False)
    presentation.resize(window.size())
    grab(presentation, "screenshot-presentation-long.png")
    presentation.close()
    for code in ("E0100", "E0105", "E0130"):
        window.windows.add_to_comparison(code)
    window.navigation.open_code("E0100")
    presentation = window.output.present(full_screen=False)
    presentation.resize(window.size())
    presentation.toggle_side_by_side()
    grab(presentation, "screenshot-presentation-side-by-side.png")
    presentation.close()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    if sys.argv[1:2] == ["--screen"]:
        screen_scenes(sys.argv[2], Path(tempfile.mkdtemp(prefix="medcode-shots-")))
        return 0
    for name in SCREENS:
        if name != "default":
            subprocess.run([sys.executable, __file__, "--screen", name], check=True)
    work = Path(tempfile.mkdtemp(prefix="medcode-shots-"))
    scene(ReferenceStore(work / "starter.sqlite"), work, "office visit established", "99213", "screenshot-starter.png")
    release = ReferenceStore(work / "release.sqlite")
    release.import_release(read_release(DATA / "hcpcs" / "zips" / "2019-Alpha-Numeric-HCPCS-File.zip"))
    scene(release, work, "dexamethasone", "J1100", "screenshot-release.png")
    search_scene(release, work, "dexamethazone injection", "screenshot-search-corrected.png")
    search_scene(release, work, "zofran", "screenshot-search-thesaurus.png")
    release.import_release(read_release(DATA / "hcpcs" / "2018" / "HCPC2018_CONTR_ANWEB_disc.txt"))
    diff_scene(release, work)
    workspace_scenes(release, work)
    comparison_scenes(work)
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
