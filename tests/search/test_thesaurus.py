"""The thesaurus (resources/thesaurus.tsv): it parses, it is well formed, and every entry points at words the
real CMS releases use, so no entry points nowhere.

The vocabulary is the stems of every word of the short and long descriptors of HCPCS 2019, HCPCS 2018 and the
October 2025 physician fee schedule (whose CPT descriptors are CMS's abbreviated ones, hence targets like
"tte" and "o/p"). It is collected once for the module from the session's parsed releases.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import FrozenInstanceError, dataclass

import pytest

from medcode_gui.codes.records import ParsedRelease
from medcode_gui.search.normalize import stems
from medcode_gui.search.thesaurus import (
    KINDS,
    ThesaurusEntry,
    alternative_stems,
    load_thesaurus,
    parse_thesaurus,
    term_stems,
)

MIN_BRANDS = 300
MIN_ACRONYMS = 100


@dataclass(frozen=True)
class Vocabulary:
    """The releases' words: every stem, and for each stem the codes whose descriptors hold it."""

    codes_by_stem: dict[str, frozenset[str]]
    cpt_descriptor_stems: frozenset[tuple[str, ...]]

    def codes_matching(self, alternative: tuple[str, ...]) -> frozenset[str]:
        """Codes one of whose descriptors (short or long, any release) hold every stem of the alternative."""
        found = [self.codes_by_stem.get(stem, frozenset()) for stem in alternative]
        return frozenset.intersection(*found) if found else frozenset()


@pytest.fixture(scope="module")
def vocabulary(parsed_2019: ParsedRelease, parsed_2018: ParsedRelease, parsed_pprrvu: ParsedRelease) -> Vocabulary:
    codes_by_stem: dict[str, set[str]] = defaultdict(set)
    cpt_descriptors: set[tuple[str, ...]] = set()
    for parsed in (parsed_2019, parsed_2018, parsed_pprrvu):
        for record in parsed.records:
            for descriptor in (record.short_description, record.long_description):
                if not descriptor:
                    continue
                descriptor_stems = stems(descriptor)
                for stem in descriptor_stems:
                    codes_by_stem[stem].add(record.code)
                if record.system == "CPT":
                    cpt_descriptors.add(tuple(sorted(set(descriptor_stems))))
    assert len(codes_by_stem) > 10_000, "the releases gave too few words: were they read?"
    return Vocabulary(
        codes_by_stem={stem: frozenset(codes) for stem, codes in codes_by_stem.items()},
        cpt_descriptor_stems=frozenset(cpt_descriptors),
    )


@pytest.fixture(scope="module")
def entries() -> list[ThesaurusEntry]:
    return load_thesaurus()


def describe(entry: ThesaurusEntry, detail: str) -> str:
    return f"  {entry.term!r} -> {' | '.join(entry.means)} ({entry.kind}): {detail}"


# (a) The file parses and is well formed.


def test_the_shipped_file_parses_into_entries(entries):
    assert len(entries) > 1_000
    assert all(isinstance(entry, ThesaurusEntry) for entry in entries)


def test_every_kind_is_one_of_the_four(entries):
    assert {entry.kind for entry in entries} == set(KINDS)


def test_every_entry_has_a_note(entries):
    assert [entry.term for entry in entries if not entry.note.strip()] == []


def test_no_term_appears_twice(entries):
    seen: set[str] = set()
    repeated = [entry.term for entry in entries if entry.term in seen or seen.add(entry.term)]
    assert repeated == []


def test_terms_are_lower_case_and_one_to_four_words(entries):
    bad = [entry.term for entry in entries if entry.term != entry.term.lower() or not 1 <= len(entry.term.split()) <= 4]
    assert bad == []


def test_every_alternative_is_written_out(entries):
    assert [entry.term for entry in entries if not entry.means or not all(a.strip() for a in entry.means)] == []


# (b) Every word of every alternative is a word of the releases, and each alternative finds a code.


def test_every_word_of_every_alternative_is_in_the_releases_vocabulary(entries, vocabulary):
    nowhere = []
    for entry in entries:
        for alternative, alternative_stem in zip(entry.means, alternative_stems(entry), strict=True):
            missing = [stem for stem in alternative_stem if stem not in vocabulary.codes_by_stem]
            if missing or not alternative_stem:
                nowhere.append(describe(entry, f"{alternative!r} has no such word {missing}"))
    assert not nowhere, f"{len(nowhere)} thesaurus alternatives use words no descriptor has:\n" + "\n".join(nowhere)


