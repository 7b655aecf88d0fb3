"""The outline tree: systems, sections and ranges with their code counts, and each leaf's codes loaded a page at a time.

Node rows come from the outline (outline.json), built once; their counts come from one `node_counts` call per reset.
A leaf (or the HCPCS Level I link node, which shows the CPT codes) gets its code rows only when a view asks for
them (canFetchMore/fetchMore), `page_size` rows per query, so opening the tree never reads the codes themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from ...codes.outline import OutlineNode, outline
from ...codes.records import StoredCode
from ..common.plain_text import rich_text_of

if TYPE_CHECKING:
    from ...store import ReferenceStore

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Outline", "Codes")
TITLE, COUNT = range(len(COLUMNS))

NODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the outline node id of a node row (None for a code row)
CODE_ROLE = Qt.ItemDataRole.UserRole + 2  # the code of a code row (None for a node row)
KIND_ROLE = Qt.ItemDataRole.UserRole + 3  # "code" or "modifier" for a code row (None for a node row)
ITEM_TYPE_ROLE = Qt.ItemDataRole.UserRole + 4  # "node" or "code"

STAR = "\u2605"
DIMMED = QColor("#8a8a8a")  # nodes with no codes in view, and terminated codes
COUNT_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class _Item:
    """One row of the tree: an outline node or a code. The model holds every item (createIndex keeps no reference)."""

    __slots__ = ("node", "hit", "parent", "row", "children", "exhausted")

    def __init__(self, parent: _Item | None, row: int, node: OutlineNode | None = None, hit: StoredCode | None = None):
        self.node = node
        self.hit = hit
        self.parent = parent
        self.row = row  # the row under its parent
        self.children: list[_Item] = []  # outline children of an inner node; loaded code rows of a leaf or link node
        self.exhausted = False  # the store returned a short page: nothing more to fetch even if the count says so

    @property
    def holds_codes(self) -> bool:
        """A leaf or link node: its children are code rows, fetched on demand."""
        return self.node is not None and (self.node.is_leaf or bool(self.node.link))


class OutlineTreeModel(QAbstractItemModel):
    # After a reset, once pages may be fetched again (modelReset comes while fetching is still refused).
    reset_done = Signal()

    def __init__(
        self, store: ReferenceStore, release_label: str | None = None, page_size: int = 500, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.release_label = release_label
        self.page_size = max(1, page_size)
        self._tree = outline()
        self._root = _Item(None, 0, node=self._tree.root)
        self._nodes: dict[str, _Item] = {}
        self._code_holders: list[_Item] = []
        self._retired: list[list[_Item]] = []  # the code rows of the last reset, kept a while for stray raw pointers
        self._add_children(self._root)
        self._counts: dict[str, int] = store.node_counts(release_label)
        self._bold: QFont | None = None
        self._starred: frozenset[tuple[str, str]] = frozenset()  # the user's stars: a star before those codes
        self._changing = False  # inside a reset or an insertion: fetch nothing from a slot of those signals

    def _add_children(self, item: _Item) -> None:
        for row, node in enumerate(item.node.children if item.node and not item.node.link else []):
            child = _Item(item, row, node=node)
            item.children.append(child)
            self._nodes[node.id] = child
            if child.holds_codes:
                self._code_holders.append(child)
            self._add_children(child)

    # Changing the view ---------------------------------------------------------------------------------------

    def set_release(self, label: str | None) -> None:
        """Show another release (None: the default view); counts are read again and no codes stay loaded."""
        counts = self.store.node_counts(label)  # raises ReleaseNotFound before anything changes
        self._changing = True
        try:
            self.beginResetModel()
            self.release_label = label
            self._counts = counts
            self._retired = [item.children for item in self._code_holders if item.children]
            for item in self._code_holders:
                item.children = []
                item.exhausted = False
            self.endResetModel()
        finally:
            self._changing = False
        self.reset_done.emit()

    def refresh(self) -> None:
        """Read the counts again for the same release (after an import, or when the store was replaced)."""
        self.set_release(self.release_label)

    def set_starred(self, starred: set[tuple[str, str]] | frozenset[tuple[str, str]]) -> None:
        """The user's starred (code, kind) pairs: their code rows show a star before the code."""
        starred = frozenset(starred)
        if starred == self._starred:
            return
        self._starred = starred
        for item in self._code_holders:
            if item.children:
                first, last = item.children[0], item.children[-1]
                self.dataChanged.emit(self.createIndex(0, TITLE, first), self.createIndex(last.row, TITLE, last))

    @property
    def counts(self) -> dict[str, int]:
        """Codes per node id in the view (nodes without codes are absent)."""
        return self._counts

    def count(self, node_id: str) -> int:
        return self._counts.get(node_id, 0)

    # Looking things up ---------------------------------------------------------------------------------------

    def _item(self, index: Index) -> _Item:
        return index.internalPointer() if index.isValid() else self._root

    def node_at(self, index: Index) -> OutlineNode | None:
        return self._item(index).node if index.isValid() else None

    def code_at(self, index: Index) -> StoredCode | None:
        return self._item(index).hit if index.isValid() else None

    def node_ids(self) -> list[str]:
        """Every outline node's id, in outline order."""
        return list(self._nodes)

    def index_for_node(self, node_id: str) -> QModelIndex:
        item = self._nodes.get(node_id)
        return self.createIndex(item.row, 0, item) if item else QModelIndex()

    def index_for_code(self, code: str, kind: str = "code") -> QModelIndex:
        """The code's row on its outline leaf (under the CPT tree for CPT codes), loading pages until it is there;
        an invalid index if the code is not in the view."""
        code = code.strip().upper()
        leaf = self._tree.place(code, kind)
        if leaf is None or leaf.id not in self._nodes:
            return QModelIndex()
        item, parent = self._nodes[leaf.id], self.index_for_node(leaf.id)
        scanned = 0
        while True:
            for row in range(scanned, len(item.children)):
                record = item.children[row].hit.record
                if record.code == code and record.kind == kind:
                    return self.createIndex(row, 0, item.children[row])
            scanned = len(item.children)
            past = item.children and item.children[-1].hit.record.code > code  # pages come in code order
            if past or not self.canFetchMore(parent):
                return QModelIndex()
            self.fetchMore(parent)

    # The model -----------------------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt's default
        if not 0 <= column < len(COLUMNS) or row < 0 or parent.column() > 0:  # hasIndex(), without two more calls
            return QModelIndex()
        children = self._item(parent).children
        return self.createIndex(row, column, children[row]) if row < len(children) else QModelIndex()

    def parent(self, index: Index | None = None) -> QModelIndex | QObject | None:  # type: ignore[override]
        if index is None:  # QObject.parent(): the model's owner
            return super().parent()
        if not index.isValid():
            return QModelIndex()
        up = self._item(index).parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        return len(self._item(parent).children)  # only what is loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.column() > 0:
            return False
        item = self._item(parent)
        if item.node is None:
            return False  # a code row
        if item.holds_codes:
            return self.count(item.node.id) > 0
        return bool(item.children)

    def canFetchMore(self, parent: Index) -> bool:
        if not parent.isValid() or parent.column() > 0:
            return False
        item = self._item(parent)
        return (
            not self._changing
            and item.holds_codes
            and not item.exhausted
            and len(item.children) < self.count(item.node.id)
        )

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        item = self._item(parent)
        first = len(item.children)
        page = self.store.codes_in_node(item.node.id, self.release_label, limit=self.page_size, offset=first)
        if len(page) < self.page_size:
            item.exhausted = True  # the last page (the count said more only if the store disagrees with itself)
        if not page:
            return
        self._changing = True
        try:
            self.beginInsertRows(self.createIndex(item.row, 0, item), first, first + len(page) - 1)  # last inclusive
            item.children.extend(_Item(item, first + i, hit=hit) for i, hit in enumerate(page))
            self.endInsertRows()
        finally:
            self._changing = False

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, column = self._item(index), index.column()
        if item.hit is not None:
            return self._code_data(item.hit, column, role)
        return self._node_data(item, column, role)

    def _node_data(self, item: _Item, column: int, role: int) -> Any:
        node = item.node
        if role == Qt.ItemDataRole.DisplayRole:
            return node.title if column == TITLE else self.count(node.id)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COUNT:
            return COUNT_ALIGNMENT
        if role == Qt.ItemDataRole.ToolTipRole:
            return rich_text_of("\n".join(part for part in (node.title, node.range_text(), node.note) if part))
        if role == Qt.ItemDataRole.ForegroundRole and not self.count(node.id):
            return DIMMED
        if role == Qt.ItemDataRole.FontRole and item.parent is self._root:
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        if role == NODE_ID_ROLE:
            return node.id
        if role == ITEM_TYPE_ROLE:
            return "node"
        return None

    def _code_data(self, hit: StoredCode, column: int, role: int) -> Any:
        record = hit.record
        if role == Qt.ItemDataRole.DisplayRole:
            if column != TITLE:
                return None
            star = f"{STAR} " if (record.code, record.kind) in self._starred else ""
            return f"{star}{record.code}  {record.short_description}".rstrip()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COUNT:
            return COUNT_ALIGNMENT
        if role == Qt.ItemDataRole.ToolTipRole:
            return rich_text_of(record.long_description or record.short_description)
        if role == Qt.ItemDataRole.ForegroundRole and hit.status == "terminated":
            return DIMMED
        if role == CODE_ROLE:
            return record.code
        if role == KIND_ROLE:
            return record.kind
        if role == ITEM_TYPE_ROLE:
            return "code"
        return None  # NODE_ID_ROLE included: a code row is no node

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == COUNT:
            return COUNT_ALIGNMENT
        return None
