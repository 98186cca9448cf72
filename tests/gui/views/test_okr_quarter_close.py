"""Quarter close on the OKR board (workshop demo): the review per team, closing
(objectives read-only on the board, undo reopens), retrospective notes, and
carrying unfinished objectives forward (copies with the right starts and
``carried_from_id``; undo removes them exactly)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from okrdesk.domain.entities import ObjectiveState, Status
from okrdesk.store.readmodels.linked_kr import linked_start
from okrdesk.store.readmodels.okrs import review_by_team
from okrdesk.ui.okr_board import OkrBoardView
from okrdesk.ui.okr_board.editable_canvas import Hit, Selection
from okrdesk.ui.okr_board.quarter_close import CARRY, QuarterCloseDialog
from tests.unit.store.conftest import dump

from .conftest import DEMO_TODAY


@pytest.fixture
def board_view(qtbot, demo_ctx):
    view = OkrBoardView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.set_period(demo_ctx.service.period_for(DEMO_TODAY))
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def dialog(board_view) -> QuarterCloseDialog:
    board_view.close_quarter_button.click()
    opened = board_view.editing.active_dialog
    assert isinstance(opened, QuarterCloseDialog)
    return opened


def test_review_lists_every_team_with_its_band_distribution(dialog, board_view) -> None:
    reviews = review_by_team(board_view.board)
    assert [r.team.id for r in reviews] == list(dialog.tables)
    for review in reviews:
        assert sum(review.band_counts.values()) + review.unscored == len(review.cards)
        assert dialog.tables[review.team.id].rowCount() == len(review.cards)
    # Unfinished (below 0.7) objectives are ticked for carrying; finished ones are not offered.
    unfinished = {c.objective.id for c in board_view.board.cards if c.band != Status.GREEN}
    assert set(dialog.checked_ids()) == unfinished
    assert dialog.carry_button.text() == f"Carry {len(unfinished)} unfinished objectives to 2027-Q2"
    texts = [dialog.body.findChildren(type(dialog.heading))]
    assert any("Off target" in label.text() for group in texts for label in group)


def test_close_makes_the_board_read_only_and_undo_reopens(dialog, board_view, demo_ctx, demo_workspace) -> None:
    before = dump(demo_workspace.path)
    card = board_view.board.cards[5]
    dialog.close_button.click()
    assert dialog.close_button.text() == "Reopen the quarter"
    assert demo_ctx.undo_stack.count() == 1
    assert board_view.shown_period.closed
    assert {c.objective.state for c in board_view.board.cards} == {ObjectiveState.CLOSED}
    editing = board_view.editing
    board_view.canvas.select(Selection(card.objective.id, card.key_results[0].kr.id))
    for action in (editing.edit_action, editing.delete_action,
                   editing.new_kr_action, editing.new_objective_action):
        assert not action.isEnabled()
    # Check-ins stay readable, without inputs.
    assert editing.check_in_action.text() == "Check-in history\u2026"
    assert "2027-Q1 is closed" in editing.edit_action.toolTip()
    assert not board_view.new_button.isEnabled() and "closed" in board_view.new_button.toolTip()
    assert editing.edit_objective(card.objective.id) is None
    history = editing.check_in(card.key_results[0].kr.id)
    assert history is not None and "2027-Q1 is closed" in history.read_only
    history.reject()
    assert board_view.summary.text().startswith("Read-only: 2027-Q1 is closed")
    assert board_view.canvas.mime_for(Hit("card", card.objective.id)) is None
    editing.delete_selected()
    assert demo_ctx.undo_stack.count() == 1  # nothing was deleted
    demo_ctx.undo_stack.undo()
    assert dump(demo_workspace.path) == before
    assert not board_view.shown_period.closed
    assert editing.edit_action.isEnabled() and board_view.new_button.isEnabled()
    assert dialog.close_button.text() == "Close the quarter"
    assert board_view.canvas.mime_for(Hit("card", card.objective.id)) is not None


def test_reopen_is_one_undoable_step(dialog, board_view, demo_ctx, demo_workspace) -> None:
    dialog.close_button.click()
    closed = dump(demo_workspace.path)
    dialog.close_button.click()
    assert not board_view.shown_period.closed
    assert ObjectiveState.CLOSED not in {c.objective.state for c in board_view.board.cards}
    demo_ctx.undo_stack.undo()
    assert dump(demo_workspace.path) == closed and board_view.shown_period.closed


def test_retrospective_note_is_saved_as_one_undo_step(dialog, board_view, demo_ctx) -> None:
    oid = board_view.board.cards[0].objective.id
    dialog.note_item(oid).setText("  Pipeline came late; start outreach in week 1.  ")
    assert demo_ctx.service.objective(oid).retrospective == "Pipeline came late; start outreach in week 1."
    assert dialog.note_item(oid).text() == "Pipeline came late; start outreach in week 1."
    demo_ctx.undo_stack.undo()
    assert demo_ctx.service.objective(oid).retrospective == ""
    assert dialog.note_item(oid).text() == ""


def test_carry_forward_copies_with_new_starts_and_undo_removes_them(dialog, board_view, demo_ctx,
                                                                   demo_workspace) -> None:
    svc = demo_ctx.service
    before = dump(demo_workspace.path)
    unfinished = [c for c in board_view.board.cards if c.band != Status.GREEN]
    chosen = unfinished[:3]
    linked = next((c for c in unfinished if any(r.kr.kpi_node_id for r in c.key_results)), None)
    if linked is not None and linked not in chosen:
        chosen.append(linked)
    for card in unfinished:
        dialog.set_carry(card.objective.id, card in chosen)
    assert dialog.carry_button.text().startswith(f"Carry {len(chosen)} unfinished objectives to 2027-Q2")
    dialog.carry_button.click()
    assert demo_ctx.undo_stack.count() == 1
    q2 = svc.next_period(board_view.shown_period.id)
    assert (q2.name, q2.start, q2.end) == ("2027-Q2", dt.date(2027, 4, 1), dt.date(2027, 6, 30))
    copies = svc.objectives(q2.id)
    assert sorted(o.carried_from_id for o in copies) == sorted(c.objective.id for c in chosen)
    tree = demo_ctx.tree(DEMO_TODAY)
    for card in chosen:
        copy = next(o for o in copies if o.carried_from_id == card.objective.id)
        assert (copy.title, copy.team_id, copy.state) == (card.objective.title, card.objective.team_id,
                                                          ObjectiveState.ACTIVE)
        new_krs = svc.key_results(objective_ids=[copy.id])
        assert [k.title for k in new_krs] == [r.kr.title for r in card.key_results]
        for row, new in zip(card.key_results, new_krs):
            expected = row.current
            if row.kr.kpi_node_id is not None:  # the node's value when Q2 begins
                at_start = linked_start(tree, row.kr.kpi_node_id, q2.start, q2.end)
                expected = at_start if at_start is not None else expected
            assert new.start == pytest.approx(expected) if expected is not None else new.start is None
            assert (new.target, new.kpi_node_id, new.weight) == (row.kr.target, row.kr.kpi_node_id, row.kr.weight)
    # The carried ones are no longer offered; they say where they went.
    carried_item = next(t.item(r, CARRY) for t in dialog.tables.values() for r in range(t.rowCount())
                        if t.item(r, CARRY).data(Qt.ItemDataRole.UserRole) == chosen[0].objective.id)
    assert carried_item.toolTip() == "Carried to 2027-Q2" and "2027-Q2" in carried_item.text()
    after = dump(demo_workspace.path)
    demo_ctx.undo_stack.undo()
    assert dump(demo_workspace.path) == before
    assert svc.next_period(board_view.shown_period.id) is None
    demo_ctx.undo_stack.redo()
    assert dump(demo_workspace.path) == after
