"""The quality panel's jump (issue 4 item 5): clicking an issue, or Enter on it, shows
the OKR board and selects the offending card, key result or team column, from any
view, mode, grouping or filter, in the real main window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt

from okrdesk.domain.entities import Pace
from okrdesk.ui.main_window import MainWindow
from okrdesk.ui.okr_board.editable_canvas import Selection
from okrdesk.ui.okr_board.grouping import Grouping
from okrdesk.ui.quality_panel import IssueRow


@pytest.fixture
def window(themed_app, qtbot, workspace_file):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    with qtbot.waitSignal(w.first_data_paint, timeout=20_000):
        assert w.open_path(workspace_file)
    w.quality.show()
    w.quality.refresh()
    yield w
    w.close()


def _row(window, rule: str) -> IssueRow:
    layout = window.quality.rows
    rows = [layout.itemAt(i).widget() for i in range(layout.count())]
    return next(r for r in rows if isinstance(r, IssueRow) and r.issue.rule == rule)


def _visible(canvas, rect: QRectF) -> bool:
    return QRectF(canvas.viewport().rect()).intersects(rect)


def test_click_on_a_key_result_issue_selects_it_on_the_board(window, qtbot) -> None:
    window.show_view("kpi-tree")
    row = _row(window, "kr-reads-like-task")
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    board = window.current_view()
    assert board is not None and board.key == "okr-board"
    canvas = board.canvas
    kr_id = row.issue.subject_id
    card = next(c for c in board.board.cards if any(r.kr.id == kr_id for r in c.key_results))
    assert canvas.selected == Selection(card.objective.id, kr_id)
    assert _visible(canvas, canvas.kr_rect(card.objective.id, kr_id))
    assert board.summary.text() == row.issue.message


def test_enter_on_an_objective_issue_clears_hiding_filters_and_leaves_alignment(window, qtbot) -> None:
    board = window.show_view("okr-board")
    issue_row = _row(window, "objective-too-few-krs")
    oid = issue_row.issue.subject_id
    card = board.board.card(oid)
    other = next(p for p in (Pace.ON_TRACK, Pace.AT_RISK, Pace.OFF_TRACK) if p != card.pace)
    board.pace_combo.setCurrentIndex(board.pace_combo.findData(other))  # hides the card
    board.alignment_mode.click()
    board.set_grouping(Grouping.PACE)
    window.show_view("dashboard")
    issue_row.setFocus()
    qtbot.keyClick(issue_row, Qt.Key.Key_Return)
    assert window.current_view() is board and board.stack.currentWidget() is board.canvas
    assert board.canvas.selected == Selection(oid)
    assert board.pace_combo.currentData() is None
    assert _visible(board.canvas, board.canvas.card_rect(oid))


def test_a_team_issue_shows_the_teams_column(window, qtbot) -> None:
    board = window.show_view("okr-board")
    board.set_grouping(Grouping.PERIOD)
    row = _row(window, "team-too-few-objectives")
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    assert board.grouping == Grouping.TEAM
    canvas = board.canvas
    selected = canvas.selected
    assert selected is not None
    column = canvas.column_of(selected.objective_id)
    assert canvas.column_lane(column).id == row.issue.subject_id
    assert _visible(canvas, canvas.card_rect(selected.objective_id))
