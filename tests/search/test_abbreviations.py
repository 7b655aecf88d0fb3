"""Abbreviations learned by aligning CMS's short and long descriptors: on the real 2019 release, and on tiny
hand-made pairs for the alignment's edge cases. No timing asserts: docs/search-abbreviations.md says how long
learning a release takes."""

from __future__ import annotations

from collections import Counter

import pytest

from medcode_gui.codes.records import ParsedRelease
from medcode_gui.search.abbreviations import learn_abbreviations, reliable_abbreviations
from medcode_gui.search.normalize import stem, words


@pytest.fixture(scope="module")
def pairs_2019(parsed_2019: ParsedRelease) -> list[tuple[str, str]]:
    return [(record.short_description, record.long_description) for record in parsed_2019.records]


@pytest.fixture(scope="module")
def learned_2019(pairs_2019: list[tuple[str, str]]) -> Counter[tuple[str, str]]:
    return learn_abbreviations(pairs_2019)


@pytest.fixture(scope="module")
def reliable_2019(learned_2019: Counter[tuple[str, str]]) -> dict[str, list[tuple[str, int]]]:
    return reliable_abbreviations(learned_2019)


# Checked by hand against the 2019 pairs; each floor is a little under the count learned when written, so a
# change that loses a good share of the evidence fails, and a small gain or loss does not.
KNOWN_2019 = [
    ("inj", "injection", 250),  # "Inj dexamethasone sodium ph"
    ("bld", "blood", 4),  # "Bld glucose monitor w voice"
    ("wc", "wheelchair", 55),  # "W/c seat lift mechanism": "w/c" is the word "wc"
    ("scrn", "screening", 25),
    ("cath", "catheter", 50),
    ("pt", "patient", 220),
    ("wo", "without", 90),  # "w/o"
    ("doc", "documentation", 120),
    ("ped", "pediatric", 50),
    ("dev", "device", 38),
    ("repl", "replacement", 40),
    ("ak", "above knee", 18),  # an acronym
    ("ots", "off the shelf", 50),  # an acronym over "off-the-shelf", grammar word and all
    ("em", "evaluation and management", 15),  # "e/m": the "and" stepped over
    ("pwc", "power wheelchair", 50),  # two words abbreviated in turn, chosen over "patient weight capacity"
]


@pytest.mark.parametrize(("abbreviation", "full", "floor"), KNOWN_2019)
def test_known_abbreviations_are_learned_from_2019(reliable_2019, abbreviation, full, floor):
    fulls = reliable_2019[abbreviation]
    assert fulls[0][0] == full, fulls  # the most frequent full form
    assert fulls[0][1] >= floor, fulls


def test_2019_learns_hundreds_of_reliable_abbreviations(learned_2019, reliable_2019):
    assert len(reliable_2019) > 800
    for abbreviation, fulls in reliable_2019.items():
        assert abbreviation.isalpha() and len(abbreviation) >= 2, abbreviation
        assert all(full.replace(" ", "").isalpha() for full, _ in fulls), fulls
        counts = [count for _, count in fulls]
        assert all(count == learned_2019[(abbreviation, full)] for full, count in fulls)
        assert sum(counts) >= 2


def test_a_word_in_both_texts_is_never_learned(pairs_2019):
    """Pair by pair: no abbreviation is a word (or a word's stem) of the long text, and no full form holds
    a word the short text writes in full."""
    learned_any = 0
    for short, long in pairs_2019:
        learned = learn_abbreviations([(short, long)])
        learned_any += bool(learned)
        long_stems = {stem(word) for word in words(long)}
        short_stems = {stem(word) for word in words(short)}
        for abbreviation, full in learned:
            assert stem(abbreviation) not in long_stems, (short, long, abbreviation, full)
            assert not {stem(word) for word in full.split()} & short_stems, (short, long, abbreviation, full)
    assert learned_any > 3000  # the check saw plenty of learning


def test_2018_and_2019_learn_alike(parsed_2018, reliable_2019):
    reliable_2018 = reliable_abbreviations(
        learn_abbreviations((record.short_description, record.long_description) for record in parsed_2018.records)
    )
    shared = reliable_2018.keys() & reliable_2019.keys()
    assert len(shared) > 0.8 * len(reliable_2019)
    agree = sum(reliable_2018[key][0][0] == reliable_2019[key][0][0] for key in shared)
    assert agree > 0.95 * len(shared)


# --- the alignment, on hand-made pairs -------------------------------------------------------------------


def learned(*pairs: tuple[str, str]) -> dict[tuple[str, str], int]:
    return dict(learn_abbreviations(pairs))


def test_simple_abbreviations_between_anchors():
    assert learned(("Inj dexamethasone sodium ph", "Injection, dexamethasone sodium phosphate, 1 mg")) == {
        ("inj", "injection"): 1,
        ("ph", "phosphate"): 1,
    }


def test_slash_abbreviations_are_one_word():
    assert learned(("W/c seat lift mechanism", "Wheelchair accessory, seat lift mechanism")) == {
        ("wc", "wheelchair"): 1
    }
    assert learned(("Gauze w/o border", "Gauze, without adhesive border")) == {("wo", "without"): 1}


def test_numbers_and_one_letter_words_are_never_abbreviations():
    # "b" fits "border" and "16" nothing: neither is learned; "sq" is
    assert learned(("Gauze 16 sq b", "Gauze, sixteen square inches, border")) == {("sq", "square"): 1}
    # nor is a number or a one-letter word a full form
    assert learned(("Hepb vaccine", "Hepatitis b vaccine")) == {}
    # a word with digits is a number to the alignment
    assert learned(("Gauze 4x4", "Gauze four by four")) == {}


