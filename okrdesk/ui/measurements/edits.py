"""Undoable edits of one KPI's measurements: add, change, delete, paste.

Every edit is one ``push_edit`` over ``ValuesService.change_measurements``
(one transaction): ``apply`` returns the measurements of the touched dates as
they were, and the undo deletes the touched dates and restores exactly those
rows (ids, sources and revisions included), so a paste of 500 rows is one
step on the undo stack and is undone whole. Rows are addressed by date, never by
id, so commands stay valid across undo and redo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtGui import QUndoStack

from okrdesk.domain.entities import KpiNode, Measurement
from okrdesk.ui.measurements.paste import PastedRow
from okrdesk.ui.undo import push_edit


class MeasurementEdits:
    """The edits of ``node``'s measurements, each pushed on ``stack``."""

    def __init__(self, service, stack: QUndoStack, node: KpiNode) -> None:
        self.service = service
        self.stack = stack
        self.node = node

    def measurements(self) -> list[Measurement]:
        """The node's measurements by date."""
        return self.service.measurements(self.node.id)

    def _push(self, text: str, upserts: list[tuple], deletes: list[dt.date]) -> None:
        node_id = self.node.id
        touched = sorted({row[0] for row in upserts} | set(deletes))

        def apply() -> list[Measurement]:
            return self.service.change_measurements(node_id, upserts=upserts, deletes=deletes)

        def revert(before: list[Measurement]) -> None:
            self.service.change_measurements(node_id, deletes=touched, restore=before)

        push_edit(self.stack, text, apply, revert)

    def add(self, day: dt.date, value: float, note: str = "") -> None:
        """Record ``value`` on ``day`` (replacing a value already there)."""
        self._push(f"Add a value to {self.node.code}", [(day, value, note, "manual")], [])

    def change(self, old: Measurement, day: dt.date, value: float, note: str) -> None:
        """Change one row: its date (moving it), value or note; the source becomes "manual"."""
        if day == old.date and value == old.value and note == old.note:
            return
        deletes = [old.date] if day != old.date else []
        self._push(f"Change a value of {self.node.code}", [(day, value, note, "manual")], deletes)

    def delete(self, days: Sequence[dt.date]) -> None:
        """Delete the measurements of ``days`` (one step)."""
        if not days:
            return
        n = len(set(days))
        self._push(f"Delete {n} value{'s' if n != 1 else ''} of {self.node.code}", [], sorted(set(days)))

    def paste(self, rows: Sequence[PastedRow]) -> None:
        """Set every pasted row (one step); the caller has checked the whole block first."""
        if not rows:
            return
        n = len(rows)
        upserts = [(r.date, r.value, r.note, "paste") for r in rows]
        self._push(f"Paste {n} value{'s' if n != 1 else ''} into {self.node.code}", upserts, [])
