"""The order codes are listed in for reading: CPT Category I, II, III apart, then HCPCS Level II."""

from __future__ import annotations

from medcode_gui.codes.code_order import code_sort_key


def test_cpt_categories_are_listed_apart_not_interleaved_as_text() -> None:
    as_text = sorted(["0014F", "00142", "0005F", "0042T", "00100", "0001F", "99213", "0001U"])
    assert as_text == ["0001F", "0001U", "0005F", "00100", "00142", "0014F", "0042T", "99213"]
    assert sorted(as_text, key=code_sort_key) == [
        "00100",  # Category I, numeric
        "00142",
        "99213",
        "0001U",  # Category I, lettered (PLA)
        "0001F",  # Category II
        "0005F",
        "0014F",
        "0042T",  # Category III
    ]


def test_level_two_codes_and_modifiers_follow_cpt_as_text() -> None:
    codes = ["G0121", "0042T", "A0021", "25", "LT", "99213", "j1100"]
    assert sorted(codes, key=code_sort_key) == ["99213", "0042T", "25", "A0021", "G0121", "j1100", "LT"]
