"""Each mechanism of the word search, on the real CMS files: stems, typo correction, learned abbreviations
(both ways), the thesaurus, plain-language (lay) text, the ranking, the code spellings, and what
`medcode search --json` says of them.

The store holds HCPCS 2019 (the CMS zip) and the October 2025 physician fee schedule (tests/conftest.py,
search_db), as a user builds it: its default view shows CPT from the fee schedule (CMS's abbreviated short
descriptors only) and Level II from HCPCS 2019 (short and long descriptors), with the starter set's
plain-language descriptions as lay text.

Each test checks how a hit was found (match_reasons' `via`), not only that it was found, so that it fails
when the mechanism it names is broken even if another mechanism would still find the code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from medcode_gui.cli import cli
from medcode_gui.codes.explain import explain
from medcode_gui.codes.records import StoredCode
from medcode_gui.search.alternatives import ABBREVIATION, LAY
from medcode_gui.search.query import parse_query
from medcode_gui.search.ranking import is_reporting_node, rank_key
from medcode_gui.store import ReferenceStore
from medcode_gui.store.search_index import STARTER_SOURCE

HCPCS_2019, PFS_2025 = "HCPCS-2019", "PFS-2025-OCT"
WALKERS = {"E0130", "E0135", "E0140", "E0141", "E0143", "E0144", "E0147", "E0148", "E0149"}


@pytest.fixture(scope="module")
def store(search_db: Path) -> ReferenceStore:
    with ReferenceStore(search_db) as opened:
        # the starter data stays for the CPT modifiers, which neither release holds
        assert {r.label for r in opened.default_releases()} == {HCPCS_2019, PFS_2025, "Starter"}
        yield opened


def codes(hits: list[StoredCode]) -> list[str]:
    return [hit.record.code for hit in hits]


def hit_of(hits: list[StoredCode], code: str) -> StoredCode:
    found = [hit for hit in hits if hit.record.code == code]
    assert found, f"{code} not among {codes(hits)}"
    return found[0]


def reason(store: ReferenceStore, hit: StoredCode, typed: str) -> dict:
    """The match reason of one typed word (or phrase) of the query."""
    reasons = {r["query"]: r for r in store.match_reasons(hit)}
    assert typed in reasons, f"{hit.record.code}: no reason for {typed!r} in {reasons}"
    return reasons[typed]


def official_text(hit: StoredCode) -> str:
    return f"{hit.record.short_description} {hit.record.long_description}".lower()


def search_json(db: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["--db", str(db), "search", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# Stems: a plural finds the singular -----------------------------------------------------------------------


def test_walkers_finds_the_walker_codes_first_through_the_stem(store):
    hits = store.search("walkers", 10)
    assert hits[0].record.code in WALKERS, codes(hits)
    assert len(WALKERS & set(codes(hits))) >= 3, codes(hits)
    for hit in hits:
        if hit.record.code in WALKERS:
            found = reason(store, hit, "walkers")
            assert found["via"] == "stem" and found["matched"].lower() == "walker", (hit.record.code, found)


def test_injections_finds_injection_codes_through_the_stem(store):
    hits = store.search("injections", 10)
    assert len(hits) == 10
    for hit in hits:
        assert "inj" in official_text(hit), (hit.record.code, hit.record.short_description)
        found = reason(store, hit, "injections")
        assert found["via"] == "stem" and found["matched"].lower().startswith("inject"), (hit.record.code, found)


def test_knee_orthoses_finds_the_knee_orthoses_through_the_greek_plural(store):
    """'orthoses' is put in the singular before stemming (Snowball alone gives 'orthos' and 'orthosi')."""
    hits = store.search("knee orthoses", 10)
    assert all(re.fullmatch(r"L18[0-9]{2}", code) for code in codes(hits)), codes(hits)
    for hit in hits:
        found = reason(store, hit, "orthoses")
        assert found["via"] == "stem" and found["matched"].lower() == "orthosis", (hit.record.code, found)


# Typo correction ------------------------------------------------------------------------------------------


def test_dexamethazone_is_corrected_to_dexamethasone(store, search_db):
    plan = store.search_plan(parse_query("dexamethazone"))
    assert plan.corrected == "dexamethasone"
    hits = store.search("dexamethazone", 10)
    assert "J1100" in codes(hits)[:5], codes(hits)
    found = reason(store, hit_of(hits, "J1100"), "dexamethazone")
    assert found["via"] == "correction" and found["corrected_to"] == "dexamethasone", found
    shown = search_json(search_db, "dexamethazone", "--limit", "5")
    assert "J1100" in [row["code"] for row in shown]
    assert {row["corrected"] for row in shown} == {"dexamethasone"}
    assert all(row["matched"][0]["via"] == "correction" for row in shown), shown


def test_wheelchiar_is_corrected_to_wheelchair(store):
    assert store.search_plan(parse_query("wheelchiar")).corrected == "wheelchair"
    hits = store.search("wheelchiar", 10)
    assert len(hits) == 10
    for hit in hits:
        assert "wheelchair" in official_text(hit), (hit.record.code, hit.record.long_description)
        assert reason(store, hit, "wheelchiar")["via"] == "correction"


@pytest.mark.parametrize("query", ["walker", "injection", "knee brace", "J1100", "LT", "99213", "e0100-rt", "J 1100"])
def test_held_words_codes_and_modifiers_are_never_corrected(store, query):
    assert store.search_plan(parse_query(query)).corrected is None
    hits = store.search(query, 10)
    assert hits, query
    assert all(hit.plan is None or hit.plan.corrected is None for hit in hits)
    assert all(r["via"] != "correction" for hit in hits for r in store.match_reasons(hit)), query


def test_cli_json_says_nothing_was_corrected_for_a_held_word(search_db):
    shown = search_json(search_db, "walker", "--limit", "5")
    assert shown and all(row["corrected"] is None for row in shown)


# Learned abbreviations, both ways -------------------------------------------------------------------------


def test_inj_dexa_finds_dexamethasone_injection(store):
    """The user's own shorthand: 'inj' and 'dexa' for the long words of J1100's descriptors. Both are found
    as the start of the long words ('Injection', 'Dexamethasone'), the strongest way, before the learned
    inj = injection; test_an_abbreviation_typed_finds_the_full_word is the one that needs the learning."""
    hits = store.search("inj dexa", 10)
    assert hits[0].record.code == "J1100", codes(hits)
    assert {r["query"] for r in store.match_reasons(hits[0])} == {"inj", "dexa"}


def test_an_abbreviation_typed_finds_the_full_word(store):
    """'bld' (learned from HCPCS pairs such as 'Bld glucose monitor w voice') finds E0607, whose descriptors
    say only 'Blood glucose monitor'."""
    hits = store.search("bld glucose monitor", 10)
    assert "E0607" in codes(hits)[:5], codes(hits)
    found = reason(store, hit_of(hits, "E0607"), "bld")
    assert found["via"] == ABBREVIATION and found["matched"] == "Blood", found


@pytest.mark.parametrize(
    ("query", "code", "typed", "written", "top"),
    [
        ("blood exchange", "36450", "blood", "Bld", 3),  # "Bld exchange truj newborn"
        ("occult blood", "82272", "blood", "bld", 10),  # "Occult bld feces 1-3 tests"
    ],
)
def test_a_full_word_finds_a_fee_schedule_abbreviation(store, query, code, typed, written, top):
    """The fee schedule has CMS's short CPT descriptors only: the full word must find their abbreviation."""
    hits = store.search(query, 10)
    assert code in codes(hits)[:top], codes(hits)
    hit = hit_of(hits, code)
    assert hit.release.label == PFS_2025
    found = reason(store, hit, typed)
    assert found["via"] == ABBREVIATION and found["matched"] == written, found


