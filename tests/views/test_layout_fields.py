"""Every field of the CMS HCPCS record layout in a code's view (views.code_view's "layout_fields"), checked
against the real 2019 file read here at the layout's own positions, independently of the importer."""

from __future__ import annotations

import pytest
from conftest import TXT_2019, data_file

from medcode_gui.codes.hcpcs_codebook import LAYOUT, NOT_STORED
from medcode_gui.store import ReferenceStore
from medcode_gui.views.code_view import lookup_view

# (field, begin, end), 1-based inclusive, from HCPCS2019_recordlayout.txt (PROVENANCE.md "exact record layout").
POSITIONS = {
    "SEQNUM": (6, 10),
    "RECID": (11, 11),
    "SHORT DESCRIPTION": (92, 119),
    **{f"PRICE{i}": (120 + 2 * (i - 1), 121 + 2 * (i - 1)) for i in range(1, 5)},
    "MULT_PI": (128, 128),
    **{f"CIM{i}": (129 + 6 * (i - 1), 134 + 6 * (i - 1)) for i in range(1, 4)},
    **{f"MCM{i}": (147 + 8 * (i - 1), 154 + 8 * (i - 1)) for i in range(1, 4)},
    "STATUTE": (171, 180),
    **{f"LABCERT{i}": (181 + 3 * (i - 1), 183 + 3 * (i - 1)) for i in range(1, 9)},
    **{f"XREF{i}": (205 + 5 * (i - 1), 209 + 5 * (i - 1)) for i in range(1, 6)},
    "COV": (230, 230),
    "ASC_GRP": (231, 232),
    "ASC_DT": (233, 240),
    "OPPS": (241, 243),
    "OPPS_PI": (244, 244),
    "OPPS_DT": (245, 252),
    "PROCNOTE": (253, 256),
    "BETOS": (257, 259),
    **{f"TOS{i}": (260 + i, 260 + i) for i in range(1, 6)},
    "ANEST_BU": (266, 268),
    "ADD DT": (269, 276),
    "ACT EFF DT": (277, 284),
    "TERM DT": (285, 292),
    "ACTION CD": (293, 293),
}


def first_line(code: str) -> str:
    for line in data_file(TXT_2019).read_bytes().decode("latin-1").splitlines():
        if line[:5].strip() == code and line[10:11] in ("3", "7"):
            return line.ljust(320)
    raise AssertionError(f"{code} is not in {TXT_2019}")


def rows_of(store: ReferenceStore, code: str) -> dict[str, dict]:
    view = lookup_view(store, code, "HCPCS-2019")
    assert [row["field"] for row in view["layout_fields"]] == [field for field, _, _ in LAYOUT]
    return {row["field"]: row for row in view["layout_fields"]}


@pytest.mark.parametrize("code", ["E0100", "J1100", "A6413", "A9513", "G0027", "A0021", "AM"])
def test_every_layout_field_is_in_the_view_raw_as_the_file_has_it(store: ReferenceStore, code: str) -> None:
    rows, line = rows_of(store, code), first_line(code)
    for field, (begin, end) in POSITIONS.items():
        assert rows[field]["raw"] == line[begin - 1 : end].strip(), field
    assert rows["HCPC"]["raw"] == code
    for row in rows.values():  # an official name, a number of the layout, a meaning: blank is "none", never left out
        assert row["name"].startswith(("HCPCS ", "Healthcare Common Procedure")) and 1 <= row["number"] <= 30
        assert row["meaning"] and (row["raw"] or row["meaning"].startswith("none")), row


