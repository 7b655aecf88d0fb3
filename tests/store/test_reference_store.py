"""The reference store on a database holding the real 2018 and 2019 releases."""

from __future__ import annotations

import pytest

from medcode_gui.codes.errors import ReleaseNotFound
from medcode_gui.store import ReferenceStore
from medcode_gui.views.code_view import lookup_view


def codes(hits) -> list[str]:
    return [h.record.code for h in hits]


def test_releases_are_listed_with_counts_and_sources(store: ReferenceStore) -> None:
    got = [(r.label, r.effective_date, r.codes, r.modifiers, r.source_name) for r in store.releases() if r.is_official]
    assert got == [
        ("HCPCS-2018", "2018-01-01", 6205, 354, "HCPC2018_CONTR_ANWEB_disc.txt"),
        ("HCPCS-2019", "2019-01-01", 6440, 360, "2019-Alpha-Numeric-HCPCS-File.zip"),
    ]
    assert all(len(r.source_sha256) == 64 for r in store.releases())


def test_newest_release_is_the_default_and_older_ones_stay_queryable(store: ReferenceStore) -> None:
    assert [r.label for r in store.default_releases()] == ["HCPCS-2019", "Starter"]
    assert store.lookup("J1100").release.label == "HCPCS-2019"
    assert store.lookup("J1100", "HCPCS-2018").release.label == "HCPCS-2018"
    # G9976 was dropped by 2019: the lookup falls back to the newest release that has it.
    assert store.lookup("G9976").release.label == "HCPCS-2018"
    assert store.lookup("G9976", "HCPCS-2019") is None
    with pytest.raises(ReleaseNotFound, match="HCPCS-1999"):
        store.lookup("J1100", "HCPCS-1999")


def test_lookup_view_decodes_fields(store: ReferenceStore) -> None:
    j1100 = lookup_view(store, "j1100")
    assert j1100["long_description"] == "Injection, dexamethasone sodium phosphate, 1 mg"
    assert [t["code"] for t in j1100["type_of_service"]] == ["1", "P"]
    assert j1100["type_of_service"][0]["meaning"] == "Medical care"
    assert j1100["pricing_indicator"][0]["code"] == "51"
    assert j1100["status"] == "active" and j1100["action_code"] == "N"
    e0100 = lookup_view(store, "E0100")
    assert e0100["coverage"]["code"] == "D"
    assert e0100["coverage"]["meaning"] == "Special coverage instructions apply"
    lt = lookup_view(store, "LT")
    assert lt["kind"] == "modifier" and lt["short_description"] == "Left side"
    assert lookup_view(store, "ZZZZZ") == {"code": "ZZZZZ", "found": False}


def test_processing_note_and_cross_references(store: ReferenceStore) -> None:
    noted = next(
        view
        for view in (lookup_view(store, h.record.code) for h in store.search("A*", limit=1000))
        if view["processing_note"] and view["processing_note"]["number"] != "0000"
    )
    view = noted
    assert view["processing_note"]["text"], view["processing_note"]
    g0202 = lookup_view(store, "G0202", "HCPCS-2018")
    assert "77067" in g0202["cross_references"]


def test_terminated_codes_are_marked(store: ReferenceStore) -> None:
    view = lookup_view(store, "G0503")
    assert view["status"] == "terminated" and view["termination_date"] == "2017-12-31"


def test_exact_code_ranks_first(store: ReferenceStore) -> None:
    assert codes(store.search("J1100"))[0] == "J1100"
    assert codes(store.search("lt"))[0] == "LT"


def test_words_search_descriptors_with_prefix_matching(store: ReferenceStore) -> None:
    assert "E0100" in codes(store.search("cane", limit=10))
    assert "A0427" in codes(store.search("ambulance advanced life support emergency", limit=5))
    assert "J1100" in codes(store.search("dexameth", limit=20))
    hit = next(h for h in store.search("cane") if h.record.code == "E0100")
    assert hit.match == "text" and "[Cane]" in hit.snippet