def test_management_finds_mgmt_in_fee_schedule_descriptors(store):
    """'Transj care mgmt mod f2f 14d' (99495), 'Care mgmt svc bhvl hlth cond' (99484)."""
    hits = store.search("care management", 10)
    through_mgmt = [
        hit.record.code
        for hit in hits
        if hit.release.label == PFS_2025
        and reason(store, hit, "management") == {"query": "management", "matched": "mgmt", "via": ABBREVIATION}
    ]
    assert through_mgmt, [(hit.record.code, store.match_reasons(hit)) for hit in hits]


def test_a_word_finds_its_cms_truncation(store):
    """CMS cuts words to fit 28-character short descriptors; the fee schedule has only those: 'hernia' finds
    'Lap paraesophag hern repair' (43281) and the other 'hern' rows."""
    hits = store.search("hernia", 50)
    cut = [
        hit.record.code
        for hit in hits
        if reason(store, hit, "hernia") == {"query": "hernia", "matched": "hern", "via": ABBREVIATION}
    ]
    assert "43281" in cut and len(cut) >= 5, cut


def test_two_typed_words_find_the_word_they_make_joined(store):
    """'wheel chair' is also 'wheelchair', the word HCPCS writes."""
    hits = store.search("wheel chair", 10)
    joined = [hit.record.code for hit in hits if reason(store, hit, "wheel chair")["matched"].lower() == "wheelchair"]
    assert {"K0001", "K0003"} <= set(joined), [(hit.record.code, store.match_reasons(hit)) for hit in hits]
    assert len(joined) >= 5, joined


