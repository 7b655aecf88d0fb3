"""`medcode compare`, `equivalents` and `level-one` as scripts call them: a fresh process, real files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from cli_helpers import as_json, medcode
from conftest import PPRRVU, TXT_2019, data_file

from medcode_gui.cli.comparison import COLUMN, format_comparison
from medcode_gui.comparison.compare import compare_codes
from medcode_gui.store import ReferenceStore


def test_import_the_fee_schedule_and_compare_g0121_with_45378(tmp_path: Path) -> None:
    db = tmp_path / "pfs.sqlite"
    imported = medcode("import", str(data_file(PPRRVU)), db=db)
    assert imported.returncode == 0, imported.stderr
    assert "imported PFS-2025-OCT (effective 2025-10-01): 16,852 codes" in imported.stdout
    result = as_json(medcode("compare", "G0121", "45378", "--json", db=db))
    assert [p["code"] for p in result["codes"]] == ["G0121", "45378"]
    assert [p["fields"]["PFS · WORK RVU"] for p in result["codes"]] == ["3.26", "3.26"]
    assert "Short description" in result["differing_fields"]
    assert "PFS · WORK RVU" not in result["differing_fields"]
    table = list(csv.reader(io.StringIO(medcode("compare", "G0121", "45378", "--csv", db=db).stdout)))
    assert table[0] == [
        "Field", "G0121", "G0121 release", "G0121 file", "G0121 SHA-256",
        "45378", "45378 release", "45378 file", "45378 SHA-256", "Differs",
    ]  # fmt: skip
    work = next(row for row in table if row[0] == "PFS · WORK RVU")
    assert work[1:4] == ["3.26", "PFS-2025-OCT", "PPRRVU2025_Oct.csv"] and len(work[4]) == 64
    text = medcode("compare", "G0121", "45378", db=db).stdout
    assert "* Short description" in text and "  PFS · WORK RVU" in text


def test_compare_text_wraps_long_values_and_never_cuts_them(store: ReferenceStore) -> None:
    """Each value longer than its 28-character column goes on over the lines below it, whole: the words read
    down a column are the value's words, and no line of a column is wider than the column."""
    result = compare_codes(store, ["G0503", "J1100", "ZZ999"])
    lines = format_comparison(result).splitlines()
    label_width = max(len(row) for row in result["fields"]) + 4
    starts = [i for i, line in enumerate(lines) if line[:label_width].strip()] + [len(lines)]
    assert len(starts) - 1 == len(result["fields"])
    for row, begin, end in zip(result["fields"], starts, starts[1:], strict=False):
        for position, profile in enumerate(result["codes"]):
            left = label_width + position * (COLUMN + 2)
            cells = [line[left : left + COLUMN + 2] for line in lines[begin:end]]
            assert all(len(cell.rstrip()) <= COLUMN for cell in cells)
            value = profile["fields"].get(row, "") if profile["found"] else "(not found)"
            assert " ".join(cells).split() == value.split(), (row, profile["code"])
    long_row = result["fields"].index("Long description")  # G0503's, over 500 characters: many lines
    assert len(result["codes"][0]["fields"]["Long description"]) > 500
    assert starts[long_row + 1] - starts[long_row] > 15


def test_compare_refuses_one_code_and_says_which_is_missing(tmp_path: Path) -> None:
    db = tmp_path / "starter.sqlite"
    one = medcode("compare", "99213", db=db)
    assert one.returncode != 0 and "2 to 6 codes" in one.stderr and "Traceback" not in one.stderr
    missing = medcode("compare", "99213", "ZZ999", "--json", db=db)
    assert missing.returncode == 1  # ZZ999 is in no data: the JSON still says so
    profiles = json.loads(missing.stdout)["codes"]
    assert [p["found"] for p in profiles] == [True, False]


def test_equivalents_find_each_other_with_the_2019_release(tmp_path: Path) -> None:
    db = tmp_path / "2019.sqlite"
    assert medcode("import", str(data_file(TXT_2019)), db=db).returncode == 0
    forward = as_json(medcode("equivalents", "G0202", "--json", db=db))
    backward = as_json(medcode("equivalents", "77067", "--json", db=db))
    assert [(e["code"], e["direction"]) for e in forward] == [("77067", "to")]
    assert [(e["code"], e["direction"]) for e in backward] == [("G0202", "from")]
    for entry in forward + backward:
        assert {"code", "relation", "source"} <= set(entry) and "HCPC2019_CONTR_ANWEB.txt" in entry["source"]
    curated = as_json(medcode("equivalents", "G0438", "--json", db=db))
    assert [(e["code"], e["relation"]) for e in curated] == [("99387", "not equivalent: different services")]


def test_level_one_lists_the_cms_side_when_no_cpt_files_are_imported(tmp_path: Path) -> None:
    db = tmp_path / "pfs.sqlite"
    assert medcode("import", str(data_file(PPRRVU)), db=db).returncode == 0
    view = as_json(medcode("level-one", "--section", "cpt.1.em", "--json", db=db))
    assert (view["cms_release"], view["cpt_release"]) == ("PFS-2025-OCT", None)
    assert view["counts"]["cms_only"] == len(view["rows"]) == 153
    assert view["rows"][0]["code"] == "99202" and view["rows"][0]["cms_status"] == "A"
