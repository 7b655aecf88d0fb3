"""The context menus of the results and of the outline tree: a code's actions, or an outline node's."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView, QTreeView, QWidget

from ..results.results_model import ResultsModel
from ..tree.tree_model import OutlineTreeModel
from .navigation import Navigation
from .search_controller import SearchController
from .windows import Windows

CODE_ACTIONS = (
    "copy_code",
    "copy_with_description",
    "star",
    "add_to_list",
    "add_to_comparison",
    "previous_in_range",
    "next_in_range",
)


class ContextMenus(QObject):
    """A right-click on a code shows it first, so the menu's actions (the window's own) act on it."""

    def __init__(
        self,
        window: QWidget,
        *,
        table: QTableView,
        results: ResultsModel,
        tree: QTreeView,
        tree_model: OutlineTreeModel,
        actions: dict[str, QAction],
        navigation: Navigation,
        search: SearchController,
        windows: Windows,
    ) -> None:
        super().__init__(window)
        self.window = window  # the menus' parent
        self.table, self.results, self.tree, self.tree_model = table, results, tree, tree_model
        self.actions = actions
        self.navigation, self.search, self.windows = navigation, search, windows
        table.customContextMenuRequested.connect(self._results_menu)
        tree.customContextMenuRequested.connect(self._tree_menu)

    def _results_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid():
            self.navigation.show_code(self.results.hit(index.row()))
            self.code_menu().exec(self.table.viewport().mapToGlobal(position))

    def _tree_menu(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        hit = self.tree_model.code_at(index)
        if hit is not None:
            self.navigation.show_code(hit)
            self.code_menu(reveal=False).exec(self.tree.viewport().mapToGlobal(position))
        elif index.isValid():
            self.node_menu(index).exec(self.tree.viewport().mapToGlobal(position))

    def node_menu(self, index: QModelIndex) -> QMenu:
        """The context menu of an outline node: its codes, expanding it, and for CPT (or HCPCS Level I,
        which is CPT) the Level I against CPT comparison of that section."""
        menu = QMenu(self.window)
        menu.addAction("Show its codes in the results", lambda: self.search.show_node_codes(index))
        menu.addAction("Expand everything below", lambda: self.tree.expandRecursively(index, 3))
        node = self.tree_model.node_at(index)
        if node is not None and (node.id == "hcpcs.1" or node.id.startswith("cpt")):
            section = None if node.id in ("cpt", "hcpcs.1") else node.id
            menu.addAction("Compare Level I with CPT here…", lambda: self.windows.show_level_one(section))
        return menu

    def code_menu(self, reveal: bool = True) -> QMenu:
        """The actions on the code shown: copying, My codes, the comparison, the range; revealing it in the tree."""
        menu = QMenu(self.window)
        for name in CODE_ACTIONS:
            menu.addAction(self.actions[name])
        if reveal:
            menu.addAction(self.actions["reveal"])
        return menu
