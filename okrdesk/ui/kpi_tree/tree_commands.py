"""Every edit of the KPI tree editor as one undoable command over the service.

The Outline (inline edits, keys, drops), the node editor panel and the tests all
edit through ``TreeCommands``: each method is one ``push_edit`` (one entry on the
undo stack, ids stable across undo and redo, revisions restored exactly), and
raises ``ValidationError`` — pushing nothing — when the store refuses the edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoStack

from okrdesk.domain.entities import InfluenceLink, KpiNode
from okrdesk.domain.node_codes import child_code
from okrdesk.store.snapshots import NodeSubtreeSnapshot
from okrdesk.ui.undo import push_edit

if TYPE_CHECKING:  # the service (SQLAlchemy) is imported after the first paint
    from okrdesk.store.service import WorkspaceService
    from okrdesk.store.service_tree_edit import NodePlaces


class TreeCommands:
    """Undoable tree edits on ``stack`` through ``service``."""

    def __init__(self, service: WorkspaceService, stack: QUndoStack) -> None:
        self.service = service
        self.stack = stack

    # -- nodes ---------------------------------------------------------------------------

    def create(self, parent_id: int | None, position: int | None = None, code: str | None = None,
               name: str = "New node", **fields: Any) -> KpiNode:
        """Add a node (a free code under the parent's when ``code`` is None)."""
        if code is None:
            taken = [n.code for n in self.service.kpi_nodes()]
            parent_code = self.service.kpi_node(parent_id).code if parent_id is not None else None
            code = child_code(parent_code, taken)
        svc = self.service
        created: list[KpiNode] = []

        def apply() -> KpiNode:
            node = svc.create_node(code, name, parent_id=parent_id, position=position, **fields)
            created.append(node)
            return node

        return push_edit(self.stack, f"Add {code}", apply,
                         lambda node: svc.delete_node(node.id),
                         lambda snapshot: svc.restore_subtree(snapshot))

    def update(self, node_id: int, text: str | None = None, **changes: Any) -> KpiNode:
        """Change fields of one node (its code, name, formula, target...)."""
        svc = self.service
        before = svc.kpi_node(node_id)
        label = text or f"Edit {before.code}: {', '.join(sorted(changes))}"
        return push_edit(self.stack, label,
                         lambda: svc.update_node(node_id, **changes),
                         lambda _after: svc.replace_node(before),
                         lambda after: svc.replace_node(after) and svc.kpi_node(node_id))

    def move(self, node_ids: Sequence[int], parent_id: int | None, position: int,
             text: str | None = None) -> NodePlaces:
        """Move nodes (with their subtrees) under ``parent_id`` from index ``position``."""
        svc = self.service
        ids = list(node_ids)
        label = text or (f"Move {len(ids)} nodes" if len(ids) > 1 else f"Move {svc.kpi_node(ids[0]).code}")
        return push_edit(self.stack, label,
                         lambda: svc.move_nodes(ids, parent_id, position),
                         lambda before: svc.restore_places(before),
                         lambda after: svc.restore_places(after))

    def copy(self, node_ids: Sequence[int], parent_id: int | None, position: int) -> list[KpiNode]:
        """Copy nodes with their subtrees (new codes) under ``parent_id`` from ``position``."""
        svc = self.service
        ids = list(node_ids)

        def revert(roots: list[KpiNode]) -> list[NodeSubtreeSnapshot]:
            with svc.transaction():
                return [svc.delete_node(root.id) for root in reversed(roots)]

        def reapply(snapshots: list[NodeSubtreeSnapshot]) -> list[KpiNode]:
            with svc.transaction():
                return [svc.restore_subtree(snap) for snap in reversed(snapshots)]

        label = f"Copy {len(ids)} nodes" if len(ids) > 1 else f"Copy {svc.kpi_node(ids[0]).code}"
        return push_edit(self.stack, label, lambda: svc.copy_nodes(ids, parent_id, position),
                         revert, reapply)

    def delete(self, node_ids: Sequence[int]) -> list[NodeSubtreeSnapshot]:
        """Delete nodes with their subtrees, measurements and links (one command)."""
        svc = self.service
        ids = list(node_ids)

        def apply() -> list[NodeSubtreeSnapshot]:
            with svc.transaction():
                return [svc.delete_node(i) for i in ids]

        def revert(snapshots: list[NodeSubtreeSnapshot]) -> None:
            with svc.transaction():
                for snap in reversed(snapshots):
                    svc.restore_subtree(snap)

        label = f"Delete {len(ids)} nodes" if len(ids) > 1 else f"Delete {svc.kpi_node(ids[0]).code}"
        return push_edit(self.stack, label, apply, revert, lambda _none: apply())

    # -- influence links -----------------------------------------------------------------

    def add_link(self, source_id: int, target_id: int, note: str = "") -> InfluenceLink:
        """Link a driver to the node it influences."""
        svc = self.service
        snapshot: dict[str, InfluenceLink] = {}

        def apply() -> InfluenceLink:
            link = svc.add_link(source_id, target_id, note)
            snapshot["link"] = link
            return link

        return push_edit(self.stack, "Add influence link", apply,
                         lambda link: svc.remove_link(link.id),
                         lambda _removed: svc.restore_link(snapshot["link"]))

    def remove_link(self, link_id: int) -> InfluenceLink:
        """Remove an influence link."""
        svc = self.service
        return push_edit(self.stack, "Remove influence link", lambda: svc.remove_link(link_id),
                         lambda link: svc.restore_link(link), lambda _link: svc.remove_link(link_id))
