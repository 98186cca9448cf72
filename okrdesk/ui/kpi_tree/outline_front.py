"""What the Outline's tree view is attached to: a pass-through while nobody searches, a
recursive filter (keeping ancestors) while the search box has text.

A ``QSortFilterProxyModel`` re-maps every row whenever the tree's structure changes:
moving a 1,000-node subtree behind it cost seconds on the stress demo. So the view
sits on ``OutlineFront`` (a ``QIdentityProxyModel``: moves pass straight through),
whose source is the Outline model itself, or the search filter only while a search
is active. Switching resets the view's rows: the caller keeps expansion and
selection (``collapsed_ids`` / ``restore``).
"""

from __future__ import annotations

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from okrdesk.ui.kpi_tree.outline_model import SEARCH_ROLE, Column, OutlineModel

Index = QModelIndex | QPersistentModelIndex


class OutlineFront(QIdentityProxyModel):
    """The model the Outline's view shows: ``model`` directly, or filtered by ``search``."""

    def __init__(self, model: OutlineModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.filter = QSortFilterProxyModel(self)
        self.filter.setRecursiveFilteringEnabled(True)
        self.filter.setFilterRole(SEARCH_ROLE)
        self.filter.setFilterKeyColumn(Column.CODE)
        self.filter.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._searching = False
        self.setSourceModel(model)

    @property
    def searching(self) -> bool:
        """Whether rows are filtered by a search."""
        return self._searching

    def search_text(self) -> str:
        """The active search ("" when none)."""
        return self.filter.filterRegularExpression().pattern() if self.searching else ""

    def set_search(self, text: str) -> bool:
        """Filter by ``text`` ("" shows everything); True when the rows were reset."""
        text = text.strip()
        if text:
            if not self.searching:
                self.filter.setSourceModel(self.model)
                self.filter.setFilterFixedString(text)
                self._searching = True  # already while the view resets to the filter
                self.setSourceModel(self.filter)
                return True
            self.filter.setFilterFixedString(text)
            return False
        if self.searching:
            self._searching = False
            self.setSourceModel(self.model)
            self.filter.setSourceModel(None)  # an idle filter would still re-map on every move
            return True
        return False

    def node_id(self, index: Index) -> int | None:
        """The node id of a view index (None for the invisible root); the pass-through
        keeps the Outline model's rows and internal ids, so no mapping is needed while
        nobody searches."""
        return self.model.node_id(self.to_source(index) if self.searching else index)

    def to_source(self, index: Index) -> QModelIndex:
        """The Outline model's index behind a view index."""
        inner = self.mapToSource(index)
        return self.filter.mapToSource(inner) if self.searching else inner

    def from_source(self, index: Index) -> QModelIndex:
        """The view index of an Outline model index (invalid when filtered out)."""
        inner = self.filter.mapFromSource(index) if self.searching else index
        return self.mapFromSource(inner)
