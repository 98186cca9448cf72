"""Drag and drop on the OKR board: the MIME type carrying ids, and where a drop lands.

A drag carries ``application/x-okrdesk-board``: a small JSON document
``{"kind": "objective" | "key_result", "ids": [...], "workspace": "..."}``
(plus the refs as plain text for other programs). Only ids travel; the drop
asks the service to move the rows (``BoardCommands.move_objective`` /
``move_key_result``), one undoable command per drop.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QMimeData, QRectF

MIME_TYPE = "application/x-okrdesk-board"
OBJECTIVE = "objective"
KEY_RESULT = "key_result"


@dataclass(frozen=True)
class BoardDrag:
    """What is being dragged: objectives or key results, by id."""

    kind: str
    ids: tuple[int, ...]
    workspace: str = ""


@dataclass(frozen=True)
class DropTarget:
    """Where a drop lands.

    For an objective: the lane it lands in (``lane``: "team" with ``team_id``,
    None for "No team"; "period" with ``period_id``) and ``index``, its place
    among the column's *visible* cards once it has left its old place. For a
    key result: ``objective_id`` and ``index`` among that card's key results.
    ``marker`` is the line the board draws while dragging (viewport coordinates).
    ``refusal`` (not empty) says why the drop cannot land there (a pace lane, a
    closed period): the board shows it and moves nothing.
    """

    kind: str
    index: int
    team_id: int | None = None
    objective_id: int | None = None
    column: int | None = None
    marker: QRectF | None = None
    period_id: int | None = None
    lane: str = "team"
    refusal: str = ""


def encode_drag(drag: BoardDrag, text: str = "") -> QMimeData:
    """The MIME data of a drag (``text``: a plain-text rendering for other programs)."""
    mime = QMimeData()
    payload = {"kind": drag.kind, "ids": list(drag.ids), "workspace": drag.workspace}
    mime.setData(MIME_TYPE, json.dumps(payload).encode("utf-8"))
    if text:
        mime.setText(text)
    return mime


def decode_drag(mime: QMimeData | None) -> BoardDrag | None:
    """The drag carried by ``mime``, or None when it is not a well-formed board drag."""
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return None
    try:
        payload = json.loads(bytes(mime.data(MIME_TYPE).data()).decode("utf-8"))
        kind = payload["kind"]
        ids = tuple(int(i) for i in payload["ids"])
        workspace = str(payload.get("workspace", ""))
    except (ValueError, KeyError, TypeError):
        return None
    if kind not in (OBJECTIVE, KEY_RESULT) or not ids or any(isinstance(i, bool) for i in payload["ids"]):
        return None
    return BoardDrag(kind, ids, workspace)


def position_in_full_list(full: list[int], visible: list[int], moving: int, index: int) -> int:
    """Turn ``index`` among the visible ids (``moving`` left out) into a position in the
    full ordered list (``moving`` left out): before the visible card now at ``index``,
    or just after the last visible card when dropped at the end."""
    full_rest = [i for i in full if i != moving]
    shown = [i for i in visible if i != moving and i in full_rest]
    if index < len(shown):
        return full_rest.index(shown[index])
    if shown:
        return full_rest.index(shown[-1]) + 1
    return len(full_rest)
