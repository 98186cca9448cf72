"""Drag and drop on the board: the MIME data carries ids, the drop handler moves rows
through the service, one undo step per drop (drags are built, not simulated)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF

from okrdesk.ui.okr_board import OkrBoardView
from okrdesk.ui.okr_board.drag_drop import (
    KEY_RESULT,
    MIME_TYPE,
    OBJECTIVE,
    BoardDrag,
    decode_drag,
    encode_drag,
    position_in_full_list,
)

from .conftest import DEMO_TODAY


@pytest.fixture
def board_view(qtbot, demo_ctx):
    view = OkrBoardView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    view.set_period(demo_ctx.service.period_for(DEMO_TODAY))
    view.show()
    qtbot.waitExposed(view)
    return view


def _drop_point_in_column(canvas, column: int, before: int | None) -> QPointF:
    """A viewport point in ``column`` just above the card ``before`` (None: the end)."""
    canvas.horizontalScrollBar().setValue(0)
    canvas.verticalScrollBar().setValue(0)
    ids = canvas.column_card_ids(column)
    lane_x = canvas.add_slot_rect(column).center().x()
    if before is None:
        y = (canvas.card_rect(ids[-1]).bottom() + 4) if ids else canvas.add_slot_rect(column).top() - 4
    else:
        y = canvas.card_rect(before).top() + 4
    return QPointF(lane_x, y)


def test_mime_round_trip_and_foreign_data_refused() -> None:
    mime = encode_drag(BoardDrag(OBJECTIVE, (3, 4), "ws"), "O-0003 Title")
    assert mime.hasFormat(MIME_TYPE) and mime.text() == "O-0003 Title"
    assert decode_drag(mime) == BoardDrag(OBJECTIVE, (3, 4), "ws")
    bad = QMimeData()
    bad.setData(MIME_TYPE, b'{"kind": "node", "ids": [1]}')
    assert decode_drag(bad) is None
    bad.setData(MIME_TYPE, b"not json")
    assert decode_drag(bad) is None
    assert decode_drag(QMimeData()) is None
    assert position_in_full_list([1, 2, 3, 4, 5], [2, 4], moving=5, index=1) == 3
    assert position_in_full_list([1, 2, 3, 4, 5], [2, 4], moving=5, index=2) == 4
    assert position_in_full_list([1, 2, 3], [], moving=9, index=0) == 3


def test_drop_card_on_another_team_reassigns_it(board_view, demo_ctx) -> None:
    canvas = board_view.canvas
    source = next(c for c in range(len(canvas.columns())) if len(canvas.column_card_ids(c)) >= 2)
    target = next(c for c in range(len(canvas.columns())) if c != source and canvas.column_card_ids(c))
    moving = canvas.column_card_ids(source)[0]
    first_there = canvas.column_card_ids(target)[0]
    target_team = canvas.column_lane(target)
    canvas.ensure_visible(moving)
    header = canvas.card_rect(moving).topLeft() + QPointF(canvas.card_rect(moving).width() / 2, 60)
    assert canvas.hit_at(header).kind == "card"
    mime = canvas.mime_for(canvas.hit_at(header))
    assert decode_drag(mime) == BoardDrag(OBJECTIVE, (moving,), canvas.workspace_key)
    assert canvas.drop_mime_data(mime, _drop_point_in_column(canvas, target, first_there))
    assert demo_ctx.service.objective(moving).team_id == target_team.id
    assert canvas.column_card_ids(target)[:2] == [moving, first_there]
    assert moving not in canvas.column_card_ids(source)
    assert demo_ctx.undo_stack.count() == 1
    demo_ctx.undo_stack.undo()
    assert moving in canvas.column_card_ids(source)
    assert canvas.column_card_ids(target)[0] == first_there


def test_reorder_within_a_column(board_view, demo_ctx) -> None:
    canvas = board_view.canvas
    column = next(c for c in range(len(canvas.columns())) if len(canvas.column_card_ids(c)) >= 3)
    ids = canvas.column_card_ids(column)
    mime = encode_drag(BoardDrag(OBJECTIVE, (ids[0],), canvas.workspace_key))
    assert canvas.drop_mime_data(mime, _drop_point_in_column(canvas, column, None))
    assert canvas.column_card_ids(column) == ids[1:] + [ids[0]]
    team = canvas.column_lane(column)
    period = board_view.shown_period
    assert [o.id for o in demo_ctx.service.objectives(period.id, team.id)] == ids[1:] + [ids[0]]
    # Dropping where it already is changes nothing and adds no undo step.
    count = demo_ctx.undo_stack.count()
    assert not canvas.drop_mime_data(mime, _drop_point_in_column(canvas, column, None))
    assert demo_ctx.undo_stack.count() == count


def test_drop_key_result_on_another_objective(board_view, demo_ctx) -> None:
    canvas = board_view.canvas
    cards = board_view.board.cards
    source, target = cards[0], cards[1]
    kr = source.key_results[-1].kr
    canvas.ensure_visible(source.objective.id)
    mime = canvas.mime_for(canvas.hit_at(canvas.kr_rect(source.objective.id, kr.id).center()))
    assert decode_drag(mime) == BoardDrag(KEY_RESULT, (kr.id,), canvas.workspace_key)
    canvas.ensure_visible(target.objective.id)
    first = target.key_results[0].kr.id
    point = canvas.kr_rect(target.objective.id, first).topLeft() + QPointF(20, 3)
    assert canvas.drop_mime_data(mime, point)
    assert demo_ctx.service.key_result(kr.id).objective_id == target.objective.id
    assert canvas.key_result_ids(target.objective.id)[:2] == [kr.id, first]
    assert kr.id not in canvas.key_result_ids(source.objective.id)
    demo_ctx.undo_stack.undo()
    assert demo_ctx.service.key_result(kr.id) == kr


def test_drop_from_another_workspace_or_on_nothing_is_refused(board_view, demo_ctx) -> None:
    canvas = board_view.canvas
    oid = board_view.board.cards[0].objective.id
    foreign = encode_drag(BoardDrag(OBJECTIVE, (oid,), "another-window"))
    assert not canvas.drop_mime_data(foreign, _drop_point_in_column(canvas, 1, None))
    kr_drag = encode_drag(BoardDrag(KEY_RESULT, (board_view.board.cards[0].key_results[0].kr.id,), canvas.workspace_key))
    assert not canvas.drop_mime_data(kr_drag, QPointF(2, 2))
    assert demo_ctx.undo_stack.count() == 0
