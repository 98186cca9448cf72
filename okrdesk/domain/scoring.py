"""Scoring of key results and objectives, pace and forecast (PRODUCT.md §2).

* progress = clamp((current − start) / (target − start), 0, 1); it works for
  decreasing targets (start 10, target 4, current 7 → 0.5). A milestone is
  1.0 when done (current ≥ 1) and 0.0 otherwise.
* objective score = weighted mean of its key results' progress.
* bands: score < 0.4 red, 0.4 ≤ score < 0.7 amber, score ≥ 0.7 green.
* pace: gap = expected − progress; gap ≤ 0.10 on track, ≤ 0.25 at risk,
  otherwise off track.
* forecast: least-squares line through dated values, projected to a day.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from okrdesk.domain.entities import KeyResult, KeyResultKind, Pace, Status

RED_BELOW = 0.4
GREEN_FROM = 0.7
ON_TRACK_GAP = 0.10
AT_RISK_GAP = 0.25


def _number(x: float | None) -> float | None:
    """``x`` as a float, or None when it is missing or not a finite number."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def progress(
    start: float | None,
    target: float | None,
    current: float | None,
    kind: KeyResultKind = KeyResultKind.METRIC,
) -> float | None:
    """Progress of a key result in [0, 1], or None when it is undefined.

    Metric-like kinds: clamp((current − start) / (target − start), 0, 1), so a
    decreasing target (target < start) works the same way. Undefined (None)
    when start, target or current is missing or start == target.
    Milestones: 1.0 when current ≥ 1 (done), else 0.0 (start/target ignored).
    """
    cur = _number(current)
    if kind == KeyResultKind.MILESTONE:
        return 1.0 if cur is not None and cur >= 1 else 0.0
    s, t = _number(start), _number(target)
    if s is None or t is None or cur is None or s == t:
        return None
    share = (cur - s) / (t - s)
    return min(1.0, max(0.0, share))


def kr_progress(kr: KeyResult) -> float | None:
    """Progress of a key result record (see :func:`progress`)."""
    return progress(kr.start, kr.target, kr.current, kr.kind)


def objective_score(parts: Iterable[tuple[float | None, float]]) -> float | None:
    """Weighted mean of ``(progress, weight)`` pairs.

    Pairs with undefined progress (None) or a weight ≤ 0 are ignored; None when
    nothing counts.
    """
    total = 0.0
    weights = 0.0
    low = math.inf
    high = -math.inf
    for value, weight in parts:
        v, w = _number(value), _number(weight)
        if v is None or w is None or w <= 0:
            continue
        total += v * w
        weights += w
        low, high = min(low, v), max(high, v)
    if weights == 0:
        return None
    # Clamp rounding noise so the mean never leaves [min, max] of its parts.
    return min(high, max(low, total / weights))


def score_band(score: float | None) -> Status | None:
    """Status band of a score: < 0.4 red, 0.4–0.7 amber, ≥ 0.7 green (None → None)."""
    s = _number(score)
    if s is None:
        return None
    if s >= GREEN_FROM:
        return Status.GREEN
    if s >= RED_BELOW:
        return Status.AMBER
    return Status.RED


def expected_progress(period_start: dt.date, period_end: dt.date, today: dt.date) -> float:
    """Elapsed share of a period, in [0, 1].

    Day-counting convention: the period has ``(end − start).days + 1`` days
    (both ends inclusive) and a day counts as elapsed once it has begun, i.e.
    ``today`` itself counts. So on ``period_start`` the share is 1/n, on
    ``period_end`` it is 1.0, before the start it is 0.0 and after the end 1.0.
    A 90-day quarter on its 45th day gives 0.5.
    """
    if period_end < period_start:
        raise ValueError(f"period ends ({period_end}) before it starts ({period_start})")
    if today < period_start:
        return 0.0
    if today >= period_end:
        return 1.0
    days = (period_end - period_start).days + 1
    return ((today - period_start).days + 1) / days


def pace_status(progress_value: float | None, expected: float | None) -> Pace | None:
    """Pace from the gap expected − progress: ≤ 0.10 on track, ≤ 0.25 at risk, else off track.

    None when either number is missing. A tiny tolerance keeps 0.3 − 0.2 (which
    is 0.09999… or 0.10000…1 in floating point) on the documented side.
    """
    p, e = _number(progress_value), _number(expected)
    if p is None or e is None:
        return None
    gap = e - p
    if gap <= ON_TRACK_GAP + 1e-9:
        return Pace.ON_TRACK
    if gap <= AT_RISK_GAP + 1e-9:
        return Pace.AT_RISK
    return Pace.OFF_TRACK


@dataclass(frozen=True, slots=True)
class Forecast:
    """A least-squares line ``value = intercept + slope_per_day × (day − origin)``.

    ``residual_std_error`` is sqrt(SSR / (n − 2)) (0.0 with two points);
    :meth:`band` turns it into a prediction interval around the line.
    """

    origin: dt.date
    slope_per_day: float
    intercept: float
    until: dt.date
    value: float  # value_at(until)
    residual_std_error: float
    n_points: int
    x_mean: float  # mean day offset of the points from origin
    sxx: float  # sum of squared day offsets from x_mean

    def value_at(self, day: dt.date) -> float:
        """Value of the fitted line on ``day``."""
        return self.intercept + self.slope_per_day * (day - self.origin).days

    def band(self, day: dt.date, z: float = 1.96) -> tuple[float, float]:
        """(low, high) prediction interval on ``day``: value ± z × standard error.

        The standard error of a new observation is
        s × sqrt(1 + 1/n + (x − x̄)² / Sxx) with s the residual standard error.
        """
        x = (day - self.origin).days
        se = self.residual_std_error * math.sqrt(
            1 + 1 / self.n_points + (x - self.x_mean) ** 2 / self.sxx
        )
        centre = self.value_at(day)
        return centre - z * se, centre + z * se


def forecast(points: Sequence[tuple[dt.date, float]], until: dt.date) -> Forecast | None:
    """Least-squares line through dated values (x in days), projected to ``until``.

    Points with a missing or non-finite value are ignored. None when fewer than
    two distinct dates remain.
    """
    clean = [(d, float(v)) for d, v in points if _number(v) is not None]
    if len({d for d, _ in clean}) < 2:
        return None
    origin = min(d for d, _ in clean)
    xs = [float((d - origin).days) for d, _ in clean]
    ys = [v for _, v in clean]
    n = len(xs)
    x_mean = sum(xs) / n
    y_mean = sum(ys) / n
    sxx = sum((x - x_mean) ** 2 for x in xs)
    sxy = sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys))
    slope = sxy / sxx
    intercept = y_mean - slope * x_mean
    ssr = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys))
    rse = math.sqrt(ssr / (n - 2)) if n > 2 else 0.0
    value = intercept + slope * (until - origin).days
    return Forecast(origin, slope, intercept, until, value, rse, n, x_mean, sxx)


def objective_confidence(krs: Iterable[KeyResult]) -> float | None:
    """Weighted mean (by KR weight) of the key results' confidences (0–10).

    Key results without a confidence or with a weight ≤ 0 are ignored; None
    when none counts.
    """
    return objective_score((kr.confidence, kr.weight) for kr in krs)
