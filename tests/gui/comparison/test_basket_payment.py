"""The comparison basket's payment rows: each figure of the fee view (built here as the contract gives it) a row
named with its locality and its schedule's release and file, "not on it" for a code without the figure."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from medcode_gui.comparison.compare import compare_codes
from medcode_gui.gui.comparison.compare_model import NOT_ON_IT, CompareModel
from medcode_gui.store import ReferenceStore

PLACE = {"mac": "01112", "number": "05", "name": "SAN FRANCISCO"}
PFS = {"release": "PFS-2025-D", "file": "PPRRVU2025_Oct.csv", "locality": PLACE}


def payment(non_facility: str | None, opps_rate: str | None) -> dict[str, Any]:
    pfs = PFS | {"non_facility_amount": non_facility, "facility_amount": non_facility} if non_facility else None
    opps = {"status_indicator": "K", "payment_rate": opps_rate, "release": "OPPS-2022-10", "file": "B.xlsx"}
    return {"fee": {"physician_fee_schedule": pfs, "opps": opps if opps_rate else None, "clfs": None}}


def test_each_payment_figure_is_a_row_with_its_locality_and_source(qtmodeltester, fee_store: ReferenceStore) -> None:
    figures = {"G0008": payment("25.10", None), "G0009": payment("25.10", "31.50")}
    model = CompareModel()
    model.payment_of = figures.__getitem__
    model.set_comparison(compare_codes(fee_store, ["G0008", "G0009"]))
    qtmodeltester.check(model)
    rows = [model.field_at(r) for r in range(model.rowCount())]
    pfs_row = "Payment: PFS non-facility in SAN FRANCISCO (01112-05) (PFS-2025-D, PPRRVU2025_Oct.csv)"
    opps_row = "Payment: OPPS payment rate (OPPS-2022-10, B.xlsx)"
    assert pfs_row in rows and opps_row in rows
    assert not any("ASC" in r or "Lab" in r for r in rows)  # no code has those figures: no row
    values = {
        model.headerData(r, Qt.Orientation.Vertical).removesuffix(" ≠"): [
            model.data(model.index(r, c)) for c in range(2)
        ]
        for r in range(model.rowCount())
    }
    assert values[pfs_row] == ["$25.10", "$25.10"]
    assert values[opps_row] == [NOT_ON_IT, "$31.50"]
    differing = model.comparison["differing_fields"]
    assert opps_row in differing and pfs_row not in differing
