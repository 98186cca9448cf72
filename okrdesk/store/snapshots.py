"""What a delete removed, kept so that undo can put back exactly the same rows.

Rows are stored as plain dicts of column values (ids included), so a restore
re-inserts them unchanged: same ids, positions, revisions and timestamps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class NodeSubtreeSnapshot:
    """A deleted KPI node with its whole subtree.

    ``nodes`` lists parents before children; ``links`` are the influence links
    touching any node of the subtree; ``key_result_links`` the
    ``(key_result_id, kpi_node_id)`` pairs that the delete set to NULL.
    """

    root_id: int
    parent_id: int | None
    position: int
    nodes: tuple[Row, ...]
    measurements: tuple[Row, ...]
    links: tuple[Row, ...]
    key_result_links: tuple[tuple[int, int], ...]

    @property
    def node_ids(self) -> tuple[int, ...]:
        """Ids of every node of the subtree, root first."""
        return tuple(row["id"] for row in self.nodes)


@dataclass(frozen=True)
class KeyResultSnapshot:
    """A deleted key result with its check-ins."""

    key_result: Row
    check_ins: tuple[Row, ...]


@dataclass(frozen=True)
class ObjectiveSnapshot:
    """A deleted objective with its key results and check-ins, and the references
    to it that were set to NULL: child objectives (``parent_id``) and objectives
    carried over from it (``carried_from_id``)."""

    objective: Row
    key_results: tuple[KeyResultSnapshot, ...]
    child_ids: tuple[int, ...]
    carried_ids: tuple[int, ...]
