"""Board columns by team, pace or period (workshop demo): the filters work in every
grouping, a card dragged to another period moves there (one undo step), drops on a
pace column or into a closed period are refused with the reason shown, and read-only
cards and lanes offer no edit affordances."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragMoveEvent

from okrdesk.domain.entities import Pace
from okrdesk.ui.okr_board import OkrBoardView
from okrdesk.ui.okr_board.drag_drop import OBJECTIVE, BoardDrag, encode_drag
from okrdesk.ui.checkins.dialog import CheckInDialog
from okrdesk.ui.okr_board.editable_canvas import Hit, Selection
from okrdesk.ui.okr_board.grouping import PACE_REFUSAL, PACE_REORDER, Grouping
from okrdesk.ui.okr_board.objective_dialog import ObjectiveDialog
from tests.unit.store.conftest import dump

from .conftest import DEMO_TODAY

D = dt.date


@pytest.fixture
def periods(demo_ctx):
    """The demo's 2027-Q1 plus an open 2027-Q2 and a closed 2026-Q4 with one objective."""
    svc = demo_ctx.service
    q1 = svc.period_for(DEMO_TODAY)
    q2 = svc.create_period("2027-Q2", D(2027, 4, 1), D(2027, 6, 30))
    q4 = svc.create_period("2026-Q4", D(2026, 10, 1), D(2026, 12, 31))
    team = svc.teams()[1]
    old = svc.create_objective("Last quarter's objective", q4.id, team.id)
    svc.create_key_result(old.id, "Old key result", start=0, target=10, current=4)
    svc.close_period(q4.id)
    return q1, q2, next(p for p in svc.periods() if p.id == q4.id), old


@pytest.fixture
def board_view(qtbot, demo_ctx, periods):
    view = OkrBoardView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    view.set_period(periods[0])
    view.show()
    qtbot.waitExposed(view)
    return view


def _column(canvas, lane_id) -> int:
    return next(i for i, (lane, _) in enumerate(canvas.columns()) if lane.id == lane_id)


def _point_in(canvas, column: int) -> QPointF:
    """A point in a column, below its cards (at the end of the column)."""
    canvas.scroll_to_column(column)
    canvas.verticalScrollBar().setValue(0)
    ids = canvas.column_card_ids(column)
    x = canvas.add_slot_rect(column).center().x()
    y = canvas.card_rect(ids[-1]).bottom() + 4 if ids else 140
    return QPointF(x, min(y, canvas.viewport().height() - 5))


def _shown_ids(view) -> set[int]:
    return {c.objective.id for _, cards in view.canvas.columns() for c in cards}


def test_grouping_by_pace_puts_every_card_under_its_pace(board_view) -> None:
    board_view.set_grouping(Grouping.PACE)
    columns = board_view.canvas.columns()
    assert [lane.pace for lane, _ in columns][:3] == [Pace.ON_TRACK, Pace.AT_RISK, Pace.OFF_TRACK]
    for lane, cards in columns:
        assert all(c.pace == lane.pace for c in cards), lane.name
        assert not board_view.canvas.has_add_slot(_column(board_view.canvas, lane.id))
    assert _shown_ids(board_view) == {c.objective.id for c in board_view.board.cards}
    drafts = next(cards for lane, cards in columns if lane.id == "none")
    assert drafts and all(c.pace is None for c in drafts)
    assert "4 paces" in board_view.summary.text()


def test_grouping_by_period_shows_every_period_oldest_first(board_view, periods) -> None:
    q1, q2, q4, old = periods
    board_view.set_grouping(Grouping.PERIOD)
    canvas = board_view.canvas
    lanes = [lane for lane, _ in canvas.columns()]
    assert [lane.name for lane in lanes] == ["2026-Q4", "2027-Q1", "2027-Q2"]
    assert lanes[0].refusal and "closed" in lanes[0].note
    assert [c.objective.id for c in canvas.columns()[0][1]] == [old.id]
    q1_ids = {o.id for o in board_view.ctx.service.objectives(q1.id)}
    assert {c.objective.id for c in canvas.columns()[1][1]} == q1_ids
    # The period chosen in the toolbar is scrolled into view and named in the summary.
    assert "2027-Q1" in board_view.summary.text() and "every period" in board_view.summary.text()
    # "+ Objective" in open periods only; it presets that period.
    assert not canvas.has_add_slot(0) and canvas.has_add_slot(2)
    canvas.horizontalScrollBar().setValue(0)
    board_view.editing._add_in_column(2)
    dialog = board_view.editing.active_dialog
    assert isinstance(dialog, ObjectiveDialog) and dialog.period_combo.currentData() == q2.id
    dialog.reject()


