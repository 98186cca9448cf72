"""The Outline's rows as Qt items: one ``QStandardItem`` per node, in column 0.

After any change to the tree's structure (a move, an insert, a removal) Qt's tree view
lays out every expanded row again, asking the model three questions per row (its
index, twice its flags). Answered by Python that is ~25 ms on the stress demo, for
every edit; a ``QStandardItemModel`` answers them in C++ (~3 ms). So the Outline model
keeps its structure in items, and ``TreeShape`` (outline_sync.py) is the Python index
of that structure: children per parent, each node's parent and row.

An index's internal id is the address of its parent's item (``QStandardItemModel``'s
own scheme), so a cell's node id is that of its parent item's child at its row (each
item knows its node id, ``item.nid``): always what Qt's items say, also while a
change is being signalled. Items carry no other data; ``OutlineModel.data`` answers
from the rows.

Items move with ``takeRow``/``insertRow`` (Qt has no item move): a moved subtree's
expansion and selection would be lost, so ``subtree_moving``/``subtree_moved`` let the
view keep them.
"""

from __future__ import annotations

from functools import partial

import shiboken6
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem

from okrdesk.ui.kpi_tree.outline_sync import TreeShape

Index = QModelIndex | QPersistentModelIndex
_NOWHERE = object()


def _forget(*wrappers: dict) -> None:
    for mapping in wrappers:
        mapping.clear()


def _address(item: QStandardItem) -> int:
    """The C++ address of ``item``: what ``QStandardItemModel`` puts in its children's indexes."""
    return shiboken6.getCppPointer(item)[0]


class OutlineItems:
    """The item tree of ``OutlineModel`` (mixed in before ``QStandardItemModel``)."""

    def _init_items(self, columns: int) -> None:
        self._columns = columns
        self.shape = TreeShape()
        self._items: dict[int, QStandardItem] = {}
        root = self.invisibleRootItem()  # type: ignore[attr-defined]
        #: Address of each node's item (None: the invisible root) and the item at an address.
        self._address_of: dict[int | None, int] = {None: _address(root)}
        self._item_at: dict[int, QStandardItem] = {self._address_of[None]: root}
        #: Flags of a node's first cell: (with children, leaf).
        self._item_flags = (Qt.ItemFlag.NoItemFlags, Qt.ItemFlag.ItemNeverHasChildren)
        # When Qt deletes the model it deletes the items: their Python wrappers must go at
        # once, or a new Qt object at a freed address would be handed the stale wrapper.
        self.destroyed.connect(partial(_forget, self._items, self._item_at))  # type: ignore[attr-defined]

    # -- lookups -------------------------------------------------------------------------

    def node_id(self, index: Index) -> int | None:
        """Node id of ``index`` (None for the invisible root and for no row at all)."""
        if not index.isValid():
            return None
        parent = self._item_at.get(index.internalId())
        item = parent.child(index.row()) if parent is not None else None
        return None if item is None else item.nid

    def index_of(self, node_id: int, column: int = 0) -> QModelIndex:
        """The index of ``node_id`` (invalid when the node is not in the tree)."""
        pid = self.shape.parent.get(node_id, _NOWHERE)
        if pid is _NOWHERE:
            return QModelIndex()
        return self.createIndex(self.shape.row[node_id], column, self._address_of[pid])  # type: ignore[attr-defined]

    def parent_index(self, pid: int | None) -> QModelIndex:
        """Column-0 index of ``pid`` (the invisible root for None)."""
        return QModelIndex() if pid is None else self.index_of(pid)

    # -- the item tree -------------------------------------------------------------------

    def show_shape(self, wanted: TreeShape) -> None:
        """Show ``wanted`` from scratch: the roots shown go (one removal), the new ones
        come with their subtrees (one insertion)."""
        root = self.invisibleRootItem()  # type: ignore[attr-defined]
        if root.rowCount():
            root.removeRows(0, root.rowCount())
        self._items.clear()
        self._address_of = {None: self._address_of[None]}
        self._item_at.clear()
        self._item_at[self._address_of[None]] = root
        self.shape = TreeShape.from_children(wanted.children)
        roots = [self._build(nid, self.shape.children) for nid in self.shape.children[None]]
        if roots:
            root.appendRows(roots)

    def _build(self, nid: int, children: dict[int | None, list[int]]) -> QStandardItem:
        """A detached item for ``nid`` with the items of its whole subtree (no signals)."""
        kids = children.get(nid)
        item = QStandardItem()
        item.nid = nid
        item.setColumnCount(self._columns)  # so that its children have every column
        item.setFlags(self._item_flags[not kids])
        self._items[nid] = item
        address = _address(item)
        self._address_of[nid] = address
        self._item_at[address] = item
        if kids:
            item.appendRows([self._build(kid, children) for kid in kids])
        return item

    def _parent_item(self, pid: int | None) -> QStandardItem:
        return self.invisibleRootItem() if pid is None else self._items[pid]  # type: ignore[attr-defined]

    def remove_item(self, pid: int | None, row: int) -> None:
        """Remove row ``row`` of ``pid`` with its subtree (``shape`` still holds it)."""
        self._parent_item(pid).removeRow(row)
        for dead in self.shape.subtree(self.shape.children[pid][row]):
            if self._items.pop(dead, None) is not None:
                self._item_at.pop(self._address_of.pop(dead), None)

    def take_item(self, nid: int) -> QStandardItem:
        """Take ``nid``'s row out, with its subtree (``shape`` still holds it there)."""
        self.subtree_moving.emit(nid)  # type: ignore[attr-defined]
        return self._parent_item(self.shape.parent[nid]).takeRow(self.shape.row[nid])[0]

    def put_item(self, nid: int, item: QStandardItem) -> None:
        """Put ``nid``'s taken ``item`` where ``shape`` now has it."""
        pid = self.shape.parent[nid]
        self._mark_parent(pid)
        self._parent_item(pid).insertRows(self.shape.row[nid], [item])  # the list form: see add_items
        self.subtree_moved.emit(nid)  # type: ignore[attr-defined]

    def add_items(self, nid: int, pid: int | None, row: int, children: dict[int | None, list[int]]) -> None:
        """Insert ``nid`` with the subtree ``children`` gives it (``shape`` already has them)."""
        self._mark_parent(pid)
        # The list form: PySide's insertRow(row, item) leaves the item owned by Python, which
        # then deletes it a second time when its wrapper goes (a crash some time later).
        self._parent_item(pid).insertRows(row, [self._build(nid, children)])

    def _mark_parent(self, pid: int | None) -> None:
        """Flag ``pid``'s item as having children (before they come, so the view lays them out)."""
        if pid is not None:
            self._items[pid].setFlags(self._item_flags[0])

    def mark_leaf(self, pid: int | None) -> None:
        """Flag ``pid``'s item as a leaf when it has no children left."""
        if pid is not None and not self.shape.children.get(pid):
            self._items[pid].setFlags(self._item_flags[1])

    def set_item_flags(self, parent: Qt.ItemFlag, leaf: Qt.ItemFlag) -> None:
        """Flags of every node's first cell, for nodes with children and for leaves."""
        self._item_flags = (parent, leaf)
        for nid, item in self._items.items():
            item.setFlags(self._item_flags[not self.shape.children.get(nid)])
