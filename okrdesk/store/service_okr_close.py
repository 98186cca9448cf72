"""Quarter close: closing and reopening a period, carrying objectives to the next one.

Each operation is one transaction and returns exactly what undo needs:

* ``close_period`` / ``reopen_period`` return the rows before (``PeriodRowsState``:
  the period and its objectives, every column); ``restore_period_rows`` writes
  such a state back exactly, revisions included;
* ``carry_forward`` returns a ``CarryRecord`` with every row it inserted (the
  next period when it had to create it, the objective copies, their key
  results); ``remove_carried`` deletes exactly those rows and
  ``restore_carried`` inserts them again with the same ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.orm import Session

from okrdesk.domain.entities import ObjectiveState, Period, PeriodKind

from .convert import KEY_RESULTS, OBJECTIVES, PERIODS, to_entity
from .errors import ValidationError
from .service_base import ServiceBase

Row = dict[str, Any]


@dataclass(frozen=True)
class PeriodRowsState:
    """A period row and its objectives' rows, as they were: what undo writes back."""

    period: Row
    objectives: tuple[Row, ...]


@dataclass(frozen=True)
class CarryRecord:
    """Every row one ``carry_forward`` inserted (``period`` None: it existed already)."""

    period: Row | None
    objectives: tuple[Row, ...]
    key_results: tuple[Row, ...]

    @property
    def objective_ids(self) -> tuple[int, ...]:
        """Ids of the copies, in the order of the originals given."""
        return tuple(r["id"] for r in self.objectives)


