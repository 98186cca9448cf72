"""Time buckets: the reporting grain of a workspace (week, month, quarter, year).

A bucket is named by its first day: weeks start on the ISO Monday (so the
week of Thursday 2027-01-01 starts on Monday 2026-12-28), months on the 1st,
quarters on 1 January / 1 April / 1 July / 1 October, years on 1 January.

Measurements are folded into buckets with the node's time aggregation:
``SUM`` adds them (flows), ``LAST`` keeps the value on the latest date of the
bucket (stocks; among several values on that same date, the last one given),
``AVERAGE`` takes their mean (rates).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np

from okrdesk.domain.bucket_dates import (  # noqa: F401  re-exported: the bucket calendar
    bucket_end,
    bucket_start,
    next_bucket,
    previous_bucket,
)
from okrdesk.domain.entities import Aggregation, Grain


def bucket_series(
    dates: Sequence[dt.date],
    values: Sequence[float | None],
    grain: Grain,
    aggregation: Aggregation,
) -> dict[dt.date, float]:
    """Fold dated values into buckets; keys are bucket starts in ascending order.

    Missing (None or NaN) values are skipped.
    """
    if len(dates) != len(values):
        raise ValueError(f"{len(dates)} dates but {len(values)} values")
    aggregation = Aggregation(aggregation)
    sums: dict[dt.date, float] = {}
    counts: dict[dt.date, int] = {}
    last: dict[dt.date, tuple[dt.date, float]] = {}
    for day, value in zip(dates, values):
        if value is None or math.isnan(value):
            continue
        key = bucket_start(day, grain)
        if aggregation == Aggregation.LAST:
            held = last.get(key)
            if held is None or day >= held[0]:
                last[key] = (day, float(value))
        else:
            sums[key] = sums.get(key, 0.0) + float(value)
            counts[key] = counts.get(key, 0) + 1
    if aggregation == Aggregation.LAST:
        return {k: last[k][1] for k in sorted(last)}
    if aggregation == Aggregation.SUM:
        return {k: sums[k] for k in sorted(sums)}
    return {k: sums[k] / counts[k] for k in sorted(sums)}


def bucket_start_array(dates: np.ndarray, grain: Grain) -> np.ndarray:
    """Vectorised :func:`bucket_start` over a ``datetime64[D]`` array."""
    days = np.asarray(dates, dtype="datetime64[D]")
    grain = Grain(grain)
    if grain == Grain.WEEK:
        n = days.astype(np.int64)
        # 1970-01-01 was a Thursday: (n + 3) % 7 is 0 on Mondays.
        return (n - (n + 3) % 7).astype("datetime64[D]")
    if grain == Grain.MONTH:
        return days.astype("datetime64[M]").astype("datetime64[D]")
    if grain == Grain.QUARTER:
        months = days.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
        return (months - months % 3).astype("datetime64[M]").astype("datetime64[D]")
    return days.astype("datetime64[Y]").astype("datetime64[D]")


def bucket_arrays(
    dates: np.ndarray,
    values: np.ndarray,
    grain: Grain,
    aggregation: Aggregation,
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`bucket_series` for large arrays.

    ``dates`` is ``datetime64[D]`` (any order), ``values`` float64 of the same
    length; NaN values are skipped, NaT dates are refused. Returns
    ``(bucket_starts, values)``: ascending ``datetime64[D]`` starts and their
    aggregated float64 values.
    """
    days = np.asarray(dates, dtype="datetime64[D]")
    vals = np.asarray(values, dtype=np.float64)
    if days.ndim != 1 or vals.ndim != 1:
        raise ValueError("dates and values must be one-dimensional arrays")
    if days.shape != vals.shape:
        raise ValueError(f"{days.size} dates but {vals.size} values")
    if np.isnat(days).any():
        raise ValueError(f"dates contain {int(np.isnat(days).sum())} missing (NaT) entries")
    keep = ~np.isnan(vals)
    if not keep.all():
        days, vals = days[keep], vals[keep]
    if days.size == 0:
        return np.array([], dtype="datetime64[D]"), np.array([], dtype=np.float64)
    aggregation = Aggregation(aggregation)
    ordinal = _bucket_ordinals(days, Grain(grain))
    low = int(ordinal.min())
    span = int(ordinal.max()) - low + 1
    if span <= 4 * ordinal.size + 4096:
        return _dense(days, vals, ordinal - low, low, span, Grain(grain), aggregation)
    return _sorted(days, vals, grain, aggregation)


def _bucket_ordinals(days: np.ndarray, grain: Grain) -> np.ndarray:
    """Consecutive integer number of each day's bucket (weeks, months, quarters, years)."""
    if grain == Grain.WEEK:
        return (days.astype(np.int64) + 3) // 7  # week 0 starts Monday 1969-12-29
    if grain == Grain.YEAR:
        return days.astype("datetime64[Y]").astype(np.int64)
    months = days.astype("datetime64[M]").astype(np.int64)
    return months // 3 if grain == Grain.QUARTER else months


def _ordinal_starts(ordinals: np.ndarray, grain: Grain) -> np.ndarray:
    if grain == Grain.WEEK:
        return (ordinals * 7 - 3).astype("datetime64[D]")
    if grain == Grain.YEAR:
        return ordinals.astype("datetime64[Y]").astype("datetime64[D]")
    months = ordinals * 3 if grain == Grain.QUARTER else ordinals
    return months.astype("datetime64[M]").astype("datetime64[D]")


def _dense(
    days: np.ndarray,
    vals: np.ndarray,
    slot: np.ndarray,
    low: int,
    span: int,
    grain: Grain,
    aggregation: Aggregation,
) -> tuple[np.ndarray, np.ndarray]:
    """O(n) aggregation through bincount when buckets are few compared with points."""
    counts = np.bincount(slot, minlength=span)
    present = np.flatnonzero(counts)
    starts = _ordinal_starts(present + low, grain)
    if aggregation == Aggregation.LAST:
        # The latest date wins; among equal dates the last given: rank by (date, index).
        ints = days.astype(np.int64)
        rank = (ints - ints.min()) * ints.size + np.arange(ints.size)
        best = np.full(span, -1, dtype=np.int64)
        np.maximum.at(best, slot, rank)
        return starts, vals[best[present] % ints.size]
    sums = np.bincount(slot, weights=vals, minlength=span)[present]
    if aggregation == Aggregation.AVERAGE:
        sums = sums / counts[present]
    return starts, sums


def _sorted(
    days: np.ndarray, vals: np.ndarray, grain: Grain, aggregation: Aggregation
) -> tuple[np.ndarray, np.ndarray]:
    """Aggregation by sorting, for few points spread over very many buckets."""
    ints = days.astype(np.int64)
    if ints.size > 1 and not (ints[1:] >= ints[:-1]).all():
        order = np.argsort(ints, kind="stable")  # ties keep input order: LAST = last given
        days, vals = days[order], vals[order]
    keys = bucket_start_array(days, grain)
    key_ints = keys.astype(np.int64)
    boundary = np.flatnonzero(key_ints[1:] != key_ints[:-1]) + 1
    starts = np.concatenate(([0], boundary))
    ends = np.concatenate((boundary, [key_ints.size]))
    if aggregation == Aggregation.LAST:
        out = vals[ends - 1]
    else:
        out = np.add.reduceat(vals, starts)
        if aggregation == Aggregation.AVERAGE:
            out = out / (ends - starts)
    return keys[starts], out