def test_references_are_shown_as_references(store: ReferenceStore) -> None:
    e0100, j1100, a6413 = rows_of(store, "E0100"), rows_of(store, "J1100"), rows_of(store, "A6413")
    assert (e0100["CIM1"]["raw"], e0100["CIM2"]["raw"]) == ("60-3", "60-9")
    assert e0100["CIM1"]["name"] == "HCPCS Coverage Issues Manual Reference Section Number 1"
    assert e0100["CIM1"]["meaning"] == "CIM 60-3: Coverage Issues Manual section 60-3"
    assert j1100["MCM1"]["raw"] == "2049"
    assert j1100["MCM1"]["meaning"] == "MCM 2049: Medicare Carriers Manual section 2049"
    assert a6413["STATUTE"]["meaning"] == "Social Security Act §1861(s)(5)"
    assert e0100["CIM3"]["raw"] == "" and e0100["CIM3"]["meaning"] == "none"


def test_the_coverage_meaning_says_where_its_instructions_are(store: ReferenceStore) -> None:
    e0100, j1100, a6413 = rows_of(store, "E0100")["COV"], rows_of(store, "J1100")["COV"], rows_of(store, "A6413")["COV"]
    assert e0100["raw"] == "D"
    assert e0100["meaning"] == "Special coverage instructions apply; see CIM 60-3, 60-9; MCM 2100.1"
    assert e0100["see"] == [
        {"field": "CIM1", "text": "CIM 60-3"},
        {"field": "CIM2", "text": "60-9"},
        {"field": "MCM1", "text": "MCM 2100.1"},
    ]
    assert j1100["meaning"] == "Special coverage instructions apply; see MCM 2049" and j1100["see"] == [
        {"field": "MCM1", "text": "MCM 2049"}
    ]
    assert a6413["meaning"] == "Non-covered by Medicare statute; see SSA §1861(s)(5)" and [
        s["field"] for s in a6413["see"]
    ] == ["STATUTE"]


def test_dates_groups_and_continuation_lines_in_words(store: ReferenceStore) -> None:
    a9513, g0503 = rows_of(store, "A9513"), rows_of(store, "G0503")
    assert (a9513["ASC_DT"]["raw"], a9513["ASC_DT"]["meaning"]) == ("20190101", "2019-01-01")
    assert a9513["ANEST_BU"]["meaning"] == "0 anesthesia base units"
    assert rows_of(store, "E0100")["OPPS"] == {
        "field": "OPPS",
        "number": 19,
        "name": "HCPCS MOG Payment Group Code",
        "raw": "",
        "meaning": "none",
    }
    assert g0503["CONTINUATION SEQNUMS"]["meaning"] == "16 more lines of the long description"
    assert g0503["CONTINUATION RECIDS"]["raw"] == " ".join(["4"] * 16)
    assert g0503["CONTINUATION RECIDS"]["meaning"] == (
        "4: Second, third, fourth, etc., Description of procedure record. No detail information in positions "
        "92-275 (each of the 16 lines)"
    )
    assert rows_of(store, "LT")["HCPC"]["name"] == "HCPCS Modifier Code"


def test_a_row_imported_by_an_earlier_version_says_its_position_is_not_stored(store: ReferenceStore) -> None:
    view = lookup_view(store, "E0100", "HCPCS-2019")
    from medcode_gui.codes.hcpcs_codebook import layout_rows

    fields = {k: v for k, v in view["fields"].items() if k not in ("SEQNUM", "RECID")}
    rows = {row["field"]: row for row in layout_rows("E0100", "code", fields)}
    assert rows["SEQNUM"]["raw"] is None and rows["SEQNUM"]["meaning"] == NOT_STORED
    assert NOT_STORED == "not stored: imported by an earlier version; import the file again to fill it in"


def test_a_code_with_its_modifier_is_looked_up_as_both(store: ReferenceStore) -> None:
    view = lookup_view(store, "e0100-lt")
    assert view["found"] and view["code"] == "E0100" and view["input"] == "E0100-LT"
    assert view["modifier"]["found"] and view["modifier"]["code"] == "LT" and view["modifier"]["kind"] == "modifier"
    assert lookup_view(store, "E0100-ZZ")["modifier"]["found"] is False
    assert lookup_view(store, "ZZZZZ")["found"] is False
