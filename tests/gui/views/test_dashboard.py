"""The dashboard on the workshop demo: pace counts, at-risk list, tiles, movers, team scorecard."""

from __future__ import annotations

import pytest

from okrdesk.domain.entities import ObjectiveState, Pace
from okrdesk.ui.kpi_tree.formatting import change_tone
from okrdesk.store.readmodels.okrs import BoardReadModel
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.ui.dashboards import DashboardView
from okrdesk.ui.dashboards.overview_data import headline_kpis

from .conftest import DEMO_TODAY


@pytest.fixture
def dashboard(qtbot, demo_ctx):
    view = DashboardView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    view.set_period(demo_ctx.service.period_for(DEMO_TODAY))
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def model(demo_ctx):
    period = demo_ctx.service.period_for(DEMO_TODAY)
    return BoardReadModel.load(demo_ctx.service, period, DEMO_TODAY)


def test_pace_counts_match_the_scored_objectives(dashboard, model, demo_ctx) -> None:
    counts = dashboard.pace_summary.counts()
    assert counts == model.pace_counts()
    by_hand = {pace: sum(1 for c in model.cards if c.pace == pace) for pace in Pace}
    assert counts == by_hand
    period = demo_ctx.service.period_for(DEMO_TODAY)
    objectives = demo_ctx.service.objectives(period_id=period.id)
    # Every objective of the period is counted, except drafts (not yet committed: no pace).
    paced = [o for o in objectives if o.state != ObjectiveState.DRAFT]
    assert sum(counts.values()) == len(paced)
    assert all(c.pace is None for c in model.cards if c.objective.state == ObjectiveState.DRAFT)
    assert f"{counts[Pace.ON_TRACK]} on track" in dashboard.pace_summary.text()


def test_at_risk_list_holds_the_worst_objectives(dashboard, model) -> None:
    listed = dashboard.at_risk_list.cards()
    flagged = [c for c in model.cards if c.pace in (Pace.AT_RISK, Pace.OFF_TRACK)]
    assert flagged, "the demo has objectives at risk"
    assert [c.objective.id for c in listed] == [c.objective.id for c in model.at_risk()[:8]]
    assert len(listed) == min(8, len(flagged))
    assert all(c.pace in (Pace.AT_RISK, Pace.OFF_TRACK) for c in listed)
    # Off track comes before at risk.
    paces = [c.pace for c in listed]
    assert paces == sorted(paces, key=lambda p: 0 if p == Pace.OFF_TRACK else 1)


def test_tiles_show_the_headline_kpis(dashboard, demo_ctx) -> None:
    tree = TreeReadModel.load(demo_ctx.service, DEMO_TODAY)
    expected = headline_kpis(tree)
    assert expected
    assert [tile.row.node.code for tile in dashboard.tiles] == [row.node.code for row in expected]
    for tile in dashboard.tiles:
        assert tile.value_text() and tile.row.node.name in tile.toolTip()


def test_team_scores_are_sorted_and_movers_judged_by_direction(dashboard) -> None:
    scores = [s for _, s, _ in dashboard.score_chart.rows() if s is not None]
    assert scores == sorted(scores, reverse=True)
    rises = dashboard.rising.movers()
    falls = dashboard.falling.movers()
    assert all(m.change > 0 for m in rises) and all(m.change < 0 for m in falls)
    assert [m.change for m in rises] == sorted((m.change for m in rises), reverse=True)
    for mover in rises + falls:
        row = mover.row
        assert mover.good == change_tone(row)


def test_team_scorecard(dashboard, demo_ctx) -> None:
    team, cards = max(dashboard.board.by_team(), key=lambda tc: len(tc[1]))
    dashboard.show_team(team.id)
    assert dashboard.pages.currentIndex() == 1
    assert team.name in dashboard.heading.text()
    assert {c.objective.id for c in dashboard.team_objectives.cards()} == {c.objective.id for c in cards}
    assert all(row.node.team_id == team.id for row in dashboard.scorecard.rows())
    dashboard.show_team(None)
    assert dashboard.pages.currentIndex() == 0
    with pytest.raises(KeyError, match="team 999999"):
        dashboard.show_team(999999)


def test_search_narrows_the_at_risk_list(dashboard) -> None:
    dashboard.set_search("zz-nothing-matches-zz")
    assert dashboard.at_risk_list.cards() == []
    assert sum(dashboard.pace_summary.counts().values()) == 0
    dashboard.set_search("")
    assert dashboard.at_risk_list.cards()
