"""Every OPPS status indicator the real Addendum B uses has a meaning written here."""

from __future__ import annotations

from conftest import OPPS_XLSX, data_file
from python_calamine import CalamineWorkbook

from medcode_gui.codes.opps_status import STATUS_INDICATORS, paid_separately, status_meaning


def test_every_indicator_of_the_real_file_has_a_meaning() -> None:
    rows = CalamineWorkbook.from_path(data_file(OPPS_XLSX)).get_sheet_by_index(0).to_python()[4:]
    used = {str(row[2]).strip() for row in rows}
    assert len(used) == 25
    assert used <= set(STATUS_INDICATORS), used - set(STATUS_INDICATORS)
    assert "inpatient" in status_meaning("C").lower() and "not described" in status_meaning("Z9")


def test_packaged_and_elsewhere_paid_codes_have_no_separate_payment() -> None:
    assert paid_separately("T") and paid_separately("J1") and paid_separately(" S ")
    assert not any(paid_separately(si) for si in ("N", "A", "B", "C", "E1", "Q4", "M"))
