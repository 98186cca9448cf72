"""A linear forecast of a trend, projected a few quarters ahead with an uncertainty band.

The line is ``domain.scoring.forecast`` (least squares over bucket starts, x in
days) fitted to the most recent buckets only (``FIT_BUCKETS`` per grain: about
two years), because a KPI's trend of five years ago says little about the next
quarter. The band is the 95 % prediction interval of ``Forecast.band``: it
widens with the distance from the fitted points.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from okrdesk.domain.bucket_dates import bucket_start, next_bucket
from okrdesk.domain.entities import Grain
from okrdesk.domain.scoring import Forecast, forecast
from okrdesk.store.readmodels.trend import TrendSeries

#: Forecast horizons the Trends view offers, in quarters.
FORECAST_HORIZONS = (1, 2, 3, 4)
#: How many of the latest buckets the line is fitted to.
FIT_BUCKETS = {Grain.WEEK: 104, Grain.MONTH: 24, Grain.QUARTER: 8, Grain.YEAR: 5}
#: Points needed before a forecast is drawn at all.
MIN_FIT_POINTS = 3


@dataclass(frozen=True)
class ForecastBand:
    """The projected line and its band, from the last bucket with a value to ``until``.

    ``dates`` are ``datetime64[D]``: the last bucket, every later bucket start,
    and ``until``; ``centre``, ``low`` and ``high`` are float64 of the same length.
    """

    dates: np.ndarray
    centre: np.ndarray
    low: np.ndarray
    high: np.ndarray
    until: dt.date
    horizon_quarters: int
    fitted_from: dt.date  # first bucket the line was fitted to
    fit: Forecast

    def end_value(self) -> tuple[float, float, float]:
        """(centre, low, high) at ``until``."""
        return float(self.centre[-1]), float(self.low[-1]), float(self.high[-1])


def add_quarters(day: dt.date, quarters: int) -> dt.date:
    """``day`` moved ``quarters`` × 3 months later (the day clipped to the month's length)."""
    index = day.year * 12 + day.month - 1 + 3 * quarters
    year, month = divmod(index, 12)
    month += 1
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def forecast_band(series: TrendSeries, grain: Grain, horizon_quarters: int) -> ForecastBand | None:
    """The forecast of ``series`` ``horizon_quarters`` (1–4) quarters past its last bucket.

    None when fewer than ``MIN_FIT_POINTS`` finite bucket values exist.
    ValueError names the bad horizon.
    """
    if horizon_quarters not in FORECAST_HORIZONS:
        raise ValueError(
            f"forecast horizon must be one of {', '.join(map(str, FORECAST_HORIZONS))} quarters, "
            f"not {horizon_quarters!r}"
        )
    grain = Grain(grain)
    finite = np.isfinite(series.values)
    days = series.buckets[finite][-FIT_BUCKETS[grain]:]
    values = series.values[finite][-FIT_BUCKETS[grain]:]
    if days.size < MIN_FIT_POINTS:
        return None
    points = list(zip(days.tolist(), values.tolist()))
    last = points[-1][0]
    until = add_quarters(last, horizon_quarters)
    fit = forecast(points, until)
    if fit is None:
        return None
    steps = [last]
    day = next_bucket(last, grain)
    while day < until:
        steps.append(day)
        day = next_bucket(day, grain)
    if steps[-1] != until:
        steps.append(until)
    centre = np.array([fit.value_at(d) for d in steps], dtype=np.float64)
    bands = np.array([fit.band(d) for d in steps], dtype=np.float64).reshape(-1, 2)
    return ForecastBand(
        dates=np.array(steps, dtype="datetime64[D]"),
        centre=centre,
        low=bands[:, 0],
        high=bands[:, 1],
        until=until,
        horizon_quarters=horizon_quarters,
        fitted_from=bucket_start(points[0][0], grain),
        fit=fit,
    )
