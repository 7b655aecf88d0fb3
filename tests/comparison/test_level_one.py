"""HCPCS Level I (the fee schedule's CPT codes) against a CPT package: same, different, one side only.

The CPT package is written at test time: one descriptor is the CMS short descriptor read from the real
fee schedule file (so both sides say the same words), the others are invented. Nothing is committed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cpt_fixtures import HEADER, encode, write_folder
from PySide6.QtCore import QSettings

from medcode_gui.comparison.level_one import CMS_ONLY, CPT_ONLY, DIFFERENT, SAME, compare_level_one
from medcode_gui.gui.comparison.level_one_model import CPT_TEXT, DIFF_HTML_ROLE, LevelOneModel
from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore
from medcode_gui.views.level_one_view import level_one_view


@pytest.fixture(scope="module")
def level_one_db(tmp_path_factory: pytest.TempPathFactory, fee_schedule_db: Path) -> Path:
    """The fee schedule database plus a CPT package holding 99213 (same words), 99202 (invented words)
    and 0001U (a PLA code, which the fee schedule does not list)."""
    folder = tmp_path_factory.mktemp("cpt") / "CPT2025"
    path = tmp_path_factory.mktemp("db") / "level-one.sqlite"
    path.write_bytes(fee_schedule_db.read_bytes())
    with ReferenceStore(path) as store:
        cms_99213 = store.lookup("99213").record.short_description
        lines = [f"99213 {cms_99213.upper()}", "99202 INVENTED NEW PATIENT SHORT", "0001U INVENTED PLA SHORT"]
        write_folder(folder, {"standard/SHORTU.txt": encode([*HEADER, "", *lines])})
        store.import_release(read_release(folder))
    return path


@pytest.fixture
def level_store(level_one_db: Path) -> ReferenceStore:
    with ReferenceStore(level_one_db) as opened:
        yield opened


def test_each_cpt_code_is_paired_and_classified(level_store: ReferenceStore) -> None:
    comparison = compare_level_one(level_store)
    assert (comparison.cms_release.label, comparison.cpt_release.label) == ("PFS-2025-OCT", "CPT-2025")
    states = {row.code: row.state for row in comparison.rows}
    assert (states["99213"], states["99202"], states["0001U"], states["45378"]) == (SAME, DIFFERENT, CPT_ONLY, CMS_ONLY)
    counts = comparison.counts()
    assert counts == {SAME: 1, DIFFERENT: 1, CPT_ONLY: 1, CMS_ONLY: 10881 - 2}
    one_side = [row.code for row in comparison.filtered("one_side")]
    assert one_side[:2] == ["00100", "00102"]  # Category I numeric first, not 0001F sorted as text
    assert one_side.index("0001U") < one_side.index("0001F")  # then Category I lettered, then Category II
    assert {row.code for row in comparison.filtered("differences")} >= {"99202", "0001U"}
    assert "99213" not in {row.code for row in comparison.filtered("differences")}


def test_level_one_rows_list_category_one_then_two_then_three(level_store: ReferenceStore) -> None:
    """Sorted as text CPT's categories interleave (0001F, 0005F, 00100, 00142, 0014F); a coder reads them apart."""
    codes = [row.code for row in compare_level_one(level_store).rows]
    groups = [("F" in code[4:], "T" in code[4:]) for code in codes]
    first_f = groups.index((True, False))
    first_t = groups.index((False, True))
    assert all(code[4].isdigit() or code.endswith("U") for code in codes[:first_f])
    assert all(code.endswith("F") for code in codes[first_f:first_t])
    assert all(code.endswith("T") for code in codes[first_t:])
    assert codes[:first_f] == sorted(codes[:first_f], key=lambda c: (not c[4].isdigit(), c))


def test_the_cpt_release_becomes_the_view_of_cpt_codes(level_store: ReferenceStore) -> None:
    """Once CPT files are imported, CPT codes show their AMA record; the fee schedule stays a supplement."""
    hit = level_store.lookup("99202")
    assert (hit.release.label, hit.record.short_description) == ("CPT-2025", "INVENTED NEW PATIENT SHORT")
    assert level_store.lookup("45378").release.label == "PFS-2025-OCT"  # not in this small package
    assert [s.release.label for s in level_store.sources_of("99202")] == ["CPT-2025", "PFS-2025-OCT"]


def test_section_filter_and_word_diff_in_the_view(level_store: ReferenceStore) -> None:
    view = level_one_view(compare_level_one(level_store, "cpt.1.em"), "differences")
    row = next(r for r in view["rows"] if r["code"] == "99202")
    assert row["cpt_diff"].startswith("{+INVENTED") and row["cms_diff"].startswith("[-")
    assert all(r["code"].startswith("99") for r in view["rows"])


def test_the_model_shows_the_diff_of_differing_rows(qtmodeltester, level_store: ReferenceStore) -> None:
    model = LevelOneModel()
    model.set_rows(compare_level_one(level_store, "cpt.1.em").rows)
    qtmodeltester.check(model)
    different = model.row_of("99202")
    assert "INVENTED" in model.index(different, CPT_TEXT).data(DIFF_HTML_ROLE)
    assert model.index(model.row_of("99213"), CPT_TEXT).data(DIFF_HTML_ROLE) is None


def test_the_window_filters_to_differences(qtbot, level_store: ReferenceStore, tmp_path: Path) -> None:
    window = MainWindow(level_store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), debounce_ms=10)
    qtbot.addWidget(window)
    level_one = window.windows.show_level_one("cpt.1.em")
    assert "CPT side: CPT-2025 (CPT2025)" in level_one.releases_label.text()
    with qtbot.waitSignal(level_one.shown) as shown:
        level_one.filter_box.setCurrentIndex(level_one.filter_box.findData("differences"))
    codes = [level_one.model.row_at(r).code for r in range(level_one.model.rowCount())]
    assert shown.args == [len(codes)] and "99202" in codes and "99213" not in codes
