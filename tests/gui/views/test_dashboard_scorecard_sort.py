"""The team scorecard sorts by a column when its caption is clicked (a second click reverses)."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, Qt

from okrdesk.domain.entities import Status
from okrdesk.ui.dashboards import DashboardView
from okrdesk.ui.dashboards.overview_data import sort_scorecard

from .conftest import DEMO_TODAY

WORST_FIRST = {Status.RED: 0, Status.AMBER: 1, Status.GREEN: 2}


@pytest.fixture
def scorecard(qtbot, demo_ctx):
    view = DashboardView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    view.set_period(demo_ctx.service.period_for(DEMO_TODAY))
    team = max(view.board.teams, key=lambda t: sum(1 for r in view.tree.rows if r.node.team_id == t.id))
    view.show_team(team.id)
    table = view.scorecard
    qtbot.waitUntil(lambda: table.isVisible() and len(table.rows()) > 3)
    table.repaint()  # lays out the captions
    return table


def _click_caption(qtbot, table, key):
    rect = next(r for r, k in table._captions if k == key)
    qtbot.mouseClick(table, Qt.MouseButton.LeftButton, pos=QPoint(int(rect.center().x()), 8))


def _numbers_in_order(values, descending=False):
    known = [v for v in values if v is not None]
    assert values[: len(known)] == known, "rows without a number come last"
    assert known == sorted(known, reverse=descending)


def test_clicking_captions_sorts_and_a_second_click_reverses(scorecard, qtbot):
    tree_order = [r.node.id for r in scorecard.rows()]
    _click_caption(qtbot, scorecard, "value")
    assert scorecard.sort_order() == ("value", False)
    _numbers_in_order([r.value for r in scorecard.rows()])
    _click_caption(qtbot, scorecard, "value")
    assert scorecard.sort_order() == ("value", True)
    _numbers_in_order([r.value for r in scorecard.rows()], descending=True)
    _click_caption(qtbot, scorecard, "status")
    ranks = [WORST_FIRST.get(r.status) for r in scorecard.rows()]
    _numbers_in_order(ranks)
    _click_caption(qtbot, scorecard, "metric")
    names = [r.node.name.casefold() for r in scorecard.rows()]
    assert names == sorted(names)
    scorecard.sort_by(None)
    assert [r.node.id for r in scorecard.rows()] == tree_order


def test_the_sort_survives_new_rows_and_every_key_orders_as_documented(scorecard):
    scorecard.sort_by("change", True)
    rows = scorecard.rows()
    scorecard.set_rows(list(reversed(rows)))
    _numbers_in_order([r.change for r in scorecard.rows()], descending=True)
    for key, number in (("target", lambda r: r.node.target), ("change", lambda r: r.change)):
        ordered = sort_scorecard(rows, key)
        values = [number(r) for r in ordered]
        _numbers_in_order([v if v is not None and math.isfinite(v) else None for v in values])
    with pytest.raises(ValueError, match="cannot be sorted by 'owner'"):
        sort_scorecard(rows, "owner")
