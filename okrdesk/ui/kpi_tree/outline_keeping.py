"""What the Outline keeps while its rows change.

Qt items move by being taken out and put back (outline_items.py), which would lose
the moved branch's expansion and selection: ``OutlineKeeper`` notes them before and
restores them after, with the selection's signals held meanwhile so nobody sees the
passing change. And a leaf that receives its first children opens, so they stay in
sight (a drop onto a leaf, Tab under a leaf, a new child).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex

if TYPE_CHECKING:
    from okrdesk.ui.kpi_tree.view import KpiTreeView

_SELECT_ROWS = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows


class OutlineKeeper:
    """Keeps ``view``'s expansion and selection across moves; opens new parents."""

    def __init__(self, view: KpiTreeView) -> None:
        self.view = view
        self._moving: tuple[set[int], list[int], int | None] = (set(), [], None)
        self._taken: int | None = None
        view.model.subtree_moving.connect(self._subtree_moving)
        view.model.subtree_moved.connect(self._subtree_moved)
        view.proxy.rowsInserted.connect(self._rows_inserted)

    @property
    def moving(self) -> bool:
        """Whether a moved row is out (its insertion is no new row)."""
        return self._taken is not None

    def _view_index(self, node_id: int) -> QModelIndex:
        return self.view.proxy.from_source(self.view.model.index_of(node_id))

    def _subtree_moving(self, node_id: int) -> None:
        """A moved node's row is about to be taken out: note which of its branches are
        folded and which of its rows are selected, and hold the selection's signals."""
        view, tree_view = self.view, self.view.tree_view
        shape = view.model.shape
        nodes = shape.subtree(node_id)
        inside = set(nodes)
        folded = {n for n in nodes if shape.children.get(n) and not tree_view.isExpanded(self._view_index(n))}
        selected = [n for n in view.selected_node_ids() if n in inside]
        current = view.selected_node_id()
        self._moving = (folded, selected, current if current in inside else None)
        self._taken = node_id
        tree_view.selectionModel().blockSignals(True)

    def _subtree_moved(self, node_id: int) -> None:
        """The moved row is back: its branches open or folded, its rows selected, as before."""
        folded, selected, current = self._moving
        tree_view, shape = self.view.tree_view, self.view.model.shape
        selection = tree_view.selectionModel()
        try:
            for n in shape.subtree(node_id):
                if shape.children.get(n) and n not in folded:
                    tree_view.setExpanded(self._view_index(n), True)
            for n in selected:
                selection.select(self._view_index(n), _SELECT_ROWS)
            if current is not None:
                selection.setCurrentIndex(self._view_index(current), QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            selection.blockSignals(False)
            self._moving, self._taken = (set(), [], None), None

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        """Expand ``parent`` when the rows just added are all its children."""
        tree_view = self.view.tree_view
        if parent.isValid() and self.view.proxy.rowCount(parent) == last - first + 1 and not tree_view.isExpanded(parent):
            tree_view.expand(parent)
