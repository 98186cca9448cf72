"""The bucket calendar: where the buckets of a reporting grain start and end.

A bucket is named by its first day: weeks start on the ISO Monday (so the
week of Thursday 2027-01-01 starts on Monday 2026-12-28), months on the 1st,
quarters on 1 January / 1 April / 1 July / 1 October, years on 1 January.

Plain dates only (no numpy), so the read models that merely step through
buckets load without the array code of ``okrdesk.domain.bucketing``, which
re-exports these functions.
"""

from __future__ import annotations

import datetime as dt

from okrdesk.domain.entities import Grain


def bucket_start(day: dt.date, grain: Grain) -> dt.date:
    """First day of the bucket of ``grain`` containing ``day``."""
    if isinstance(day, dt.datetime):
        day = day.date()
    grain = Grain(grain)
    if grain == Grain.WEEK:
        return day - dt.timedelta(days=day.weekday())
    if grain == Grain.MONTH:
        return day.replace(day=1)
    if grain == Grain.QUARTER:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, 1, 1)


def _add_months(start: dt.date, months: int) -> dt.date:
    index = start.year * 12 + start.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


_MONTHS = {Grain.MONTH: 1, Grain.QUARTER: 3, Grain.YEAR: 12}


def next_bucket(day: dt.date, grain: Grain) -> dt.date:
    """First day of the bucket after the one containing ``day``."""
    start = bucket_start(day, grain)
    if Grain(grain) == Grain.WEEK:
        return start + dt.timedelta(days=7)
    return _add_months(start, _MONTHS[Grain(grain)])


def previous_bucket(day: dt.date, grain: Grain) -> dt.date:
    """First day of the bucket before the one containing ``day``."""
    start = bucket_start(day, grain)
    if Grain(grain) == Grain.WEEK:
        return start - dt.timedelta(days=7)
    return _add_months(start, -_MONTHS[Grain(grain)])


def bucket_end(day: dt.date, grain: Grain) -> dt.date:
    """Last day (inclusive) of the bucket containing ``day``."""
    return next_bucket(day, grain) - dt.timedelta(days=1)
