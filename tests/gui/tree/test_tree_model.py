"""The outline tree model: node rows with counts, code rows loaded a page at a time, and finding a code in it.

Most tests share one model (module scope) and re-check it with the model tester at their start. Each check walks
the whole model and fetches a page of every leaf that can fetch more; sharing keeps that to about 200 fetches for
the module instead of 200 per test. (With the PySide6 6.12.0 / Python 3.11 in .venv every call of a void Qt method
from Python drops a reference to None, two per fetched page, and the process aborts at exit once too many add up.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from medcode_gui.codes.outline import outline
from medcode_gui.codes.records import ParsedRelease
from medcode_gui.gui.tree.tree_model import (
    CODE_ROLE,
    DIMMED,
    ITEM_TYPE_ROLE,
    KIND_ROLE,
    NODE_ID_ROLE,
    OutlineTreeModel,
)
from medcode_gui.store import ReferenceStore

# The C++ model tester reports a failed check as a Qt warning: make any warning fail the test.
pytestmark = pytest.mark.qt_log_level_fail("WARNING")

BIG_LEAF = "hcpcs.2.g.quality"  # 1,273 codes in the 2019 view
PAGE = 100


@pytest.fixture(scope="module")
def shared_store(two_release_db: Path) -> Iterator[ReferenceStore]:
    with ReferenceStore(two_release_db) as opened:
        yield opened


@pytest.fixture(scope="module")
def model(qapp, shared_store: ReferenceStore) -> OutlineTreeModel:  # noqa: ANN001 - pytest-qt's QApplication
    return OutlineTreeModel(shared_store, page_size=PAGE)


def chain(index: QModelIndex) -> list[str]:
    """The node ids from the top level down to the index's parent."""
    ids, parent = [], index.parent()
    while parent.isValid():
        ids.append(parent.data(NODE_ID_ROLE))
        parent = parent.parent()
    return ids[::-1]


def loaded_codes(model: OutlineTreeModel, parent: QModelIndex) -> list[str]:
    return [model.index(row, 0, parent).data(CODE_ROLE) for row in range(model.rowCount(parent))]


def test_a_fresh_model_passes_the_model_tester(qtmodeltester, model: OutlineTreeModel) -> None:
    qtmodeltester.check(model)
    assert model.columnCount() == 2
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == ["Outline", "Codes"]
    assert model.rowCount(model.index_for_node(BIG_LEAF)) >= PAGE  # the tester's walk fetched pages


def test_the_model_tester_passes_after_loading_pages(qtmodeltester, model: OutlineTreeModel) -> None:
    qtmodeltester.check(model)  # stays connected: each insertion below is checked, then the model walked again
    leaf = model.index_for_node(BIG_LEAF)
    assert model.count(BIG_LEAF) > 1000
    loaded = model.rowCount(leaf)
    for _ in range(3):
        model.fetchMore(leaf)
    assert model.rowCount(leaf) == loaded + 3 * PAGE
    # pytest-qt builds the new C++ tester while the old one still listens; the old one would walk the whole model
    # again for every page the new walk fetches (minutes). Let the old one go first.
    qtmodeltester._qt_tester = None
    qtmodeltester.check(model)
    assert model.rowCount(leaf) == loaded + 4 * PAGE  # the new walk fetched one more page


def test_top_level_rows_counts_and_columns(qtmodeltester, model: OutlineTreeModel) -> None:
    qtmodeltester.check(model)
    tops = [model.index(row, 0) for row in range(model.rowCount())]
    assert [i.data() for i in tops] == ["CPT", "HCPCS"]
    assert [i.data(NODE_ID_ROLE) for i in tops] == ["cpt", "hcpcs"]
    assert all(i.data(Qt.ItemDataRole.FontRole).bold() for i in tops)
    assert model.index_for_node("hcpcs.2").data(Qt.ItemDataRole.FontRole) is None
    counts = model.index_for_node("hcpcs.2").siblingAtColumn(1)
    assert counts.data() == model.count("hcpcs.2") == 6440
    assert counts.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.index_for_node("hcpcs.modifiers").siblingAtColumn(1).data() == 360
    assert model.counts == model.store.node_counts()
    assert model.index_for_node("hcpcs.2").data(Qt.ItemDataRole.ToolTipRole).startswith("<qt>Level II<br>A0021–A9999")