def test_stems_are_the_same_word():
    # "size" is "sized" to the search: an anchor, not an abbreviation
    assert learned(("Adult size sm", "Adult sized, small")) == {("sm", "small"): 1}


def test_the_candidate_in_the_gap_wins_over_a_closer_spelling_elsewhere():
    # "com" shares more with "comfort" ("com") than with "conformable" ("co"), but it sits before "belt",
    # where "conformable" is
    assert learned(("Com belt", "Conformable belt, comfort")) == {("com", "conformable"): 1}


def test_anchors_are_the_longest_run_in_order():
    # "pad" comes first in the short text and last in the long one; "belt strap" is the longer run in order,
    # so "w/c" sits after "strap", with "wheelchair" in its gap (outside it, one shared letter is too little)
    assert learned(("Pad belt strap w/c", "Belt, strap, wheelchair pad")) == {("wc", "wheelchair"): 1}


def test_an_abbreviation_before_its_word_elsewhere_needs_a_shared_prefix():
    # CMS reorders: "inj" comes after its anchor, "injection" before it
    assert learned(("Dexamethasone inj", "Injection, dexamethasone")) == {("inj", "injection"): 1}
    # but one shared letter is too little outside the gap
    assert learned(("Visit e/m", "Examination, visit")) == {}


def test_each_long_word_is_taken_once():
    assert learned(("Cath cath", "Catheter, each")) == {("cath", "catheter"): 1}


def test_acronyms_of_adjacent_words():
    assert learned(("Ak prosthesis", "Above knee prosthesis")) == {("ak", "above knee"): 1}
    # the letters of "ae" fit "above" alone, but the acronym is what CMS means
    assert learned(("Ae prosthesis", "Above elbow prosthesis")) == {("ae", "above elbow"): 1}
    # a word fitting the letters better loses to an acronym nearer where the short word sits
    assert learned(("So plas", "Shoulder orthosis, plastic, soft interface")) == {
        ("so", "shoulder orthosis"): 1,
        ("plas", "plastic"): 1,
    }
    assert learned(("Lso pre ots", "Lumbar-sacral orthosis, prefabricated, off-the-shelf")) == {
        ("lso", "lumbar sacral orthosis"): 1,
        ("pre", "prefabricated"): 1,
        ("ots", "off the shelf"): 1,
    }
    # "and"/"or" are stepped over; other grammar words are not, nor end an acronym
    assert learned(("Remote e/m visit", "Remote evaluation and management visit")) == {
        ("em", "evaluation and management"): 1
    }
    assert learned(("Screening cyto cv", "Screening cytopathology, cervical or vaginal")) == {
        ("cyto", "cytopathology"): 1,
        ("cv", "cervical or vaginal"): 1,
    }
    assert learned(("Hn", "Hip was not")) == {}


def test_two_words_abbreviated_in_turn():
    assert learned(("Pet img wholbod", "Pet imaging whole body")) == {
        ("img", "imaging"): 1,
        ("wholbod", "whole body"): 1,
    }
    # words written together are no abbreviation of the two
    assert learned(("Homedelivered meal", "Home delivered meal")) == {}


def test_grammar_words_are_never_abbreviations_nor_the_edge_of_a_full_form():
    assert learned(("No funct status", "Not performing functional status")) == {("funct", "functional"): 1}
    assert learned(("Intent", "Intend to treat")) == {}


def test_a_compound_written_apart_is_no_abbreviation():
    assert learned(("W/c leg rest", "Wheelchair, elevating legrests")) == {("wc", "wheelchair"): 1}


def test_a_doubtful_word_follows_what_other_pairs_say():
    # Alone, "pwc" is the acronym of "patient weight capacity", also in the text ...
    doubtful = ("Pwc", "Power wheelchair, patient weight capacity")
    assert learned(doubtful) == {("pwc", "patient weight capacity"): 1}
    # ... but where other pairs leave no doubt that it is "power wheelchair", it is that here too
    certain = ("Pwc std", "Power wheelchair, standard")
    assert learned(doubtful, certain, certain) == {("pwc", "power wheelchair"): 3, ("std", "standard"): 2}
    # one sighting is not enough evidence
    assert learned(doubtful, certain)[("pwc", "patient weight capacity")] == 1


def test_empty_descriptors_teach_nothing():
    assert learned(("", "Injection"), ("Inj", ""), ("12", "Twelve")) == {}


# --- keeping the reliable ones ---------------------------------------------------------------------------


def test_reliable_keeps_frequent_majority_full_words():
    counts = Counter(
        {
            ("inj", "injection"): 5,
            ("inj", "injury"): 1,  # seen once: noise
            ("sta", "stance"): 3,
            ("sta", "stationary"): 3,  # two words, half each: both kept
            ("bl", "blood"): 5,
            ("bl", "bladder"): 2,  # 2 of 7: under half
            ("xy", "xylophone"): 1,
        }
    )
    assert reliable_abbreviations(counts) == {
        "bl": [("blood", 5)],
        "inj": [("injection", 5)],
        "sta": [("stance", 3), ("stationary", 3)],
    }
    assert reliable_abbreviations(counts, min_count=1, min_share=0.2)["bl"] == [("blood", 5), ("bladder", 2)]
    assert "sta" not in reliable_abbreviations(counts, min_count=4)


def test_reliable_counts_spellings_of_one_word_together():
    # "month" and "months" are one stem: 4 of 7 together, though neither alone is half
    counts = Counter({("mo", "month"): 2, ("mo", "months"): 2, ("mo", "molded"): 3})
    assert reliable_abbreviations(counts) == {"mo": [("month", 2), ("months", 2)]}
