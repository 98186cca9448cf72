"""Key results linked to KPI nodes: which node, and a target its trajectory supports.

The app reads a linked key result's start as the node's value at the period
start — the last bucket that ends before the period starts
(``domain.linked_start.start_value``, applied here to the generated buckets) —
and its current value as the latest bucket inside the period up to the day
looked at (``readmodels.linked_kr.linked_numbers``). The target is set from the
node's actual movement so that the progress the app computes is the one the
key result's drawn outcome asks for at that point of the period: a stretch a
bit beyond where the series goes. Nodes that moved the wrong way, or too
little for a credible target, are not linked.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import TYPE_CHECKING

import numpy as np

from okrdesk.domain.entities import Grain
from okrdesk.domain.linked_start import start_value
from okrdesk.domain.scoring import expected_progress

from .catalog import NodeSpec
from .checkins import Outcome
from .org import TeamSpec
from .series import Calendar
from .targets import nice

if TYPE_CHECKING:
    from .okrs import PeriodSpec


class KpiLinker:
    """Chooses linked nodes and their targets from the generated bucket values."""

    def __init__(self, nodes: list[NodeSpec], values: dict[str, np.ndarray], cal: Calendar,
                 rng: random.Random) -> None:
        self.values = values
        self.cal = cal
        self.rng = rng
        self.by_base: dict[str, list[NodeSpec]] = {}
        for node in nodes:
            if node.direction != "band":
                self.by_base.setdefault(node.base, []).append(node)

    def value_at(self, code: str, day: dt.date) -> float:
        """The node's value in the bucket of ``day`` (or the last one before with a value)."""
        series = self.values[code]
        i = min(self.cal.index(day), len(series) - 1)
        while i > 0 and not math.isfinite(series[i]):
            i -= 1
        return float(series[i])

    def start_at(self, code: str, period: PeriodSpec) -> float | None:
        """The node's value at the period start, by the app's rule (``start_value``)."""
        series = self.values[code]
        last = min(self.cal.index(period.end), len(series) - 1)
        buckets = [(self.cal.months[i], float(series[i])) for i in range(last + 1)]
        return start_value(buckets, period.start, Grain.MONTH, period.end)

    def candidates(self, base: str, team: TeamSpec) -> list[NodeSpec]:
        """Nodes a key result on ``base`` may link to, the best fit for ``team`` first.

        The team's own region first, then the company-wide node, then the
        other segments.
        """
        def rank(node: NodeSpec) -> tuple[int, int, float]:
            fit = 0 if team.region and node.region == team.region else \
                1 if node.code == base else 2
            return fit, node.code.count("."), -abs(_finite_last(self.values[node.code]))
        nodes = self.by_base.get(base, [])
        if not any(rank(n)[0] < 2 for n in nodes):
            return []
        return sorted(nodes, key=rank)[:4]

    def link(self, nodes: list[NodeSpec], period: PeriodSpec, until: dt.date,
             outcome: Outcome) -> tuple[NodeSpec | None, float, float]:
        """(node, start, target) of the first of ``nodes`` that gives a credible target."""
        for node in nodes:
            value = self.start_at(node.code, period)
            if value is None:
                continue
            start = round(value, 4)
            if (node.unit == "count" and abs(start) < 20):
                continue  # a handful of events a month makes a poor key result
            target = self._linked_target(node, start, period, until, outcome)
            if target is not None and abs(target - start) > 1e-6 * max(1.0, abs(start)):
                return node, start, target
        return None, 0.0, 0.0

    def _current(self, code: str, period: PeriodSpec, until: dt.date) -> float | None:
        """The latest bucket value inside ``period`` up to ``until`` (the app's *current*)."""
        series = self.values[code]
        first = self.cal.index(period.start)
        for i in range(min(self.cal.index(min(until, period.end)), len(series) - 1),
                       first - 1, -1):
            if math.isfinite(series[i]):
                return float(series[i])
        return None

    def _linked_target(self, node: NodeSpec, start: float, period: PeriodSpec,
                       until: dt.date, outcome: Outcome) -> float | None:
        """A target that puts the node's actual movement at the outcome's progress.

        None when the node has not moved the right way far enough for a credible
        target (the key result is then kept unlinked). In the quarter's first
        month a single bucket of movement is too little to set a target from, so
        the target is a stretch beyond the node's recent trend instead.
        """
        current = self._current(node.code, period, until)
        if current is None or not math.isfinite(start):
            return None
        if self.cal.index(min(until, period.end)) == self.cal.index(period.start):
            # one bucket of movement says little yet: link only KPIs whose recent trend helps
            if self._recent_change(node, period) * _sign(node) <= 0 \
                    and outcome.attainment >= 0.15:
                return None
            return self._ambitious_target(node, start, period)
        wanted = outcome.progress_at(expected_progress(period.start, period.end, until))
        sign = _sign(node)
        moved = current - start
        if sign * moved <= 0 and outcome.attainment < 0.15:
            return self._ambitious_target(node, start, period)  # a stalled key result
        if sign * moved <= 0 or wanted < 0.05:
            return None
        span = moved / wanted
        step = 10.0 ** math.floor(math.log10(abs(span) / 20))
        if node.unit == "count":
            step = max(step, 1.0)
        target = round(round((start + span) / step) * step, 10)
        lo = node.lo if node.lo is not None else -math.inf
        hi = node.hi if node.hi is not None else math.inf
        change = abs(target - start)
        scale = abs(start) if start else 1.0
        small = 0.05 if node.unit in ("%", "pts") else 0.003 * scale
        if not lo <= target <= hi or change < small or change > 0.6 * scale:
            return None
        return target

    def _recent_change(self, node: NodeSpec, period: PeriodSpec) -> float:
        """The node's trend over the year before ``period``, per quarter (0.0 if unknown)."""
        series = self.values[node.code]
        end = self.cal.index(period.start)
        recent = series[max(0, end - 12):end]
        recent = recent[np.isfinite(recent)]
        if len(recent) < 6:
            return 0.0
        return float(np.polyfit(np.arange(len(recent)), recent, 1)[0]) * 3

    def _ambitious_target(self, node: NodeSpec, start: float, period: PeriodSpec) -> float:
        """Beat the node's recent trend (or improve a flat one) by a stretch."""
        rng = self.rng
        sign = _sign(node)
        if node.unit == "%" and node.hi == 100 and start > 80 and sign > 0:
            return round(start + (100 - start) * rng.uniform(0.2, 0.4), 3)
        change = self._recent_change(node, period)
        rel = rng.uniform(0.03, 0.09) if node.unit in ("%", "pts", "x") else \
            rng.uniform(0.05, 0.15)
        floor = abs(start) * rel * 0.5
        if sign * change > floor:
            return nice(start + change * rng.uniform(1.15, 1.8))
        return nice(start + sign * abs(start) * rel)


def _finite_last(series: np.ndarray) -> float:
    """The last finite value of ``series`` (0.0 when it has none)."""
    finite = series[np.isfinite(series)]
    return float(finite[-1]) if len(finite) else 0.0


def _sign(node: NodeSpec) -> float:
    """+1 when a higher value of ``node`` is better, -1 when lower is."""
    return -1.0 if node.direction == "lower" else 1.0
