"""Every edit of the OKR board as one undoable command (``push_edit``) over the service.

The board, its dialogs, its drag and drop and the tests all go through
``BoardCommands``, so what the hypothesis test undoes is exactly what a user
does. Undo is exact: edits and moves write back the rows' previous state
(``OkrRowsState``, revisions included), deletes restore the same rows with the
same ids, creates come back with their ids on redo.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtGui import QUndoStack

from okrdesk.domain.entities import CheckIn, KeyResult, Objective, Pace
from okrdesk.store.service import WorkspaceService
from okrdesk.store.service_okr_board import OkrRowsState
from okrdesk.store.service_okr_close import CarryRecord, PeriodRowsState
from okrdesk.ui.undo import push_edit


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


class BoardCommands:
    """Undoable OKR edits on one undo stack. Methods raise ``ValidationError`` for
    bad input, and then nothing is changed or pushed."""

    def __init__(self, service: WorkspaceService, stack: QUndoStack) -> None:
        self.service = service
        self.stack = stack

    def _push(self, text: str, apply: Any, revert: Any, reapply: Any = None) -> Any:
        return push_edit(self.stack, text, apply, revert, reapply)

    # --- state swapping ----------------------------------------------------------------

    def _swap(self, state: OkrRowsState) -> OkrRowsState:
        """Write ``state`` back and return the state it replaced."""
        current = self.service.okr_rows(state.table, state.ids)
        self.service.restore_okr_rows(state)
        return current

    def _changed(self, entity: Any, changes: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in changes.items() if getattr(entity, k) != v}

    # --- objectives ------------------------------------------------------------------

    def create_objective(self, title: str, period_id: int | None, team_id: int | None,
                         **fields: Any) -> Objective:
        """Add an objective (fields as ``service.create_objective``); undo deletes it,
        redo brings back the same row."""
        svc = self.service
        return self._push(
            f"Add objective \u201c{_short(title)}\u201d",
            lambda: svc.create_objective(title, period_id, team_id, **fields),
            lambda created: svc.delete_objective(created.id),
            svc.restore_objective,
        )

    def edit_objective(self, objective_id: int, **changes: Any) -> bool:
        """Change objective fields; False (nothing pushed) when nothing differs."""
        svc = self.service
        current = svc.objective(objective_id)
        real = self._changed(current, changes)
        if not real:
            return False

        def apply() -> OkrRowsState:
            before = svc.okr_rows("objectives", [objective_id])
            svc.update_objective(objective_id, **real)
            return before

        text = "Rename objective" if set(real) == {"title"} else "Edit objective"
        self._push(f"{text} \u201c{_short(current.title)}\u201d", apply, self._swap, self._swap)
        return True

    def delete_objective(self, objective_id: int) -> None:
        """Delete an objective with its key results and check-ins (undo restores them)."""
        svc = self.service
        self._push("Delete objective",
                  lambda: svc.delete_objective(objective_id),
                  svc.restore_objective,
                  lambda _restored: svc.delete_objective(objective_id))

    def move_objective(self, objective_id: int, team_id: int | None, position: int,
                       period_id: int | None = None, *, to_period: bool = False) -> bool:
        """Put an objective into a team's list at ``position`` (its index there after the
        move) — of its own period, or of ``period_id`` when ``to_period`` — as one
        undoable step; False (nothing pushed) when it would stay put. Moving into or
        out of a closed period raises ``ValidationError``."""
        svc = self.service
        objective = svc.objective(objective_id)
        new_period = period_id if to_period else objective.period_id
        if team_id == objective.team_id and new_period == objective.period_id:
            order = [o.id for o in svc.objectives(objective.period_id, team_id)]
            others = [i for i in order if i != objective_id]
            at = min(max(position, 0), len(others))
            if order.index(objective_id) == at and objective.position == at:
                return False
        moving = f"\u201c{_short(objective.title)}\u201d"
        if new_period != objective.period_id:
            name = next((p.name for p in svc.periods() if p.id == new_period), "no period")
            text = f"Move objective {moving} to {name}"
        else:
            text = f"Move objective {moving}"
        self._push(text, lambda: svc.move_objective(objective_id, team_id, position, period_id=new_period),
                   self._swap, self._swap)
        return True

    # --- key results -----------------------------------------------------------------

    def create_key_result(self, objective_id: int, title: str, **fields: Any) -> KeyResult:
        """Add a key result (fields as ``service.create_key_result``)."""
        svc = self.service
        return self._push(
            f"Add key result \u201c{_short(title)}\u201d",
            lambda: svc.create_key_result(objective_id, title, **fields),
            lambda created: svc.delete_key_result(created.id),
            svc.restore_key_result,
        )

    def edit_key_result(self, key_result_id: int, **changes: Any) -> bool:
        """Change key-result fields; False (nothing pushed) when nothing differs."""
        svc = self.service
        current = self._key_result(key_result_id)
        real = self._changed(current, changes)
        if not real:
            return False

        def apply() -> OkrRowsState:
            before = svc.okr_rows("key_results", [key_result_id])
            svc.update_key_result(key_result_id, **real)
            return before

        text = "Rename key result" if set(real) == {"title"} else "Edit key result"
        self._push(f"{text} \u201c{_short(current.title)}\u201d", apply, self._swap, self._swap)
        return True

    def set_pace_override(self, key_result_id: int, pace: Pace | None, reason: str) -> bool:
        """Set (or clear, with ``pace`` None) the owner's status override; a set override
        needs a reason (ValueError otherwise)."""
        if pace is not None and not reason.strip():
            raise ValueError("A status override needs a reason.")
        return self.edit_key_result(key_result_id, pace_override=pace,
                                    override_reason=reason.strip() if pace is not None else "")

    def delete_key_result(self, key_result_id: int) -> None:
        """Delete a key result with its check-ins (undo restores them)."""
        svc = self.service
        self._push("Delete key result",
                  lambda: svc.delete_key_result(key_result_id),
                  svc.restore_key_result,
                  lambda _restored: svc.delete_key_result(key_result_id))

    def move_key_result(self, key_result_id: int, objective_id: int, position: int) -> bool:
        """Put a key result under an objective at ``position`` (its index there after the
        move); False (nothing pushed) when it would stay put."""
        svc = self.service
        kr = svc.key_result(key_result_id)
        if objective_id == kr.objective_id:
            order = [k.id for k in svc.key_results(objective_ids=[objective_id])]
            others = [i for i in order if i != key_result_id]
            at = min(max(position, 0), len(others))
            if order.index(key_result_id) == at and kr.position == at:
                return False
        self._push(f"Move key result \u201c{_short(kr.title)}\u201d",
                  lambda: svc.move_key_result(key_result_id, objective_id, position),
                  self._swap, self._swap)
        return True

    # --- check-ins -------------------------------------------------------------------

    def add_check_in(self, key_result_id: int, date: dt.date, value: float,
                     confidence: float | None = None, comment: str = "", author: str = "") -> CheckIn:
        """Record a check-in; undo removes it and puts the key result's numbers back."""
        svc = self.service

        def apply() -> tuple[OkrRowsState, OkrRowsState]:
            before = svc.okr_rows("key_results", [key_result_id])
            check_in = svc.add_check_in(key_result_id, date, value, confidence, comment, author)
            return before, svc.okr_rows("check_ins", [check_in.id])

        def revert(token: tuple[OkrRowsState, OkrRowsState]) -> tuple[OkrRowsState, OkrRowsState]:
            kr_state, check_in = token
            after = svc.okr_rows("key_results", [key_result_id])
            svc.delete_okr_rows("check_ins", check_in.ids)
            svc.restore_okr_rows(kr_state)
            return after, check_in

        def reapply(token: tuple[OkrRowsState, OkrRowsState]) -> tuple[OkrRowsState, OkrRowsState]:
            kr_state, check_in = token
            before = svc.okr_rows("key_results", [key_result_id])
            svc.restore_okr_rows(check_in)
            svc.restore_okr_rows(kr_state)
            return before, check_in

        kr = self._key_result(key_result_id)
        _, check_in = self._push(f"Check in \u201c{_short(kr.title)}\u201d", apply, revert, reapply)
        return next(c for c in svc.check_ins(key_result_id) if c.id == check_in.ids[0])

    # --- quarter close ---------------------------------------------------------------

    def close_period(self, period_id: int) -> PeriodRowsState:
        """Close a period and its objectives (read-only on the board); undo writes the
        period and objective rows back exactly."""
        svc = self.service
        name = next(p.name for p in svc.periods() if p.id == period_id)
        return self._push(f"Close {name}", lambda: svc.close_period(period_id),
                   self._swap_period, self._swap_period)

    def reopen_period(self, period_id: int) -> PeriodRowsState:
        """Reopen a closed period: its closed objectives become active again."""
        svc = self.service
        name = next(p.name for p in svc.periods() if p.id == period_id)
        return self._push(f"Reopen {name}", lambda: svc.reopen_period(period_id),
                   self._swap_period, self._swap_period)

    def _swap_period(self, state: PeriodRowsState) -> PeriodRowsState:
        current = self.service.period_rows(state.period["id"])
        self.service.restore_period_rows(state)
        return current

    def carry_forward(self, period_id: int, objective_ids: list[int],
                      starts: dict[int, float | None]) -> CarryRecord:
        """Copy objectives with their key results into the next period (created when
        missing); undo removes exactly those rows, redo brings back the same ids."""
        svc = self.service
        count = len(objective_ids)
        return self._push(
            f"Carry {count} objective{'s' if count != 1 else ''} forward",
            lambda: svc.carry_forward(period_id, objective_ids, starts),
            lambda record: (svc.remove_carried(record), record)[1],
            lambda record: (svc.restore_carried(record), record)[1],
        )

    # --- helpers ---------------------------------------------------------------------

    def _key_result(self, key_result_id: int) -> KeyResult:
        return self.service.key_result(key_result_id)
