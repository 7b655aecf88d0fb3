"""Precedence by what a source holds: a release hides the starter rows only of the code kinds it contains. The
2025 fee schedule holds CPT and HCPCS codes but no modifiers, so the starter set's CPT modifiers (26 and 53;
25 and 59 are in no file here, so not in the starter set) and HCPCS modifiers stay, in lookup, search, the
tree's counts and pages, and previous/next."""

from __future__ import annotations

from pathlib import Path

import pytest

from medcode_gui.codes.records import CPT, HCPCS, ParsedRelease
from medcode_gui.store import ReferenceStore


@pytest.fixture(scope="module")
def fee_only_db(tmp_path_factory: pytest.TempPathFactory, parsed_pprrvu: ParsedRelease) -> Path:
    """A new database (the starter set seeded) with only the PPRRVU fee schedule imported."""
    path = tmp_path_factory.mktemp("db") / "fee-only.sqlite"
    with ReferenceStore(path) as store:
        store.import_release(parsed_pprrvu)
    return path


@pytest.fixture
def fee_only(fee_only_db: Path) -> ReferenceStore:
    with ReferenceStore(fee_only_db) as opened:
        yield opened


def test_each_kind_comes_from_its_own_source(fee_only: ReferenceStore) -> None:
    parts = {(release.label, system, part.kind) for part in fee_only.view_parts() for release, system in [part]}
    assert parts == {
        ("PFS-2025-OCT", CPT, "code"),
        ("Starter", CPT, "modifier"),
        ("PFS-2025-OCT", HCPCS, "code"),
        ("Starter", HCPCS, "modifier"),
    }
    assert [r.label for r in fee_only.default_releases()] == ["PFS-2025-OCT", "Starter"]


@pytest.mark.parametrize("modifier", ["26", "53"])
def test_cpt_modifiers_stay_from_the_starter_set(fee_only: ReferenceStore, modifier: str) -> None:
    hit = fee_only.lookup(modifier)
    assert hit is not None and hit.record.kind == "modifier" and hit.release.label == "Starter"
    assert not hit.outside_view
    found = [h for h in fee_only.search(modifier) if h.record.code == modifier]
    assert found and found[0].release.label == "Starter" and not found[0].outside_view


def test_codes_come_from_the_fee_schedule_not_the_starter_set(fee_only: ReferenceStore) -> None:
    for code in ("99213", "J1100"):
        assert fee_only.lookup(code).release.label == "PFS-2025-OCT"
    words = fee_only.search("doctor stops a procedure partway", 20)
    assert "53" in {h.record.code for h in words}  # the starter's words for 53 are searched too


def test_tree_counts_and_pages_keep_the_cpt_modifiers(fee_only: ReferenceStore) -> None:
    counts = fee_only.node_counts()
    starter = fee_only.node_counts("Starter")
    assert counts["cpt.modifiers"] == starter["cpt.modifiers"] >= 2
    assert counts["hcpcs.modifiers"] == starter["hcpcs.modifiers"] > 0
    pfs = fee_only.node_counts("PFS-2025-OCT")
    assert counts["cpt.1"] == pfs["cpt.1"]  # CPT codes: the fee schedule's, not the starter's
    page = fee_only.codes_in_node("cpt.modifiers", None, 100, 0)
    assert {"26", "53"} <= {hit.record.code for hit in page}
    assert {hit.release.label for hit in page} == {"Starter"}
    assert len(page) == counts["cpt.modifiers"]
    assert fee_only.adjacent_code("26", "modifier", 1, None) == "53"
    assert fee_only.adjacent_code("99213", "code", 1, None) == "99214"


def test_a_chosen_release_still_shows_only_its_own_rows(fee_only: ReferenceStore) -> None:
    assert fee_only.lookup("26", "PFS-2025-OCT") is None
    assert "cpt.modifiers" not in fee_only.node_counts("PFS-2025-OCT")
