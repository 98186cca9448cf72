"""Green/amber/red value ranges of a KPI, from its target, thresholds and direction.

Plain Python, so the chart, the CSV and the tests share one definition of where
a status starts and ends (the same rules as ``domain.status.kpi_status``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from okrdesk.domain.entities import Direction, KpiNode, Status
from okrdesk.domain.status import default_thresholds


@dataclass(frozen=True)
class Bands:
    """Value ranges of the three statuses: ((low, high), status) triples, low < high, ascending."""

    ranges: tuple[tuple[float, float, Status], ...]



def status_bands(node: KpiNode, reach: float) -> Bands:
    """Green/amber/red value ranges of ``node`` from its target, thresholds and direction.

    The outer bands stop ``reach`` away from the target (far beyond any data shown).
    No target: no bands.
    """
    if node.target is None or not math.isfinite(node.target):
        return Bands(())
    far = abs(node.target) + reach  # the "infinite" extent
    default_green, default_red = default_thresholds(node.target, Direction(node.direction))
    green = default_green if node.green_from is None else node.green_from
    red = default_red if node.red_from is None else node.red_from
    t = node.target
    if node.direction == Direction.HIGHER:
        red = min(red, green)
        return Bands(_nonempty(((-far, red, Status.RED), (red, green, Status.AMBER), (green, far, Status.GREEN))))
    if node.direction == Direction.LOWER:
        red = max(red, green)
        return Bands(_nonempty(((-far, green, Status.GREEN), (green, red, Status.AMBER), (red, far, Status.RED))))
    g, r = abs(green), max(abs(red), abs(green))
    return Bands(
        _nonempty(
            (
                (-far, t - r, Status.RED),
                (t - r, t - g, Status.AMBER),
                (t - g, t + g, Status.GREEN),
                (t + g, t + r, Status.AMBER),
                (t + r, far, Status.RED),
            )
        )
    )


def _nonempty(ranges: tuple[tuple[float, float, Status], ...]) -> tuple[tuple[float, float, Status], ...]:
    """Drop ranges of zero width (an amber band when green and red thresholds meet)."""
    return tuple(r for r in ranges if r[1] > r[0])
