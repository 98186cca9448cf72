"""Random board operations through ``BoardCommands`` (the path the board's dialogs,
inline rename, drops and check-ins take), undone back to the start: every table of
the workspace file is as it was, row for row (ids and revisions included); redone
to the end: as it was after the operations."""

from __future__ import annotations

import datetime as dt
import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QUndoStack

from okrdesk.domain.entities import ObjectiveState, ObjectiveType, Pace
from okrdesk.store.errors import ValidationError
from okrdesk.store.models import Base
from okrdesk.ui.okr_board.commands import BoardCommands

from .conftest import DEMO_TODAY

OPS = ("create_objective", "edit_objective", "delete_objective", "create_kr", "edit_kr", "delete_kr",
       "move_team", "reorder", "move_kr", "check_in", "override", "move_period")


def dump(path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t.name: sorted(con.execute(f'SELECT * FROM "{t.name}"').fetchall(), key=repr)
                for t in Base.metadata.sorted_tables}
    finally:
        con.close()


def _apply(cmd: BoardCommands, op: str, a: int, b: int, c: int) -> None:
    svc = cmd.service
    period = svc.period_for(DEMO_TODAY)
    objectives = svc.objectives(period_id=period.id)
    teams = svc.teams()
    krs = svc.key_results(period_id=period.id)
    obj = objectives[a % len(objectives)] if objectives else None
    kr = krs[b % len(krs)] if krs else None
    if op == "create_objective":
        cmd.create_objective(f"Objective {a}", period.id, teams[b % len(teams)].id,
                             type=ObjectiveType.ASPIRATIONAL if c % 2 else ObjectiveType.COMMITTED)
    elif op == "edit_objective" and obj:
        cmd.edit_objective(obj.id, title=f"Edited {c}", state=list(ObjectiveState)[c % 3])
    elif op == "delete_objective" and obj:
        cmd.delete_objective(obj.id)
    elif op == "create_kr" and obj:
        cmd.create_key_result(obj.id, f"KR {b}", start=0.0, target=float(c + 1), weight=1.0 + c % 3)
    elif op == "edit_kr" and kr:
        cmd.edit_key_result(kr.id, target=float(c + 5), confidence=float(c % 11))
    elif op == "delete_kr" and kr:
        cmd.delete_key_result(kr.id)
    elif op == "move_team" and obj:
        cmd.move_objective(obj.id, teams[b % len(teams)].id, c % 4)
    elif op == "reorder" and obj:
        cmd.move_objective(obj.id, obj.team_id, c % 6)
    elif op == "move_kr" and kr and obj:
        cmd.move_key_result(kr.id, obj.id, c % 4)
    elif op == "check_in" and kr:
        cmd.add_check_in(kr.id, DEMO_TODAY - dt.timedelta(days=c % 30), float(c), float(c % 11), "note", "Ada")
    elif op == "override" and kr:
        cmd.set_pace_override(kr.id, list(Pace)[c % 3] if c % 4 else None, f"reason {c}")
    elif op == "move_period":  # to an open or a closed period, or back (either way round)
        others = [p for p in svc.periods() if p.id != period.id]
        moved = svc.objectives(period_id=others[0].id) if c % 3 == 0 else []
        if moved:
            cmd.move_objective(moved[a % len(moved)].id, moved[a % len(moved)].team_id, c % 4, period.id,
                               to_period=True)
        elif obj:
            cmd.move_objective(obj.id, obj.team_id, c % 4, others[b % len(others)].id, to_period=True)


def _with_other_periods(svc) -> None:
    """An open 2027-Q2 and a closed 2026-Q4 beside the demo's quarter (made once)."""
    names = {p.name for p in svc.periods()}
    if "2027-Q2" not in names:
        svc.create_period("2027-Q2", dt.date(2027, 4, 1), dt.date(2027, 6, 30))
    if "2026-Q4" not in names:
        svc.create_period("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), closed=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 500), st.integers(0, 500),
                              st.integers(0, 500)), min_size=1, max_size=12))
def test_random_board_operations_undo_to_the_start(qapp, demo_workspace, ops) -> None:
    stack = QUndoStack()
    cmd = BoardCommands(demo_workspace.service, stack)
    _with_other_periods(demo_workspace.service)
    start = dump(demo_workspace.path)
    for op, a, b, c in ops:
        try:
            _apply(cmd, op, a, b, c)
        except ValidationError:
            pass  # a refused edit pushes nothing
    end = dump(demo_workspace.path)
    stack.setIndex(0)
    assert dump(demo_workspace.path) == start
    stack.setIndex(stack.count())
    assert dump(demo_workspace.path) == end
    stack.setIndex(0)  # the next example starts from the same workspace
    assert dump(demo_workspace.path) == start
