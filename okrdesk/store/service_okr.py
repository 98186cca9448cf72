"""OKRs: periods, objectives, key results and check-ins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.orm import Session

from okrdesk.domain.entities import (
    CheckIn,
    KeyResult,
    KeyResultKind,
    Objective,
    ObjectiveState,
    ObjectiveType,
    Pace,
    Period,
    PeriodKind,
)

from .convert import CHECK_INS, KEY_RESULTS, OBJECTIVES, PERIODS, TABLES, to_entity
from .errors import ValidationError
from .service_okr_board import OkrBoardService
from .service_okr_close import OkrCloseService
from .snapshots import KeyResultSnapshot, ObjectiveSnapshot
from .validation import Choice, Day, Flag, Number, Position, Ref, Rule, Text, check_refs, clean

PERIOD_RULES: dict[str, Rule] = {
    "name": Text(64, required=True),
    "kind": Choice(PeriodKind),
    "start": Day(),
    "end": Day(),
    "closed": Flag(),
}
OBJECTIVE_RULES: dict[str, Rule] = {
    "ref": Text(32, required=True),
    "title": Text(required=True),
    "period_id": Ref("periods", "period"),
    "team_id": Ref("teams", "team"),
    "owner_id": Ref("people", "person"),
    "description": Text(),
    "parent_id": Ref("objectives", "objective"),
    "type": Choice(ObjectiveType),
    "state": Choice(ObjectiveState),
    "retrospective": Text(),
    "position": Position(),
    "carried_from_id": Ref("objectives", "objective"),
}
KEY_RESULT_RULES: dict[str, Rule] = {
    "ref": Text(32, required=True),
    "objective_id": Ref("objectives", "objective", optional=False),
    "title": Text(required=True),
    "kind": Choice(KeyResultKind),
    "start": Number(optional=True),
    "target": Number(optional=True),
    "current": Number(optional=True),
    "unit": Text(32),
    "owner_id": Ref("people", "person"),
    "weight": Number(minimum=0),
    "kpi_node_id": Ref("kpi_nodes", "KPI node"),
    "confidence": Number(optional=True, minimum=0, maximum=10),
    "position": Position(),
    "pace_override": Choice(Pace, optional=True),
    "override_reason": Text(),
}
CHECK_IN_RULES: dict[str, Rule] = {
    "date": Day(),
    "value": Number(),
    "confidence": Number(optional=True, minimum=0, maximum=10),
    "comment": Text(),
    "author": Text(200),
}


class OkrService(OkrBoardService, OkrCloseService):
    """Periods, objectives, key results, check-ins (board moves and exact row states
    for undo come from ``OkrBoardService``; closing periods and carrying objectives
    forward from ``OkrCloseService``)."""

    # --- periods --------------------------------------------------------------------

    def periods(self) -> list[Period]:
        """Every period by start date, then end, then id."""
        with self._session() as s:
            rows = s.execute(select(PERIODS).order_by(PERIODS.c.start, PERIODS.c.end, PERIODS.c.id))
            return [to_entity(Period, r) for r in rows.mappings()]

    def period_for(self, date: dt.date) -> Period | None:
        """The shortest period containing ``date`` (a quarter before its year), or None."""
        date = Day().clean(date, "date", "Period lookup")
        with self._session() as s:
            rows = s.execute(
                select(PERIODS).where(and_(PERIODS.c.start <= date, PERIODS.c.end >= date))
            ).mappings().all()
        if not rows:
            return None
        best = min(rows, key=lambda r: ((r["end"] - r["start"]).days, r["start"], r["id"]))
        return to_entity(Period, best)

    def create_period(
        self, name: str, start: dt.date, end: dt.date, kind: PeriodKind | str = PeriodKind.QUARTER,
        closed: bool = False,
    ) -> Period:
        """Add a period (``end`` inclusive, not before ``start``)."""
        values = clean(PERIOD_RULES, {"name": name, "start": start, "end": end, "kind": kind,
                                      "closed": closed}, f"Period {name!r}")
        _check_dates(values["start"], values["end"], values["name"])
        with self._session(write=True) as s:
            self._check_unique(s, PERIODS, "name", values["name"], None, "Period")
            new_id = s.execute(PERIODS.insert().values(**values)).inserted_primary_key[0]
            return to_entity(Period, self._row(s, PERIODS, new_id, "period"))

    def update_period(self, period_id: int, **changes: Any) -> Period:
        """Change a period's name, kind, dates or closed flag."""
        values = clean(PERIOD_RULES, changes, f"Period {period_id}")
        with self._session(write=True) as s:
            row = self._row(s, PERIODS, period_id, "period")
            merged = {**row, **values}
            _check_dates(merged["start"], merged["end"], merged["name"])
            if "name" in values:
                self._check_unique(s, PERIODS, "name", values["name"], period_id, "Period")
            return to_entity(Period, self._apply_update(s, PERIODS, row, values))

    def delete_period(self, period_id: int) -> Period:
        """Delete a period; its objectives keep existing without a period."""
        with self._session(write=True) as s:
            row = self._row(s, PERIODS, period_id, "period")
            s.execute(delete(PERIODS).where(PERIODS.c.id == period_id))
            return to_entity(Period, row)

    # --- objectives -----------------------------------------------------------------

    def objectives(self, period_id: int | None = None, team_id: int | None = None) -> list[Objective]:
        """Objectives, optionally of one period and/or team, by period, team, position, id."""
        stmt = select(OBJECTIVES)
        if period_id is not None:
            stmt = stmt.where(OBJECTIVES.c.period_id == period_id)
        if team_id is not None:
            stmt = stmt.where(OBJECTIVES.c.team_id == team_id)
        stmt = stmt.order_by(OBJECTIVES.c.period_id, OBJECTIVES.c.team_id,
                             OBJECTIVES.c.position, OBJECTIVES.c.id)
        with self._session() as s:
            return [to_entity(Objective, r) for r in s.execute(stmt).mappings()]

    def create_objective(
        self, title: str, period_id: int | None = None, team_id: int | None = None,
        ref: str | None = None, **fields: Any,
    ) -> Objective:
        """Add an objective; ``ref`` is the next ``O-0001`` style one when not given.

        ``fields``: owner_id, description, parent_id, type, state, retrospective,
        position (appended to its period and team when not given), carried_from_id.
        """
        given = {**fields, "title": title, "period_id": period_id, "team_id": team_id}
        if ref is not None:
            given["ref"] = ref
        values = clean(OBJECTIVE_RULES, given, "Objective")
        with self._session(write=True) as s:
            check_refs(s, OBJECTIVE_RULES, values, TABLES)
            if "ref" in values:
                self._check_unique(s, OBJECTIVES, "ref", values["ref"], None, "Objective")
            else:
                values["ref"] = self._next_ref(s, OBJECTIVES, "O")
            if "position" not in values:
                values["position"] = s.execute(
                    select(func.count()).select_from(OBJECTIVES).where(and_(
                        self._same_parent(OBJECTIVES.c.period_id, values["period_id"]),
                        self._same_parent(OBJECTIVES.c.team_id, values["team_id"]),
                    ))
                ).scalar_one()
            row = {"description": "", "type": ObjectiveType.COMMITTED.value,
                   "state": ObjectiveState.ACTIVE.value, "retrospective": "", **values,
                   "revision": 1}
            new_id = s.execute(OBJECTIVES.insert().values(**row)).inserted_primary_key[0]
            return to_entity(Objective, self._row(s, OBJECTIVES, new_id, "objective"))

    def update_objective(self, objective_id: int, **changes: Any) -> Objective:
        """Change any objective field (its ref too, if the new one is free)."""
        values = clean(OBJECTIVE_RULES, changes, f"Objective {objective_id}")
        with self._session(write=True) as s:
            row = self._row(s, OBJECTIVES, objective_id, "objective")
            check_refs(s, OBJECTIVE_RULES, values, TABLES)
            if "ref" in values:
                self._check_unique(s, OBJECTIVES, "ref", values["ref"], objective_id, "Objective")
            if values.get("parent_id") is not None:
                self._refuse_objective_cycle(s, objective_id, values["parent_id"])
            return to_entity(Objective, self._apply_update(s, OBJECTIVES, row, values))

    def _refuse_objective_cycle(self, s: Session, objective_id: int, parent_id: int) -> None:
        seen: set[int] = set()
        current: int | None = parent_id
        while current is not None and current not in seen:
            if current == objective_id:
                raise ValidationError(
                    f"Objective {objective_id} cannot be aligned under itself or one of the "
                    "objectives aligned under it.",
                    "parent_id",
                )
            seen.add(current)
            current = s.execute(
                select(OBJECTIVES.c.parent_id).where(OBJECTIVES.c.id == current)
            ).scalar()

    def delete_objective(self, objective_id: int) -> ObjectiveSnapshot:
        """Delete an objective with its key results and check-ins; returns what undo needs."""
        with self._session(write=True) as s:
            row = self._row(s, OBJECTIVES, objective_id, "objective")
            krs = [dict(r) for r in s.execute(
                select(KEY_RESULTS).where(KEY_RESULTS.c.objective_id == objective_id)
                .order_by(KEY_RESULTS.c.id)
            ).mappings()]
            snaps = tuple(KeyResultSnapshot(kr, self._check_in_rows(s, kr["id"])) for kr in krs)
            children = tuple(s.execute(select(OBJECTIVES.c.id).where(
                OBJECTIVES.c.parent_id == objective_id).order_by(OBJECTIVES.c.id)).scalars())
            carried = tuple(s.execute(select(OBJECTIVES.c.id).where(
                OBJECTIVES.c.carried_from_id == objective_id).order_by(OBJECTIVES.c.id)).scalars())
            s.execute(delete(OBJECTIVES).where(OBJECTIVES.c.id == objective_id))
            return ObjectiveSnapshot(row, snaps, children, carried)

    def restore_objective(self, snapshot: ObjectiveSnapshot) -> Objective:
        """Undo ``delete_objective``: the same rows with the same ids come back."""
        row = snapshot.objective
        with self._session(write=True) as s:
            self._check_free(s, OBJECTIVES, row, "objective")
            check_refs(s, OBJECTIVE_RULES, {k: row[k] for k in
                       ("period_id", "team_id", "owner_id", "parent_id", "carried_from_id")}, TABLES)
            self._insert_rows(s, OBJECTIVES, [row])
            for kr in snapshot.key_results:
                self._restore_kr_rows(s, kr)
            for col, ids in ((OBJECTIVES.c.parent_id, snapshot.child_ids),
                             (OBJECTIVES.c.carried_from_id, snapshot.carried_ids)):
                if ids:
                    s.execute(update(OBJECTIVES).where(and_(OBJECTIVES.c.id.in_(ids), col.is_(None)))
                              .values({col.name: row["id"]}))
            return to_entity(Objective, self._row(s, OBJECTIVES, row["id"], "objective"))

    # --- key results ----------------------------------------------------------------

    def key_results(
        self, objective_ids: Sequence[int] | None = None, period_id: int | None = None
    ) -> list[KeyResult]:
        """Key results, optionally of some objectives and/or of one period's objectives."""
        stmt = select(KEY_RESULTS)
        if objective_ids is not None:
            stmt = stmt.where(KEY_RESULTS.c.objective_id.in_(list(objective_ids)))
        if period_id is not None:
            stmt = stmt.where(KEY_RESULTS.c.objective_id.in_(
                select(OBJECTIVES.c.id).where(OBJECTIVES.c.period_id == period_id)))
        stmt = stmt.order_by(KEY_RESULTS.c.objective_id, KEY_RESULTS.c.position, KEY_RESULTS.c.id)
        with self._session() as s:
            return [to_entity(KeyResult, r) for r in s.execute(stmt).mappings()]

    def create_key_result(
        self, objective_id: int, title: str, ref: str | None = None, **fields: Any
    ) -> KeyResult:
        """Add a key result to an objective; ``ref`` is the next ``KR-0001`` when not given.

        ``fields``: kind, start, target, current, unit, owner_id, weight,
        kpi_node_id, confidence (0..10), position (appended), pace_override,
        override_reason.
        """
        given = {**fields, "objective_id": objective_id, "title": title}
        if ref is not None:
            given["ref"] = ref
        values = clean(KEY_RESULT_RULES, given, "Key result")
        with self._session(write=True) as s:
            check_refs(s, KEY_RESULT_RULES, values, TABLES)
            if "ref" in values:
                self._check_unique(s, KEY_RESULTS, "ref", values["ref"], None, "Key result")
            else:
                values["ref"] = self._next_ref(s, KEY_RESULTS, "KR")
            if "position" not in values:
                values["position"] = s.execute(
                    select(func.count()).select_from(KEY_RESULTS)
                    .where(KEY_RESULTS.c.objective_id == objective_id)
                ).scalar_one()
            row = {"kind": KeyResultKind.METRIC.value, "unit": "", "weight": 1.0,
                   "override_reason": "", **values, "revision": 1}
            new_id = s.execute(KEY_RESULTS.insert().values(**row)).inserted_primary_key[0]
            return to_entity(KeyResult, self._row(s, KEY_RESULTS, new_id, "key result"))

    def update_key_result(self, key_result_id: int, **changes: Any) -> KeyResult:
        """Change any key-result field (``objective_id`` moves it to another objective)."""
        values = clean(KEY_RESULT_RULES, changes, f"Key result {key_result_id}")
        with self._session(write=True) as s:
            row = self._row(s, KEY_RESULTS, key_result_id, "key result")
            check_refs(s, KEY_RESULT_RULES, values, TABLES)
            if "ref" in values:
                self._check_unique(s, KEY_RESULTS, "ref", values["ref"], key_result_id, "Key result")
            return to_entity(KeyResult, self._apply_update(s, KEY_RESULTS, row, values))

    def delete_key_result(self, key_result_id: int) -> KeyResultSnapshot:
        """Delete a key result with its check-ins; returns what undo needs."""
        with self._session(write=True) as s:
            row = self._row(s, KEY_RESULTS, key_result_id, "key result")
            snap = KeyResultSnapshot(row, self._check_in_rows(s, key_result_id))
            s.execute(delete(KEY_RESULTS).where(KEY_RESULTS.c.id == key_result_id))
            return snap

    def restore_key_result(self, snapshot: KeyResultSnapshot) -> KeyResult:
        """Undo ``delete_key_result``: the same rows with the same ids come back."""
        with self._session(write=True) as s:
            self._restore_kr_rows(s, snapshot)
            kr_id = snapshot.key_result["id"]
            return to_entity(KeyResult, self._row(s, KEY_RESULTS, kr_id, "key result"))

    # --- check-ins ------------------------------------------------------------------

    def check_ins(
        self, key_result_id: int | None = None, period_id: int | None = None
    ) -> list[CheckIn]:
        """Check-ins, optionally of one key result and/or one period's objectives, by date."""
        stmt = select(CHECK_INS)
        if key_result_id is not None:
            stmt = stmt.where(CHECK_INS.c.key_result_id == key_result_id)
        if period_id is not None:
            stmt = stmt.where(CHECK_INS.c.key_result_id.in_(
                select(KEY_RESULTS.c.id).join(OBJECTIVES, KEY_RESULTS.c.objective_id == OBJECTIVES.c.id)
                .where(OBJECTIVES.c.period_id == period_id)))
        stmt = stmt.order_by(CHECK_INS.c.key_result_id, CHECK_INS.c.date, CHECK_INS.c.id)
        with self._session() as s:
            return [to_entity(CheckIn, r) for r in s.execute(stmt).mappings()]

    def check_in_points(self, period_id: int | None = None) -> list[tuple[int, dt.date, float, float | None]]:
        """(key result id, date, value, confidence) of every check-in (of one period's
        objectives), by key result then date: what the board scores from, read without
        building a ``CheckIn`` per row (the firm demo has 20,000, the stress one 100,000)."""
        c = CHECK_INS.c
        stmt = select(c.key_result_id, c.date, c.value, c.confidence)
        if period_id is not None:
            stmt = stmt.where(c.key_result_id.in_(
                select(KEY_RESULTS.c.id).join(OBJECTIVES, KEY_RESULTS.c.objective_id == OBJECTIVES.c.id)
                .where(OBJECTIVES.c.period_id == period_id)))
        stmt = stmt.order_by(c.key_result_id, c.date, c.id)
        with self._session() as s:
            return [tuple(row) for row in s.execute(stmt)]

    def add_check_in(
        self, key_result_id: int, date: dt.date, value: float, confidence: float | None = None,
        comment: str = "", author: str = "",
    ) -> CheckIn:
        """Record a check-in. The key result's confidence follows the latest check-in and,
        for a key result not linked to a KPI node, so does its current value."""
        values = clean(CHECK_IN_RULES, {"date": date, "value": value, "confidence": confidence,
                                        "comment": comment, "author": author},
                       f"Check-in of key result {key_result_id}")
        with self._session(write=True) as s:
            self._row(s, KEY_RESULTS, key_result_id, "key result")
            new_id = s.execute(
                CHECK_INS.insert().values(key_result_id=key_result_id, created_at=_utc_now(), **values)
            ).inserted_primary_key[0]
            self._follow_latest_check_in(s, key_result_id)
            return to_entity(CheckIn, self._row(s, CHECK_INS, new_id, "check-in"))

    def delete_check_in(self, check_in_id: int) -> CheckIn:
        """Delete a check-in; an unlinked key result's current value falls back to the
        latest remaining check-in (and stays as it is when none remains)."""
        with self._session(write=True) as s:
            row = self._row(s, CHECK_INS, check_in_id, "check-in")
            s.execute(delete(CHECK_INS).where(CHECK_INS.c.id == check_in_id))
            self._follow_latest_check_in(s, row["key_result_id"])
            return to_entity(CheckIn, row)

    # --- helpers --------------------------------------------------------------------

    def _follow_latest_check_in(self, s: Session, key_result_id: int) -> None:
        latest = s.execute(
            select(CHECK_INS.c.value, CHECK_INS.c.confidence)
            .where(CHECK_INS.c.key_result_id == key_result_id)
            .order_by(CHECK_INS.c.date.desc(), CHECK_INS.c.id.desc()).limit(1)
        ).first()
        if latest is None:
            return
        kr = self._row(s, KEY_RESULTS, key_result_id, "key result")
        changes: dict[str, Any] = {}
        if kr["kpi_node_id"] is None:
            changes["current"] = latest.value
        if latest.confidence is not None:
            changes["confidence"] = latest.confidence
        self._apply_update(s, KEY_RESULTS, kr, changes)

    @staticmethod
    def _check_in_rows(s: Session, key_result_id: int) -> tuple[dict[str, Any], ...]:
        return tuple(dict(r) for r in s.execute(
            select(CHECK_INS).where(CHECK_INS.c.key_result_id == key_result_id).order_by(CHECK_INS.c.id)
        ).mappings())

    def _check_free(self, s: Session, table: Any, row: dict[str, Any], kind: str) -> None:
        if s.execute(select(table.c.id).where(table.c.id == row["id"])).first() is not None:
            raise ValidationError(f"Cannot restore: {kind} id {row['id']} is in use.", "id")
        self._check_unique(s, table, "ref", row["ref"], None, f"Cannot restore {kind}")

    def _restore_kr_rows(self, s: Session, snap: KeyResultSnapshot) -> None:
        row = snap.key_result
        self._check_free(s, KEY_RESULTS, row, "key result")
        refs = {k: row[k] for k in ("objective_id", "owner_id")}
        check_refs(s, KEY_RESULT_RULES, refs, TABLES)
        if row["kpi_node_id"] is not None and s.execute(
            select(TABLES["kpi_nodes"].c.id).where(TABLES["kpi_nodes"].c.id == row["kpi_node_id"])
        ).first() is None:
            row = {**row, "kpi_node_id": None}  # its KPI node was deleted since
        self._insert_rows(s, KEY_RESULTS, [row])
        self._insert_rows(s, CHECK_INS, snap.check_ins)


def _utc_now() -> dt.datetime:
    """Now in UTC as a naive datetime, like SQL CURRENT_TIMESTAMP, written by SQLAlchemy
    so that a snapshot restores it byte-for-byte."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _check_dates(start: dt.date, end: dt.date, name: str) -> None:
    if end < start:
        raise ValidationError(
            f"Period {name!r}: the end ({end}) is before the start ({start}).", "end"
        )
