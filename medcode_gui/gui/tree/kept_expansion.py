"""The tree keeps its shape when its model is reset (an import, another program's import, another release):
the nodes open before stay open, and the current node or code stays current."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtWidgets import QTreeView

from .tree_model import OutlineTreeModel


class KeptExpansion(QObject):
    """Remembers the open node ids and the current row just before each reset of model, and restores them
    after it (the current row without a currentChanged: the views following the tree are refreshed by
    whoever reset it)."""

    def __init__(self, tree: QTreeView, model: OutlineTreeModel) -> None:
        super().__init__(tree)
        self.tree, self.model = tree, model
        self._open: list[str] = []
        self._current: tuple[str, str, str] | None = None  # ("node", id, "") or ("code", code, kind)
        model.modelAboutToBeReset.connect(self._remember)
        model.reset_done.connect(self._restore)

    def _remember(self) -> None:
        model, tree = self.model, self.tree
        self._open = [node_id for node_id in model.node_ids() if tree.isExpanded(model.index_for_node(node_id))]
        current = tree.currentIndex()
        hit, node = model.code_at(current), model.node_at(current)
        if hit is not None:
            self._current = ("code", hit.record.code, hit.record.kind)
        elif node is not None:
            self._current = ("node", node.id, "")
        else:
            self._current = None

    def _restore(self) -> None:
        for node_id in self._open:
            self.tree.expand(self.model.index_for_node(node_id))  # a leaf fetches its first page again
        if self._current is None:
            return
        what, key, kind = self._current
        index = self.model.index_for_code(key, kind) if what == "code" else QModelIndex()
        if not index.isValid():
            index = self.model.index_for_node(key) if what == "node" else QModelIndex()
        if index.isValid():
            selection = self.tree.selectionModel()
            selection.blockSignals(True)
            try:
                self.tree.setCurrentIndex(index)
            finally:
                selection.blockSignals(False)
            self.tree.viewport().update()
