"""The series a trend chart draws for one KPI node, and their CSV export.

Everything here is plain NumPy and the standard library, so the Trends view,
the CLI and the tests share one definition of "bucketed", "moving average" and
the CSV layout (columns ``date,value,bucketed,moving_average``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from pathlib import Path

import numpy as np

from okrdesk.domain.bucketing import bucket_start_array
from okrdesk.store.readmodels.tree import TreeReadModel

if TYPE_CHECKING:
    from okrdesk.store.readmodels.trend_forecast import ForecastBand

MOVING_AVERAGE_WINDOW = 3
#: The moving-average windows the Trends view offers, in buckets.
MOVING_AVERAGE_WINDOWS = (3, 6, 12)
CSV_HEADER = ("date", "value", "bucketed", "moving_average")
#: Extra CSV columns written when a forecast is exported with the series.
CSV_FORECAST_HEADER = ("forecast", "forecast_low", "forecast_high")


@dataclass(frozen=True)
class TrendSeries:
    """Everything a chart of one node needs, as NumPy arrays (dates are ``datetime64[D]``)."""

    node_id: int
    buckets: np.ndarray  # bucket starts with a value, ascending
    values: np.ndarray  # the bucket values (rollup)
    moving_average: np.ndarray  # trailing mean over MOVING_AVERAGE_WINDOW buckets; NaN until full
    raw_dates: np.ndarray  # the node's own measurements, ascending
    raw_values: np.ndarray
    raw_differs: bool  # the measurements tell more than the bucket values (draw them too)
    window: int = MOVING_AVERAGE_WINDOW  # buckets in the moving average

    def latest(self) -> tuple[dt.date, float] | None:
        """The last bucket and its value, or None for an empty series."""
        if self.buckets.size == 0:
            return None
        return self.buckets[-1].item(), float(self.values[-1])


def moving_average(values: np.ndarray, window: int = MOVING_AVERAGE_WINDOW) -> np.ndarray:
    """Trailing mean of ``window`` consecutive values; NaN for the first ``window - 1``."""
    if window < 1:
        raise ValueError(f"the moving-average window must be at least 1, not {window}")
    vals = np.asarray(values, dtype=np.float64)
    out = np.full(vals.shape, np.nan)
    if vals.size >= window:
        sums = np.cumsum(np.concatenate(([0.0], vals)))
        out[window - 1:] = (sums[window:] - sums[:-window]) / window
    return out


def trend_series(tree: TreeReadModel, node_id: int, window: int = MOVING_AVERAGE_WINDOW) -> TrendSeries:
    """The bucketed values, moving average and raw measurements of ``node_id``."""
    pairs = tree.series(node_id)
    buckets = np.array([d for d, _ in pairs], dtype="datetime64[D]")
    values = np.array([v for _, v in pairs], dtype=np.float64)
    raw_dates, raw_values = tree.raw(node_id)
    order = np.argsort(raw_dates, kind="stable")
    raw_dates, raw_values = raw_dates[order], raw_values[order]
    return TrendSeries(
        node_id=node_id,
        buckets=buckets,
        values=values,
        moving_average=moving_average(values, window),
        raw_dates=raw_dates,
        raw_values=raw_values,
        raw_differs=_raw_differs(raw_dates, raw_values, buckets, values, tree),
        window=window,
    )


def with_window(series: TrendSeries, window: int) -> TrendSeries:
    """``series`` with its moving average taken over ``window`` buckets instead."""
    return replace(series, moving_average=moving_average(series.values, window), window=window)


def _raw_differs(
    raw_dates: np.ndarray, raw_values: np.ndarray, buckets: np.ndarray, values: np.ndarray, tree: TreeReadModel
) -> bool:
    """True unless every bucket holds exactly one measurement equal to the bucket value."""
    if raw_dates.size == 0:
        return False
    if raw_dates.size != buckets.size:
        return True
    keys = bucket_start_array(raw_dates, tree.grain)
    if not np.array_equal(keys, buckets):
        return True
    return not np.allclose(raw_values, values, rtol=1e-9, atol=0.0, equal_nan=True)


def _cell(value: float) -> str:
    return "" if np.isnan(value) else repr(float(value))


def trend_csv_rows(series: TrendSeries, forecast: ForecastBand | None = None) -> list[tuple[str, ...]]:
    """Rows of the CSV export (without the header), ascending by date.

    One row per date that is a measurement date or a bucket start: ``value`` is
    the measurement of that date (the last one given when a date holds several;
    empty when none), ``bucketed`` and ``moving_average`` are filled on bucket
    starts. Numbers are written in full precision with "." as decimal point.
    With ``forecast`` three more columns (``forecast``, ``forecast_low``,
    ``forecast_high``) are filled on the forecast's dates.
    """
    width = 3 + (3 if forecast is not None else 0)
    rows: dict[dt.date, list[str]] = {}
    for day, value in zip(series.raw_dates.tolist(), series.raw_values.tolist()):
        rows.setdefault(day, [""] * width)[0] = _cell(value)
    for day, value, mean in zip(series.buckets.tolist(), series.values.tolist(), series.moving_average.tolist()):
        cells = rows.setdefault(day, [""] * width)
        cells[1] = _cell(value)
        cells[2] = _cell(mean)
    if forecast is not None:
        for day, centre, low, high in zip(
            forecast.dates.tolist(), forecast.centre.tolist(), forecast.low.tolist(), forecast.high.tolist()
        ):
            cells = rows.setdefault(day, [""] * width)
            cells[3:6] = [_cell(centre), _cell(low), _cell(high)]
    return [(day.isoformat(), *cells) for day, cells in sorted(rows.items())]


def write_trend_csv(
    target: str | Path | io.TextIOBase, series: TrendSeries, forecast: ForecastBand | None = None
) -> int:
    """Write ``series`` as CSV (``date,value,bucketed,moving_average`` and, with
    ``forecast``, ``forecast,forecast_low,forecast_high``); returns the data rows written.

    ``target`` is a path (written as UTF-8) or an open text file.
    """
    rows = trend_csv_rows(series, forecast)
    header = CSV_HEADER + (CSV_FORECAST_HEADER if forecast is not None else ())
    if isinstance(target, (str, Path)):
        try:
            with open(target, "w", encoding="utf-8", newline="") as handle:
                _write(handle, header, rows)
        except OSError as exc:
            raise OSError(f"Could not write the CSV file {target}: {exc.strerror or exc}") from exc
    else:
        _write(target, header, rows)
    return len(rows)


def _write(handle, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
