"""BoardReadModel on a small hand-built workspace with hand-computed scores.

Period 2027-Q1 runs 1 January – 31 March (90 days); on 14 February 45 days
have begun, so the expected progress is 45 / 90 = 0.5.

Sales · "Win the mid-market" (Ana, committed), expected 0.5:
  KR1 metric 0 → 200, check-ins 20 then 50 (conf 5, 6)  progress 0.25  weight 1  at risk (gap 0.25)
  KR2 decreasing 10 → 4, current 7 (conf 9)              progress 0.5   weight 2  on track
  KR3 milestone done                                     progress 1.0   weight 1  on track
  score (0.25·1 + 0.5·2 + 1·1) / 4 = 0.5625 amber, pace on track, confidence (6·1 + 9·2) / 3 = 8
Sales · "Grow revenue" (Ben, aspirational, aligned under the company objective):
  KR1 linked to REV (Dec 100, Jan 110, Feb 130, Mar 999 not yet) → 150: start 100
      (the value at the period start: the December bucket, the last one that
      ends before 1 January), current 130 (latest bucket started by today),
      progress 30 / 50 = 0.6, on track
  KR2 metric 0 → 100, current 10, override "on track" (computed: off track)
  score (0.6 + 0.1) / 2 = 0.35 red, pace at risk (gap 0.15)
Company · "Become the category leader" (Ana): KR 0 → 10, current 1: 0.1, red, off track.
2027-Q2 · one objective that must not appear on the Q1 board.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from okrdesk.domain.entities import KeyResultKind, ObjectiveType, Pace, Status
from okrdesk.store.readmodels.okrs import BoardReadModel
from okrdesk.store.workspace import Workspace

TODAY = dt.date(2027, 2, 14)


@pytest.fixture()
def built(tmp_path: Path):
    ws = Workspace.create(tmp_path / "hand.okrdesk")
    svc = ws.service
    company = svc.create_team("Company")
    sales = svc.create_team("Sales", parent_id=company.id)
    ana = svc.create_person("Ana Alves", team_id=sales.id)
    ben = svc.create_person("Ben Berg", team_id=sales.id)
    q1 = svc.create_period("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    q2 = svc.create_period("2027-Q2", dt.date(2027, 4, 1), dt.date(2027, 6, 30))
    rev = svc.create_node("REV", "Revenue", kind="kpi", unit="k€", aggregation="sum")
    for day, value in ((dt.date(2026, 12, 1), 100), (dt.date(2027, 1, 1), 110),
                       (dt.date(2027, 2, 1), 130), (dt.date(2027, 3, 1), 999)):
        svc.set_measurement(rev.id, day, value)

    top = svc.create_objective("Become the category leader", q1.id, company.id, owner_id=ana.id)
    svc.create_key_result(top.id, "Referenceable customers", start=0, target=10, current=1)

    mid = svc.create_objective("Win the mid-market", q1.id, sales.id, owner_id=ana.id, position=0)
    kr1 = svc.create_key_result(mid.id, "Qualified pipeline", start=0, target=200, current=0, weight=1)
    svc.add_check_in(kr1.id, dt.date(2027, 1, 15), 20, confidence=5)
    svc.add_check_in(kr1.id, dt.date(2027, 2, 1), 50, confidence=6)
    svc.create_key_result(mid.id, "Days to quote", start=10, target=4, current=7, weight=2, confidence=9)
    svc.create_key_result(mid.id, "Pricing page live", kind="milestone", current=1, weight=1)

    grow = svc.create_objective("Grow revenue", q1.id, sales.id, owner_id=ben.id, position=1,
                                type="aspirational", parent_id=top.id)
    svc.create_key_result(grow.id, "Monthly revenue", start=0, target=150, current=0,
                          kpi_node_id=rev.id, owner_id=ben.id)
    svc.create_key_result(grow.id, "Partners signed", start=0, target=100, current=10,
                          pace_override="on_track", override_reason="Three deals close in March")

    later = svc.create_objective("Next quarter", q2.id, sales.id, owner_id=ben.id)
    svc.create_key_result(later.id, "Anything", start=0, target=1, current=0)
    yield ws, {"q1": q1, "q2": q2, "top": top, "mid": mid, "grow": grow, "later": later,
               "company": company, "sales": sales}
    ws.close()


def test_weighted_score_decreasing_target_and_milestone(built) -> None:
    ws, ids = built
    board = BoardReadModel.load(ws.service, ids["q1"], TODAY)
    card = board.card(ids["mid"].id)
    progress = [row.progress for row in card.key_results]
    assert progress == pytest.approx([0.25, 0.5, 1.0])
    assert [row.kr.kind for row in card.key_results][2] == KeyResultKind.MILESTONE
    assert card.key_results[0].expected == pytest.approx(0.5)
    assert [row.pace for row in card.key_results] == [Pace.AT_RISK, Pace.ON_TRACK, Pace.ON_TRACK]
    assert card.score == pytest.approx(0.5625)
    assert card.band == Status.AMBER
    assert card.pace == Pace.ON_TRACK
    assert card.confidence == pytest.approx(8.0)
    assert card.owner_name == "Ana Alves" and card.team_name == "Sales"
    # Check-ins are the history of an unlinked key result; its current follows the latest one.
    assert card.key_results[0].history == ((dt.date(2027, 1, 15), 20.0), (dt.date(2027, 2, 1), 50.0))
    assert card.key_results[0].current == 50.0


def test_linked_key_result_and_override(built) -> None:
    ws, ids = built
    board = BoardReadModel.load(ws.service, ids["q1"], TODAY)
    card = board.card(ids["grow"].id)
    linked, overridden = card.key_results
    assert linked.linked_code == "REV"
    assert (linked.start, linked.current) == (100.0, 130.0)
    assert linked.progress == pytest.approx(0.6)
    assert linked.history == ((dt.date(2027, 1, 1), 110.0), (dt.date(2027, 2, 1), 130.0))
    assert overridden.progress == pytest.approx(0.1)
    assert overridden.pace == Pace.ON_TRACK  # the owner's override wins over "off track"
    assert card.score == pytest.approx(0.35)
    assert card.band == Status.RED
    assert card.pace == Pace.AT_RISK
    assert card.objective.type == ObjectiveType.ASPIRATIONAL
    assert card.parent_title == "Become the category leader"


def test_grouping_counts_and_at_risk(built) -> None:
    ws, ids = built
    board = BoardReadModel.load(ws.service, ids["q1"], TODAY)
    assert ids["later"].id not in {c.objective.id for c in board.cards}
    groups = [(team.name, [c.objective.title for c in cards]) for team, cards in board.by_team()]
    assert groups == [
        ("Company", ["Become the category leader"]),
        ("Sales", ["Win the mid-market", "Grow revenue"]),
    ]
    top = board.card(ids["top"].id)
    assert top.score == pytest.approx(0.1) and top.pace == Pace.OFF_TRACK
    assert board.pace_counts() == {Pace.ON_TRACK: 1, Pace.AT_RISK: 1, Pace.OFF_TRACK: 1}
    assert [c.objective.title for c in board.at_risk()] == ["Become the category leader", "Grow revenue"]
    scores = {team.name: mean for team, mean, _count in board.team_scores()}
    assert scores["Sales"] == pytest.approx((0.5625 + 0.35) / 2)


def test_all_periods_and_future_period(built) -> None:
    ws, ids = built
    everything = BoardReadModel.load(ws.service, None, TODAY)
    assert {c.objective.id for c in everything.cards} == {
        ids[k].id for k in ("top", "mid", "grow", "later")
    }
    # Q2 has not started on TODAY: nothing is expected yet, so it is on track.
    later = everything.card(ids["later"].id)
    assert later.period is not None and later.period.name == "2027-Q2"
    assert later.key_results[0].expected == 0.0
    assert later.pace == Pace.ON_TRACK
    with pytest.raises(KeyError, match="objective 999999"):
        everything.card(999999)


def test_teams_without_objectives_still_get_a_column(built) -> None:
    ws, ids = built
    board = BoardReadModel.load(ws.service, ids["q2"], TODAY)
    assert [(team.name, len(cards)) for team, cards in board.by_team()] == [("Company", 0), ("Sales", 1)]
    assert board.pace_counts() == {Pace.ON_TRACK: 1, Pace.AT_RISK: 0, Pace.OFF_TRACK: 0}
