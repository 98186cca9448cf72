"""The start value of a key result linked to a KPI node (PRODUCT.md §2: "start = the
node's value at the period start").

The value *at* the period start is the value the node had when the period
began: that of the **last bucket that ends before the period starts** (with a
monthly grain and a quarter starting on 1 January, the December bucket). Only
when the node has no value before the period (a new KPI) does the start fall
back to the **first bucket inside the period** with a value.

Taking the bucket *containing* the first day instead would make start and
current the same bucket during a quarter's first month, so every linked key
result would show zero progress for a month.

This is the one rule; ``okrdesk.store.readmodels.linked_kr.linked_start`` applies
it to the KPI tree read model, and the demo generator applies it to its arrays.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Sequence

from okrdesk.domain.bucket_dates import bucket_start
from okrdesk.domain.entities import Grain


def start_value(
    series: Sequence[tuple[dt.date, float]],
    period_start: dt.date,
    grain: Grain,
    period_end: dt.date | None = None,
) -> float | None:
    """The node's value at ``period_start`` from its bucket ``series``.

    ``series``: (bucket start, value) in ascending order; non-finite values
    count as missing. Returns the value of the latest bucket that ends before
    ``period_start``; without one, the first bucket overlapping the period (up
    to ``period_end`` when given); None when there is neither.
    """
    first = bucket_start(period_start, grain)  # buckets before this one end before the period
    days = [day for day, _ in series]
    cut = bisect.bisect_left(days, first)
    for i in range(cut - 1, -1, -1):
        value = series[i][1]
        if value is not None and math.isfinite(value):
            return float(value)
    for day, value in series[cut:]:
        if period_end is not None and day > period_end:
            break
        if value is not None and math.isfinite(value):
            return float(value)
    return None


__all__ = ["start_value"]
