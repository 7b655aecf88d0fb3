"""Compare, equivalents and the default view with a fee schedule beside the HCPCS releases (real files)."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest
from conftest import PPRRVU, ZIP_2019, data_file

from medcode_gui.codes.errors import MedcodeError
from medcode_gui.codes.records import CPT, HCPCS
from medcode_gui.comparison.compare import check_count, compare_codes, comparison_csv
from medcode_gui.comparison.counterparts import curated_pairs, equivalents
from medcode_gui.comparison.level_one import CMS_ONLY, compare_level_one
from medcode_gui.comparison.word_diff import ADDED, REMOVED, SAME, marked_text, merged_segments, same_words, word_diff
from medcode_gui.store import ReferenceStore
from medcode_gui.views.code_view import lookup_view


def test_each_code_system_comes_from_its_best_release(fee_store: ReferenceStore) -> None:
    """Level II from the CMS alpha-numeric file, CPT codes from the fee schedule; the starter data steps back
    but for the CPT modifiers, which the fee schedule does not hold (tests/store/test_view_precedence.py)."""
    parts = {(part[0].label, part[1], part.kind) for part in fee_store.view_parts()}
    assert parts == {("HCPCS-2019", HCPCS, None), ("PFS-2025-OCT", CPT, "code"), ("Starter", CPT, "modifier")}
    assert fee_store.lookup("G0121").release.label == "HCPCS-2019"
    assert fee_store.lookup("45378").release.label == "PFS-2025-OCT"
    hits = fee_store.search("G0121")
    assert [(h.record.code, h.release.label) for h in hits[:1]] == [("G0121", "HCPCS-2019")]
    assert all(h.release.is_official for h in fee_store.search("colonoscopy", limit=200))


def test_a_code_shows_its_fee_schedule_record_and_counterparts(fee_store: ReferenceStore) -> None:
    view = lookup_view(fee_store, "G0121")
    assert view["release"] == "HCPCS-2019"
    fee = view["fee_schedule"]
    assert fee["release"] == "PFS-2025-OCT"
    decoded = {entry["field"]: entry for entry in fee["decoded"]}
    assert decoded["STATUS CODE"]["code"] == "A" and decoded["STATUS CODE"]["meaning"].startswith("Active")
    assert {a["field"]: a["code"] for a in fee["amounts"]}["WORK RVU"] == "3.26"
    assert fee["modifier_rows"]["53"]["WORK RVU"] == "1.63"
    assert "45378" in [c["code"] for c in view["counterparts"]]


def test_compare_g0121_with_45378_shows_work_rvu_3_26_on_both(fee_store: ReferenceStore) -> None:
    result = compare_codes(fee_store, ["G0121", "45378"])
    first, second = result["codes"]
    assert first["fields"]["PFS · WORK RVU"] == second["fields"]["PFS · WORK RVU"] == "3.26"
    assert first["fields"]["HCPCS · PRICE1"] == "11" and "HCPCS · PRICE1" not in second["fields"]
    differing = set(result["differing_fields"])
    assert {"Short description", "PFS · MP RVU", "PFS · NON-FACILITY TOTAL", "HCPCS · PRICE1"} <= differing
    assert not {"PFS · WORK RVU", "PFS · STATUS CODE", "PFS · GLOB DAYS", "Code"} & differing
    assert [s["release"] for s in first["sources"]] == ["HCPCS-2019", "PFS-2025-OCT"]


def test_comparison_csv_has_a_row_per_field_and_marks_differences(fee_store: ReferenceStore) -> None:
    result = compare_codes(fee_store, ["G0121", "G0105", "45378"])
    rows = list(csv.reader(io.StringIO(comparison_csv(result))))
    columns = [[code, f"{code} release", f"{code} file", f"{code} SHA-256"] for code in ("G0121", "G0105", "45378")]
    assert rows[0] == ["Field", *columns[0], *columns[1], *columns[2], "Differs"]
    by_field = {row[0]: row for row in rows[1:]}
    assert len(by_field) == len(result["fields"])
    assert [by_field["PFS · WORK RVU"][i] for i in (1, 5, 9, 13)] == ["3.26", "3.26", "3.26", ""]
    assert by_field["Short description"][-1] == "yes"


def test_comparison_csv_gives_each_value_its_release_file_and_checksum(fee_store: ReferenceStore) -> None:
    """Provenance: the SHA-256 of the very file each value was read from (the real files, hashed here)."""
    fee_sha = hashlib.sha256(data_file(PPRRVU).read_bytes()).hexdigest()
    zip_sha = hashlib.sha256(data_file(ZIP_2019).read_bytes()).hexdigest()
    result = compare_codes(fee_store, ["G0121", "45378", "ZZ999"])
    rows = list(csv.reader(io.StringIO(comparison_csv(result))))
    by_field = {row[0]: row[1:] for row in rows[1:]}
    g0121, cpt, missing = (slice(0, 4), slice(4, 8), slice(8, 12))
    from_fee = ["PFS-2025-OCT", "PPRRVU2025_Oct.csv", fee_sha]
    from_hcpcs = ["HCPCS-2019", "2019-Alpha-Numeric-HCPCS-File.zip", zip_sha]
    assert by_field["PFS · WORK RVU"][g0121] == ["3.26", *from_fee]
    assert by_field["PFS · WORK RVU"][cpt] == ["3.26", *from_fee]
    assert by_field["HCPCS · PRICE1"][g0121] == ["11", *from_hcpcs]
    assert by_field["HCPCS · PRICE1"][cpt] == ["", "", "", ""]  # no value, so no source to name
    assert by_field["Short description"][g0121][1:] == from_hcpcs  # shown from the HCPCS release
    assert by_field["Short description"][cpt][1:] == from_fee
    assert by_field["Short description"][missing] == ["(not found)", "", "", ""]
    assert result["codes"][0]["provenance"]["HCPCS · PRICE1"] == dict(
        zip(["release", "file", "sha256"], from_hcpcs, strict=True)
    )


def test_compare_takes_two_to_six_codes_and_reports_unknown_ones(fee_store: ReferenceStore) -> None:
    for codes in (["J1100"], ["J1100"] * 7):
        with pytest.raises(MedcodeError, match="2 to 6 codes"):
            check_count(codes)
    result = compare_codes(fee_store, ["J1100", "ZZZZZ"])
    assert [p["found"] for p in result["codes"]] == [True, False]


def test_equivalents_from_cms_cross_references_both_ways(fee_store: ReferenceStore) -> None:
    forward = {e["code"]: e for e in equivalents(fee_store, "G0202")}
    assert forward["77067"]["direction"] == "to"
    assert forward["77067"]["releases"] == ["HCPCS-2019", "HCPCS-2018"]
    assert "XREF1 of G0202" in forward["77067"]["source"]
    assert "G0202" in {e["code"] for e in equivalents(fee_store, "77067")}
    assert {e["code"] for e in equivalents(fee_store, "G0436")} == {"99406", "99407"}
    assert {e["code"] for e in equivalents(fee_store, "C9744")} == {"76978", "76979"}
    assert equivalents(fee_store, "J1100") == []


def test_curated_pairs_say_what_the_fee_schedule_says(fee_store: ReferenceStore) -> None:
    """Every status and work RVU a curated note states is checked against the real fee schedule file."""
    fields = {code: fee_store.sources_of(code)[-1].record.fields for p in curated_pairs() for code in p["codes"]}
    assert all(p["source"] and p["relation"] and p["note"] for p in curated_pairs())
    assert fields["G0121"]["WORK RVU"] == fields["45378"]["WORK RVU"] == fields["G0105"]["WORK RVU"] == "3.26"
    assert {fields[c]["GLOB DAYS"] for c in ("G0121", "G0105", "45378")} == {"000"}
    assert (fields["G0008"]["STATUS CODE"], fields["G0009"]["STATUS CODE"]) == ("X", "X")
    assert (fields["90471"]["STATUS CODE"], fields["90471"]["WORK RVU"]) == ("A", "0.17")
    assert (fields["99387"]["STATUS CODE"], fields["99397"]["STATUS CODE"]) == ("N", "N")
    assert (fields["G0438"]["STATUS CODE"], fields["G0439"]["STATUS CODE"]) == ("A", "A")
    not_equivalent = {tuple(p["codes"]) for p in curated_pairs() if p["relation"].startswith("not equivalent")}
    assert not_equivalent == {("G0438", "99387"), ("G0439", "99397")}


def test_level_one_without_cpt_files_lists_every_cms_cpt_code_as_cms_only(fee_store: ReferenceStore) -> None:
    comparison = compare_level_one(fee_store)
    assert comparison.cms_release.label == "PFS-2025-OCT" and comparison.cpt_release is None
    assert comparison.counts()[CMS_ONLY] == len(comparison.rows) == 10881
    em = compare_level_one(fee_store, "cpt.1.em")
    assert len(em.rows) == 153 and em.rows[0].code == "99202"


def test_word_diff_marks_words_and_keeps_the_texts() -> None:
    # Invented texts: a mixed-case descriptor against a capitalised one with one word changed.
    left, right = word_diff("Invented clinic visit brief 15 min", "INVENTED CLINIC VISIT BRIEF 15-25 MIN")
    assert [(s.text, s.op) for s in left] == [("Invented clinic visit brief", SAME), ("15", REMOVED), ("min", SAME)]
    assert [(s.text, s.op) for s in right] == [
        ("INVENTED CLINIC VISIT BRIEF", SAME),
        ("15-25", ADDED),
        ("MIN", SAME),
    ]
    assert marked_text(right) == "INVENTED CLINIC VISIT BRIEF {+15-25+} MIN"
    assert [s.op for s in merged_segments(left, right)] == [SAME, REMOVED, ADDED, SAME]
    assert same_words("Diagnostic  colonoscopy", "DIAGNOSTIC COLONOSCOPY")
    assert not same_words("Diagnostic colonoscopy", "DIAGNOSTIC COLONOSCOPY", ignore_case=False)
