"""Periods, objectives, key results, check-ins; settings, teams, people, profiles."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.domain.entities import (
    Grain, KeyResultKind, ObjectiveState, ObjectiveType, Pace, PeriodKind,
)
from okrdesk.store.errors import NotFound, ValidationError
from okrdesk.store.workspace import Workspace

from .conftest import dump

D = dt.date


def _okrs(ws: Workspace):  # noqa: ANN202
    s = ws.service
    team = s.create_team("Sales")
    ada = s.create_person("Ada", email="ada@example.com", team_id=team.id)
    q1 = s.create_period("2027-Q1", D(2027, 1, 1), D(2027, 3, 31))
    year = s.create_period("2027", D(2027, 1, 1), D(2027, 12, 31), kind="year")
    company = s.create_objective("Win the market", period_id=year.id)
    obj = s.create_objective("Grow sales", period_id=q1.id, team_id=team.id, owner_id=ada.id,
                             parent_id=company.id, type=ObjectiveType.ASPIRATIONAL)
    node = s.create_node("REV", "Revenue")
    kr1 = s.create_key_result(obj.id, "Revenue to 1M", start=0, target=1e6, unit="EUR",
                              kind="currency", kpi_node_id=node.id)
    kr2 = s.create_key_result(obj.id, "Ship pricing page", kind=KeyResultKind.MILESTONE,
                              start=0, target=1)
    return s, team, ada, q1, year, company, obj, node, kr1, kr2


def test_okr_round_trip(ws: Workspace) -> None:
    s, team, ada, q1, year, company, obj, node, kr1, kr2 = _okrs(ws)
    assert [p.name for p in s.periods()] == ["2027-Q1", "2027"]
    assert s.periods()[1].kind is PeriodKind.YEAR
    assert s.period_for(D(2027, 2, 1)) == q1
    assert s.period_for(D(2027, 7, 1)) == year
    assert s.period_for(D(2030, 1, 1)) is None
    assert company.ref == "O-0001" and obj.ref == "O-0002"
    assert obj.type is ObjectiveType.ASPIRATIONAL and obj.state is ObjectiveState.ACTIVE
    assert (kr1.ref, kr2.ref) == ("KR-0001", "KR-0002") and (kr1.position, kr2.position) == (0, 1)
    assert kr1.kind is KeyResultKind.CURRENCY
    assert s.objectives(period_id=q1.id) == [obj]
    assert s.objectives(team_id=team.id) == [obj]
    assert s.key_results(objective_ids=[obj.id]) == [kr1, kr2]
    assert s.key_results(period_id=year.id) == []
    custom = s.create_objective("Custom ref", ref="SALES-1")
    assert custom.ref == "SALES-1"
    assert s.create_objective("Next").ref == "O-0003"


def test_okr_validation_changes_nothing(ws: Workspace) -> None:
    s, team, ada, q1, year, company, obj, node, kr1, kr2 = _okrs(ws)
    before = dump(ws.path)
    with pytest.raises(ValidationError, match="end .* before the start"):
        s.create_period("Bad", D(2027, 2, 1), D(2027, 1, 1))
    with pytest.raises(ValidationError, match="already used"):
        s.create_period("2027-q1", D(2027, 1, 1), D(2027, 3, 31))
    with pytest.raises(ValidationError, match="before the start"):
        s.update_period(q1.id, end=D(2026, 1, 1))
    with pytest.raises(ValidationError, match="title must not be empty"):
        s.create_objective(" ")
    with pytest.raises(NotFound, match="period with id 99"):
        s.create_objective("X", period_id=99)
    with pytest.raises(ValidationError, match="already used"):
        s.create_objective("X", ref="o-0001")
    with pytest.raises(ValidationError, match="under itself"):
        s.update_objective(company.id, parent_id=obj.id)
    with pytest.raises(ValidationError, match="confidence must be at most 10"):
        s.create_key_result(obj.id, "KR", confidence=11)
    with pytest.raises(ValidationError, match="weight must be at least 0"):
        s.update_key_result(kr1.id, weight=-1)
    with pytest.raises(ValidationError, match="pace_override"):
        s.update_key_result(kr1.id, pace_override="late")
    with pytest.raises(NotFound):
        s.create_key_result(1234, "KR")
    with pytest.raises(NotFound):
        s.add_check_in(1234, D(2027, 1, 1), 1)
    assert dump(ws.path) == before


def test_updates_bump_revision(ws: Workspace) -> None:
    s, team, ada, q1, year, company, obj, node, kr1, kr2 = _okrs(ws)
    o = s.update_objective(obj.id, state="closed", retrospective="Went well")
    assert o.revision == 2 and o.state is ObjectiveState.CLOSED
    k = s.update_key_result(kr2.id, pace_override=Pace.AT_RISK, override_reason="late vendor")
    assert k.revision == 2 and k.pace_override is Pace.AT_RISK
    assert s.update_key_result(kr2.id, pace_override=None).pace_override is None
    assert s.update_period(q1.id, closed=True).closed is True


def test_check_ins_update_unlinked_key_results(ws: Workspace) -> None:
    s, team, ada, q1, year, company, obj, node, kr1, kr2 = _okrs(ws)
    c1 = s.add_check_in(kr2.id, D(2027, 2, 1), 0, confidence=4, comment="started", author="Ada")
    c2 = s.add_check_in(kr2.id, D(2027, 3, 1), 1, confidence=9)
    s.add_check_in(kr2.id, D(2027, 1, 15), 0.5)  # back-dated: the latest stays current
    kr = s.key_results(objective_ids=[obj.id])[1]
    assert (kr.current, kr.confidence) == (1.0, 9.0)
    assert [c.date for c in s.check_ins(kr2.id)] == [D(2027, 1, 15), D(2027, 2, 1), D(2027, 3, 1)]
    assert c1.comment == "started" and c1.author == "Ada"
    assert s.delete_check_in(c2.id) == c2
    kr = s.key_results(objective_ids=[obj.id])[1]
    assert (kr.current, kr.confidence) == (0.0, 4.0)
    s.add_check_in(kr1.id, D(2027, 2, 1), 500, confidence=6)
    linked = s.key_results(objective_ids=[obj.id])[0]
    assert linked.current is None and linked.confidence == 6.0  # linked: value comes from the KPI
    assert len(s.check_ins(period_id=q1.id)) == 3 and s.check_ins(period_id=year.id) == []


def test_delete_and_restore_objective_and_key_result(ws: Workspace) -> None:
    s, team, ada, q1, year, company, obj, node, kr1, kr2 = _okrs(ws)
    s.add_check_in(kr2.id, D(2027, 2, 1), 1, confidence=5)
    s.add_check_in(kr1.id, D(2027, 2, 2), 7)
    carried = s.create_objective("Carry on", carried_from_id=obj.id)
    before = dump(ws.path)
    snap = s.delete_key_result(kr2.id)
    assert len(snap.check_ins) == 1 and len(s.key_results()) == 1
    s.restore_key_result(snap)
    assert dump(ws.path) == before
    osnap = s.delete_objective(company.id)  # obj loses its parent
    assert osnap.child_ids == (obj.id,)
    assert s.objectives(period_id=q1.id)[0].parent_id is None
    s.restore_objective(osnap)
    assert dump(ws.path) == before
    osnap = s.delete_objective(obj.id)
    assert len(osnap.key_results) == 2 and osnap.carried_ids == (carried.id,)
    assert s.counts()["check_ins"] == 0 and s.counts()["key_results"] == 0
    s.restore_objective(osnap)
    assert dump(ws.path) == before
    with pytest.raises(ValidationError, match="in use"):
        s.restore_objective(osnap)
    assert dump(ws.path) == before


def test_delete_period_keeps_objectives(ws: Workspace) -> None:
    s, team, ada, q1, year, company, obj, node, kr1, kr2 = _okrs(ws)
    assert s.delete_period(q1.id) == q1
    assert s.objectives()[1].period_id is None or s.objectives()[0].period_id is None
    with pytest.raises(NotFound):
        s.delete_period(q1.id)


def test_settings_and_grain(ws: Workspace) -> None:
    s = ws.service
    assert s.settings() == {"name": "Test"} and ws.name == "Test"
    assert s.reporting_grain() is Grain.MONTH
    s.set_setting("grain", "quarter")
    s.set_setting("currency", "EUR")
    assert s.reporting_grain() is Grain.QUARTER
    assert s.setting("currency") == "EUR" and s.setting("nope", "d") == "d"
    before = dump(ws.path)
    with pytest.raises(ValidationError, match="grain"):
        s.set_setting("grain", "fortnight")
    with pytest.raises(ValidationError, match="empty"):
        s.set_setting("", "x")
    assert dump(ws.path) == before


def test_teams_and_people(ws: Workspace) -> None:
    s = ws.service
    company = s.create_team("Company")
    sales = s.create_team("Sales", parent_id=company.id)
    emea = s.create_team("EMEA", parent_id=sales.id)
    ada = s.create_person("Ada", team_id=sales.id)
    assert [t.name for t in s.teams()] == ["Company", "Sales", "EMEA"]
    before = dump(ws.path)
    with pytest.raises(ValidationError, match="already used"):
        s.create_team("sales")
    with pytest.raises(ValidationError, match="under itself"):
        s.update_team(company.id, parent_id=emea.id)
    with pytest.raises(NotFound):
        s.create_person("Bob", team_id=77)
    assert dump(ws.path) == before
    assert s.update_team(sales.id, description="Field sales").revision == 2
    assert s.update_person(ada.id, email="ada@x.org").revision == 2
    node = s.create_node("N", "N", team_id=sales.id, owner_id=ada.id)
    assert s.delete_team(sales.id).name == "Sales"
    assert s.people()[0].team_id is None and s.kpi_node(node.id).team_id is None
    assert [t.parent_id for t in s.teams() if t.name == "EMEA"] == [None]
    assert s.delete_person(ada.id).name == "Ada"
    assert s.kpi_node(node.id).owner_id is None and s.people() == []


def test_import_profiles(ws: Workspace) -> None:
    s = ws.service
    p = s.save_import_profile("CRM monthly", {"layout": "wide", "sheet": "Export"})
    assert s.import_profiles() == [p]
    p2 = s.save_import_profile("CRM monthly", '{"layout": "long"}')
    assert p2.id == p.id and p2.definition == '{"layout": "long"}'
    with pytest.raises(ValidationError, match="not valid JSON"):
        s.save_import_profile("Bad", "{nope")
    assert s.delete_import_profile("CRM monthly") == p2
    with pytest.raises(NotFound):
        s.delete_import_profile(p.id)


def test_counts_cover_every_table(ws: Workspace) -> None:
    _okrs(ws)
    counts = ws.service.counts()
    assert counts["objectives"] == 2 and counts["key_results"] == 2 and counts["teams"] == 1
    assert set(counts) == {"settings", "teams", "people", "kpi_nodes", "influence_links",
                           "measurements", "periods", "objectives", "key_results", "check_ins",
                           "import_profiles", "value_imports"}


def test_today_is_the_frozen_as_of_date_of_a_demo_workspace(ws):
    import datetime as dt

    clock = dt.date(2030, 1, 2)
    assert ws.service.today(clock) == clock
    ws.service.set_setting("as_of", "2027-02-15")
    assert ws.service.today(clock) == dt.date(2027, 2, 15)
    ws.service.set_setting("as_of", "not a date")
    assert ws.service.today(clock) == clock
