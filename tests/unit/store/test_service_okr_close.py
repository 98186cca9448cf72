"""Quarter close in the store: closing/reopening a period and carrying objectives to
the next one, each undone back to the exact same file contents."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.domain.entities import ObjectiveState, Period, PeriodKind
from okrdesk.store.errors import ValidationError
from okrdesk.store.service_okr_close import next_quarter
from okrdesk.store.workspace import Workspace

from .conftest import dump

D = dt.date


@pytest.fixture
def quarter(ws: Workspace):  # noqa: ANN201
    s = ws.service
    sales = s.create_team("Sales")
    q1 = s.create_period("2027-Q1", D(2027, 1, 1), D(2027, 3, 31))
    company = s.create_objective("Company", q1.id, None)
    child = s.create_objective("Child", q1.id, sales.id, parent_id=company.id)
    draft = s.create_objective("Draft", q1.id, sales.id, state=ObjectiveState.DRAFT)
    krs = [s.create_key_result(child.id, "Revenue", start=0, target=10, current=4, unit="k"),
           s.create_key_result(child.id, "Leads", start=5, target=50, current=20, weight=2)]
    s.add_check_in(krs[0].id, D(2027, 2, 1), 4, confidence=6)
    return s, sales, q1, company, child, draft, krs


def test_next_quarter_follows_the_calendar() -> None:
    q4 = Period(1, "2027-Q4", PeriodKind.QUARTER, D(2027, 10, 1), D(2027, 12, 31))
    assert next_quarter(q4) == ("2028-Q1", D(2028, 1, 1), D(2028, 3, 31))
    q1 = Period(2, "2027-Q1", PeriodKind.QUARTER, D(2027, 1, 1), D(2027, 3, 31))
    assert next_quarter(q1) == ("2027-Q2", D(2027, 4, 1), D(2027, 6, 30))


def test_close_marks_period_and_objectives_and_restore_is_exact(ws, quarter) -> None:
    s, _sales, q1, *_ = quarter
    before = dump(ws.path)
    state = s.close_period(q1.id)
    assert next(p for p in s.periods() if p.id == q1.id).closed
    assert {o.state for o in s.objectives(q1.id)} == {ObjectiveState.CLOSED}
    s.restore_period_rows(state)
    assert dump(ws.path) == before


def test_reopen_makes_closed_objectives_active(ws, quarter) -> None:
    s, _sales, q1, *_ = quarter
    s.close_period(q1.id)
    closed = dump(ws.path)
    state = s.reopen_period(q1.id)
    assert not next(p for p in s.periods() if p.id == q1.id).closed
    assert {o.state for o in s.objectives(q1.id)} == {ObjectiveState.ACTIVE}
    s.restore_period_rows(state)
    assert dump(ws.path) == closed


def test_carry_forward_creates_next_quarter_with_copies(ws, quarter) -> None:
    s, sales, q1, company, child, _draft, krs = quarter
    before = dump(ws.path)
    record = s.carry_forward(q1.id, [company.id, child.id], {krs[1].id: 23.0})
    q2 = s.next_period(q1.id)
    assert q2 is not None and (q2.name, q2.start, q2.end) == ("2027-Q2", D(2027, 4, 1), D(2027, 6, 30))
    copies = s.objectives(q2.id)
    assert [o.carried_from_id for o in copies] == [company.id, child.id]
    child_copy = next(o for o in copies if o.carried_from_id == child.id)
    company_copy = next(o for o in copies if o.carried_from_id == company.id)
    assert child_copy.parent_id == company_copy.id  # the parent was carried too
    assert child_copy.team_id == sales.id and child_copy.state == ObjectiveState.ACTIVE
    new_krs = s.key_results(objective_ids=[child_copy.id])
    assert [(k.title, k.start, k.current, k.target, k.weight) for k in new_krs] == [
        ("Revenue", 4.0, 4.0, 10.0, 1.0), ("Leads", 23.0, 23.0, 50.0, 2.0)]
    assert s.check_ins(new_krs[0].id) == []
    after = dump(ws.path)
    s.remove_carried(record)
    assert dump(ws.path) == before
    s.restore_carried(record)
    assert dump(ws.path) == after


def test_carry_into_an_existing_next_period_keeps_it(ws, quarter) -> None:
    s, _sales, q1, _company, child, _draft, _krs = quarter
    q2 = s.create_period("Spring", D(2027, 4, 1), D(2027, 6, 30))
    before = dump(ws.path)
    record = s.carry_forward(q1.id, [child.id], {})
    assert record.period is None
    assert [o.carried_from_id for o in s.objectives(q2.id)] == [child.id]
    s.remove_carried(record)
    assert dump(ws.path) == before


def test_carry_refuses_nothing_and_foreign_objectives(ws, quarter) -> None:
    s, sales, q1, *_ = quarter
    other = s.create_period("2026-Q4", D(2026, 10, 1), D(2026, 12, 31))
    stray = s.create_objective("Elsewhere", other.id, sales.id)
    with pytest.raises(ValidationError, match="at least one"):
        s.carry_forward(q1.id, [], {})
    with pytest.raises(ValidationError, match="not in period 2027-Q1"):
        s.carry_forward(q1.id, [stray.id], {})
    assert s.next_period(q1.id) is None  # nothing was created
