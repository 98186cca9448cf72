"""Key results reached from a KPI's trend (no Qt): which are offered, in what order,
which comes first, and their progress chart data — the check-in dialog's derivation."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.store.readmodels.kr_progress import ProgressPoint, build_kr_progress
from okrdesk.store.readmodels.okrs import BoardReadModel
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.store.readmodels.trend_krs import (
    chart_key_result,
    default_choice,
    key_result_item,
    node_key_results,
)

D = dt.date
TODAY = D(2027, 2, 15)


@pytest.fixture
def okrs(small_tree):
    """Q4 and Q1; in each an objective with a KR linked to NEW and one measured by check-ins;
    in Q1 another objective whose only KR is linked to CHURN."""
    s = small_tree.service
    q4 = s.create_period("2026-Q4", D(2026, 10, 1), D(2026, 12, 31))
    q1 = s.create_period("2027-Q1", D(2027, 1, 1), D(2027, 3, 31))
    new = small_tree.ids["NEW"]
    o4 = s.create_objective("Grow new business (Q4)", period_id=q4.id)
    o1 = s.create_objective("Grow new business", period_id=q1.id)
    other = s.create_objective("Keep customers", period_id=q1.id)
    krs = {
        "old": s.create_key_result(o4.id, "New business to 100", ref="KR-Q4", kpi_node_id=new, target=100.0),
        "linked": s.create_key_result(o1.id, "New business to 200", ref="KR-B", kpi_node_id=new, target=200.0),
        "sibling": s.create_key_result(o1.id, "Sign 10 partners", ref="KR-A", start=0.0, target=10.0),
        "churn": s.create_key_result(other.id, "Churn under 5 %", ref="KR-C",
                                     kpi_node_id=small_tree.ids["CHURN"], target=5.0),
    }
    s.add_check_in(krs["sibling"].id, D(2027, 1, 20), 2.0, confidence=6, comment="two signed")
    s.add_check_in(krs["sibling"].id, D(2027, 2, 10), 5.0, confidence=7)
    return krs


def _source(service):
    return list(service.key_results()), list(service.objectives()), list(service.periods())


def test_a_kpi_offers_its_linked_krs_and_their_objectives_other_krs_latest_period_first(small_tree, okrs):
    items = node_key_results(small_tree.ids["NEW"], *_source(small_tree.service))
    assert [(i.kr.ref, i.linked, i.period.name) for i in items] == [
        ("KR-B", True, "2027-Q1"), ("KR-A", False, "2027-Q1"), ("KR-Q4", True, "2026-Q4"),
    ]
    assert "linked to this KPI" in items[0].label and "same objective" in items[1].label
    assert default_choice(items, TODAY) == 0
    assert default_choice(items, D(2026, 11, 1)) == 2
    assert default_choice(items, D(2030, 1, 1)) == 0  # no period holds it: the latest
    assert node_key_results(small_tree.ids["EXP"], *_source(small_tree.service)) == []


def test_a_key_result_by_id_is_offered_even_when_the_kpi_does_not_lead_to_it(small_tree, okrs):
    item = key_result_item(okrs["churn"].id, small_tree.ids["NEW"], *_source(small_tree.service))
    assert item is not None and item.kr.ref == "KR-C" and not item.linked
    assert key_result_item(10_000, None, *_source(small_tree.service)) is None


def test_a_linked_kr_is_charted_from_the_kpi_buckets_as_the_board_scores_it(small_tree, okrs):
    tree = TreeReadModel.load(small_tree.service, None)
    item = node_key_results(small_tree.ids["NEW"], *_source(small_tree.service))[0]
    chart = chart_key_result(item, tree, TODAY, lambda kr_id: small_tree.service.check_ins(key_result_id=kr_id))
    # NEW: January 150, February 120 (the node's buckets in the period, up to today).
    assert [(p.date, p.value) for p in chart.data.points] == [(D(2027, 1, 1), 150.0), (D(2027, 2, 1), 120.0)]
    board = BoardReadModel.load(small_tree.service, item.period, TODAY, tree)
    assert chart.row == next(r for c in board.cards for r in c.key_results if r.kr.id == item.kr.id)
    assert chart.row.current == 120.0
    assert chart.data.expected_line == ((D(2027, 1, 1), chart.row.start), (D(2027, 3, 31), 200.0))
    assert chart.data.forecast_value is not None and chart.data.today == TODAY


def test_a_check_in_kr_is_charted_from_its_check_ins_like_the_check_in_dialog(small_tree, okrs):
    service = small_tree.service
    items = node_key_results(small_tree.ids["NEW"], *_source(service))
    sibling = next(i for i in items if i.kr.ref == "KR-A")
    chart = chart_key_result(sibling, None, TODAY, lambda kr_id: service.check_ins(key_result_id=kr_id))
    expected = build_kr_progress(
        [ProgressPoint(D(2027, 1, 20), 2.0, 6, "two signed"), ProgressPoint(D(2027, 2, 10), 5.0, 7, "")],
        0.0, 10.0, D(2027, 1, 1), D(2027, 3, 31), TODAY, title="Sign 10 partners", unit="",
    )
    assert chart.data == expected
    assert chart.row.current == 5.0 and chart.row.progress == pytest.approx(0.5)
