"""Checks for resources/hcpcs_codebook.json.

The codebook is a transcription of the value tables in the CMS HCPCS record
layout (HCPCS2019_recordlayout.txt, "AS OF: 10/31/2018"; the 2018 layout is
identical apart from the years).  These tests make sure every coded value that
actually occurs in the 2018 and 2019 HCPCS Level II data files can be decoded,
and spot-check a few meanings against the layout's wording.
"""

import json

import pytest
from conftest import REPO_ROOT

CODEBOOK_PATH = REPO_ROOT / "resources" / "hcpcs_codebook.json"

# Values observed in the 2018 and 2019 data files (HCPC2018_CONTR_ANWEB_disc.txt,
# HCPC2019_CONTR_ANWEB.txt), by codebook table.
OBSERVED = {
    "coverage": "C D I M S",
    "action_code": "A B C D F N P S",
    "pricing_indicator": ("00 11 13 21 22 31 32 33 34 35 36 37 38 39 45 46 51 52 53 54 55 56 57 99"),
    "multiple_pricing_indicator": "9 A C",
    "betos": (
        "D1A D1B D1C D1D D1E D1F D1G I1C I1D I1E I1F I2B I2D I3B I3C I3F I4A I4B "
        "M1A M1B M2A M3 M4A M5B M5D M6 O1A O1C O1D O1E O1F O1G P0 P1G P2F P3D P4D "
        "P5A P5B P5E P6A P6C P6D P7A P7B P8A P8C P8D P8F P8H P8I P9A P9B T1D T1E "
        "T1G T1H T2C T2D Y1 Y2 Z2"
    ),
    "type_of_service": "0 1 2 3 4 5 6 9 A D E F G J K L P Q R S U V W",
    "asc_payment_group": "20 YY",
    "lab_certification": "110 120 130 140 220 310 330 340 400 610 630 900",
}

REQUIRED_TABLES = [
    "pricing_indicator",
    "multiple_pricing_indicator",
    "lab_certification",
    "coverage",
    "asc_payment_group",
    "opps_payment_indicator",
    "betos",
    "type_of_service",
    "action_code",
]

# The only value allowed to stay undocumented: '20' in the ASC payment group
# position of five 2018 records (C9488, C9745, C9746, C9747, C9748).  The
# layout documents only 'YY' and blank for field 17, and in those records the
# 8-digit ASC effective date (e.g. 20170401) starts at position 231 instead of
# 233, so the '20' is the century of a misaligned date, not a group code.
ALLOWED_UNDOCUMENTED = {"asc_payment_group": {"20"}}


@pytest.fixture(scope="module")
def codebook():
    with CODEBOOK_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


def test_source_metadata(codebook):
    src = codebook["_source"]
    assert "HCPCS2019_recordlayout.txt" in src["document"]
    assert src["as_of"] == "10/31/2018"


@pytest.mark.parametrize("table", REQUIRED_TABLES)
def test_required_table_shape(codebook, table):
    t = codebook[table]
    assert isinstance(t["field"], str) and t["field"].startswith("HCPCS ")
    assert isinstance(t["layout_field_number"], int)
    assert t["values"], f"{table} has no values"
    for raw, meaning in t["values"].items():
        assert raw == raw.strip() and raw, f"{table}: bad key {raw!r}"
        assert isinstance(meaning, str) and meaning.strip(), f"{table}[{raw}] empty"
        assert meaning == " ".join(meaning.split()), f"{table}[{raw}] whitespace"


def test_all_tables_have_shape(codebook):
    for name, t in codebook.items():
        if name == "_source":
            continue
        assert set(t) >= {"field", "layout_field_number", "values"}, name
        assert t["values"], name


@pytest.mark.parametrize("table", sorted(OBSERVED))
def test_observed_values_are_decodable(codebook, table):
    t = codebook[table]
    undocumented = set(t.get("undocumented", []))
    assert undocumented <= ALLOWED_UNDOCUMENTED.get(table, set()), (
        f"{table}: unexpected undocumented values {undocumented}"
    )
    # An undocumented value must not also be given a meaning.
    assert not undocumented & set(t["values"])
    missing = [v for v in OBSERVED[table].split() if v not in t["values"] and v not in undocumented]
    assert not missing, f"{table}: no entry for {missing}"


