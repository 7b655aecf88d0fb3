"""The comparison basket and the Level I window in words: source fields named and decoded with the raw value
kept, dates ISO, each descriptor once; the fee schedule status decoded; CPT categories apart."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from medcode_gui.comparison.compare import compare_codes
from medcode_gui.comparison.level_one import compare_level_one
from medcode_gui.gui.comparison.compare_model import CompareModel
from medcode_gui.gui.comparison.level_one_model import CODE, STATUS, LevelOneModel
from medcode_gui.store import ReferenceStore

RAW_DATE = re.compile(r"^(19|20)\d{6}$")


def _basket(fee_store: ReferenceStore, codes: list[str]) -> CompareModel:
    model = CompareModel()
    model.set_comparison(compare_codes(fee_store, codes))
    return model


def test_the_basket_names_and_decodes_every_field(qtmodeltester, fee_store: ReferenceStore) -> None:
    model = _basket(fee_store, ["G0121", "G0105", "E0100"])
    qtmodeltester.check(model)
    titles = [model.headerData(row, Qt.Orientation.Vertical) for row in range(model.rowCount())]
    cells = [model.index(row, column).data() for row in range(model.rowCount()) for column in range(3)]
    assert "HCPCS · Action code" in [title.rstrip(" ≠") for title in titles]
    assert not [title for title in titles if re.search(r"ACTION CD|ACT EFF DT|PRICE1|\bCOV\b", title)]
    assert not [cell for cell in cells if RAW_DATE.match(cell)]
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d", cell) for cell in cells)
    action = [title.rstrip(" ≠") for title in titles].index("HCPCS · Action code")
    assert all(re.fullmatch(r"[A-Z] \([A-Z].+\)", model.index(action, c).data()) for c in range(3))
    header_tip = model.headerData(action, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert "ACTION CD" in header_tip  # the source's own name, for whoever reads the file


def test_the_basket_shows_each_description_once(qtmodeltester, fee_store: ReferenceStore) -> None:
    model = _basket(fee_store, ["G0121", "45378", "G0105"])
    qtmodeltester.check(model)
    fields = [model.field_at(row) for row in range(model.rowCount())]
    assert "Short description" in fields and "Long description" in fields
    repeats = [f for f in fields if re.search(r"· (SHORT DESCRIPTION|LONG DESCRIPTION|DESCRIPTION)$", f)]
    assert repeats == []
    assert any("SHORT DESCRIPTION" in f for f in model.comparison["fields"])  # still in the data and the CSV


def test_level_one_shows_the_status_in_words_and_categories_apart(qtmodeltester, fee_store: ReferenceStore) -> None:
    model = LevelOneModel()
    model.set_rows(compare_level_one(fee_store).rows)
    qtmodeltester.check(model)
    statuses = {model.index(row, STATUS).data() for row in range(model.rowCount())}
    assert "A (Active Code)" in statuses and "I (Not valid for Medicare purposes)" in statuses
    assert not [status for status in statuses if re.fullmatch(r"[A-Z]", status)]
    row = next(r for r in range(model.rowCount()) if model.index(r, STATUS).data().startswith("I "))
    assert "90 day grace period" in model.index(row, STATUS).data(Qt.ItemDataRole.ToolTipRole)
    codes = [model.index(row, CODE).data() for row in range(model.rowCount())]
    assert codes[0].isdigit() and codes.index("99213") < codes.index("0001F") < codes.index("0042T")
