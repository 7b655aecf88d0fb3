"""OWASP's rule against CSV injection: cells a spreadsheet would evaluate gain a leading apostrophe."""

from __future__ import annotations

import pytest

from medcode_gui.codes.spreadsheet_cells import safe_cell, safe_row


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://evil.example/")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1", "-"]
)
def test_a_cell_a_spreadsheet_would_evaluate_gains_an_apostrophe(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-0.50", "+1.25", "-12", "-.5", "-1.5E3", "J1100", "Cane adjust/fixed with tip", ""])
def test_plain_numbers_and_ordinary_text_are_left_alone(cell: str) -> None:
    assert safe_cell(cell) == cell


def test_a_row_keeps_its_non_text_cells() -> None:
    assert safe_row([1, None, "=1", "-0.5"]) == [1, None, "'=1", "-0.5"]