def test_fetch_more_loads_one_page_at_a_time_until_all_are_loaded(qtmodeltester, model: OutlineTreeModel) -> None:
    qtmodeltester.check(model)
    leaf = model.index_for_node(BIG_LEAF)
    total = model.count(BIG_LEAF)
    assert model.hasChildren(leaf) and model.canFetchMore(leaf) and 0 < model.rowCount(leaf) < total
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda parent, first, last: inserted.append((first, last)))
    try:
        while model.canFetchMore(leaf):
            before = model.rowCount(leaf)
            model.fetchMore(leaf)
            assert model.rowCount(leaf) == min(before + PAGE, total)
            assert inserted[-1] == (before, model.rowCount(leaf) - 1)  # the last row is inclusive
    finally:
        model.rowsInserted.disconnect()
    assert model.rowCount(leaf) == total and inserted
    codes = loaded_codes(model, leaf)
    assert codes == [h.record.code for h in model.store.codes_in_node(BIG_LEAF, limit=10_000)]
    assert codes == sorted(codes) and len(set(codes)) == total
    model.fetchMore(leaf)  # nothing more to load
    assert model.rowCount(leaf) == total


def test_code_rows_show_the_code_and_its_descriptions(qtmodeltester, model: OutlineTreeModel) -> None:
    qtmodeltester.check(model)
    index = model.index_for_code("J1100")
    assert model.code_at(index).record.code == "J1100" and model.node_at(index) is None
    assert index.data() == "J1100  Dexamethasone sodium phos"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "<qt>Injection, dexamethasone sodium phosphate, 1 mg</qt>"
    assert index.data(ITEM_TYPE_ROLE) == "code" and index.data(KIND_ROLE) == "code"
    assert index.data(NODE_ID_ROLE) is None and index.data(Qt.ItemDataRole.ForegroundRole) is None
    assert index.siblingAtColumn(1).data() is None
    assert not model.hasChildren(index) and model.rowCount(index) == 0
    assert index.flags() == Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def test_terminated_codes_are_grey(qtmodeltester, model: OutlineTreeModel, parsed_2019: ParsedRelease) -> None:
    qtmodeltester.check(model)
    ended = next(r for r in parsed_2019.records if r.termination_date and r.kind == "code")
    index = model.index_for_code(ended.code)
    assert model.code_at(index).status == "terminated"
    assert index.data(Qt.ItemDataRole.ForegroundRole) == DIMMED


def test_index_for_code_and_node(qtmodeltester, model: OutlineTreeModel) -> None:
    qtmodeltester.check(model)
    index = model.index_for_code("J9045")
    assert index.isValid() and index.column() == 0 and index.data(CODE_ROLE) == "J9045"
    assert chain(index) == [n.id for n in outline().place("J9045").path()]
    assert index.parent().data(NODE_ID_ROLE) == "hcpcs.2.j.chemotherapy"
    assert model.index_for_code(" j9045 ") == index

    modifier = model.index_for_code("GA", "modifier")
    assert modifier.data(CODE_ROLE) == "GA" and modifier.data(KIND_ROLE) == "modifier"
    assert chain(modifier) == [n.id for n in outline().place("GA", "modifier").path()]

    assert not model.index_for_code("ZZZZZ").isValid()
    assert not model.index_for_code("J9998").isValid()  # on a real leaf (after J9600, before J9999), but no such code
    assert not model.index_for_code("GA").isValid()  # a modifier, not a code

    node = model.index_for_node("cpt.1.em.office")
    assert node.isValid() and node.column() == 0
    assert node.data() == "Office or other outpatient visits"
    assert model.node_at(node).id == "cpt.1.em.office" and model.code_at(node) is None
    assert node.data(ITEM_TYPE_ROLE) == "node" and node.data(CODE_ROLE) is None
    assert "99202–99215" in node.data(Qt.ItemDataRole.ToolTipRole)
    assert chain(node) == ["cpt", "cpt.1", "cpt.1.em"]
    assert not model.index_for_node("no.such.node").isValid()


def test_cpt_codes_are_revealed_under_the_cpt_tree(qtmodeltester, model: OutlineTreeModel) -> None:
    qtmodeltester.check(model)
    code = model.store.codes_in_node("cpt.1.em.office", limit=1)[0].record.code  # a starter CPT code
    index = model.index_for_code(code)
    assert index.data(CODE_ROLE) == code
    assert chain(index) == ["cpt", "cpt.1", "cpt.1.em", "cpt.1.em.office"]


def test_the_link_node_lists_the_cpt_codes(qtmodeltester, model: OutlineTreeModel) -> None:
    qtmodeltester.check(model)
    link = model.index_for_node("hcpcs.1")
    assert link.data() == "Level I (CPT as listed by CMS)"
    assert model.count("hcpcs.1") == model.count("cpt") > 0
    assert model.hasChildren(link)
    while model.canFetchMore(link):
        model.fetchMore(link)
    codes = loaded_codes(model, link)
    assert len(codes) == model.count("cpt")
    assert codes == [h.record.code for h in model.store.codes_in_node("cpt", limit=10_000)]
    assert "99213" in codes  # from the starter data
    assert all(model.index(row, 0, link).parent() == link for row in range(model.rowCount(link)))


