"""Targets and green/red thresholds of demo KPI nodes, consistent with their direction.

Semantics (PRODUCT.md §2, shared with the app): HIGHER is green when
value >= green_from and red when value <= red_from; LOWER is green when
value <= green_from and red when value >= red_from; BAND measures the distance
d = |value - target|: green when d <= green_from, red when d >= red_from.
Each node draws the status its latest value should show (mostly green, some
amber, a few red) and gets an ambitious target that produces it.
"""

from __future__ import annotations

import math
import random

from .catalog import NodeSpec

STATUS_MIX = (("green", 0.62), ("amber", 0.25), ("red", 0.13))
# latest / target ratios giving each status
_HIGHER_Q = {"green": (0.965, 1.06), "amber": (0.88, 0.935), "red": (0.72, 0.83)}
_LOWER_Q = {"green": (0.9, 1.07), "amber": (1.14, 1.25), "red": (1.34, 1.6)}
_BAND_D = {"green": (0.0, 0.02), "amber": (0.04, 0.07), "red": (0.09, 0.12)}


def status_of(direction: str, value: float, target: float, green: float, red: float) -> str:
    """The status of ``value`` under the thresholds (the app's rule)."""
    if direction == "higher":
        return "green" if value >= green else "red" if value <= red else "amber"
    if direction == "lower":
        return "green" if value <= green else "red" if value >= red else "amber"
    d = abs(value - target)
    return "green" if d <= green else "red" if d >= red else "amber"


def nice(value: float, digits: int = 3) -> float:
    """``value`` rounded to ``digits`` significant digits."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    step = 10 ** (math.floor(math.log10(abs(value))) - digits + 1)
    return round(round(value / step) * step, 10)


def _draw(rng: random.Random) -> str:
    x, acc = rng.random(), 0.0
    for status, p in STATUS_MIX:
        acc += p
        if x < acc:
            return status
    return "green"


def thresholds(node: NodeSpec, latest: float, rng: random.Random) -> tuple[float, float, float]:
    """(target, green_from, red_from) for ``node`` whose latest bucket value is ``latest``."""
    if node.fixed is not None:
        return node.fixed
    want = _draw(rng)
    if node.direction == "band":
        rel_green, rel_red = node.band or (0.03, 0.08)
        lo, hi = _BAND_D[want]
        target = nice(latest * (1 + rng.choice((-1, 1)) * rng.uniform(lo, hi)))
        return target, nice(abs(target) * rel_green, 2), nice(abs(target) * rel_red, 2)
    if node.unit == "%" and node.direction == "higher" and node.hi == 100 and latest > 85:
        # near the ceiling: set the target on the shortfall to 100%
        short = max(100.0 - latest, 0.01)
        lo, hi = _LOWER_Q[want]
        t_short = short / rng.uniform(lo, hi)
        target = round(100 - t_short, 3)
        return target, round(100 - t_short * 1.1, 3), round(100 - t_short * 1.3, 3)
    if node.direction == "higher":
        if latest <= 0:
            scale = max(abs(latest), 1.0)
            return nice(scale), nice(scale * 0.95), nice(scale * 0.5)
        lo, hi = _HIGHER_Q[want]
        target = nice(latest / rng.uniform(lo, hi))
        if node.unit in ("%", "pts") and node.hi is not None:
            target = min(target, node.hi)
        return target, nice(target * 0.95), nice(target * 0.85)
    lo, hi = _LOWER_Q[want]
    target = nice(max(latest, 1e-6) / rng.uniform(lo, hi))
    return target, nice(target * 1.1), nice(target * 1.3)
