"""The views share one read of the KPI tree per workspace and day (ViewContext.tree)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QUndoCommand

from okrdesk.domain.entities import FormulaKind

from okrdesk.ui.dashboards import DashboardView
from okrdesk.ui.kpi_tree.view import KpiTreeView
from okrdesk.ui.okr_board.view import OkrBoardView

from .conftest import DEMO_TODAY


def test_views_share_one_tree_and_reread_after_an_edit(qtbot, demo_ctx) -> None:
    period = demo_ctx.service.period_for(DEMO_TODAY)
    kpi = KpiTreeView(demo_ctx)
    qtbot.addWidget(kpi)
    kpi.set_period(period)  # the view host's first call: the same day, nothing read again
    board = OkrBoardView(demo_ctx)
    qtbot.addWidget(board)
    board.set_period(period)
    dash = DashboardView(demo_ctx)
    qtbot.addWidget(dash)
    dash.set_period(period)
    assert demo_ctx.trees.loads == 1
    assert dash.tree is kpi.read_model is demo_ctx.tree(DEMO_TODAY)

    shown = kpi.read_model
    top = next(r for r in shown.rows if r.node.formula == FormulaKind.NONE and r.bucket is not None)
    demo_ctx.service.set_measurement(top.node.id, top.bucket, (top.value or 0.0) + 1000.0)  # a measured node
    kpi.reload()
    assert kpi.read_model is not shown and demo_ctx.trees.loads == 1 and demo_ctx.trees.catch_ups == 1
    assert kpi.read_model.row(top.node.id).value != top.value

    before = kpi.read_model
    demo_ctx.undo_stack.push(QUndoCommand("an edit that is no write at all"))
    demo_ctx.service.create_period("Q9 2031", dt.date(2031, 1, 1), dt.date(2031, 3, 31))  # OKR only
    dash.reload()
    assert dash.tree is before and demo_ctx.trees.loads == 1
    demo_ctx.invalidate()  # the workspace changed behind the service's back
    dash.reload()
    assert dash.tree is not before and demo_ctx.trees.loads == 2