def test_ranges_wildcards_and_prefixes(store: ReferenceStore) -> None:
    in_range = codes(store.search("J9000-J9999", limit=1000))
    assert in_range and all("J9000" <= c <= "J9999" for c in in_range)
    assert in_range == sorted(in_range)
    assert all(c.startswith("E01") for c in codes(store.search("E01*", limit=100)))
    assert set(codes(store.search("G043?", limit=100))) >= {"G0438", "G0439"}
    assert codes(store.search("J11", limit=5))[0] == "J1100"


def test_code_with_modifier_resolves_both(store: ReferenceStore) -> None:
    hits = store.search("E0100-RT")
    assert [(h.record.code, h.record.kind) for h in hits[:2]] == [("E0100", "code"), ("RT", "modifier")]


def test_scope_words_narrow_the_search(store: ReferenceStore) -> None:
    assert {h.record.kind for h in store.search("mod: left", limit=50)} == {"modifier"}
    assert {h.record.code[0] for h in store.search("j: injection", limit=50)} == {"J"}


def test_search_in_an_older_release(store: ReferenceStore) -> None:
    hits = store.search("G9976", release_label="HCPCS-2018")
    assert codes(hits)[:1] == ["G9976"] and hits[0].release.label == "HCPCS-2018"
    # In the default view a code the newest release dropped stays findable, marked with its last release.
    removed = store.search("G9976")[0]
    assert (removed.record.code, removed.release.label, removed.status) == ("G9976", "HCPCS-2018", "removed")
    assert removed.superseded_by == "HCPCS-2019" and removed.outside_view
    assert store.search("J1100")[0].status == "active" and not store.search("J1100")[0].outside_view


NOTHING = ['"', "(", ")", "%", "_", "", " ", "^", "\\", "\x00", "-", "🙂", "x" * 3000]
AS_WORDS = {  # what was typed -> the plain words it means: FTS5's operators and syntax are words here
    "OR": "or",
    "NEAR(": "near",
    "a AND": "a and",
    "'; DROP TABLE codes; --": "drop table codes",
    "col:val": "col val",
    "a:b:c": "a b c",
    "ñ": "n",  # accents folded
}


@pytest.mark.parametrize("text", NOTHING)
def test_hostile_input_without_words_finds_nothing(store: ReferenceStore, text: str) -> None:
    """Punctuation alone is no search: % and _ are not LIKE wildcards, quotes and brackets not FTS syntax."""
    assert store.search(text) == []
    assert store.lookup(text) is None


@pytest.mark.parametrize("text", list(AS_WORDS))
def test_hostile_input_with_words_means_its_words(store: ReferenceStore, text: str) -> None:
    hits = store.search(text)
    assert hits and codes(hits) == codes(store.search(AS_WORDS[text]))
    assert store.lookup(text) is None


@pytest.mark.parametrize(("text", "first"), [("J1100-", "J1100"), ("99213-25-59", "99213"), ("*", "0001F")])
def test_hostile_input_shaped_like_a_code_finds_the_code(store: ReferenceStore, text: str, first: str) -> None:
    """A trailing dash or a chain of modifiers still finds the code; * alone lists codes in order."""
    assert codes(store.search(text))[:1] == [first]
    assert store.lookup(text) is None or store.lookup(text).record.code == first


def test_hostile_input_leaves_the_database_as_it_was(store: ReferenceStore) -> None:
    releases = [(r.label, r.codes, r.modifiers) for r in store.releases()]
    for text in NOTHING + list(AS_WORDS) + ["'; DELETE FROM codes; --", "x'); DROP TABLE releases; --"]:
        store.search(text)
        store.lookup(text)
    assert [(r.label, r.codes, r.modifiers) for r in store.releases()] == releases
    assert store.lookup("J1100").record.code == "J1100"
