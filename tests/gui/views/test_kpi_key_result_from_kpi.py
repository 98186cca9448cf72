"""“Create key result from this KPI”: the board's dialog prefilled from a node, an
objective picker of the current period grouped by team, one undo step, on the board."""

from __future__ import annotations

from okrdesk.domain.entities import FormulaKind
from okrdesk.store.readmodels.okrs import linked_numbers
from okrdesk.ui.kpi_tree import KpiTreeView
from okrdesk.ui.kpi_tree.key_result_from_kpi import OBJECTIVE_ROLE, kind_for_unit
from okrdesk.ui.okr_board.view import OkrBoardView

from .conftest import DEMO_TODAY


def _view(qtbot, ctx) -> KpiTreeView:
    view = KpiTreeView(ctx)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    return view


def _kpi_with_values(tree):
    return next(r for r in tree.rows if r.node.unit and r.value is not None and r.node.formula == FormulaKind.NONE)


def test_dialog_is_prefilled_and_creates_one_undoable_key_result_on_the_board(qtbot, demo_ctx) -> None:
    svc = demo_ctx.service
    view = _view(qtbot, demo_ctx)
    row = _kpi_with_values(view.read_model)
    view.select_node(row.node.id)
    assert "create_kr" in {k for k, a in view.editing.actions.items() if a in view.editing.build_menu().actions()}
    dialog = view.create_key_result(row.node.id)
    qtbot.addWidget(dialog)
    period = svc.period_for(DEMO_TODAY)
    start, _current, _history = linked_numbers(demo_ctx.tree(DEMO_TODAY), row.node.id, period, DEMO_TODAY)
    assert dialog.kpi_combo.currentData() == row.node.id and dialog.linked
    assert dialog.unit_edit.text() == row.node.unit
    assert dialog.start_edit.value() == start and not dialog.start_edit.isEnabled()
    assert dialog.kind_combo.currentData() == kind_for_unit(row.node.unit).value
    # The picker: this period's objectives, grouped under their teams, searchable.
    objectives = [o for o in svc.objectives(period_id=period.id)]
    items = dialog.picker.items()
    assert {i.data(0, OBJECTIVE_ROLE) for i in items} == {o.id for o in objectives}
    teams = {t.id: t.name for t in svc.teams()}
    heads = {dialog.picker.tree.topLevelItem(k).text(0) for k in range(dialog.picker.tree.topLevelItemCount())}
    assert heads == {teams[o.team_id] for o in objectives if o.team_id is not None} | (
        {"No team"} if any(o.team_id is None for o in objectives) else set())
    chosen = objectives[-1]
    dialog.picker.search.setText(chosen.title[:12])
    assert all(i.isHidden() for i in items if chosen.title[:12].casefold() not in i.text(0).casefold()
               and chosen.title[:12].casefold() not in i.toolTip(0).casefold()
               and chosen.title[:12].casefold() not in i.parent().text(0).casefold())
    dialog.picker.select(chosen.id)
    dialog.target_edit.set_value((start or 0.0) + 10.0)
    steps = demo_ctx.undo_stack.count()
    before = {kr.id for kr in svc.key_results([chosen.id])}
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    created = [kr for kr in svc.key_results([chosen.id]) if kr.id not in before]
    assert len(created) == 1 and created[0].kpi_node_id == row.node.id and created[0].unit == row.node.unit
    assert created[0].start == start and demo_ctx.undo_stack.count() == steps + 1
    board = OkrBoardView(demo_ctx)
    qtbot.addWidget(board)
    board.set_period(period)
    card = next(c for c in board.board.cards if c.objective.id == chosen.id)
    assert any(r.kr.id == created[0].id for r in card.key_results)
    demo_ctx.undo_stack.undo()
    assert all(kr.id != created[0].id for kr in svc.key_results([chosen.id]))


def test_no_objective_chosen_is_refused_and_a_closed_period_offers_nothing(qtbot, demo_ctx) -> None:
    svc = demo_ctx.service
    view = _view(qtbot, demo_ctx)
    row = _kpi_with_values(view.read_model)
    dialog = view.create_key_result(row.node.id)
    qtbot.addWidget(dialog)
    dialog.target_edit.set_value(1.0)
    count = len(svc.key_results())
    dialog.accept()
    assert dialog.form.error_text("objective_id") and len(svc.key_results()) == count
    dialog.reject()
    period = svc.period_for(DEMO_TODAY)
    svc.close_period(period.id)
    assert view.create_key_result(row.node.id) is None
    assert "closed" in view.status_line.text()
