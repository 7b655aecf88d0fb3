"""Counts per outline node: kept at import, rolled up to every ancestor, equal to the real placement."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from medcode_gui.codes.outline import outline
from medcode_gui.codes.records import ParsedRelease
from medcode_gui.store import ReferenceStore


def test_counts_match_the_placement_of_the_2019_release(store: ReferenceStore, parsed_2019: ParsedRelease) -> None:
    tree = outline()
    expected = Counter()
    for record in parsed_2019.records:
        for node in tree.place(record.code, record.kind).path():
            expected[node.id] += 1
    counts = store.node_counts()
    hcpcs_ids = [node_id for node_id in expected if node_id.startswith(("hcpcs.2", "hcpcs.modifiers"))]
    assert {node_id: counts[node_id] for node_id in hcpcs_ids} == {node_id: expected[node_id] for node_id in hcpcs_ids}
    assert counts["hcpcs.2"] == 6440 and counts["hcpcs.modifiers"] == 360
    # HCPCS Level I is CPT: its node shows the CPT codes in view (here the starter set) within HCPCS.
    assert counts["hcpcs.1"] == counts["cpt"] and counts["hcpcs"] == 6800 + counts["cpt"]


def test_counts_follow_the_chosen_release(store: ReferenceStore, parsed_2018: ParsedRelease) -> None:
    counts = store.node_counts("HCPCS-2018")
    assert counts["hcpcs.2"] == 6205 and counts["hcpcs.modifiers"] == 354
    assert "cpt" not in counts  # the 2018 release holds no CPT codes; the starter is not in that view


def test_every_parent_count_is_the_sum_of_its_children(store: ReferenceStore) -> None:
    counts = store.node_counts()
    for node in outline().by_id.values():
        if node.children:
            assert counts.get(node.id, 0) == sum(counts.get(c.id, 0) for c in node.children), node.id


def test_codes_in_a_node_are_its_leaves_codes_in_order(store: ReferenceStore) -> None:
    codes = [h.record.code for h in store.codes_in_node("hcpcs.2.j.chemotherapy", limit=10_000)]
    assert len(codes) == store.node_counts()["hcpcs.2.j.chemotherapy"]
    assert codes == sorted(codes) and all("J9000" <= c <= "J9999" for c in codes)
    page = store.codes_in_node("hcpcs.2.j.chemotherapy", limit=10, offset=10)
    assert [h.record.code for h in page] == codes[10:20]


def test_a_changed_outline_re_places_every_code(two_release_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(two_release_db.read_bytes())
    with ReferenceStore(copy) as store:
        before = store.node_counts()
        store.conn.execute("UPDATE meta SET value = 'old' WHERE key = 'outline_version'")
        store.conn.execute("UPDATE codes SET node_id = 'unplaced'")
    with ReferenceStore(copy) as store:
        assert store.node_counts() == before