# The thesaurus ---------------------------------------------------------------------------------------------


def test_zofran_finds_ondansetron_through_the_thesaurus(store):
    hits = store.search("zofran", 10)
    assert hits[0].record.code == "J2405", codes(hits)
    found = reason(store, hits[0], "zofran")
    assert found["via"] == "thesaurus" and found["matched"].lower() == "ondansetron", found


def test_knee_brace_finds_knee_orthoses_through_the_thesaurus(store):
    hits = store.search("knee brace", 10)
    assert all(re.fullmatch(r"L18[0-9]{2}", code) for code in codes(hits)[:5]), codes(hits)
    vias = [reason(store, hit, "knee brace")["via"] for hit in hits]
    assert vias.count("thesaurus") >= 5, vias


def test_tsh_finds_the_thyroid_stimulating_hormone_assay(store):
    hits = store.search("tsh", 10)
    assert hits[0].record.code == "84443", codes(hits)
    assert hits[0].release.label == PFS_2025
    assert reason(store, hits[0], "tsh")["via"] == "thesaurus"


# Lay text ---------------------------------------------------------------------------------------------------


def test_a_plain_language_phrase_finds_the_official_row(store):
    """resources/starter/cpt.csv describes 58100 as 'Taking a small sample from the inner lining of the womb
    in the office'; the official row (the fee schedule's 'Biopsy of uterus lining') is the one found."""
    hits = store.search("womb lining sample", 10)
    assert hits[0].record.code == "58100", codes(hits)
    assert hits[0].release.label == PFS_2025 and hits[0].release.is_official
    assert all(hit.release.is_official for hit in hits), [hit.release.label for hit in hits]
    found = reason(store, hits[0], "womb")
    assert found["via"] == LAY, found
    assert found["lay_source"] == STARTER_SOURCE and "womb" in found["lay_text"], found


# Ranking ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["colonoscopy", "screening colonoscopy", "screening mammography", "tobacco cessation counseling"]
)
def test_active_codes_come_before_terminated_ones(store, query):
    """Among hits holding the same typed words (the same rung of the ladder), every active code comes before
    every terminated one: still found, lower."""
    by_words: dict[frozenset[str], list[StoredCode]] = {}
    for hit in store.search(query, 50):
        by_words.setdefault(frozenset(r["query"] for r in store.match_reasons(hit)), []).append(hit)
    mixed = 0
    for words, hits in by_words.items():
        terminated = [i for i, hit in enumerate(hits) if hit.record.termination_date]
        active = [i for i, hit in enumerate(hits) if not hit.record.termination_date]
        if terminated and active:
            mixed += 1
            assert max(active) < min(terminated), (sorted(words), [(hit.record.code, hit.status) for hit in hits])
    assert mixed, f"{query!r} should find active and terminated codes holding the same words"


def test_a_whole_word_ranks_above_an_abbreviation_of_it(store):
    """'occult blood': 82271 'Occult blood other sources' and A4773 'Occult blood test strips' hold both words
    whole, 82272 'Occult bld feces 1-3 tests' holds 'bld' (none of the three has lay text, all are active
    services). bm25 alone puts 82272 first (its text is the shortest); the way the words were found puts
    it after."""
    ranked = codes(store.search("occult blood", 10))
    assert {"82271", "A4773", "82272"} <= set(ranked), ranked
    assert ranked.index("82271") < ranked.index("82272") and ranked.index("A4773") < ranked.index("82272"), ranked


def test_screening_colonoscopy_puts_g0121_and_g0105_in_the_top_three(store):
    top = codes(store.search("screening colonoscopy", 10))[:3]
    assert {"G0121", "G0105"} <= set(top), top


@pytest.mark.parametrize(
    "query",
    [
        "colonoscopy",
        "screening colonoscopy",
        "screening mammography",
        "influenza vaccine",
        "depression screening",
        # not "fall risk assessment": only a quality code holds all three words, so nothing to outrank
    ],
)
def test_a_quality_measure_code_never_outranks_a_service_matching_the_same_words(store, query):
    """A reporting code (CPT Category II, HCPCS G and M quality measures) may mention every word of a
    service; among active codes, one holding no more of the typed words than a service ranks below it."""
    hits = [hit for hit in store.search(query, 50) if not hit.record.termination_date]
    described = [
        (
            hit.record.code,
            is_reporting_node(explain(hit.record.code)["node"]),
            frozenset(r["query"] for r in store.match_reasons(hit)),
        )
        for hit in hits
    ]
    assert any(reporting for _, reporting, _ in described) and not all(r for _, r, _ in described), described
    for i, (code, reporting, words) in enumerate(described):
        if not reporting:
            continue
        below = [later for later, is_reporting, more in described[i + 1 :] if not is_reporting and words <= more]
        assert not below, f"{query!r}: quality-measure code {code} ranks above the services {below}"


