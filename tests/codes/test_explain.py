"""Explain-a-code: any string, no database."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from medcode_gui.cli import cli
from medcode_gui.codes.badges import badge
from medcode_gui.codes.explain import explain
from medcode_gui.codes.records import ParsedRelease

CONTRACT_KEYS = {"input", "valid", "system", "category", "level", "section", "kind", "explanation"}


@pytest.mark.parametrize(
    ("text", "system", "category", "level", "kind", "words"),
    [
        ("99213", "CPT", "I", None, "code", "Office or other outpatient visits"),
        ("0001U", "CPT", "I", None, "code", "proprietary laboratory analysis"),
        ("U0001", "HCPCS", None, "II", "code", "HCPCS Level II"),
        ("0042T", "CPT", "III", None, "code", "Category III"),
        ("3008F", "CPT", "II", None, "code", "Category II"),
        ("0002M", "CPT", "I", None, "code", "multianalyte"),
        ("0001A", "CPT", "I", None, "code", "vaccine"),
        ("D0120", "HCPCS", None, "II", "code", "not in the CMS HCPCS file"),
        ("J9045", "HCPCS", None, "II", "code", "Chemotherapy drugs"),
        ("00100", "CPT", "I", None, "code", "Anesthesia"),
        ("99100", "CPT", "I", None, "code", "Qualifying circumstances for anesthesia"),
        ("LT", "HCPCS", None, "II", "modifier", "Level II modifier"),
        ("25", "CPT", None, None, "modifier", "CPT modifier"),
        ("1P", "CPT", None, None, "modifier", "Category II modifier"),
        ("99213-25", "CPT", "I", None, "code+modifier", "A code with a modifier"),
        (" e0100 ", "HCPCS", None, "II", "code", "Canes, crutches and walkers"),
    ],
)
def test_valid_shapes(text: str, system: str, category, level, kind: str, words: str) -> None:
    result = explain(text)
    assert result.keys() >= CONTRACT_KEYS
    assert result["valid"] is True and result["input"] == text
    assert (result["system"], result["category"], result["level"], result["kind"]) == (system, category, level, kind)
    assert words in result["explanation"] and result["section"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Z1234", "no HCPCS Level II section uses the letter Z"),
        ("I1234", "letter I"),
        ("9999X", "no CPT code ends in X"),
        ("", "it is empty"),
        ("J999", "it has 4 characters"),
        ("J99999", "it has 6 characters"),
        ("12AB3", "neither five digits"),
        ("ñ1234", "only the letters A to Z and digits"),
        ("99213-Z!", "only the letters A to Z"),
        ("99213-", "it has 6 characters"),
    ],
)
def test_invalid_strings_say_why(text: str, reason: str) -> None:
    result = explain(text)
    assert result["valid"] is False and result["system"] is None
    assert reason in result["explanation"], result["explanation"]


@pytest.mark.parametrize(
    ("text", "code_valid", "modifier_valid"),
    [
        ("J1100-1A", True, False),  # 1A: a digit then a letter other than F or P is no modifier
        ("99213-1A", True, False),
        ("W1100-LT", False, True),  # no HCPCS Level II section uses W
        ("00000-25", False, True),
        ("W1100-1A", False, False),
    ],
)
def test_a_code_with_a_modifier_is_valid_only_when_both_are(text: str, code_valid: bool, modifier_valid: bool) -> None:
    result = explain(text)
    assert result["kind"] == "code+modifier" and result["valid"] is False
    assert (result["code"]["valid"], result["modifier"]["valid"]) == (code_valid, modifier_valid)
    assert result["explanation"].startswith("Not a valid code with a modifier: ")


def test_every_real_code_with_a_modifier_is_valid_only_with_a_real_modifier(store) -> None:
    """On every code and modifier of the real HCPCS 2019 file: code-LT is valid exactly when the code is;
    a code with 1A (no modifier) never is, and neither is an impossible code with any real modifier."""
    records = store.release_records(store.release("HCPCS-2019"))
    codes = sorted(code for code, kind in records if kind == "code")
    modifiers = sorted(code for code, kind in records if kind == "modifier")
    assert len(codes) == 6440 and len(modifiers) == 360
    valid_codes = [code for code in codes if explain(code)["valid"]]
    assert len(valid_codes) > 6000
    assert [c for c in codes if explain(f"{c}-LT")["valid"] != (c in valid_codes)] == []
    assert [c for c in valid_codes if explain(f"{c}-1A")["valid"]] == []
    assert [m for m in modifiers if explain(m)["valid"] and not explain(f"J1100-{m}")["valid"]] == []
    assert [m for m in modifiers if explain(f"W1100-{m}")["valid"]] == []


def test_0001u_and_u0001_are_told_apart() -> None:
    pla, lab = explain("0001U"), explain("U0001")
    assert pla["system"] == "CPT" and lab["system"] == "HCPCS"
    assert "not the same as HCPCS Level II U codes" in pla["explanation"]


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=20))
def test_any_string_is_explained_without_raising(text: str) -> None:
    result = explain(text)
    assert result.keys() >= CONTRACT_KEYS and result["explanation"]


def test_cli_explain_gives_an_object_or_an_array() -> None:
    runner = CliRunner()
    one = json.loads(runner.invoke(cli, ["explain", "99213", "--json"]).output)
    assert one["input"] == "99213"
    several = json.loads(runner.invoke(cli, ["explain", "99213", "LT", "Z1234", "--json"]).output)
    assert [r["valid"] for r in several] == [True, True, False]
    text = runner.invoke(cli, ["explain", "0042T"])
    assert text.exit_code == 0 and "Category III" in text.output


def test_cli_explain_needs_no_database(tmp_path) -> None:
    missing = tmp_path / "never" / "created.sqlite"
    result = CliRunner().invoke(cli, ["--db", str(missing), "explain", "J1100"])
    assert result.exit_code == 0 and not missing.exists()


def test_the_badge_says_what_explain_says_for_every_real_code(
    parsed_2019: ParsedRelease, parsed_pprrvu: ParsedRelease
) -> None:
    """badge() reads the outline leaf directly (a results row pays for it on every new code); it must name
    the system and category explain() names, for every code and modifier of the real releases."""
    records = [*parsed_2019.records, *parsed_pprrvu.records]
    odd = [("1234X", "code"), ("I1234", "code"), ("ZZ", "modifier"), ("D0120", "code"), ("0001U", "code")]
    pairs = {(r.code, r.kind) for r in records} | set(odd)
    assert len(pairs) > 20_000
    for code, kind in pairs:
        result = explain(code)
        system = result["system"]
        if kind == "modifier":
            expected = f"{system or ''} mod".strip()
        elif system == "CPT":
            expected = f"CPT {result['category']}"
        else:
            expected = "HCPCS II" + (" (CDT)" if code.startswith("D") else "") if system == "HCPCS" else "?"
        assert badge(code, kind) == expected, (code, kind)
