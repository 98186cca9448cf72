"""TreeReadModel on a small hand-built workspace (numbers in conftest.py's docstring)."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.domain.entities import Status
from okrdesk.store.readmodels import TreeReadModel

D = dt.date


def test_rows_come_in_depth_first_order_with_depths(small_tree):
    tree = TreeReadModel.load(small_tree.service, D(2027, 2, 15))
    assert [(r.node.code, r.depth) for r in tree.rows] == [
        ("REV", 0), ("NEW", 1), ("EXP", 1), ("CHURN", 0), ("BAD", 0),
    ]
    assert [r.node.code for r in tree.children(small_tree.ids["REV"])] == ["NEW", "EXP"]
    assert [r.node.code for r in tree.children(None)] == ["REV", "CHURN", "BAD"]
    assert tree.top_kpi().node.code == "REV"


def test_values_change_and_status_as_of_mid_february(small_tree):
    tree = TreeReadModel.load(small_tree.service, D(2027, 2, 15))
    rev = tree.row(small_tree.ids["REV"])
    assert rev.value == pytest.approx(160.0)  # 120 + 40
    assert rev.bucket == D(2027, 2, 1)
    assert rev.previous == pytest.approx(180.0)  # 150 + 30 computed (the formula wins)
    assert rev.change == pytest.approx((160 - 180) / 180)
    assert rev.status == Status.RED  # 160 <= 270 (default red at 90 % of 300)
    assert rev.owner_name == "Ada Lovelace" and rev.team_name == "Company"

    new = tree.row(small_tree.ids["NEW"])
    assert (new.value, new.previous) == (pytest.approx(120.0), pytest.approx(150.0))
    assert new.change == pytest.approx(-0.2)
    assert new.owner_name == ""

    churn = tree.row(small_tree.ids["CHURN"])
    assert churn.value == pytest.approx(9.0)
    assert churn.previous == pytest.approx(5.0)  # mean of 6 and 4
    assert churn.status == Status.RED  # lower is better, 9 >= red from 8


def test_as_of_an_earlier_day_shows_that_bucket(small_tree):
    tree = TreeReadModel.load(small_tree.service, D(2027, 1, 15))
    rev = tree.row(small_tree.ids["REV"])
    assert (rev.value, rev.bucket, rev.previous) == (pytest.approx(180.0), D(2027, 1, 1), pytest.approx(100.0))
    assert rev.change == pytest.approx(0.8)
    churn = tree.row(small_tree.ids["CHURN"])
    assert churn.value == pytest.approx(5.0) and churn.status == Status.GREEN
    assert churn.previous is None and churn.change is None


def test_as_of_none_means_the_latest_bucket(small_tree):
    tree = TreeReadModel.load(small_tree.service, None)
    assert tree.row(small_tree.ids["REV"]).bucket == D(2027, 2, 1)
    early = TreeReadModel.load(small_tree.service, D(2026, 11, 30))
    assert early.row(small_tree.ids["REV"]).value is None
    assert early.row(small_tree.ids["REV"]).sparkline == ()


def test_sparkline_has_twelve_buckets_ending_at_the_value(small_tree):
    tree = TreeReadModel.load(small_tree.service, D(2027, 2, 15))
    spark = tree.row(small_tree.ids["REV"]).sparkline
    assert len(spark) == 12
    assert spark[:9] == (None,) * 9
    assert spark[9:] == pytest.approx((100.0, 180.0, 160.0))


def test_mismatch_and_error_rows(small_tree):
    tree = TreeReadModel.load(small_tree.service, D(2027, 2, 15))
    rev = tree.row(small_tree.ids["REV"])
    assert rev.mismatch is True and rev.error is None
    [found] = tree.mismatches(small_tree.ids["REV"])
    assert (found.bucket, found.computed, found.measured) == (D(2027, 1, 1), pytest.approx(180.0), pytest.approx(175.0))
    assert tree.row(small_tree.ids["NEW"]).mismatch is False
    bad = tree.row(small_tree.ids["BAD"])
    assert bad.error is not None and "NOPE" in bad.error
    assert bad.value is None and bad.status is None and bad.sparkline == ()


def test_series_value_at_and_raw(small_tree):
    tree = TreeReadModel.load(small_tree.service, D(2027, 2, 15))
    new_id = small_tree.ids["NEW"]
    assert tree.series(new_id) == [(D(2026, 12, 1), 90.0), (D(2027, 1, 1), 150.0), (D(2027, 2, 1), 120.0)]
    assert tree.value_at(small_tree.ids["REV"], D(2027, 1, 20)) == pytest.approx(180.0)
    assert tree.value_at(small_tree.ids["REV"], D(2026, 6, 1)) is None
    dates, values = tree.raw(new_id)
    assert dates.astype(str).tolist() == ["2026-12-15", "2027-01-10", "2027-01-20", "2027-02-05"]
    assert values.tolist() == [90.0, 100.0, 50.0, 120.0]
    with pytest.raises(KeyError, match="no KPI node with id 99999"):
        tree.row(99999)


def test_influence_links_are_listed_both_ways(small_tree):
    s = small_tree.service
    s.add_link(small_tree.ids["CHURN"], small_tree.ids["REV"], "lost customers stop paying")
    tree = TreeReadModel.load(s, D(2027, 2, 15))
    [(driver, note)] = tree.drivers(small_tree.ids["REV"])
    assert driver.node.code == "CHURN" and note == "lost customers stop paying"
    [(target, _)] = tree.influenced(small_tree.ids["CHURN"])
    assert target.node.code == "REV"