@pytest.mark.parametrize("grouping", list(Grouping))
def test_filters_work_in_every_grouping(board_view, grouping) -> None:
    board_view.set_grouping(grouping)
    board = board_view.board
    card = next(c for c in board.cards if c.objective.period_id == board_view.shown_period.id
                and c.owner_name and c.pace is not None)
    board_view.team_combo.setCurrentIndex(board_view.team_combo.findData(card.objective.team_id))
    assert _shown_ids(board_view) == {c.objective.id for c in board.cards
                                      if c.objective.team_id == card.objective.team_id}
    board_view.owner_combo.setCurrentIndex(board_view.owner_combo.findData(card.owner_name))
    board_view.pace_combo.setCurrentIndex(board_view.pace_combo.findData(card.pace))
    for _, cards in board_view.canvas.columns():
        for shown in cards:
            assert shown.pace == card.pace and shown.objective.team_id == card.objective.team_id
            assert card.owner_name in {shown.owner_name} | {r.owner_name for r in shown.key_results}
    assert card.objective.id in _shown_ids(board_view)
    board_view.clear_filters()
    board_view.set_search(card.objective.title)
    assert card.objective.id in _shown_ids(board_view)
    assert all(card.objective.title.casefold() in c.objective.title.casefold()
               or any(card.objective.title.casefold() in r.kr.title.casefold() for r in c.key_results)
               for c in board_view.board.cards if c.objective.id in _shown_ids(board_view))


def test_drag_a_card_to_another_period_moves_it_in_one_undo_step(
        board_view, demo_ctx, demo_workspace, periods) -> None:
    q1, q2, _q4, _old = periods
    board_view.set_grouping(Grouping.PERIOD)
    canvas = board_view.canvas
    before = dump(demo_workspace.path)
    moving = canvas.column_card_ids(_column(canvas, q1.id))[0]
    objective = demo_ctx.service.objective(moving)
    mime = encode_drag(BoardDrag(OBJECTIVE, (moving,), canvas.workspace_key))
    assert canvas.drop_mime_data(mime, _point_in(canvas, _column(canvas, q2.id)))
    moved = demo_ctx.service.objective(moving)
    assert (moved.period_id, moved.team_id) == (q2.id, objective.team_id)
    assert moving in canvas.column_card_ids(_column(canvas, q2.id))
    assert demo_ctx.undo_stack.count() == 1
    assert demo_ctx.undo_stack.undoText().endswith("to 2027-Q2")
    assert canvas.selected is not None and canvas.selected.objective_id == moving
    demo_ctx.undo_stack.undo()
    assert demo_ctx.service.objective(moving).period_id == q1.id
    assert moving in canvas.column_card_ids(_column(canvas, q1.id))
    assert dump(demo_workspace.path) == before


def test_drops_into_a_closed_period_or_on_a_pace_are_refused_with_the_reason(
        board_view, demo_ctx, demo_workspace, periods) -> None:
    q1, _q2, q4, old = periods
    board_view.set_grouping(Grouping.PERIOD)
    canvas = board_view.canvas
    before = dump(demo_workspace.path)
    moving = canvas.column_card_ids(_column(canvas, q1.id))[0]
    mime = encode_drag(BoardDrag(OBJECTIVE, (moving,), canvas.workspace_key))
    point = _point_in(canvas, _column(canvas, q4.id))
    target = canvas.drop_target(BoardDrag(OBJECTIVE, (moving,)), point)
    assert target.refusal.startswith("2026-Q4 is closed") and target.marker is None
    assert not canvas.drop_mime_data(mime, point)
    assert "2026-Q4 is closed" in board_view.summary.text()
    # The closed period's card cannot be dragged out at all (no drag data).
    canvas.ensure_visible(old.id)
    assert canvas.mime_for(canvas.hit_at(canvas.card_rect(old.id).center())) is None
    board_view.set_grouping(Grouping.PACE)
    card = board_view.board.card(moving)
    other = next(i for i, (lane, _) in enumerate(canvas.columns()) if lane.pace not in (card.pace, None))
    assert not canvas.drop_mime_data(mime, _point_in(canvas, other))
    assert PACE_REFUSAL in board_view.summary.text()
    own = next(i for i, (lane, _) in enumerate(canvas.columns()) if lane.pace == card.pace)
    assert not canvas.drop_mime_data(mime, _point_in(canvas, own))
    assert PACE_REORDER in board_view.summary.text()
    assert demo_ctx.undo_stack.count() == 0
    assert dump(demo_workspace.path) == before


