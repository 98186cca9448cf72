"""Data preparation of the Trends view without Qt: windows, bands, forecast, OKR markers, compare, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import numpy as np
import pytest

from okrdesk.domain.entities import Direction, Grain, KeyResult, KpiNode, Objective, Period, PeriodKind, Status
from okrdesk.domain.scoring import forecast
from okrdesk.palette import SERIES_COLOURS
from okrdesk.store.readmodels import TreeReadModel
from okrdesk.store.readmodels.trend import (
    CSV_FORECAST_HEADER,
    CSV_HEADER,
    TrendSeries,
    trend_series,
    with_window,
    write_trend_csv,
)
from okrdesk.store.readmodels.trend_bands import status_bands
from okrdesk.store.readmodels.trend_compare import (
    compare_lines,
    default_index_start,
    index_base,
    indexed,
    shared_unit,
)
from okrdesk.store.readmodels.trend_forecast import add_quarters, forecast_band
from okrdesk.store.readmodels.trend_okr import kr_target_markers

D = dt.date


def _series(days: list[dt.date], values: list[float], window: int = 3) -> TrendSeries:
    from okrdesk.store.readmodels.trend import moving_average

    v = np.array(values, dtype=np.float64)
    return TrendSeries(
        node_id=1,
        buckets=np.array(days, dtype="datetime64[D]"),
        values=v,
        moving_average=moving_average(v, window),
        raw_dates=np.array([], dtype="datetime64[D]"),
        raw_values=np.array([], dtype=np.float64),
        raw_differs=False,
        window=window,
    )


def _months(n: int, start: dt.date = D(2025, 1, 1)) -> list[dt.date]:
    out = []
    for i in range(n):
        index = start.year * 12 + start.month - 1 + i
        out.append(D(index // 12, index % 12 + 1, 1))
    return out


# ---------------------------------------------------------------- moving-average window


def test_with_window_recomputes_the_moving_average():
    series = _series(_months(8), [1, 2, 3, 4, 5, 6, 7, 8])
    six = with_window(series, 6)
    assert six.window == 6
    assert np.isnan(six.moving_average[:5]).all()
    assert six.moving_average[5:].tolist() == pytest.approx([3.5, 4.5, 5.5])
    assert np.array_equal(six.values, series.values)
    twelve = with_window(series, 12)
    assert np.isnan(twelve.moving_average).all()


def test_trend_series_takes_the_window(small_tree):
    tree = TreeReadModel.load(small_tree.service, D(2027, 2, 15))
    series = trend_series(tree, small_tree.ids["NEW"], window=2)
    assert series.window == 2
    assert series.moving_average.tolist()[1:] == pytest.approx([120.0, 135.0])


# ---------------------------------------------------------------- bands


def _node(direction: Direction, target: float | None, green=None, red=None) -> KpiNode:
    return KpiNode(1, "K", "K", direction=direction, target=target, green_from=green, red_from=red)


def test_bands_of_a_higher_is_better_kpi_use_the_default_ten_percent():
    bands = status_bands(_node(Direction.HIGHER, 200.0), reach=1000.0)
    assert [(lo, hi, s) for lo, hi, s in bands.ranges] == [
        (-1200.0, 180.0, Status.RED), (180.0, 200.0, Status.AMBER), (200.0, 1200.0, Status.GREEN)
    ]


def test_bands_of_a_lower_is_better_kpi_with_own_thresholds():
    bands = status_bands(_node(Direction.LOWER, 5.0, green=5.0, red=8.0), reach=100.0)
    assert [s for _, _, s in bands.ranges] == [Status.GREEN, Status.AMBER, Status.RED]
    assert bands.ranges[1][:2] == (5.0, 8.0)


def test_bands_of_a_within_band_kpi_are_symmetric_around_the_target():
    bands = status_bands(_node(Direction.BAND, 100.0), reach=50.0)
    assert [s for _, _, s in bands.ranges] == [Status.RED, Status.AMBER, Status.GREEN, Status.AMBER, Status.RED]
    assert bands.ranges[2][:2] == (95.0, 105.0)
    assert bands.ranges[1][:2] == (90.0, 95.0)


def test_no_target_no_bands_and_empty_amber_is_dropped():
    assert status_bands(_node(Direction.HIGHER, None), 10.0).ranges == ()
    same = status_bands(_node(Direction.HIGHER, 10.0, green=10.0, red=10.0), 10.0)
    assert [s for _, _, s in same.ranges] == [Status.RED, Status.GREEN]


# ---------------------------------------------------------------- forecast


def test_add_quarters_clips_the_day():
    assert add_quarters(D(2026, 11, 30), 1) == D(2027, 2, 28)
    assert add_quarters(D(2026, 1, 1), 4) == D(2027, 1, 1)


def test_forecast_of_a_straight_line_has_a_zero_width_band():
    days = _months(6)
    values = [10.0 + (d - days[0]).days for d in days]  # exactly linear in days
    band = forecast_band(_series(days, values), Grain.MONTH, 2)
    assert band is not None
    assert band.until == add_quarters(days[-1], 2) == D(2025, 12, 1)
    assert band.dates[0].item() == days[-1] and band.dates[-1].item() == band.until
    assert band.dates.astype(str).tolist()[1:3] == ["2025-07-01", "2025-08-01"]
    expected_end = 10.0 + (band.until - days[0]).days
    assert band.end_value() == pytest.approx((expected_end, expected_end, expected_end))


def test_forecast_band_matches_the_domain_forecast_and_widens_ahead():
    rng = np.random.default_rng(5)
    days = _months(30)
    values = [100 + 2 * i + float(rng.normal(0, 3)) for i in range(30)]
    band = forecast_band(_series(days, values), Grain.MONTH, 4)
    assert band is not None
    fitted = list(zip(days[-24:], values[-24:]))  # FIT_BUCKETS[MONTH] = 24 latest buckets
    assert band.fitted_from == days[6]
    reference = forecast(fitted, band.until)
    assert band.fit.slope_per_day == pytest.approx(reference.slope_per_day)
    assert band.centre[-1] == pytest.approx(reference.value)
    low, high = reference.band(band.until)
    assert (band.low[-1], band.high[-1]) == pytest.approx((low, high))
    widths = band.high - band.low
    assert np.all(np.diff(widths) > 0)
    assert np.all(band.low < band.centre) and np.all(band.centre < band.high)


def test_forecast_needs_three_points_and_a_valid_horizon():
    assert forecast_band(_series(_months(2), [1.0, 2.0]), Grain.MONTH, 1) is None
    with_nan = _series(_months(4), [1.0, math.nan, math.nan, 2.0])
    assert forecast_band(with_nan, Grain.MONTH, 1) is None
    with pytest.raises(ValueError, match="1, 2, 3, 4 quarters, not 5"):
        forecast_band(_series(_months(6), [1, 2, 3, 4, 5, 6]), Grain.MONTH, 5)


# ---------------------------------------------------------------- OKR markers


def test_kr_markers_sit_at_the_end_of_their_period():
    periods = [Period(1, "2027-Q1", PeriodKind.QUARTER, D(2027, 1, 1), D(2027, 3, 31)),
               Period(2, "2026-Q4", PeriodKind.QUARTER, D(2026, 10, 1), D(2026, 12, 31))]
    objectives = [Objective(10, "O-1", "Grow", 1, None), Objective(11, "O-2", "Keep", 2, None),
                  Objective(12, "O-3", "No period", None, None)]
    krs = [
        KeyResult(1, "KR-2", 10, "Reach 300", target=300.0, kpi_node_id=7),
        KeyResult(2, "KR-1", 11, "Reach 250", target=250.0, kpi_node_id=7),
        KeyResult(3, "KR-3", 10, "Other node", target=1.0, kpi_node_id=8),
        KeyResult(4, "KR-4", 10, "No target", kpi_node_id=7),
        KeyResult(5, "KR-5", 12, "No period", target=5.0, kpi_node_id=7),
    ]
    markers = kr_target_markers(7, krs, objectives, periods)
    assert [(m.ref, m.date, m.target, m.period_name) for m in markers] == [
        ("KR-1", D(2026, 12, 31), 250.0, "2026-Q4"), ("KR-2", D(2027, 3, 31), 300.0, "2027-Q1")
    ]
    assert markers[1].objective_title == "Grow"


# ---------------------------------------------------------------- compare


def test_compare_lines_keep_order_and_colours(small_tree):
    tree = TreeReadModel.load(small_tree.service, D(2027, 2, 15))
    ids = [small_tree.ids["CHURN"], small_tree.ids["NEW"]]
    lines = compare_lines(tree, ids)
    assert [line.code for line in lines] == ["CHURN", "NEW"]
    assert [line.colour for line in lines] == list(SERIES_COLOURS[:2])
    assert lines[1].values.tolist() == [90.0, 150.0, 120.0]
    assert shared_unit(lines) is None
    assert shared_unit(lines[1:]) == "€"
    assert default_index_start(lines) == D(2027, 1, 1)
    with pytest.raises(ValueError, match="only once"):
        compare_lines(tree, [ids[0], ids[0]])
    with pytest.raises(ValueError, match="at most 8"):
        compare_lines(tree, list(range(9)))


def test_indexed_divides_by_the_value_at_the_start(small_tree):
    tree = TreeReadModel.load(small_tree.service, D(2027, 2, 15))
    new = compare_lines(tree, [small_tree.ids["NEW"]])[0]
    out = indexed(new, D(2027, 1, 1))
    assert out.base == 150.0
    assert out.dates.astype(str).tolist() == ["2027-01-01", "2027-02-01"]
    assert out.values.tolist() == pytest.approx([100.0, 80.0])
    # A start between buckets takes the next bucket's value.
    assert indexed(new, D(2026, 12, 15)).base == 150.0
    gone = indexed(new, D(2028, 1, 1))
    assert gone.values.size == 0 and "no value" in gone.note


def test_index_base_skips_nan_and_refuses_zero():
    dates = np.array(["2027-01-01", "2027-02-01", "2027-03-01"], dtype="datetime64[D]")
    assert index_base(dates, np.array([math.nan, 4.0, 5.0]), D(2027, 1, 1)) == 4.0
    assert index_base(dates, np.array([0.0, 4.0, 5.0]), D(2027, 1, 1)) is None


def test_a_negative_base_keeps_rises_as_rises():
    from okrdesk.store.readmodels.trend_compare import CompareLine

    line = CompareLine(1, "P", "Profit", "€", "#000", np.array(["2027-01-01", "2027-02-01"], dtype="datetime64[D]"),
                       np.array([-50.0, -25.0]))
    out = indexed(line, D(2027, 1, 1))
    assert out.values.tolist() == [100.0, 150.0]


# ---------------------------------------------------------------- CSV with a forecast


def test_csv_with_a_forecast_adds_three_columns():
    days = _months(6)
    series = _series(days, [1, 2, 3, 5, 4, 6])
    band = forecast_band(series, Grain.MONTH, 1)
    buffer = io.StringIO()
    written = write_trend_csv(buffer, series, band)
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows[0] == list(CSV_HEADER + CSV_FORECAST_HEADER)
    assert len(rows) - 1 == written == 6 + 3  # six buckets, three forecast dates after the last
    last_bucket = next(r for r in rows if r[0] == "2025-06-01")
    assert last_bucket[2] == "6.0" and float(last_bucket[4]) == pytest.approx(band.centre[0])
    future = rows[-1]
    assert future[0] == band.until.isoformat() and future[1:4] == ["", "", ""]
    assert float(future[5]) < float(future[4]) < float(future[6])
    plain = io.StringIO()
    write_trend_csv(plain, series)
    assert plain.getvalue().splitlines()[0] == ",".join(CSV_HEADER)
