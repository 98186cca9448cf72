"""The OKR board on the workshop demo: columns, cards, scores, filters, collapse, empty state."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import Qt

from okrdesk.domain.entities import Pace
from okrdesk.store.readmodels.okrs import BoardReadModel, team_order
from okrdesk.ui.okr_board import OkrBoardView
from okrdesk.ui.okr_board.formatting import format_score

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


def test_one_column_per_team_with_that_teams_objectives(board_view, demo_ctx) -> None:
    service = demo_ctx.service
    period = service.period_for(DEMO_TODAY)
    teams = team_order(service.teams())
    columns = board_view.canvas.columns()
    assert [team.name for team, _ in columns] == [team.name for team in teams]
    expected = {team.id: len(service.objectives(period_id=period.id, team_id=team.id)) for team in teams}
    assert {team.id: len(cards) for team, cards in columns} == expected
    assert board_view.canvas.card_count() == len(service.objectives(period_id=period.id)) > 0
    assert f"{board_view.canvas.card_count()} objectives" in board_view.summary.text()


def test_score_text_matches_the_read_model(board_view, demo_ctx) -> None:
    period = demo_ctx.service.period_for(DEMO_TODAY)
    model = BoardReadModel.load(demo_ctx.service, period, DEMO_TODAY)
    scored = [c for c in model.cards if c.score is not None]
    assert scored, "the demo has scored objectives"
    for card in scored[:5]:
        text = board_view.canvas.layout_of(card.objective.id).score_text
        assert text == format_score(card.score)
        assert re.fullmatch(r"[01]\.\d\d", text)
        assert float(text) == pytest.approx(card.score, abs=0.005)


def test_team_filter_keeps_one_column(board_view, demo_ctx) -> None:
    period = demo_ctx.service.period_for(DEMO_TODAY)
    team, cards = max(board_view.canvas.columns(), key=lambda tc: len(tc[1]))
    board_view.team_combo.setCurrentIndex(board_view.team_combo.findData(team.id))
    columns = board_view.canvas.columns()
    assert [t.name for t, _ in columns] == [team.name]
    assert len(columns[0][1]) == len(demo_ctx.service.objectives(period_id=period.id, team_id=team.id))
    assert "of" in board_view.summary.text()


def test_owner_and_pace_filters_reduce_cards(board_view) -> None:
    total = board_view.canvas.card_count()
    owner = board_view.owner_combo.itemData(1)
    board_view.owner_combo.setCurrentIndex(1)
    kept = [card for _, cards in board_view.canvas.columns() for card in cards]
    assert 0 < len(kept) < total
    assert all(card.owner_name == owner or any(r.owner_name == owner for r in card.key_results) for card in kept)
    board_view.owner_combo.setCurrentIndex(0)
    assert board_view.canvas.card_count() == total
    board_view.pace_combo.setCurrentIndex(board_view.pace_combo.findData(Pace.ON_TRACK))
    on_track = [card for _, cards in board_view.canvas.columns() for card in cards]
    assert all(card.pace == Pace.ON_TRACK for card in on_track)
    assert len(on_track) < total


def test_search_matches_objective_and_key_result_titles(board_view) -> None:
    total = board_view.canvas.card_count()
    first = board_view.board.cards[0]
    word = max(first.key_results[0].kr.title.split(), key=len)
    board_view.set_search(word.upper())
    kept = [card for _, cards in board_view.canvas.columns() for card in cards]
    assert first in kept
    assert len(kept) <= total
    for card in kept:
        texts = [card.objective.title, card.objective.ref] + [t for r in card.key_results for t in (r.kr.title, r.kr.ref)]
        assert any(word.casefold() in t.casefold() for t in texts)
    board_view.set_search("zz-no-such-objective-zz")
    assert board_view.canvas.card_count() == 0
    assert board_view.stack.currentWidget() is board_view.empty
    assert "filters" in board_view.empty.title.text()
    board_view.clear_button.click()
    assert board_view.canvas.card_count() == total
    assert board_view.stack.currentWidget() is board_view.canvas


def test_chevron_click_collapses_and_expands(board_view, qtbot) -> None:
    canvas = board_view.canvas
    card = canvas.columns()[0][1][0] if canvas.columns()[0][1] else next(c for _, cs in canvas.columns() for c in cs)
    oid = card.objective.id
    canvas.ensure_visible(oid)
    expanded = canvas.card_rect(oid).height()
    with qtbot.waitSignal(canvas.collapsed_changed) as blocker:
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.chevron_rect(oid).center().toPoint())
    assert blocker.args == [oid, True]
    assert canvas.is_collapsed(oid)
    assert canvas.card_rect(oid).height() == pytest.approx(canvas.layout_of(oid).header_height)
    assert canvas.card_rect(oid).height() < expanded
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.chevron_rect(oid).center().toPoint())
    assert not canvas.is_collapsed(oid)
    assert canvas.card_rect(oid).height() == pytest.approx(expanded)
    # A click on the card body (not the chevron) changes nothing.
    body = canvas.card_rect(oid).center().toPoint()
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=body)
    assert not canvas.is_collapsed(oid)


def test_collapse_all_button(board_view) -> None:
    ids = [c.objective.id for _, cards in board_view.canvas.columns() for c in cards]
    board_view.collapse_button.click()
    assert all(board_view.canvas.is_collapsed(i) for i in ids)
    assert board_view.collapse_button.text() == "Expand all"
    board_view.collapse_button.click()
    assert not any(board_view.canvas.is_collapsed(i) for i in ids)


def test_tooltip_carries_the_full_title(board_view) -> None:
    canvas = board_view.canvas
    card = next(c for _, cs in canvas.columns() for c in cs)
    canvas.ensure_visible(card.objective.id)
    title_rect = canvas.layout_of(card.objective.id).title_rect()
    pos = (title_rect.center() + canvas.card_rect(card.objective.id).topLeft()).toPoint()
    assert canvas.tooltip_at(pos).startswith(card.objective.title)


def test_all_time_shows_the_current_period_with_a_note(board_view, demo_ctx) -> None:
    board_view.set_period(None)
    assert board_view.shown_period == demo_ctx.service.period_for(DEMO_TODAY)
    assert "All time: showing the current period" in board_view.summary.text()


def test_empty_period_says_what_to_do(board_view, demo_ctx) -> None:
    empty = demo_ctx.service.create_period("2031-Q1", dt.date(2031, 1, 1), dt.date(2031, 3, 31))
    board_view.set_period(empty)
    assert board_view.stack.currentWidget() is board_view.empty
    assert "2031-Q1" in board_view.empty.title.text()
    assert "import" in board_view.empty.text.text().lower()
    assert board_view.clear_button.isHidden()
