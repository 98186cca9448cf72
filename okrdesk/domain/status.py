"""Green / amber / red status of a KPI value against its target (PRODUCT.md §2).

Semantics (these words also go into the user README and the Excel format):

* **Higher is better** (``HIGHER``): green when value ≥ *green from*; otherwise
  red when value ≤ *red from*; otherwise amber.
  Defaults: *green from* = target, *red from* = target − 10 % of |target|
  (0.9 × target for a positive target; for a negative target −100 it is −110).
* **Lower is better** (``LOWER``): green when value ≤ *green from*; otherwise
  red when value ≥ *red from*; otherwise amber.
  Defaults: *green from* = target, *red from* = target + 10 % of |target|
  (1.1 × target for a positive target).
* **Within a band** (``BAND``): the thresholds are *distances* from the target.
  With d = |value − target|: green when d ≤ *green from*; otherwise red when
  d ≥ *red from*; otherwise amber.
  Defaults: *green from* = 5 % of |target|, *red from* = 10 % of |target|.

The green test is made first, so overlapping thresholds resolve to green.
Each missing threshold takes its default independently. No status (None) when
the value or the target is missing.
"""

from __future__ import annotations

import math

from okrdesk.domain.entities import Direction, Status

DEFAULT_RED_SHARE = 0.10
DEFAULT_BAND_GREEN_SHARE = 0.05
DEFAULT_BAND_RED_SHARE = 0.10


def _missing(x: float | None) -> bool:
    return x is None or not math.isfinite(x)


def default_thresholds(target: float, direction: Direction) -> tuple[float, float]:
    """(green_from, red_from) used when a KPI has no thresholds of its own."""
    spread = abs(target)
    if direction == Direction.HIGHER:
        return target, target - DEFAULT_RED_SHARE * spread
    if direction == Direction.LOWER:
        return target, target + DEFAULT_RED_SHARE * spread
    if direction == Direction.BAND:
        return DEFAULT_BAND_GREEN_SHARE * spread, DEFAULT_BAND_RED_SHARE * spread
    raise ValueError(f"unknown direction {direction!r}")


def kpi_status(
    value: float | None,
    target: float | None,
    direction: Direction,
    green_from: float | None = None,
    red_from: float | None = None,
) -> Status | None:
    """Status of ``value`` against ``target`` (see the module docstring for the rules)."""
    if _missing(value) or _missing(target):
        return None
    default_green, default_red = default_thresholds(target, Direction(direction))
    green = default_green if _missing(green_from) else green_from
    red = default_red if _missing(red_from) else red_from
    if direction == Direction.HIGHER:
        if value >= green:
            return Status.GREEN
        return Status.RED if value <= red else Status.AMBER
    if direction == Direction.LOWER:
        if value <= green:
            return Status.GREEN
        return Status.RED if value >= red else Status.AMBER
    distance = abs(value - target)
    if distance <= green:
        return Status.GREEN
    return Status.RED if distance >= red else Status.AMBER


def change_ratio(prev: float | None, cur: float | None) -> float | None:
    """Relative change (cur − prev) / |prev|; None when either is missing or prev is 0."""
    if _missing(prev) or _missing(cur) or prev == 0:
        return None
    return (cur - prev) / abs(prev)


def change_is_good(
    prev: float | None,
    cur: float | None,
    direction: Direction,
    target: float | None = None,
) -> bool | None:
    """Whether moving from ``prev`` to ``cur`` is good news, for coloured arrows.

    True for an improvement, False for a deterioration, None when there is no
    change or it cannot be judged (a value is missing, or a band KPI has no
    target). Higher is better: up is good. Lower is better: down is good.
    Within a band: getting closer to the target is good.
    """
    if _missing(prev) or _missing(cur) or prev == cur:
        return None
    if direction == Direction.HIGHER:
        return cur > prev
    if direction == Direction.LOWER:
        return cur < prev
    if _missing(target):
        return None
    before, after = abs(prev - target), abs(cur - target)
    if before == after:
        return None
    return after < before
