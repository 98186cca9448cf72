"""Dragging boxes onto boxes: the MIME payload, the rules, and the undoable move.

The payload is the one the Outline uses too (``outline_dnd``): MIME type
``application/x-okrdesk-kpi-nodes`` holding the node ids as comma-separated
ASCII (``12,40``). Decoding also accepts a JSON list or ``{"ids": [...]}``.

A drop re-parents every dragged node (with its subtree) under the target, at
the end of its children, as one undoable command; Ctrl copies the subtrees
instead (``service.copy_nodes``: new codes, measurements stay behind). A drop on a dragged node or
one of its descendants is refused before anything is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QMimeData

from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.ui.undo import push_edit

MIME_TYPE = "application/x-okrdesk-kpi-nodes"
_END = 1_000_000  # a position past any sibling list: the service clamps it to the end


def encode_ids(ids: Iterable[int]) -> QMimeData:
    """Mime data carrying ``ids``."""
    data = QMimeData()
    data.setData(MIME_TYPE, ",".join(str(int(i)) for i in ids).encode("ascii"))
    return data


def decode_ids(data: QMimeData | None) -> list[int]:
    """The node ids in ``data`` ([] when it holds none or is not ours)."""
    if data is None or not data.hasFormat(MIME_TYPE):
        return []
    raw = bytes(data.data(MIME_TYPE).data()).decode("utf-8", errors="replace").strip()
    try:
        parsed = json.loads(raw)
    except ValueError:
        return [int(t) for t in re.split(r"[,\s]+", raw) if t.isdigit()]
    if isinstance(parsed, dict):
        parsed = parsed.get("ids", [])
    if isinstance(parsed, int):
        parsed = [parsed]
    return [int(i) for i in parsed if isinstance(i, int) or (isinstance(i, str) and i.isdigit())]


def descendants(tree: TreeReadModel, node_id: int) -> set[int]:
    """Every node below ``node_id``."""
    found: set[int] = set()
    stack = [node_id]
    while stack:
        for row in tree.children(stack.pop()):
            if row.node.id not in found:
                found.add(row.node.id)
                stack.append(row.node.id)
    return found


def top_level(tree: TreeReadModel, ids: Sequence[int]) -> list[int]:
    """``ids`` in the tree, without those inside another dragged subtree (they move with it)."""
    present = [i for i in dict.fromkeys(ids) if i in tree.ids]
    chosen = set(present)
    out = []
    for node_id in present:
        parent = tree.parent_id(node_id)
        inside = False
        while parent is not None:
            if parent in chosen:
                inside = True
                break
            parent = tree.parent_id(parent)
        if not inside:
            out.append(node_id)
    return out


def refusal(tree: TreeReadModel, ids: Sequence[int], target_id: int) -> str | None:
    """Why dropping ``ids`` on ``target_id`` is not allowed (None: it is)."""
    if target_id not in tree.ids:
        return "That node is no longer in the tree."
    moving = top_level(tree, ids)
    if not moving:
        return "Nothing to move."
    target = tree.row(target_id).node
    for node_id in moving:
        if node_id == target_id:
            return f"“{target.name}” cannot be dropped on itself."
        if target_id in descendants(tree, node_id):
            moved = tree.row(node_id).node
            return f"“{moved.name}” cannot go under “{target.name}”: that is inside its own branch."
    return None


def can_copy(service: object) -> bool:
    """Whether the service can copy a subtree (Ctrl-drop)."""
    return callable(getattr(service, "copy_nodes", None))


def drop_nodes(ctx, tree: TreeReadModel, ids: Sequence[int], target_id: int, *, copy: bool = False) -> bool:
    """Re-parent (or, with ``copy``, copy) ``ids`` under ``target_id`` as one undoable
    command on ``ctx.undo_stack``. Returns False when there is nothing to do.
    Raises ValueError with the reason when the drop is refused."""
    reason = refusal(tree, ids, target_id)
    if reason is not None:
        raise ValueError(reason)
    service = ctx.service
    moving = top_level(tree, ids)
    target = tree.row(target_id).node
    if copy and can_copy(service):
        return _copy(ctx, moving, target_id, target.code)
    moving = [i for i in moving if tree.row(i).node.parent_id != target_id]
    if not moving:
        return False
    names = tree.row(moving[0]).node.code if len(moving) == 1 else f"{len(moving)} nodes"

    def apply() -> list[tuple[int, int | None, int]]:
        done = []
        for node_id in moving:
            before = service.kpi_node(node_id)
            service.move_node(node_id, target_id, _END)
            done.append((node_id, before.parent_id, before.position))
        return done

    def revert(done: list[tuple[int, int | None, int]]) -> None:
        for node_id, parent_id, position in reversed(done):
            service.move_node(node_id, parent_id, position)

    push_edit(ctx.undo_stack, f"Move {names} under {target.code}", apply, revert)
    return True


def _copy(ctx, ids: list[int], target_id: int, target_code: str) -> bool:
    service = ctx.service

    def apply() -> list[int]:
        return [node.id for node in service.copy_nodes(ids, target_id, _END)]

    def revert(created: list[int]) -> list:
        return [service.delete_node(node_id) for node_id in reversed(created)]

    def reapply(snapshots: list) -> list[int]:
        return [service.restore_subtree(s).id for s in reversed(snapshots)]

    push_edit(ctx.undo_stack, f"Copy {len(ids)} node{'s' if len(ids) > 1 else ''} under {target_code}",
              apply, revert, reapply)
    return True
