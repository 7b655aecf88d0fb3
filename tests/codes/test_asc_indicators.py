"""Every ASC payment indicator the real Addendum AA uses has a meaning written here."""

from __future__ import annotations

from conftest import ASC_ZIP, data_file

from medcode_gui.codes.asc_indicators import PAYMENT_INDICATORS, indicator_meaning
from medcode_gui.importers import read_release


def test_every_indicator_of_the_real_file_has_a_meaning() -> None:
    parsed = read_release(data_file(ASC_ZIP))
    used = {r.fields["January 2025 Payment Indicator"] for r in parsed.schedule_rows} - {""}
    assert used == {"A2", "D2", "G2", "J8", "N1", "P2", "P3", "R2"}
    assert used <= set(PAYMENT_INDICATORS)
    assert "packaged" in indicator_meaning("N1").lower() and "not described" in indicator_meaning("Q9")
