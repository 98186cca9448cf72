"""Drag and drop of Outline rows: a MIME type carrying node ids, checks, and the drop.

A drag carries the selected node ids as ``application/x-okrdesk-kpi-nodes``
(ASCII, comma-separated). A drop on a row puts the nodes under it (last); a
drop between rows puts them there; Ctrl (``CopyAction``) copies the subtrees.
A drop on a dragged node itself or one of its descendants is refused:
``canDropMimeData`` says no (the view shows the forbidden cursor and no drop
indicator) and ``refusal`` says why. The drop itself goes through the model's
``drop`` callback (the service, one undoable command per drop).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt

MIME_TYPE = "application/x-okrdesk-kpi-nodes"

Index = QModelIndex | QPersistentModelIndex
#: (node ids, new parent id, final index among the new siblings, copy?) -> problem or None
DropCallback = Callable[[list[int], "int | None", int, bool], "str | None"]


def encode_ids(ids: Sequence[int]) -> QMimeData:
    """MIME data carrying ``ids``."""
    data = QMimeData()
    data.setData(MIME_TYPE, QByteArray(",".join(str(i) for i in ids).encode("ascii")))
    return data


def decode_ids(data: QMimeData | None) -> list[int]:
    """Node ids carried by ``data`` ([] when it carries none or something else)."""
    if data is None or not data.hasFormat(MIME_TYPE):
        return []
    raw = bytes(data.data(MIME_TYPE).data()).decode("ascii", "replace")
    try:
        return [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        return []


class OutlineDragDrop:
    """Drag and drop for ``OutlineModel`` (mixed in before its Qt base class)."""

    #: Set by the view: performs a drop; None keeps the Outline read-only.
    drop: DropCallback | None = None
    #: Why the last ``canDropMimeData`` said no ("" when it said yes).
    refusal: str = ""

    def mimeTypes(self) -> list[str]:  # noqa: N802 (Qt API)
        """The one MIME type the Outline reads and writes."""
        return [MIME_TYPE]

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        """Move (reorder, re-parent) and copy (Ctrl-drag)."""
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        """Move and copy."""
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeData(self, indexes: Sequence[Index]) -> QMimeData:  # noqa: N802
        """The dragged rows' node ids, top to bottom, each once."""
        ids = list(dict.fromkeys(nid for i in indexes if (nid := self.node_id(i)) is not None))  # type: ignore[attr-defined]
        ids.sort(key=self._outline_order)
        return encode_ids(ids)

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                        parent: Index) -> bool:
        """Whether the nodes in ``data`` may go under ``parent``; ``refusal`` says why not."""
        self.refusal = self._problem(decode_ids(data), action, parent)
        return not self.refusal

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: Index) -> bool:
        """Move or copy the dropped nodes through ``drop``; False (and ``edit_refused``)
        when the drop is refused. (The model has no ``removeRows``: after a move the view
        cannot remove the source rows itself; the model already moved them.)"""
        ids = decode_ids(data)
        problem = self._problem(ids, action, parent)
        if not problem and self.drop is not None:
            target = self.node_id(parent)  # type: ignore[attr-defined]
            copy = action == Qt.DropAction.CopyAction
            problem = self.drop(ids, target, self.final_position(ids, target, row, copy), copy)
        if problem:
            self.refusal = problem
            self.edit_refused.emit(problem)  # type: ignore[attr-defined]
            return False
        return self.drop is not None

    # -- helpers -------------------------------------------------------------------------

    def final_position(self, ids: Sequence[int], target: int | None, row: int, copy: bool = False) -> int:
        """The index among the new siblings (moved nodes left out) for a drop at ``row``
        under ``target`` (-1: on the row itself, i.e. last); a copy leaves nothing out."""
        kids = self.shape.children.get(target, [])  # type: ignore[attr-defined]
        moving = set() if copy else set(ids)
        if row < 0 or row > len(kids):
            row = len(kids)
        return row - sum(1 for nid in kids[:row] if nid in moving)

    def _problem(self, ids: list[int], action: Qt.DropAction, parent: Index) -> str:
        shape = self.shape  # type: ignore[attr-defined]
        if self.drop is None:
            return "The workspace is open read-only."
        if not ids or any(i not in shape.parent for i in ids):
            return "Only KPI nodes of this tree can be dropped here."
        if action not in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction):
            return "Nodes can only be moved or copied."
        cur = self.node_id(parent)  # type: ignore[attr-defined]
        dragged = set(ids)
        while cur is not None:
            if cur in dragged:
                row = self._rows.get(cur)  # type: ignore[attr-defined]
                code = row.node.code if row is not None else str(cur)
                verb = "copied" if action == Qt.DropAction.CopyAction else "moved"
                return f"{code} cannot be {verb} into itself or one of its own descendants."
            cur = shape.parent.get(cur)
        return ""

    def _outline_order(self, node_id: int) -> tuple[int, ...]:
        """Sort key of a node in outline (depth-first) order: its rows from the root."""
        shape = self.shape  # type: ignore[attr-defined]
        path = []
        cur: int | None = node_id
        while cur is not None:
            path.append(shape.row[cur])
            cur = shape.parent.get(cur)
        return tuple(reversed(path))
