"""What a branch dashboard shows, picked from the tree read model (no Qt, no painting).

A branch is a node and every node below it, in tree order. Each gets a tile:
value, status, change and a mini trend of its latest buckets up to the
dashboard's day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from okrdesk.store.readmodels.tree import NodeRow, TreeReadModel

MINI_TREND_BUCKETS = 24
#: Nodes offered in the dashboard's "Show" list: those with children, this deep at most.
CHOICE_DEPTH = 1


@dataclass(frozen=True)
class BranchTileData:
    """One node of a branch with its mini trend (bucket starts and values, oldest first)."""

    row: NodeRow
    level: int  # 0 for the branch's top node
    trend: tuple[tuple[dt.date, float], ...]

    @property
    def node_id(self) -> int:
        """The node's id."""
        return self.row.node.id


def branch_rows(tree: TreeReadModel, node_id: int) -> list[NodeRow]:
    """``node_id`` and all its descendants in depth-first tree order (KeyError for an unknown id)."""
    out: list[NodeRow] = []
    stack = [tree.row(node_id)]
    while stack:
        row = stack.pop()
        out.append(row)
        stack.extend(reversed(tree.children(row.node.id)))
    return out


def mini_trend(tree: TreeReadModel, node_id: int, buckets: int = MINI_TREND_BUCKETS) -> tuple[tuple[dt.date, float], ...]:
    """The last ``buckets`` buckets with a value on or before the tree's as-of day."""
    series = tree.series(node_id)
    if tree.as_of is not None:
        series = [(d, v) for d, v in series if d <= tree.as_of]
    return tuple(series[-buckets:])


def branch_tiles(tree: TreeReadModel, node_id: int, buckets: int = MINI_TREND_BUCKETS) -> list[BranchTileData]:
    """A tile per node of the branch under ``node_id``."""
    top = tree.row(node_id).depth
    return [BranchTileData(row, row.depth - top, mini_trend(tree, row.node.id, buckets))
            for row in branch_rows(tree, node_id)]


def branch_choices(tree: TreeReadModel, max_depth: int = CHOICE_DEPTH) -> list[NodeRow]:
    """Nodes worth a branch dashboard: those with children, at most ``max_depth`` deep, in tree order."""
    return [row for row in tree.rows if row.depth <= max_depth and tree.children(row.node.id)]
