"""Bucket starts, neighbours, and aggregation (pure Python and NumPy paths)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrdesk.domain.bucketing import (
    bucket_arrays,
    bucket_end,
    bucket_series,
    bucket_start,
    bucket_start_array,
    next_bucket,
    previous_bucket,
)
from okrdesk.domain.entities import Aggregation, Grain

D = dt.date
W, M, Q, Y = Grain.WEEK, Grain.MONTH, Grain.QUARTER, Grain.YEAR


@pytest.mark.parametrize(
    "day,grain,start",
    [
        (D(2027, 1, 1), W, D(2026, 12, 28)),  # Friday → Monday of ISO week 53 of 2026
        (D(2026, 12, 28), W, D(2026, 12, 28)),
        (D(2021, 1, 3), W, D(2020, 12, 28)),  # Sunday closes ISO week 2020-W53
        (D(2021, 1, 4), W, D(2021, 1, 4)),
        (D(2028, 2, 29), M, D(2028, 2, 1)),
        (D(2027, 12, 31), M, D(2027, 12, 1)),
        (D(2027, 3, 31), Q, D(2027, 1, 1)),
        (D(2027, 4, 1), Q, D(2027, 4, 1)),
        (D(2027, 12, 31), Q, D(2027, 10, 1)),
        (D(2028, 2, 29), Y, D(2028, 1, 1)),
    ],
)
def test_bucket_start(day, grain, start):
    assert bucket_start(day, grain) == start


def test_week_start_is_iso_monday_across_years():
    day = D(2015, 12, 20)
    for _ in range(800):  # covers several year boundaries incl. 53-week years
        start = bucket_start(day, W)
        assert start.weekday() == 0
        assert start.isocalendar()[:2] == day.isocalendar()[:2]
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    "day,grain,nxt,prev",
    [
        (D(2027, 12, 15), M, D(2028, 1, 1), D(2027, 11, 1)),
        (D(2027, 1, 31), M, D(2027, 2, 1), D(2026, 12, 1)),
        (D(2027, 11, 2), Q, D(2028, 1, 1), D(2027, 7, 1)),
        (D(2027, 2, 2), Q, D(2027, 4, 1), D(2026, 10, 1)),
        (D(2027, 6, 6), Y, D(2028, 1, 1), D(2026, 1, 1)),
        (D(2027, 1, 1), W, D(2027, 1, 4), D(2026, 12, 21)),
    ],
)
def test_next_and_previous(day, grain, nxt, prev):
    assert next_bucket(day, grain) == nxt
    assert previous_bucket(day, grain) == prev


def test_bucket_end_leap_february():
    assert bucket_end(D(2028, 2, 10), M) == D(2028, 2, 29)
    assert bucket_end(D(2027, 2, 10), M) == D(2027, 2, 28)
    assert bucket_end(D(2027, 11, 10), Q) == D(2027, 12, 31)


class TestBucketSeries:
    dates = [D(2027, 1, 5), D(2027, 1, 20), D(2027, 1, 10), D(2027, 2, 1), D(2027, 2, 1)]
    values = [1.0, 2.0, 4.0, 10.0, 20.0]

    def test_sum(self):
        assert bucket_series(self.dates, self.values, M, Aggregation.SUM) == {
            D(2027, 1, 1): 7.0, D(2027, 2, 1): 30.0}

    def test_last_takes_latest_date_then_last_given(self):
        assert bucket_series(self.dates, self.values, M, Aggregation.LAST) == {
            D(2027, 1, 1): 2.0, D(2027, 2, 1): 20.0}

    def test_average(self):
        out = bucket_series(self.dates, self.values, M, Aggregation.AVERAGE)
        assert out[D(2027, 1, 1)] == pytest.approx(7 / 3) and out[D(2027, 2, 1)] == 15.0

    def test_keys_sorted_and_missing_skipped(self):
        out = bucket_series([D(2028, 1, 1), D(2027, 1, 1), D(2027, 6, 1)], [1.0, None, math.nan], Y,
                            Aggregation.SUM)
        assert list(out) == [D(2028, 1, 1)]

    def test_length_mismatch(self):
        with pytest.raises(ValueError, match="2 dates but 1 values"):
            bucket_series([D(2027, 1, 1)] * 2, [1.0], M, Aggregation.SUM)


def _np_dates(days):
    return np.array(days, dtype="datetime64[D]")


class TestBucketArrays:
    def test_matches_pure_python_example(self):
        days = _np_dates(TestBucketSeries.dates)
        vals = np.array(TestBucketSeries.values)
        for agg in Aggregation:
            starts, out = bucket_arrays(days, vals, M, agg)
            expected = bucket_series(TestBucketSeries.dates, TestBucketSeries.values, M, agg)
            assert [s.item() for s in starts] == list(expected)
            assert out.tolist() == pytest.approx(list(expected.values()))

    def test_empty_and_nan(self):
        starts, out = bucket_arrays(_np_dates([D(2027, 1, 1)]), np.array([np.nan]), M, Aggregation.SUM)
        assert starts.size == 0 and out.size == 0 and starts.dtype == np.dtype("datetime64[D]")

    def test_nat_refused(self):
        with pytest.raises(ValueError, match="NaT"):
            bucket_arrays(np.array(["2027-01-01", "NaT"], dtype="datetime64[D]"), np.ones(2), M,
                          Aggregation.SUM)

    def test_shape_mismatch(self):
        with pytest.raises(ValueError, match="3 dates but 2 values"):
            bucket_arrays(_np_dates([D(2027, 1, 1)] * 3), np.ones(2), M, Aggregation.SUM)

    def test_sparse_dates_over_centuries_use_sorting_path(self):
        days = [D(1900, 1, 1), D(2100, 12, 31), D(1900, 1, 3)]
        starts, out = bucket_arrays(_np_dates(days), np.array([1.0, 2.0, 3.0]), W, Aggregation.LAST)
        assert [s.item() for s in starts] == [D(1900, 1, 1), D(2100, 12, 27)]  # 1900-01-01 was a Monday
        assert out.tolist() == [3.0, 2.0]

    def test_start_array_matches_scalar(self):
        days = [D(1969, 12, 31) + dt.timedelta(days=i * 37) for i in range(400)]
        for grain in Grain:
            got = bucket_start_array(_np_dates(days), grain)
            assert [g.item() for g in got] == [bucket_start(d, grain) for d in days]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.dates(D(1990, 1, 1), D(2040, 12, 31)), st.integers(-1000, 1000).map(float)),
        min_size=1, max_size=60,
    ),
    st.sampled_from(list(Grain)),
    st.sampled_from(list(Aggregation)),
)
def test_arrays_agree_with_pure_python(points, grain, aggregation):
    days = [d for d, _ in points]
    vals = [v for _, v in points]
    expected = bucket_series(days, vals, grain, aggregation)
    starts, out = bucket_arrays(_np_dates(days), np.array(vals), grain, aggregation)
    assert [s.item() for s in starts] == list(expected)
    assert out.tolist() == pytest.approx(list(expected.values()))