# Code spellings ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("J 1100", ["J1100"]),
        ("j-1100", ["J1100"]),
        ("G 0121", ["G0121"]),
        ("e0100-rt", ["E0100", "RT"]),
        ("E 0100 RT", ["E0100", "RT"]),
        ("99213 gt", ["99213", "GT"]),
        ("99213 25", ["99213"]),
    ],
)
def test_a_code_written_with_spaces_or_dashes_comes_first(store, query, first):
    hits = store.search(query, 10)
    assert codes(hits)[: len(first)] == first, codes(hits)
    assert all(hit.match == "exact" for hit in hits[: len(first)])


def test_99213_25_is_read_as_a_code_and_its_modifier(store):
    """No release of this store lists CPT modifier 25 (the HCPCS file lists Level II modifiers only, the fee
    schedule none): the query is still read as 99213 with modifier 25, and gives 99213 alone."""
    query = parse_query("99213 25")
    assert (query.exact, query.modifier, query.words) == ("99213", "25", [])
    assert store.lookup("25") is None
    assert codes(store.search("99213 25", 10)) == ["99213"]


@pytest.mark.parametrize(("query", "code", "modifier"), [("E0100 RT", "E0100", "RT"), ("J1100 JW", "J1100", "JW")])
def test_a_level_two_code_and_its_modifier_after_a_space(store, query, code, modifier):
    parsed = parse_query(query)
    assert (parsed.exact, parsed.modifier) == (code, modifier)
    assert codes(store.search(query, 10))[:2] == [code, modifier]


# No hits ----------------------------------------------------------------------------------------------------


def test_a_word_nothing_holds_finds_nothing_without_raising(store, search_db):
    plan = store.search_plan(parse_query("qqxyzzy"))
    assert plan.corrected is None and all(group.is_empty for group in plan.groups)
    assert store.search("qqxyzzy", 10) == []
    assert search_json(search_db, "qqxyzzy") == []


# The CLI's JSON -----------------------------------------------------------------------------------------------

OLD_KEYS = {
    "code",
    "system",
    "kind",
    "status",
    "release",
    "short_description",
    "long_description",
    "match",
    "highlight",
}


def test_search_json_keeps_the_old_keys_and_adds_corrected_and_matched(search_db):
    for row in search_json(search_db, "zofran", "--limit", "3"):
        assert OLD_KEYS | {"corrected", "matched"} <= set(row), sorted(row)
        assert row["match"] == "text" and row["corrected"] is None
        assert row["matched"] and {"query", "matched", "via"} <= set(row["matched"][0])
    (exact,) = search_json(search_db, "J1100", "--limit", "1")
    assert exact["code"] == "J1100" and exact["match"] == "exact"
    assert exact["corrected"] is None and exact["matched"] == []


# Bugs found while writing these tests (fixed) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code", "typed"),
    [
        ("ak surgical stocking", "A4490", "ak"),  # ak = above knee, learned 21 times from HCPCS 2019
        ("hh aide", "S9122", "hh"),  # hh = home health: "Home health aide or certified nurse assistant"
    ],
)
def test_a_learned_abbreviation_of_several_words_finds_them(store, query, code, typed):
    hits = store.search(query, 10)
    found = reason(store, hit_of(hits, code), typed)
    assert found["via"] == ABBREVIATION, found


def test_a_truncation_found_in_lay_text_ranks_below_the_whole_word(store):
    """Both codes have plain-language text (both are common); bm25 left aside (the same score for both), the
    walker found by its whole word ranks above the cane found through the truncation 'walk'."""
    hits = store.search("walkers", 10)
    plan = hits[0].plan

    def key(code: str) -> tuple:
        hit = hit_of(hits, code)
        official, lay = hit.indexed
        row = {
            "official": official,
            "lay": lay,
            "termination_date": hit.record.termination_date,
            "node_id": explain(code)["node"],
            "score": 0.0,
            "code": code,
        }
        return rank_key(plan, row, 0)

    cane, walker = hit_of(hits, "E0100"), hit_of(hits, "E0130")
    assert cane.indexed[1] and walker.indexed[1]  # both have lay text
    found = reason(store, cane, "walkers")
    assert found.get("through", found["via"]) == ABBREVIATION  # the truncation "walk", in its lay text
    assert key("E0130") < key("E0100")
