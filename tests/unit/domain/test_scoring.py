"""Scoring, bands, pace, forecast and confidence (PRODUCT.md §2)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrdesk.domain.entities import KeyResult, KeyResultKind, Pace, Status
from okrdesk.domain.scoring import (
    expected_progress,
    forecast,
    kr_progress,
    objective_confidence,
    objective_score,
    pace_status,
    progress,
    score_band,
)

D = dt.date


class TestProgress:
    def test_increasing_target(self):
        assert progress(0, 100, 25) == 0.25

    def test_decreasing_target(self):
        assert progress(10, 4, 7) == 0.5
        assert progress(10, 4, 4) == 1.0

    def test_clamped_both_ways(self):
        assert progress(0, 100, 150) == 1.0
        assert progress(0, 100, -20) == 0.0
        assert progress(10, 4, 12) == 0.0  # worse than start on a decreasing target

    @pytest.mark.parametrize("start,target,current", [(None, 1, 1), (0, None, 1), (0, 1, None), (5, 5, 5)])
    def test_undefined(self, start, target, current):
        assert progress(start, target, current) is None

    def test_nan_counts_as_missing(self):
        assert progress(0, 10, math.nan) is None

    def test_milestone(self):
        assert progress(None, None, 1, KeyResultKind.MILESTONE) == 1.0
        assert progress(0, 1, 0, KeyResultKind.MILESTONE) == 0.0
        assert progress(0, 1, None, KeyResultKind.MILESTONE) == 0.0
        assert progress(0, 1, 0.99, KeyResultKind.MILESTONE) == 0.0

    def test_kr_wrapper(self):
        kr = KeyResult(1, "KR-1", 1, "Raise NPS", start=20, target=40, current=35)
        assert kr_progress(kr) == 0.75
        done = KeyResult(2, "KR-2", 1, "Launch", kind=KeyResultKind.MILESTONE, current=1)
        assert kr_progress(done) == 1.0

    @given(
        st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=False, width=32)),
        st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=False, width=32)),
        st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=False, width=32)),
        st.sampled_from(list(KeyResultKind)),
    )
    def test_always_in_unit_interval_or_none(self, start, target, current, kind):
        p = progress(start, target, current, kind)
        assert p is None or 0.0 <= p <= 1.0


class TestObjectiveScore:
    def test_weighted_mean(self):
        assert objective_score([(1.0, 1), (0.0, 3)]) == 0.25

    def test_ignores_undefined_and_zero_weight(self):
        assert objective_score([(None, 5), (0.5, 0), (0.8, 2)]) == 0.8

    def test_none_when_nothing_counts(self):
        assert objective_score([]) is None
        assert objective_score([(None, 1), (0.3, 0)]) is None

    @given(
        st.lists(
            st.tuples(
                st.one_of(st.none(), st.floats(0, 1)),
                st.one_of(st.just(0.0), st.floats(1e-6, 1e6)),
            ),
            max_size=12,
        )
    )
    def test_between_min_and_max_of_parts(self, parts):
        score = objective_score(parts)
        counted = [p for p, w in parts if p is not None and w > 0]
        if not counted:
            assert score is None
        else:
            assert min(counted) <= score <= max(counted)


@pytest.mark.parametrize(
    "score,band",
    [(0.0, Status.RED), (0.399, Status.RED), (0.4, Status.AMBER), (0.69, Status.AMBER),
     (0.7, Status.GREEN), (1.0, Status.GREEN)],
)  # fmt: skip
def test_score_band(score, band):
    assert score_band(score) == band


def test_score_band_none():
    assert score_band(None) is None


class TestExpectedProgress:
    q1 = (D(2027, 1, 1), D(2027, 3, 31))  # 90 days

    def test_before_and_after(self):
        assert expected_progress(*self.q1, D(2026, 12, 31)) == 0.0
        assert expected_progress(*self.q1, D(2027, 4, 1)) == 1.0

    def test_day_counting_convention(self):
        # today counts as elapsed; both ends inclusive
        assert expected_progress(*self.q1, D(2027, 1, 1)) == pytest.approx(1 / 90)
        assert expected_progress(*self.q1, D(2027, 2, 14)) == pytest.approx(45 / 90)
        assert expected_progress(*self.q1, D(2027, 3, 31)) == 1.0

    def test_one_day_period(self):
        assert expected_progress(D(2027, 1, 1), D(2027, 1, 1), D(2027, 1, 1)) == 1.0

    def test_leap_year_quarter(self):
        # 2028-Q1 has 91 days
        assert expected_progress(D(2028, 1, 1), D(2028, 3, 31), D(2028, 2, 29)) == pytest.approx(60 / 91)

    def test_end_before_start_is_refused(self):
        with pytest.raises(ValueError, match="before it starts"):
            expected_progress(D(2027, 2, 1), D(2027, 1, 1), D(2027, 1, 15))


@pytest.mark.parametrize(
    "prog,expected,pace",
    [(0.5, 0.5, Pace.ON_TRACK), (0.9, 0.5, Pace.ON_TRACK), (0.4, 0.5, Pace.ON_TRACK),
     (0.2, 0.3, Pace.ON_TRACK), (0.39, 0.5, Pace.AT_RISK), (0.25, 0.5, Pace.AT_RISK),
     (0.24, 0.5, Pace.OFF_TRACK), (0.0, 1.0, Pace.OFF_TRACK)],
)  # fmt: skip
def test_pace_status(prog, expected, pace):
    assert pace_status(prog, expected) == pace


def test_pace_status_missing_progress():
    assert pace_status(None, 0.5) is None


class TestForecast:
    def test_exact_line(self):
        pts = [(D(2027, 1, 1), 10.0), (D(2027, 1, 11), 20.0), (D(2027, 1, 21), 30.0)]
        f = forecast(pts, D(2027, 3, 31))
        assert f.slope_per_day == pytest.approx(1.0)
        assert f.intercept == pytest.approx(10.0)
        assert f.value == pytest.approx(10 + 89)
        assert f.value_at(D(2027, 1, 6)) == pytest.approx(15.0)
        assert f.residual_std_error == pytest.approx(0.0, abs=1e-9)
        assert f.n_points == 3

    def test_noisy_line_and_band(self):
        pts = [(D(2027, 1, 1) + dt.timedelta(days=i), 2.0 * i + (1 if i % 2 else -1)) for i in range(10)]
        f = forecast(pts, D(2027, 1, 31))
        assert f.slope_per_day == pytest.approx(2.0, abs=0.1)
        # residuals are ±1 → RSE close to sqrt(10/8)
        assert f.residual_std_error == pytest.approx(math.sqrt(sum(
            (y - f.value_at(d)) ** 2 for d, y in pts) / 8))
        low, high = f.band(D(2027, 1, 31))
        assert low < f.value < high
        near_low, near_high = f.band(D(2027, 1, 5))
        assert (high - low) > (near_high - near_low)  # wider further out

    def test_decreasing(self):
        f = forecast([(D(2027, 1, 1), 100.0), (D(2027, 1, 3), 96.0)], D(2027, 1, 5))
        assert f.value == pytest.approx(92.0)

    def test_needs_two_distinct_dates(self):
        assert forecast([], D(2027, 1, 1)) is None
        assert forecast([(D(2027, 1, 1), 1.0), (D(2027, 1, 1), 2.0)], D(2027, 2, 1)) is None

    def test_unsorted_points_and_missing_values(self):
        pts = [(D(2027, 1, 3), 3.0), (D(2027, 1, 2), math.nan), (D(2027, 1, 1), 1.0)]
        f = forecast(pts, D(2027, 1, 4))
        assert f.value == pytest.approx(4.0)


class TestConfidence:
    def test_weighted_mean_of_confidences(self):
        krs = [
            KeyResult(1, "a", 1, "x", confidence=8, weight=1),
            KeyResult(2, "b", 1, "y", confidence=2, weight=3),
            KeyResult(3, "c", 1, "z", confidence=None, weight=5),
        ]
        assert objective_confidence(krs) == pytest.approx(3.5)

    def test_none_without_confidences(self):
        assert objective_confidence([KeyResult(1, "a", 1, "x")]) is None
        assert objective_confidence([]) is None
