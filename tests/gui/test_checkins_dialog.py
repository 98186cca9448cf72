"""The check-in dialog: reachable by a click on a key-result row and by Ctrl+Return,
value in the locale, confidence slider, history listed and charted, status override
with a required reason; linked key results offer no value field."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from okrdesk.domain.entities import Pace
from okrdesk.ui.checkins.dialog import CheckInDialog
from okrdesk.ui.checkins.history_model import CheckInHistoryModel
from okrdesk.ui.okr_board import OkrBoardView
from okrdesk.ui.okr_board.editable_canvas import Selection
from tests.gui.views.conftest import (  # noqa: F401 - the demo fixtures
    DEMO_TODAY,
    _views_qt_setup,
    demo_ctx,
    demo_workspace,
    demo_workspace_file,
)


@pytest.fixture
def board_view(qtbot, demo_ctx):
    view = OkrBoardView(demo_ctx)
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    view.set_period(demo_ctx.service.period_for(DEMO_TODAY))
    view.show()
    qtbot.waitExposed(view)
    return view


def _unlinked_row(view):
    for card in view.board.cards:
        for row in card.key_results:
            if row.kr.kpi_node_id is None and len(row.history) >= 2 and row.kr.kind != "milestone":
                return card, row
    raise AssertionError("the demo has unlinked key results with check-ins")


def test_click_on_a_key_result_row_opens_its_check_in(board_view, demo_ctx, qtbot) -> None:
    card, row = _unlinked_row(board_view)
    canvas = board_view.canvas
    canvas.ensure_visible(card.objective.id)
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton,
                     pos=canvas.kr_rect(card.objective.id, row.kr.id).center().toPoint())
    dialog = board_view.editing.active_dialog
    assert isinstance(dialog, CheckInDialog) and dialog.row.kr.id == row.kr.id
    history = demo_ctx.service.check_ins(row.kr.id)
    assert dialog.history_model.rowCount() == len(history)
    newest = max(history, key=lambda c: (c.date, c.id))
    assert dialog.history_model.index(0, 0).data() == newest.date.isoformat()
    data = dialog.chart.data
    assert len(data.points) == len(history)
    assert data.expected_line[0] == (card.period.start, row.start)
    assert data.expected_line[1] == (card.period.end, row.kr.target)
    assert data.forecast_line is not None and data.forecast_line[1][0] == card.period.end
    assert data.today_inside


def test_ctrl_return_checks_in_and_undo_takes_it_back(board_view, demo_ctx, qtbot) -> None:
    card, row = _unlinked_row(board_view)
    before = demo_ctx.service.key_result(row.kr.id)
    board_view.canvas.select(Selection(card.objective.id, row.kr.id))
    board_view.canvas.setFocus()
    qtbot.keyClick(board_view.canvas, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = board_view.editing.active_dialog
    assert isinstance(dialog, CheckInDialog)
    dialog.value_edit.setText("")
    dialog.accept()
    assert "value" in dialog.form.error_text("value")
    dialog.value_edit.setText("12,345.5")
    dialog.confidence_slider.setValue(3)
    assert dialog.confidence_label.text() == "3/10"
    dialog.comment_edit.setPlainText("Two deals slipped")
    dialog.accept()
    assert not dialog.isVisible()
    latest = demo_ctx.service.check_ins(row.kr.id)[-1]
    assert (latest.date, latest.value, latest.confidence, latest.comment) == (DEMO_TODAY, 12345.5, 3.0, "Two deals slipped")
    assert demo_ctx.service.key_result(row.kr.id).current == 12345.5
    assert board_view.board.card(card.objective.id).key_results[
        [r.kr.id for r in card.key_results].index(row.kr.id)].current == 12345.5
    assert demo_ctx.undo_stack.count() == 1
    demo_ctx.undo_stack.undo()
    assert latest.id not in {c.id for c in demo_ctx.service.check_ins(row.kr.id)}
    assert demo_ctx.service.key_result(row.kr.id) == before


def test_status_override_needs_a_reason(board_view, demo_ctx) -> None:
    card, row = _unlinked_row(board_view)
    dialog = board_view.editing.check_in(row.kr.id)
    dialog.override_check.setChecked(True)
    dialog.override_combo.setCurrentIndex(dialog.override_combo.findData(Pace.AT_RISK.value))
    dialog.accept()
    assert dialog.isVisible() and dialog.reason_error.isVisibleTo(dialog)
    dialog.reason_edit.setText("Key customer paused the rollout")
    dialog.value_edit.setText("5")
    dialog.accept()
    assert not dialog.isVisible()
    kr = demo_ctx.service.key_result(row.kr.id)
    assert kr.pace_override == Pace.AT_RISK and kr.override_reason == "Key customer paused the rollout"
    assert demo_ctx.undo_stack.count() == 1  # check-in and override: one step
    demo_ctx.undo_stack.undo()
    assert demo_ctx.service.key_result(row.kr.id).pace_override == row.kr.pace_override


def test_linked_key_result_offers_no_value_field(board_view, demo_ctx) -> None:
    card, row = next((c, r) for c in board_view.board.cards for r in c.key_results
                     if r.kr.kpi_node_id is not None and r.current is not None)
    dialog = board_view.editing.check_in(row.kr.id)
    assert dialog.linked
    assert not dialog.value_edit.isVisibleTo(dialog)
    assert "from KPI" in dialog.linked_note.text() and row.linked_code in dialog.linked_note.text()
    dialog.comment_edit.setPlainText("KPI moving nicely")
    dialog.accept()
    latest = demo_ctx.service.check_ins(row.kr.id)[-1]
    assert latest.value == row.current and latest.comment == "KPI moving nicely"


def test_history_model_passes_the_model_tester(qtmodeltester, demo_ctx) -> None:
    kr = next(k for k in demo_ctx.service.key_results() if demo_ctx.service.check_ins(k.id))
    model = CheckInHistoryModel(demo_ctx.service.check_ins(kr.id), kr.unit)
    qtmodeltester.check(model)
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Author"
    assert model.check_in(0).date >= model.check_in(model.rowCount() - 1).date


def test_chart_paints_offscreen(board_view) -> None:
    _, row = _unlinked_row(board_view)
    dialog = board_view.editing.check_in(row.kr.id)
    dialog.chart.resize(560, 260)
    image = dialog.chart.grab().toImage()
    assert image.width() == 560
    data = dialog.chart.data
    point = dialog.chart.to_point(data.points[-1].date, data.points[-1].value)
    assert dialog.chart.plot_rect().adjusted(-1, -1, 1, 1).contains(point)
    assert dt.date(2027, 1, 1) <= data.period_start
