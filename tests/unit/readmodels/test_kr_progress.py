"""Chart data of a key result: expected-pace line, least-squares forecast with its band,
today, and a value range that holds everything (no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.domain.entities import KeyResultKind
from okrdesk.store.readmodels.kr_progress import ProgressPoint, build_kr_progress

D = dt.date
START, END = D(2027, 1, 1), D(2027, 3, 31)


def test_expected_line_runs_from_start_to_target_across_the_period() -> None:
    data = build_kr_progress([], 10.0, 40.0, START, END, D(2027, 2, 15))
    assert data.expected_line == ((START, 10.0), (END, 40.0))
    assert data.expected_at(END) == 40.0
    assert data.expected_at(D(2026, 12, 1)) == 10.0
    assert data.forecast_line is None and data.forecast_band == () and data.forecast_value is None
    assert data.today_inside
    assert data.y_min < 10.0 and data.y_max > 40.0


def test_forecast_is_the_least_squares_line_to_the_period_end() -> None:
    # Exactly linear: one unit per day from Jan 1 -> the forecast is exact, the band has no width.
    points = [ProgressPoint(D(2027, 1, 1) + dt.timedelta(days=d), float(d)) for d in (0, 10, 20, 30)]
    data = build_kr_progress(points, 0.0, 100.0, START, END, D(2027, 2, 1))
    assert data.forecast_value == pytest.approx((END - START).days)
    assert data.forecast_line[0] == (D(2027, 1, 1), pytest.approx(0.0))
    assert data.forecast_line[1][0] == END
    assert data.forecast_band[0][0] == D(2027, 1, 31)
    assert data.forecast_band[-1][0] == END
    for _, low, high in data.forecast_band:
        assert low == pytest.approx(high)
    assert data.forecast_progress == pytest.approx(0.89)
    assert data.y_max >= data.forecast_value


def test_band_widens_with_noise_and_away_from_the_points() -> None:
    values = [0, 14, 16, 33, 35, 52]
    points = [ProgressPoint(START + dt.timedelta(days=7 * i), float(v)) for i, v in enumerate(values)]
    data = build_kr_progress(points, 0, 100, START, END, D(2027, 2, 10))
    widths = [high - low for _, low, high in data.forecast_band]
    assert widths[0] > 0
    assert widths == sorted(widths)
    assert data.y_min <= min(low for _, low, _ in data.forecast_band)


def test_points_outside_the_period_or_not_finite_are_dropped_and_sorted() -> None:
    points = [ProgressPoint(D(2027, 2, 1), 5.0), ProgressPoint(D(2026, 12, 1), 1.0),
              ProgressPoint(D(2027, 1, 10), float("nan")), ProgressPoint(D(2027, 1, 20), 3.0)]
    data = build_kr_progress(points, 0, 10, START, END, D(2027, 4, 10))
    assert [p.date for p in data.points] == [D(2027, 1, 20), D(2027, 2, 1)]
    assert not data.today_inside


def test_milestone_runs_from_zero_to_one_and_bad_period_is_refused() -> None:
    data = build_kr_progress([], None, None, START, END, START, kind=KeyResultKind.MILESTONE)
    assert data.expected_line == ((START, 0.0), (END, 1.0))
    with pytest.raises(ValueError, match="before it starts"):
        build_kr_progress([], 0, 1, END, START, START)


def test_single_value_gets_a_visible_range() -> None:
    data = build_kr_progress([ProgressPoint(D(2027, 1, 5), 7.0)], None, None, START, END, START)
    assert data.y_min < 7.0 < data.y_max
    assert data.expected_at(START) is None
