"""The branch dashboard page: one tile per node of a tree branch, in tree order."""

from __future__ import annotations

from PySide6.QtGui import QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from okrdesk.palette import STATUS_WORDS
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.ui.dashboards.branch_data import BranchTileData, branch_tiles
from okrdesk.ui.dashboards.branch_tiles import BRANCH_TILE_HEIGHT, BRANCH_TILE_MIN_WIDTH, BranchTile
from okrdesk.ui.dashboards.panel import Panel
from okrdesk.ui.dashboards.tile_grid import TileGridLayout

GAP = 14


class _GridBox(QWidget):
    """Holds the tile grid and is exactly as tall as its rows (the layout's height for its width)."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        """Ask for the height the tiles need at this width."""
        super().resizeEvent(event)
        self.fit_height()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """Take the room of the tiles again."""
        super().showEvent(event)
        self.fit_height()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        """A hidden branch page must not keep the other pages tall."""
        super().hideEvent(event)
        self.setMinimumHeight(0)

    def fit_height(self) -> None:
        """Take the grid's height for the current width as minimum height."""
        layout = self.layout()
        if layout is not None:
            self.setMinimumHeight(layout.heightForWidth(max(self.width(), 1)))


class BranchPage(QWidget):
    """Small multiples of every node under one node (``set_branch``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid_box = _GridBox()
        self.grid = TileGridLayout(BRANCH_TILE_MIN_WIDTH, BRANCH_TILE_HEIGHT, GAP, self.grid_box)
        self.tiles: list[BranchTile] = []
        self.panel = Panel("Branch", self.grid_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        layout.addStretch(1)
        self.node_id: int | None = None

    def clear(self) -> None:
        """Drop the tiles (the page is left: it must not keep the other pages tall)."""
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = []
        self.grid.invalidate()
        self.grid_box.setMinimumHeight(0)
        for layout in (self.panel.layout(), self.layout()):
            layout.invalidate()  # a hidden page's layout keeps its old size otherwise
        self.updateGeometry()
        self.node_id = None

    def set_branch(self, tree: TreeReadModel, node_id: int, matches=lambda row: True) -> list[BranchTileData]:
        """Show the branch under ``node_id`` (nodes for which ``matches(row)`` holds); returns the tiles' data."""
        self.node_id = node_id
        data = [d for d in branch_tiles(tree, node_id) if d.level == 0 or matches(d.row)]
        self.setUpdatesEnabled(False)
        try:
            self.clear()
            self.node_id = node_id
            self.tiles = [BranchTile(d, tree.grain, self.grid_box) for d in data]
            for tile in self.tiles:
                self.grid.addWidget(tile)
            self.grid.invalidate()
            self.grid_box.fit_height()
        finally:
            self.setUpdatesEnabled(True)
        top = tree.row(node_id).node
        self.panel.title_label.setText(top.name if top.name.strip() == top.code.strip() else f"{top.code}  {top.name}")
        counts = {status: sum(1 for d in data if d.row.status == status) for status in STATUS_WORDS}
        parts = [f"{len(data)} nodes"] + [f"{n} {STATUS_WORDS[s].lower()}" for s, n in counts.items() if n]
        self.panel.set_caption("  ·  ".join(parts))
        return data