def test_closed_cards_and_periods_offer_no_edit_affordances(board_view, periods) -> None:
    _q1, _q2, q4, old = periods
    canvas = board_view.canvas
    open_card = board_view.board.cards[0].objective.id
    assert canvas.layout_of(open_card).add_kr_rect() is not None
    board_view.set_period(q4)
    assert canvas.layout_of(old.id).add_kr_rect() is None  # hidden, not just refused
    assert not any(canvas.has_add_slot(c) for c in range(len(canvas.columns())))
    canvas.ensure_visible(old.id)
    rect = canvas.card_rect(old.id)
    assert canvas.hit_at(QPointF(rect.center().x(), rect.bottom() - 8)).kind != "add_kr"
    assert not board_view.new_button.isEnabled()
    canvas.select(Selection(old.id))
    editing = board_view.editing
    assert not any(a.isEnabled() for a in (editing.edit_action, editing.delete_action, editing.rename_action,
                                           editing.new_kr_action))
    # The context menu offers only what still works, and says why.
    menu = editing.context_menu(Hit("card", old.id))
    assert [a.text() for a in menu.actions()] == ["Read-only (closed)"]
    assert "2026-Q4 is closed" in menu.actions()[0].toolTip()
    # A key result's check-ins stay readable: history and chart, no inputs, one Close button.
    kr = board_view.board.card(old.id).key_results[0].kr
    canvas.select(Selection(old.id, kr.id))
    assert editing.check_in_action.isEnabled() and editing.check_in_action.text() == "Check-in history\u2026"
    assert [a.text() for a in editing.context_menu(Hit("kr", old.id, kr.id)).actions()][0] == "Check-in history\u2026"
    editing.check_in_action.trigger()
    dialog = editing.active_dialog
    assert isinstance(dialog, CheckInDialog) and dialog.read_only
    assert not dialog.form.isVisible() and dialog.history.isVisible()
    assert dialog.buttons.standardButtons() == dialog.buttons.StandardButton.Close
    count = board_view.ctx.undo_stack.count()
    dialog.accept()
    assert board_view.ctx.undo_stack.count() == count
    # By period, the closed card in its lane is drawn without "+ Key result" too.
    board_view.set_grouping(Grouping.PERIOD)
    assert canvas.layout_of(old.id).add_kr_rect() is None
    assert canvas.layout_of(open_card).add_kr_rect() is not None


def test_a_real_drag_over_a_refusing_lane_is_refused_and_explained(board_view, periods) -> None:
    q1, _q2, q4, _old = periods
    board_view.set_grouping(Grouping.PERIOD)
    canvas = board_view.canvas
    moving = canvas.column_card_ids(_column(canvas, q1.id))[0]
    mime = encode_drag(BoardDrag(OBJECTIVE, (moving,), canvas.workspace_key))
    point = _point_in(canvas, _column(canvas, q4.id))
    event = QDragMoveEvent(point.toPoint(), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
    canvas.dragMoveEvent(event)
    assert not event.isAccepted()  # the forbidden cursor while over the closed period
    assert canvas.drop_marker is not None and canvas.drop_marker.refusal.startswith("2026-Q4 is closed")
    canvas.report_refused_release(Qt.DropAction.IgnoreAction, point.toPoint())
    assert "2026-Q4 is closed" in board_view.summary.text()
    assert board_view.ctx.undo_stack.count() == 0


def test_a_read_only_workspace_shows_check_in_history_without_inputs(qtbot, demo_workspace) -> None:
    from PySide6.QtGui import QUndoStack

    from okrdesk.ui.view_base import ViewContext

    ctx = ViewContext(demo_workspace.service, QUndoStack(), DEMO_TODAY, read_only=True)
    view = OkrBoardView(ctx)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.set_period(ctx.service.period_for(DEMO_TODAY))
    view.show()
    qtbot.waitExposed(view)
    canvas = view.canvas
    card = view.board.cards[0]
    kr = card.key_results[0].kr
    assert canvas.layout_of(card.objective.id).add_kr_rect() is None
    assert not any(canvas.has_add_slot(c) for c in range(len(canvas.columns())))
    canvas.ensure_visible(card.objective.id)
    point = canvas.kr_rect(card.objective.id, kr.id).center()
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=point.toPoint())
    dialog = view.editing.active_dialog
    assert isinstance(dialog, CheckInDialog) and "read-only" in dialog.read_only
    dialog.reject()
