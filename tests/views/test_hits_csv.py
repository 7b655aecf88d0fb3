"""Results as CSV: a descriptor that is a formula arrives as text, never as a formula to run."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import FORMULA

from medcode_gui.store import ReferenceStore
from medcode_gui.views.hits_csv import HITS_HEADER, hits_csv


def test_results_csv_neutralises_formula_cells(hostile_db: Path) -> None:
    with ReferenceStore(hostile_db) as store:
        hits = [store.lookup(code, "HOSTILE-2") for code in ("J1100", "J9000")]
    rows = list(csv.DictReader(io.StringIO(hits_csv(hits)), fieldnames=HITS_HEADER))[1:]
    assert [row["short_description"] for row in rows] == ["'" + FORMULA, "'@SUM(1+1)"]
    assert [row["code"] for row in rows] == ["J1100", "J9000"]
