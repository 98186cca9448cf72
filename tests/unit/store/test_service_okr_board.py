"""Board moves (objectives between teams, key results between objectives) and exact
row states: a move's returned state written back leaves the file as it was."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.store.errors import NotFound, ValidationError
from okrdesk.store.workspace import Workspace

from .conftest import dump

D = dt.date


@pytest.fixture
def board(ws: Workspace):  # noqa: ANN201
    s = ws.service
    sales = s.create_team("Sales")
    ops = s.create_team("Ops")
    q1 = s.create_period("2027-Q1", D(2027, 1, 1), D(2027, 3, 31))
    objs = [s.create_objective(f"Sales {i}", q1.id, sales.id) for i in range(3)]
    ops_obj = s.create_objective("Ops 0", q1.id, ops.id)
    krs = [s.create_key_result(objs[0].id, f"KR {i}", start=0, target=10) for i in range(3)]
    return s, sales, ops, q1, objs, ops_obj, krs


def _order(s, period_id, team_id) -> list[str]:
    return [o.title for o in s.objectives(period_id=period_id, team_id=team_id)]


def test_move_objective_to_another_team_renumbers_both_columns(ws, board) -> None:
    s, sales, ops, q1, objs, ops_obj, _ = board
    before_file = dump(ws.path)
    state = s.move_objective(objs[0].id, ops.id, 0)
    assert _order(s, q1.id, ops.id) == ["Sales 0", "Ops 0"]
    assert _order(s, q1.id, sales.id) == ["Sales 1", "Sales 2"]
    assert [o.position for o in s.objectives(period_id=q1.id, team_id=sales.id)] == [0, 1]
    assert s.objective(objs[0].id).team_id == ops.id
    assert s.objective(objs[0].id).revision == objs[0].revision + 1
    assert set(state.ids) == {objs[0].id, ops_obj.id, objs[1].id, objs[2].id}
    s.restore_okr_rows(state)
    assert dump(ws.path) == before_file


def test_reorder_within_a_column_and_no_op_move(ws, board) -> None:
    s, sales, _, q1, objs, _, _ = board
    s.move_objective(objs[2].id, sales.id, 0)
    assert _order(s, q1.id, sales.id) == ["Sales 2", "Sales 0", "Sales 1"]
    s.move_objective(objs[2].id, sales.id, 99)  # clamped to the end
    assert _order(s, q1.id, sales.id) == ["Sales 0", "Sales 1", "Sales 2"]
    unchanged = dump(ws.path)
    assert s.move_objective(objs[2].id, sales.id, 2).rows == ()
    assert dump(ws.path) == unchanged


def test_move_key_result_to_another_objective_and_back_exactly(ws, board) -> None:
    s, _, _, _, objs, ops_obj, krs = board
    before_file = dump(ws.path)
    state = s.move_key_result(krs[1].id, ops_obj.id, 0)
    assert [k.title for k in s.key_results(objective_ids=[objs[0].id])] == ["KR 0", "KR 2"]
    assert [k.position for k in s.key_results(objective_ids=[objs[0].id])] == [0, 1]
    assert [k.title for k in s.key_results(objective_ids=[ops_obj.id])] == ["KR 1"]
    s.restore_okr_rows(state)
    assert dump(ws.path) == before_file


def test_moves_refuse_bad_targets_by_name(board) -> None:
    s, _, _, _, objs, _, krs = board
    with pytest.raises(NotFound, match="team with id 999"):
        s.move_objective(objs[0].id, 999, 0)
    with pytest.raises(NotFound, match="objective with id 999"):
        s.move_key_result(krs[0].id, 999, 0)
    with pytest.raises(ValidationError, match="position"):
        s.move_objective(objs[0].id, None, -1)
    with pytest.raises(ValidationError, match="cannot be restored"):
        s.okr_rows("kpi_nodes", [1])


def test_deleted_check_in_comes_back_through_its_state(ws, board) -> None:
    s, _, _, _, _, _, krs = board
    check_in = s.add_check_in(krs[0].id, D(2027, 2, 1), 4.0, 7, "halfway", "Ada")
    with_check_in = dump(ws.path)
    state = s.delete_okr_rows("check_ins", [check_in.id])
    assert s.check_ins(krs[0].id) == []
    s.restore_okr_rows(state)
    assert dump(ws.path) == with_check_in


def test_move_objective_to_another_period_and_never_into_or_out_of_a_closed_one(ws, board) -> None:
    s, sales, _, q1, objs, _, _ = board
    q2 = s.create_period("2027-Q2", D(2027, 4, 1), D(2027, 6, 30))
    q4 = s.create_period("2026-Q4", D(2026, 10, 1), D(2026, 12, 31), closed=True)
    before_file = dump(ws.path)
    state = s.move_objective(objs[1].id, sales.id, 0, period_id=q2.id)
    assert _order(s, q2.id, sales.id) == ["Sales 1"]
    assert _order(s, q1.id, sales.id) == ["Sales 0", "Sales 2"]
    assert [o.position for o in s.objectives(period_id=q1.id, team_id=sales.id)] == [0, 1]
    s.restore_okr_rows(state)
    assert dump(ws.path) == before_file
    with pytest.raises(ValidationError, match="cannot move into 2026-Q4: that period is closed"):
        s.move_objective(objs[0].id, sales.id, 0, period_id=q4.id)
    closed_obj = s.create_objective("Old", q4.id, sales.id)
    unchanged = dump(ws.path)
    with pytest.raises(ValidationError, match="cannot move out of 2026-Q4"):
        s.move_objective(closed_obj.id, sales.id, 0, period_id=q1.id)
    assert dump(ws.path) == unchanged


def test_check_in_points_are_the_check_ins_as_plain_tuples(ws, board) -> None:
    s, _, _, q1, objs, _, krs = board
    q2 = s.create_period("2027-Q2", D(2027, 4, 1), D(2027, 6, 30))
    later = s.create_objective("Later", q2.id, None)
    other = s.create_key_result(later.id, "Other", start=0, target=5)
    s.add_check_in(krs[1].id, D(2027, 2, 1), 4.0, 6.0)
    s.add_check_in(krs[0].id, D(2027, 1, 20), 2.0)
    s.add_check_in(krs[1].id, D(2027, 1, 10), 3.0, 5.0)
    s.add_check_in(other.id, D(2027, 4, 10), 1.0, 9.0)
    expected = [(c.key_result_id, c.date, c.value, c.confidence) for c in s.check_ins(period_id=q1.id)]
    assert s.check_in_points(q1.id) == expected == [
        (krs[0].id, D(2027, 1, 20), 2.0, None), (krs[1].id, D(2027, 1, 10), 3.0, 5.0),
        (krs[1].id, D(2027, 2, 1), 4.0, 6.0)]
    assert len(s.check_in_points()) == 4
