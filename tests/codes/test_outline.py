"""The classification outline: structure, and placement of every real code on exactly one leaf."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import pprrvu_rows

from medcode_gui.codes.outline import CodeRange, outline
from medcode_gui.codes.records import ParsedRelease


@pytest.fixture(scope="module")
def real_codes(parsed_2018: ParsedRelease, parsed_2019: ParsedRelease) -> dict[tuple[str, str], str]:
    """Every (code, kind) in the 2018 and 2019 HCPCS files and in PPRRVU2025_Oct, with where it was seen."""
    codes = {(r.code, r.kind): "HCPCS 2018/2019" for p in (parsed_2018, parsed_2019) for r in p.records}
    for row in pprrvu_rows():
        codes.setdefault((row[0], "code"), "PPRRVU2025_Oct")
        if row[1]:
            codes.setdefault((row[1], "modifier"), "PPRRVU2025_Oct")
    return codes


def test_every_real_code_sits_on_exactly_one_leaf(real_codes) -> None:
    tree = outline()
    problems = {
        key: [leaf.id for leaf in tree.placements(*key)]
        for key in sorted(real_codes)
        if len(tree.placements(*key)) != 1
    }
    for (code, kind), leaves in problems.items():
        print(f"{code} ({kind}, from {real_codes[(code, kind)]}): on {leaves or 'no leaf'}")
    assert not problems, f"{len(problems)} codes are not on exactly one leaf (listed above)"
    assert len(real_codes) > 20_000


def test_place_agrees_with_placements_and_systems(real_codes) -> None:
    tree = outline()
    systems = Counter()
    for code, kind in real_codes:
        leaf = tree.place(code, kind)
        assert leaf is tree.placements(code, kind)[0]
        systems[(leaf.inherited("system"), kind)] += 1
        if code[0].isalpha() and kind == "code":
            assert leaf.inherited("system") == "HCPCS" and leaf.inherited("level") == "II", code
            assert leaf.path()[2].id == f"hcpcs.2.{code[0].lower()}", code
        elif kind == "code":
            assert leaf.inherited("system") == "CPT", code
    assert systems[("CPT", "modifier")] == 2  # 26 and 53: the only numeric modifiers in these files


def test_top_level_ranges_match_the_checked_facts() -> None:
    tree = outline()
    expected = {
        "cpt.1.em": "99202–99499",
        "cpt.1.anesthesia": "00100–01999, 99100–99140",
        "cpt.1.surgery": "10004–69990",
        "cpt.1.radiology": "70010–79999",
        "cpt.1.pathology": "80047–89398",
        "cpt.1.medicine": "90281–99199, 99500–99607",
        "cpt.1.em.office": "99202–99215",
        "hcpcs.2.a.transport": "A0021–A0999",
        "hcpcs.2.j.chemotherapy": "J9000–J9999",
        "hcpcs.2.j.drugs": "J0120–J8499",
        "hcpcs.2.v.vision": "V2020–V2799",
        "hcpcs.2.v.hearing": "V5008–V5364",
    }
    assert {node_id: tree.node(node_id).range_text() for node_id in expected} == expected


def test_every_node_says_what_it_holds() -> None:
    tree = outline()
    cpt2 = [n for n in tree.node("cpt.2").children]
    assert len(cpt2) == 10
    for node in tree.by_id.values():
        assert node.title and node.title[0].isupper(), node.id
        if node.is_leaf:
            assert node.ranges or node.patterns, f"{node.id} is a leaf without ranges"
    letters = [n.id[-1] for n in tree.node("hcpcs.2").children]
    assert letters == list("abcdeghjklmpqrstuv")
    assert tree.node("hcpcs.2.d").inherited("dental") is True
    assert tree.node("hcpcs.1").link == "cpt"


def test_a_range_never_mixes_code_shapes() -> None:
    with pytest.raises(ValueError):
        CodeRange.parse("0001U-9999T")
    assert "1000F" not in CodeRange.parse("0001U-9999U")
    assert "J1100" in CodeRange.parse("J0100-J8499")