def test_asc_undocumented_is_explained(codebook):
    t = codebook["asc_payment_group"]
    assert t["undocumented"] == ["20"]
    assert t["undocumented_note"]
    assert t["pattern_note"]
    assert t["blank_meaning"] == "Not Approved For ASC"


def test_layout_field_numbers(codebook):
    expected = {
        "record_identification": 6,
        "pricing_indicator": 9,
        "multiple_pricing_indicator": 10,
        "lab_certification": 14,
        "coverage": 16,
        "asc_payment_group": 17,
        "mog_payment_group": 19,
        "opps_payment_indicator": 20,
        "betos": 23,
        "type_of_service": 25,
        "action_code": 30,
    }
    for table, number in expected.items():
        assert codebook[table]["layout_field_number"] == number, table


def test_table_sizes_match_layout(codebook):
    # Number of "X = ..." entries in each CODES block / appendix table.
    sizes = {
        "record_identification": 4,
        "pricing_indicator": 25,
        "multiple_pricing_indicator": 8,
        "lab_certification": 31,
        "coverage": 5,
        "mog_payment_group": 98,
        "opps_payment_indicator": 7,
        "betos": 106,
        "type_of_service": 34,
        "action_code": 10,
    }
    for table, n in sizes.items():
        assert len(codebook[table]["values"]) == n, table


# Spot checks: expected substrings copied from the layout text.
SPOT_CHECKS = [
    ("coverage", "C", "Carrier judgment"),
    ("coverage", "D", "Special coverage instructions apply"),
    ("coverage", "S", "Non-covered by Medicare statute"),
    ("action_code", "A", "Add procedure or modifier code"),
    ("action_code", "N", "No maintenance for this code"),
    ("action_code", "T", "Miscellaneous change (BETOS, type of service)"),
    ("pricing_indicator", "00", "Service not separately priced by part B"),
    ("pricing_indicator", "46", "gap-filled amounts"),
    ("pricing_indicator", "51", "Drugs"),
    ("multiple_pricing_indicator", "A", "priced under one methodology"),
    ("lab_certification", "010", "Histocompatibility testing"),
    ("lab_certification", "340", "Toxicology"),
    ("lab_certification", "900", "Clinical cytogenetics"),
    ("betos", "O1A", "Ambulance"),
    ("betos", "D1F", "Prosthetic/Orthotic devices"),
    ("betos", "M3", "Emergency room visit"),
    ("betos", "I4A", "heart including cardiac catheterization"),
    ("betos", "Z2", "Undefined codes"),
    ("type_of_service", "1", "Medical care"),
    ("type_of_service", "0", "Whole blood only eff 01/96"),
    ("type_of_service", "P", "Lump sum purchase of DME, prosthetics, orthotics"),
    ("type_of_service", "V", "Pneumococcal/flu vaccine (eff 01/96)"),
    ("asc_payment_group", "YY", "approved to be performed in an ambulatory surgical center"),
    ("opps_payment_indicator", "1", "ASC covered procedure"),
    ("mog_payment_group", "000", "No MOG applies"),
    ("record_identification", "3", "First line of procedure record"),
]


@pytest.mark.parametrize("table,raw,expected", SPOT_CHECKS)
def test_spot_checks(codebook, table, raw, expected):
    assert expected in codebook[table]["values"][raw]


def test_lab_certification_subgroups(codebook):
    t = codebook["lab_certification"]
    assert t["subgroups"]["100"] == ["110", "115", "120", "130", "140", "150"]
    for parent, children in t["subgroups"].items():
        assert parent in t["values"]
        assert all(c in t["values"] for c in children)


def test_groups_reference_known_values(codebook):
    for table in ("pricing_indicator", "mog_payment_group"):
        t = codebook[table]
        for heading, codes in t["groups"].items():
            assert heading and all(c in t["values"] for c in codes), (table, heading)
