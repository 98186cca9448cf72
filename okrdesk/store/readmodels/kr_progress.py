"""What a key-result progress chart shows, computed without Qt (PRODUCT.md §2, §3).

A chart of one key result over its period holds:

* the **check-ins** (or, for a key result linked to a KPI node, the node's
  bucket values) as dated points;
* the **expected-pace line**: a straight line from the start value on the
  period's first day to the target on its last day;
* the **forecast**: the least-squares line through the points
  (``scoring.forecast``) from the first point to the period end, with its 95 %
  prediction band from the last point to the period end;
* **today**, when it falls inside the period;
* a value range that holds all of it, padded, for the axis.

The widget ``okrdesk.ui.widgets.kr_progress_chart`` only draws this; the Trends
view reuses both for its key-result progress chart.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from okrdesk.domain import scoring
from okrdesk.domain.entities import CheckIn, KeyResultKind, Period
from okrdesk.store.readmodels.okrs import KeyResultRow

#: Number of days sampled along the forecast band (its edges are curves).
BAND_SAMPLES = 16


@dataclass(frozen=True)
class ProgressPoint:
    """One dated value of the key result (a check-in or a KPI bucket)."""

    date: dt.date
    value: float
    confidence: float | None = None
    comment: str = ""


@dataclass(frozen=True)
class KrProgressData:
    """Everything the progress chart draws, in data coordinates (dates, values)."""

    title: str
    unit: str
    period_start: dt.date
    period_end: dt.date
    today: dt.date
    start: float | None
    target: float | None
    points: tuple[ProgressPoint, ...]
    expected_line: tuple[tuple[dt.date, float], tuple[dt.date, float]] | None
    forecast_line: tuple[tuple[dt.date, float], tuple[dt.date, float]] | None
    forecast_band: tuple[tuple[dt.date, float, float], ...]
    forecast_value: float | None
    y_min: float
    y_max: float

    @property
    def today_inside(self) -> bool:
        """Whether today falls inside the period (the chart marks it then)."""
        return self.period_start <= self.today <= self.period_end

    def expected_at(self, day: dt.date) -> float | None:
        """The expected-pace value on ``day`` (None without start and target)."""
        if self.start is None or self.target is None:
            return None
        share = scoring.expected_progress(self.period_start, self.period_end, day)
        return self.start + (self.target - self.start) * share

    @property
    def forecast_progress(self) -> float | None:
        """The progress the forecast reaches at the period end (0..1), if known."""
        return scoring.progress(self.start, self.target, self.forecast_value)


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def build_kr_progress(
    points: Sequence[ProgressPoint],
    start: float | None,
    target: float | None,
    period_start: dt.date,
    period_end: dt.date,
    today: dt.date,
    *,
    title: str = "",
    unit: str = "",
    kind: KeyResultKind = KeyResultKind.METRIC,
) -> KrProgressData:
    """The chart data of one key result over ``period_start``..``period_end`` as of ``today``.

    Points outside the period or with a non-finite value are dropped; they are
    sorted by date. A milestone's expected line runs from 0 to 1.
    """
    if period_end < period_start:
        raise ValueError(f"The period ends ({period_end}) before it starts ({period_start}).")
    kept = sorted(
        (p for p in points if period_start <= p.date <= period_end and _finite(p.value) is not None),
        key=lambda p: p.date,
    )
    if kind == KeyResultKind.MILESTONE:
        start, target = 0.0, 1.0
    start, target = _finite(start), _finite(target)
    expected = None
    if start is not None and target is not None:
        expected = ((period_start, start), (period_end, target))
    fit = scoring.forecast([(p.date, p.value) for p in kept], period_end)
    line = None
    band: tuple[tuple[dt.date, float, float], ...] = ()
    value = None
    if fit is not None:
        first = kept[0].date
        line = ((first, fit.value_at(first)), (period_end, fit.value))
        value = fit.value
        last = kept[-1].date
        span = max(0, (period_end - last).days)
        days = sorted({round(span * i / BAND_SAMPLES) for i in range(BAND_SAMPLES + 1)})
        band = tuple((last + dt.timedelta(days=d), *fit.band(last + dt.timedelta(days=d))) for d in days)
    values = [p.value for p in kept]
    values += [v for v in (start, target) if v is not None]
    if line is not None:
        values += [line[0][1], line[1][1]]
    for _, low, high in band:
        values += [low, high]
    y_min, y_max = _padded_range(values)
    return KrProgressData(
        title=title, unit=unit, period_start=period_start, period_end=period_end, today=today,
        start=start, target=target, points=tuple(kept), expected_line=expected,
        forecast_line=line, forecast_band=band, forecast_value=value, y_min=y_min, y_max=y_max,
    )


def kr_progress_for_period(
    points: Sequence[ProgressPoint],
    start: float | None,
    target: float | None,
    period: Period,
    today: dt.date,
    **labels: str,
) -> KrProgressData:
    """``build_kr_progress`` over a ``Period`` record."""
    return build_kr_progress(points, start, target, period.start, period.end, today, **labels)  # type: ignore[arg-type]


def key_result_progress(
    row: KeyResultRow, period: Period, check_ins: Sequence[CheckIn], today: dt.date
) -> KrProgressData:
    """The chart data of a scored key result: the check-in dialog and Trends both use this.

    A key result linked to a KPI node is drawn from the node's bucket values in
    the period (``row.history``, what its progress is computed from); any other
    from its check-ins, with their confidence and comment.
    """
    if row.kr.kpi_node_id is not None:
        points = [ProgressPoint(day, value) for day, value in row.history]
    else:
        points = [ProgressPoint(c.date, c.value, c.confidence, c.comment) for c in check_ins]
    kr = row.kr
    return build_kr_progress(points, row.start, kr.target, period.start, period.end, today,
                             title=kr.title, unit=kr.unit, kind=kr.kind)


def _padded_range(values: list[float]) -> tuple[float, float]:
    """A value range holding ``values`` with 8 % head room each side (0..1 when empty)."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return 0.0, 1.0
    low, high = min(finite), max(finite)
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        return low - pad, high + pad
    pad = (high - low) * 0.08
    return low - pad, high + pad