def next_quarter(period: Period) -> tuple[str, dt.date, dt.date]:
    """(name, start, end) of the calendar quarter that starts the day after ``period``
    ends, named like ``2027-Q2``."""
    start = period.end + dt.timedelta(days=1)
    quarter = (start.month - 1) // 3 + 1
    q_start = dt.date(start.year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    next_month = dt.date(start.year + (end_month == 12), end_month % 12 + 1, 1)
    return f"{start.year}-Q{quarter}", max(start, q_start), next_month - dt.timedelta(days=1)


class OkrCloseService(ServiceBase):
    """Closing periods and carrying objectives forward (mixed into ``OkrService``)."""

    # --- close / reopen ---------------------------------------------------------------

    def close_period(self, period_id: int) -> PeriodRowsState:
        """Mark a period closed and every objective of it closed; returns the rows before."""
        return self._set_period_closed(period_id, True)

    def reopen_period(self, period_id: int) -> PeriodRowsState:
        """Mark a period open again; its closed objectives become active. Returns the rows before."""
        return self._set_period_closed(period_id, False)

    def _set_period_closed(self, period_id: int, closed: bool) -> PeriodRowsState:
        with self._session(write=True) as s:
            before = self._period_state(s, period_id)
            s.execute(update(PERIODS).where(PERIODS.c.id == period_id).values(closed=closed))
            old, new = ((ObjectiveState.ACTIVE, ObjectiveState.CLOSED) if closed
                        else (ObjectiveState.CLOSED, ObjectiveState.ACTIVE))
            wanted = [r["id"] for r in before.objectives
                      if (r["state"] != ObjectiveState.CLOSED.value if closed else r["state"] == old.value)]
            if wanted:
                s.execute(update(OBJECTIVES).where(OBJECTIVES.c.id.in_(wanted)).values(
                    state=new.value, revision=OBJECTIVES.c.revision + 1))
            return before

    def period_rows(self, period_id: int) -> PeriodRowsState:
        """The current rows of a period and its objectives."""
        with self._session() as s:
            return self._period_state(s, period_id)

    def restore_period_rows(self, state: PeriodRowsState) -> None:
        """Write a ``PeriodRowsState`` back exactly (every column, revisions included)."""
        with self._session(write=True) as s:
            row = state.period
            self._row(s, PERIODS, row["id"], "period")
            s.execute(update(PERIODS).where(PERIODS.c.id == row["id"]).values(
                **{k: v for k, v in row.items() if k != "id"}))
            for obj in state.objectives:
                s.execute(update(OBJECTIVES).where(OBJECTIVES.c.id == obj["id"]).values(
                    **{k: v for k, v in obj.items() if k != "id"}))

    def _period_state(self, s: Session, period_id: int) -> PeriodRowsState:
        period = self._row(s, PERIODS, period_id, "period")
        objectives = tuple(dict(r) for r in s.execute(
            select(OBJECTIVES).where(OBJECTIVES.c.period_id == period_id).order_by(OBJECTIVES.c.id)
        ).mappings())
        return PeriodRowsState(period, objectives)

    # --- carry forward ----------------------------------------------------------------

    def next_period(self, period_id: int) -> Period | None:
        """The period that starts the day after ``period_id`` ends (a quarter preferred),
        or None when there is none yet."""
        with self._session() as s:
            row = self._next_period_row(s, to_entity(Period, self._row(s, PERIODS, period_id, "period")))
            return to_entity(Period, row) if row is not None else None

    def carry_forward(self, period_id: int, objective_ids: Sequence[int],
                      starts: Mapping[int, float | None]) -> CarryRecord:
        """Copy objectives of ``period_id`` with their key results into the next period
        (created as the next calendar quarter when missing), in one transaction.

        Each copy is active, has an empty retrospective and ``carried_from_id`` =
        the original; a parent carried in the same call is replaced by its copy.
        Each key result copy starts (and stands) at ``starts[original kr id]``
        (its current value when not given); check-ins and overrides stay behind.
        """
        if not objective_ids:
            raise ValidationError("Choose at least one objective to carry forward.", "objective_ids")
        with self._session(write=True) as s:
            period = to_entity(Period, self._row(s, PERIODS, period_id, "period"))
            originals = [self._row(s, OBJECTIVES, oid, "objective") for oid in objective_ids]
            for row in originals:
                if row["period_id"] != period_id:
                    raise ValidationError(
                        f"Objective {row['ref']} is not in period {period.name}; only its own "
                        "objectives can be carried from it.", "objective_ids")
            created_period = None
            target = self._next_period_row(s, period)
            if target is None:
                name, start, end = next_quarter(period)
                self._check_unique(s, PERIODS, "name", name, None, "Period")
                new_id = s.execute(PERIODS.insert().values(
                    name=name, kind=PeriodKind.QUARTER.value, start=start, end=end, closed=False
                )).inserted_primary_key[0]
                target = created_period = self._row(s, PERIODS, new_id, "period")
            copies: dict[int, int] = {}
            for row in originals:
                position = s.execute(select(func.count()).select_from(OBJECTIVES).where(and_(
                    OBJECTIVES.c.period_id == target["id"],
                    self._same_parent(OBJECTIVES.c.team_id, row["team_id"])))).scalar_one()
                values = {k: v for k, v in row.items() if k not in ("id", "ref", "revision")}
                values.update(period_id=target["id"], state=ObjectiveState.ACTIVE.value, retrospective="",
                              position=position, carried_from_id=row["id"],
                              ref=self._next_ref(s, OBJECTIVES, "O"), revision=1)
                copies[row["id"]] = s.execute(OBJECTIVES.insert().values(**values)).inserted_primary_key[0]
            for original, copy in copies.items():
                parent = next(r["parent_id"] for r in originals if r["id"] == original)
                if parent in copies:
                    s.execute(update(OBJECTIVES).where(OBJECTIVES.c.id == copy).values(parent_id=copies[parent]))
            kr_ids: list[int] = []
            for original, copy in copies.items():
                krs = s.execute(select(KEY_RESULTS).where(KEY_RESULTS.c.objective_id == original)
                                .order_by(KEY_RESULTS.c.position, KEY_RESULTS.c.id)).mappings().all()
                for kr in krs:
                    start = starts.get(kr["id"], kr["current"])
                    values = {k: v for k, v in kr.items() if k not in ("id", "ref", "revision")}
                    values.update(objective_id=copy, start=start, current=start, confidence=None,
                                  pace_override=None, override_reason="",
                                  ref=self._next_ref(s, KEY_RESULTS, "KR"), revision=1)
                    kr_ids.append(s.execute(KEY_RESULTS.insert().values(**values)).inserted_primary_key[0])
            return CarryRecord(
                dict(created_period) if created_period is not None else None,
                tuple(self._row(s, OBJECTIVES, i, "objective") for i in copies.values()),
                tuple(self._row(s, KEY_RESULTS, i, "key result") for i in kr_ids),
            )

    def remove_carried(self, record: CarryRecord) -> None:
        """Undo ``carry_forward``: delete exactly the rows it inserted."""
        with self._session(write=True) as s:
            ids = list(record.objective_ids)
            s.execute(delete(KEY_RESULTS).where(KEY_RESULTS.c.id.in_([r["id"] for r in record.key_results])))
            s.execute(delete(OBJECTIVES).where(OBJECTIVES.c.id.in_(ids)))
            if record.period is not None:
                left = s.execute(select(func.count()).select_from(OBJECTIVES).where(
                    OBJECTIVES.c.period_id == record.period["id"])).scalar_one()
                if left:
                    raise ValidationError(
                        f"Period {record.period['name']} now holds other objectives; "
                        "remove them before undoing the carry forward.", "period")
                s.execute(delete(PERIODS).where(PERIODS.c.id == record.period["id"]))

    def restore_carried(self, record: CarryRecord) -> None:
        """Redo ``carry_forward``: insert the same rows again with the same ids."""
        with self._session(write=True) as s:
            if record.period is not None:
                self._insert_rows(s, PERIODS, [record.period])
            plain = [{**r, "parent_id": None} for r in record.objectives]
            self._insert_rows(s, OBJECTIVES, plain)
            for r in record.objectives:
                if r["parent_id"] is not None:
                    s.execute(update(OBJECTIVES).where(OBJECTIVES.c.id == r["id"]).values(parent_id=r["parent_id"]))
            self._insert_rows(s, KEY_RESULTS, record.key_results)

    @staticmethod
    def _next_period_row(s: Session, period: Period) -> Row | None:
        start = period.end + dt.timedelta(days=1)
        rows = s.execute(select(PERIODS).where(PERIODS.c.start == start)).mappings().all()
        if not rows:
            return None
        best = min(rows, key=lambda r: (r["kind"] != period.kind.value, r["end"], r["id"]))
        return dict(best)