def test_nodes_without_codes_are_shown_grey_and_empty(qtmodeltester, model: OutlineTreeModel) -> None:
    qtmodeltester.check(model)
    section = model.index_for_node("hcpcs.2.u")  # the U codes start in 2020
    assert section.isValid() and section.data() == "U: Laboratory tests (added in 2020)"
    assert model.count("hcpcs.2.u") == 0 and section.siblingAtColumn(1).data() == 0
    assert section.data(Qt.ItemDataRole.ForegroundRole) == DIMMED
    assert "COVID-19" in section.data(Qt.ItemDataRole.ToolTipRole)
    # The section keeps its outline child (the outline is shown whole): a leaf with no code rows.
    assert model.rowCount(section) == 1
    leaf = model.index(0, 0, section)
    assert leaf.data(NODE_ID_ROLE) == "hcpcs.2.u.lab" and leaf.data(Qt.ItemDataRole.ForegroundRole) == DIMMED
    assert not model.hasChildren(leaf) and not model.canFetchMore(leaf) and model.rowCount(leaf) == 0
    assert model.index_for_node("hcpcs.2.j").data(Qt.ItemDataRole.ForegroundRole) is None


def test_counts_follow_the_release_and_refresh_drops_loaded_codes(qtmodeltester, model: OutlineTreeModel) -> None:
    """Last: it resets the shared model."""
    qtmodeltester.check(model)
    assert model.rowCount(model.index_for_node(BIG_LEAF)) > 0

    model.set_release("HCPCS-2018")
    assert model.release_label == "HCPCS-2018"
    assert model.count("hcpcs.2") == 6205 and model.count("hcpcs.modifiers") == 354
    assert model.index_for_node("hcpcs.2").siblingAtColumn(1).data() == 6205
    assert model.count("cpt") == 0  # 2018 holds no CPT codes and the starter data is not in that view
    assert model.index_for_node("cpt").data(Qt.ItemDataRole.ForegroundRole) == DIMMED
    assert not model.hasChildren(model.index_for_node("hcpcs.1"))
    leaf = model.index_for_node(BIG_LEAF)
    assert model.rowCount(leaf) == 0 and model.canFetchMore(leaf)
    model.fetchMore(leaf)
    assert model.rowCount(leaf) == PAGE

    model.refresh()  # the same release, counts read again, nothing loaded
    assert model.release_label == "HCPCS-2018" and model.count("hcpcs.2") == 6205
    assert model.rowCount(model.index_for_node(BIG_LEAF)) == 0

    model.set_release(None)
    assert model.count("hcpcs.2") == 6440 and model.counts == model.store.node_counts()


def test_starred_code_rows_show_a_star(qtmodeltester, qtbot, model: OutlineTreeModel) -> None:
    qtmodeltester.check(model)
    qtmodeltester._qt_tester = None
    row = model.index_for_code("E0100")
    assert row.data().startswith("E0100")
    with qtbot.waitSignal(model.dataChanged):
        model.set_starred({("E0100", "code")})
    assert row.data().startswith("\u2605 E0100")
    assert not model.index_for_code("E0105").data().startswith("\u2605")
    model.set_starred(set())
    assert row.data().startswith("E0100")


def test_a_reset_keeps_the_open_nodes_and_the_current_row(qtbot, shared_store: ReferenceStore) -> None:
    from PySide6.QtWidgets import QTreeView

    from medcode_gui.gui.tree.kept_expansion import KeptExpansion

    tree_model = OutlineTreeModel(shared_store, page_size=PAGE)
    tree = QTreeView()
    qtbot.addWidget(tree)
    tree.setModel(tree_model)
    KeptExpansion(tree, tree_model)
    code = tree_model.index_for_code("E0110")
    parent = code.parent()
    while parent.isValid():
        tree.expand(parent)
        parent = parent.parent()
    tree.setCurrentIndex(code)
    opened = [node for node in tree_model.node_ids() if tree.isExpanded(tree_model.index_for_node(node))]
    assert len(opened) >= 3
    tree_model.refresh()  # as after an import
    assert [node for node in tree_model.node_ids() if tree.isExpanded(tree_model.index_for_node(node))] == opened
    assert tree_model.code_at(tree.currentIndex()).record.code == "E0110"