def test_every_alternative_finds_at_least_one_code(entries, vocabulary):
    """All words of an alternative must be found together: words present apart would still point nowhere."""
    empty = []
    for entry in entries:
        for alternative, alternative_stem in zip(entry.means, alternative_stems(entry), strict=True):
            if not vocabulary.codes_matching(alternative_stem):
                empty.append(describe(entry, f"no descriptor holds all of {alternative!r}"))
    assert not empty, f"{len(empty)} thesaurus alternatives match no code:\n" + "\n".join(empty)


def test_no_alternative_of_several_words_is_a_whole_cpt_descriptor(entries, vocabulary):
    """CPT descriptors are the AMA's: the thesaurus holds vocabulary, never a descriptor copied whole."""
    copied = []
    for entry in entries:
        for alternative, alternative_stem in zip(entry.means, alternative_stems(entry), strict=True):
            if len(alternative_stem) > 1 and tuple(sorted(set(alternative_stem))) in vocabulary.cpt_descriptor_stems:
                copied.append(describe(entry, f"{alternative!r} is a whole CPT descriptor"))
    assert not copied, "\n".join(copied)


@pytest.mark.parametrize(
    ("term", "code"),
    [
        ("zofran", "J2405"),
        ("humira", "J0135"),
        ("neulasta", "J2505"),
        ("kenalog", "J3301"),
        ("botox", "J0585"),
        ("blood draw", "36415"),
        ("tte", "93306"),
        ("cbc", "85025"),
        ("c-section", "59510"),
        ("knee brace", "L1810"),
        ("office visit", "99213"),
        ("flu shot", "90688"),
        ("earwax", "69210"),
    ],
)
def test_entries_find_the_codes_people_mean(entries, vocabulary, term, code):
    entry = {entry.term: entry for entry in entries}[term]
    found = set().union(*(vocabulary.codes_matching(alternative) for alternative in alternative_stems(entry)))
    assert code in found, describe(entry, f"finds {sorted(found)[:20]}, not {code}")


# (c) Enough drugs and acronyms to be useful.


def test_at_least_300_brands_and_100_acronyms(entries):
    kinds = [entry.kind for entry in entries]
    assert kinds.count("brand") >= MIN_BRANDS
    assert kinds.count("acronym") >= MIN_ACRONYMS


# (d) A broken line is refused with its line number.

GOOD = "# a comment\n\nflu shot\tinfluenza vaccine | iiv4\tlay\tFlu is influenza.\n"


@pytest.mark.parametrize(
    ("broken", "says"),
    [
        ("zofran\tondansetron\tbrand", "4 tab-separated columns"),
        ("zofran\tondansetron\tbrand\tA note.\textra", "4 tab-separated columns"),
        ("zofran ondansetron brand note", "4 tab-separated columns"),
        ("\tondansetron\tbrand\tA note.", "term is empty"),
        ("Zofran\tondansetron\tbrand\tA note.", "lower case"),
        ("one two three four five\tondansetron\tbrand\tA note.", "one to 4 words"),
        ("zofran\t\tbrand\tA note.", "empty alternative"),
        ("zofran\tondansetron | \tbrand\tA note.", "empty alternative"),
        ("zofran\tondansetron\tdrug\tA note.", "kind 'drug'"),
        ("zofran\tondansetron\tbrand\t  ", "note is empty"),
        ("flu shot\tinfluenza\tlay\tAgain.", "repeats line 3"),
    ],
)
def test_a_broken_line_raises_value_error_naming_its_line(broken, says):
    text = GOOD + "zofran\tondansetron\tbrand\tZofran is ondansetron.\n" + broken + "\n"
    with pytest.raises(ValueError, match=r"line 5\b") as raised:
        parse_thesaurus(text)
    assert says in str(raised.value)


def test_a_good_text_parses_with_alternatives_kept_as_written():
    [entry] = parse_thesaurus(GOOD)
    assert entry == ThesaurusEntry("flu shot", ("influenza vaccine", "iiv4"), "lay", "Flu is influenza.")


# The loader and its helpers.


def test_the_loader_reads_once_and_hands_out_copies():
    first, second = load_thesaurus(), load_thesaurus()
    assert first == second and first is not second
    first.clear()
    assert load_thesaurus() == second


def test_entries_are_frozen(entries):
    with pytest.raises(FrozenInstanceError):
        entries[0].term = "changed"  # type: ignore[misc]


def test_stems_helpers_use_the_index_normalizer():
    entry = ThesaurusEntry("knee braces", ("knee orthoses", "ko"), "lay", "A note.")
    assert term_stems(entry) == ("knee", "brace")
    assert alternative_stems(entry) == (("knee", "orthosi"), ("ko",))
    assert alternative_stems(entry)[0] == tuple(stems("knee orthosis"))
