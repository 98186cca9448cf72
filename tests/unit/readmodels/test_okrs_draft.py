"""A draft objective is not running yet: no pace for it or its key results, and it
never counts as off track (review fix of issue 4)."""

from __future__ import annotations

import pytest

from okrdesk.domain.entities import ObjectiveState, Pace
from okrdesk.store.readmodels.okrs import BoardReadModel

from .test_okrs import TODAY, built  # noqa: F401 - the fixture


def test_draft_gets_no_pace_and_is_not_counted(built) -> None:  # noqa: F811
    ws, ids = built
    svc = ws.service
    before = BoardReadModel.load(svc, ids["q1"], TODAY)
    assert before.card(ids["top"].id).pace == Pace.OFF_TRACK
    svc.update_objective(ids["top"].id, state=ObjectiveState.DRAFT)
    board = BoardReadModel.load(svc, ids["q1"], TODAY)
    card = board.card(ids["top"].id)
    assert card.is_draft
    assert card.pace is None
    assert all(row.pace is None for row in card.key_results)
    assert card.score == pytest.approx(0.1)  # still scored, just not paced
    assert board.pace_counts() == {Pace.ON_TRACK: 1, Pace.AT_RISK: 1, Pace.OFF_TRACK: 0}
    assert board.draft_count() == 1
    assert card not in board.at_risk()


def test_objective_confidence_comes_from_its_key_results(built) -> None:  # noqa: F811
    ws, ids = built
    board = BoardReadModel.load(ws.service, ids["q1"], TODAY)
    card = board.card(ids["mid"].id)
    confidences = [(row.confidence, row.kr.weight) for row in card.key_results if row.confidence is not None]
    assert confidences
    expected = sum(c * w for c, w in confidences) / sum(w for _, w in confidences)
    assert card.confidence == pytest.approx(expected)
