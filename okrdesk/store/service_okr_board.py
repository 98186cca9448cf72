"""Board edits of OKRs: moving objectives and key results, and exact row states for undo.

A move renumbers the positions of the lists it leaves and enters, so undoing it
by "moving back" would leave other rows with new positions and revisions. The
moves here return instead the *state before* of every row they changed
(``OkrRowsState``); ``restore_okr_rows`` writes such a state back exactly
(every column, the revision included), which makes undo and redo exact and
keeps ids stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, select, update
from sqlalchemy.orm import Session

from okrdesk.domain.entities import KeyResult, Objective

from .convert import CHECK_INS, KEY_RESULTS, OBJECTIVES, PERIODS, TABLES, to_entity
from .errors import ValidationError
from .service_base import ServiceBase
from .validation import Position, Ref, check_refs

#: Tables whose rows a board edit may snapshot and restore.
RESTORABLE = {t.name: t for t in (OBJECTIVES, KEY_RESULTS, CHECK_INS)}
_KEEP: Any = object()


@dataclass(frozen=True)
class OkrRowsState:
    """Every column of some rows of one OKR table (``objectives``, ``key_results``,
    ``check_ins``), as they were when read: what undo writes back."""

    table: str
    rows: tuple[dict[str, Any], ...]

    @property
    def ids(self) -> tuple[int, ...]:
        """Ids of the rows, in the order they were read."""
        return tuple(row["id"] for row in self.rows)


class OkrBoardService(ServiceBase):
    """Moves on the OKR board and exact row states (mixed into ``OkrService``)."""

    def objective(self, objective_id: int) -> Objective:
        """One objective (NotFound naming the id when there is none)."""
        with self._session() as s:
            return to_entity(Objective, self._row(s, OBJECTIVES, objective_id, "objective"))

    def key_result(self, key_result_id: int) -> KeyResult:
        """One key result (NotFound naming the id when there is none)."""
        with self._session() as s:
            return to_entity(KeyResult, self._row(s, KEY_RESULTS, key_result_id, "key result"))

    def okr_rows(self, table: str, ids: list[int] | tuple[int, ...]) -> OkrRowsState:
        """The current state of rows ``ids`` of an OKR table (missing ids are left out)."""
        t = _table(table)
        with self._session() as s:
            return OkrRowsState(table, _read(s, t, list(ids)))

    def restore_okr_rows(self, state: OkrRowsState) -> None:
        """Write ``state`` back exactly: existing rows get every stored column again
        (revision included); rows that no longer exist are inserted with their ids."""
        t = _table(state.table)
        with self._session(write=True) as s:
            existing = set(s.execute(select(t.c.id).where(t.c.id.in_(list(state.ids)))).scalars())
            for row in state.rows:
                if row["id"] in existing:
                    values = {k: v for k, v in row.items() if k != "id"}
                    s.execute(update(t).where(t.c.id == row["id"]).values(**values))
            missing = [row for row in state.rows if row["id"] not in existing]
            self._insert_rows(s, t, missing)

    def delete_okr_rows(self, table: str, ids: list[int] | tuple[int, ...]) -> OkrRowsState:
        """Delete rows of an OKR table (cascading as the schema says); returns their state."""
        t = _table(table)
        with self._session(write=True) as s:
            before = _read(s, t, list(ids))
            s.execute(delete(t).where(t.c.id.in_(list(ids))))
            return OkrRowsState(table, before)

    def move_objective(
        self, objective_id: int, team_id: int | None, position: int, period_id: Any = _KEEP
    ) -> OkrRowsState:
        """Put an objective into ``team_id``'s list (of ``period_id``, its own period when
        not given) at ``position`` (its index after the move, clamped to the end).

        The lists it leaves and enters are renumbered 0..n-1. Returns the state
        before of every objective whose team, period or position changed (empty
        rows when nothing changed).
        """
        label = f"Objective {objective_id}"
        position = Position().clean(position, "position", label)
        rules = {"team_id": Ref("teams", "team"), "period_id": Ref("periods", "period")}
        with self._session(write=True) as s:
            row = self._row(s, OBJECTIVES, objective_id, "objective")
            new_period = row["period_id"] if period_id is _KEEP else period_id
            given = {"team_id": rules["team_id"].clean(team_id, "team_id", label),
                     "period_id": rules["period_id"].clean(new_period, "period_id", label)}
            check_refs(s, rules, given, TABLES)
            new_team, new_period = given["team_id"], given["period_id"]
            if new_period != row["period_id"]:
                self._refuse_closed_period(s, new_period, row["ref"], "into")
                self._refuse_closed_period(s, row["period_id"], row["ref"], "out of")
            old_key = (row["period_id"], row["team_id"])
            new_key = (new_period, new_team)
            siblings = [i for i in _objective_ids(s, self, *new_key) if i != objective_id]
            at = min(position, len(siblings))
            old_list = _objective_ids(s, self, *old_key)
            if old_key == new_key and old_list.index(objective_id) == at and row["position"] == at:
                return OkrRowsState("objectives", ())
            new_order = siblings[:at] + [objective_id] + siblings[at:]
            touched = set(new_order) | (set(old_list) if old_key != new_key else set())
            before = {r["id"]: r for r in _read(s, OBJECTIVES, sorted(touched))}
            changed: list[dict[str, Any]] = []
            s.execute(update(OBJECTIVES).where(OBJECTIVES.c.id == objective_id).values(
                team_id=new_team, period_id=new_period, revision=OBJECTIVES.c.revision + 1))
            moved_from_team = old_key != new_key
            changed.append(before[objective_id])
            for pos, oid in enumerate(new_order):
                if before[oid]["position"] != pos:
                    s.execute(update(OBJECTIVES).where(OBJECTIVES.c.id == oid).values(position=pos))
                    if oid != objective_id:
                        changed.append(before[oid])
            if moved_from_team:
                for pos, oid in enumerate(i for i in old_list if i != objective_id):
                    if before[oid]["position"] != pos:
                        s.execute(update(OBJECTIVES).where(OBJECTIVES.c.id == oid).values(position=pos))
                        changed.append(before[oid])
            return OkrRowsState("objectives", tuple(changed))

    @staticmethod
    def _refuse_closed_period(s: Session, period_id: int | None, ref: str, way: str) -> None:
        """A closed period is read-only: nothing moves into or out of it (ValidationError)."""
        if period_id is None:
            return
        period = s.execute(select(PERIODS.c.name, PERIODS.c.closed).where(PERIODS.c.id == period_id)).first()
        if period is not None and period.closed:
            raise ValidationError(
                f"Objective {ref} cannot move {way} {period.name}: that period is closed. "
                "Reopen it first.", "period_id")

    def move_key_result(self, key_result_id: int, objective_id: int, position: int) -> OkrRowsState:
        """Put a key result under ``objective_id`` at ``position`` (its index after the
        move, clamped); both lists are renumbered. Returns the state before of every
        key result that changed (empty rows when nothing changed)."""
        label = f"Key result {key_result_id}"
        position = Position().clean(position, "position", label)
        target = Ref("objectives", "objective", optional=False).clean(objective_id, "objective_id", label)
        with self._session(write=True) as s:
            row = self._row(s, KEY_RESULTS, key_result_id, "key result")
            self._row(s, OBJECTIVES, target, "objective")
            old_list = _kr_ids(s, row["objective_id"])
            siblings = [i for i in _kr_ids(s, target) if i != key_result_id]
            at = min(position, len(siblings))
            same = row["objective_id"] == target
            if same and old_list.index(key_result_id) == at and row["position"] == at:
                return OkrRowsState("key_results", ())
            new_order = siblings[:at] + [key_result_id] + siblings[at:]
            touched = set(new_order) | (set(old_list) if not same else set())
            before = {r["id"]: r for r in _read(s, KEY_RESULTS, sorted(touched))}
            changed = [before[key_result_id]]
            s.execute(update(KEY_RESULTS).where(KEY_RESULTS.c.id == key_result_id).values(
                objective_id=target, revision=KEY_RESULTS.c.revision + 1))
            lists = [new_order] + ([[i for i in old_list if i != key_result_id]] if not same else [])
            for ordered in lists:
                for pos, kid in enumerate(ordered):
                    if before[kid]["position"] != pos:
                        s.execute(update(KEY_RESULTS).where(KEY_RESULTS.c.id == kid).values(position=pos))
                        if kid != key_result_id:
                            changed.append(before[kid])
            return OkrRowsState("key_results", tuple(changed))


def _table(name: str) -> Any:
    try:
        return RESTORABLE[name]
    except KeyError:
        raise ValidationError(
            f"Rows of {name!r} cannot be restored here; only {', '.join(RESTORABLE)}.", "table"
        ) from None


def _read(s: Session, table: Any, ids: list[int]) -> tuple[dict[str, Any], ...]:
    if not ids:
        return ()
    rows = s.execute(select(table).where(table.c.id.in_(ids))).mappings()
    by_id = {r["id"]: dict(r) for r in rows}
    return tuple(by_id[i] for i in ids if i in by_id)


def _objective_ids(s: Session, svc: ServiceBase, period_id: int | None, team_id: int | None) -> list[int]:
    return list(s.execute(
        select(OBJECTIVES.c.id).where(and_(svc._same_parent(OBJECTIVES.c.period_id, period_id),
                                           svc._same_parent(OBJECTIVES.c.team_id, team_id)))
        .order_by(OBJECTIVES.c.position, OBJECTIVES.c.id)
    ).scalars())


def _kr_ids(s: Session, objective_id: int) -> list[int]:
    return list(s.execute(
        select(KEY_RESULTS.c.id).where(KEY_RESULTS.c.objective_id == objective_id)
        .order_by(KEY_RESULTS.c.position, KEY_RESULTS.c.id)
    ).scalars())
