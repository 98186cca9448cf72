"""Periods, objectives, key results and check-ins of the demo company.

Each team gets three to five objectives a quarter (a couple deliberately with
two or six, for the quality checks), each with two to five key results
(a few with one or six, a few task-like milestones). About 40% of key results
are linked to a KPI node: their start is the node's value at the period
start and their current value its latest value, taken from the generated
series. Past quarters are closed with scores and retrospectives; unfinished
objectives are sometimes carried into the next quarter.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from dataclasses import dataclass, field

import numpy as np

from .catalog import NodeSpec
from .checkins import (CheckInSpec, checkin_dates, draw_profile, linked_path, planned_path,
                       round_value)
from .org import PersonSpec, TeamSpec
from .okr_text import OBJECTIVES, RETROSPECTIVES
from .series import Calendar
from .targets import nice

LINK_CHANCE = 0.8


@dataclass
class PeriodSpec:
    id: int
    name: str
    start: dt.date
    end: dt.date
    closed: bool
    current: bool


@dataclass
class KrSpec:
    id: int
    ref: str
    objective_id: int
    title: str
    kind: str
    start: float
    target: float
    current: float
    unit: str
    owner_id: int
    weight: float
    kpi_node_id: int | None
    confidence: float | None
    position: int
    line: str
    checkins: list[CheckInSpec] = field(default_factory=list)

    @property
    def progress(self) -> float:
        """clamp((current - start) / (target - start), 0, 1), as PRODUCT.md §2 scores it."""
        span = self.target - self.start
        if span == 0:
            return 1.0 if self.current == self.target else 0.0
        return min(1.0, max(0.0, (self.current - self.start) / span))


@dataclass
class ObjectiveSpec:
    id: int
    ref: str
    title: str
    description: str
    period_id: int
    team_id: int
    owner_id: int
    parent_id: int | None
    type: str
    state: str
    retrospective: str
    position: int
    carried_from_id: int | None
    template: tuple
    krs: list[KrSpec] = field(default_factory=list)

    @property
    def score(self) -> float:
        total = sum(k.weight for k in self.krs)
        return sum(k.progress * k.weight for k in self.krs) / total if total else 0.0


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the calendar quarter containing ``day``."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    last_month = first_month + 2
    return (dt.date(day.year, first_month, 1),
            dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]))


def make_periods(as_of: dt.date, count: int) -> list[PeriodSpec]:
    """``count`` quarters ending with the one containing ``as_of``, oldest first."""
    quarters = []
    start, end = quarter_of(as_of)
    for _ in range(count):
        quarters.append((start, end))
        start, end = quarter_of(start - dt.timedelta(days=1))
    quarters.reverse()
    return [PeriodSpec(i, f"{s.year}-Q{(s.month - 1) // 3 + 1}", s, e,
                       closed=i < count, current=i == count)
            for i, (s, e) in enumerate(quarters, start=1)]


def fmt(value: float, unit: str) -> str:
    """A number as it reads in an OKR title."""
    if unit == "EUR":
        a = abs(value)
        if a >= 1e6:
            return f"\u20ac{value / 1e6:.1f}M".replace(".0M", "M")
        if a >= 1e4:
            return f"\u20ac{value / 1e3:.0f}k"
        return f"\u20ac{value:,.0f}"
    if unit == "%":
        if float(value).is_integer():
            return f"{value:.0f}%"
        if abs(value) >= 99:
            return f"{value:.2f}%"
        return f"{value:.1f}%".replace(".0%", "%")
    if unit == "x":
        return f"{value:.1f}x"
    if unit == "count":
        return f"{value:,.0f}"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.1f}"


def _parse(line: str) -> tuple[str, str, float | None, float | None, str]:
    parts = [p.strip() for p in line.split("|")]
    if parts[1] == "done":
        return parts[0], "", None, None, ""
    link = parts[4] if len(parts) > 4 else ""
    return parts[0], parts[1], float(parts[2]), float(parts[3]), link


def _decimals(line: str) -> int:
    """Decimals used by the template's start and target numbers."""
    parts = [p.strip() for p in line.split("|")][2:4]
    return max((len(p.split(".")[1]) if "." in p else 0) for p in parts)


def _typed(value: float, decimals: int) -> float:
    """A varied template number, as round as the template's own numbers."""
    if abs(value) >= 1000:
        return nice(value, 2)
    return round(value, decimals) if decimals else float(round(value))


class OkrBuilder:
    """Builds every objective, key result and check-in, in id order."""

    def __init__(self, teams: list[TeamSpec], people: list[PersonSpec],
                 nodes: list[NodeSpec], node_ids: dict[str, int],
                 values: dict[str, np.ndarray], cal: Calendar, seed: int) -> None:
        self.teams = teams
        self.people = {p.id: p for p in people}
        self.nodes = nodes
        self.node_ids = node_ids
        self.values = values
        self.cal = cal
        self.rng = random.Random(f"{seed}:okrs")
        self.team_by_name = {t.name: t for t in teams}
        self.by_base: dict[str, list[NodeSpec]] = {}
        for node in nodes:
            if node.direction != "band":
                self.by_base.setdefault(node.base, []).append(node)
        self.periods: list[PeriodSpec] = []
        self.objectives: list[ObjectiveSpec] = []
        self.krs: list[KrSpec] = []

    # -- KPI values ---------------------------------------------------------
    def _value_at(self, code: str, day: dt.date) -> float:
        series = self.values[code]
        i = min(self.cal.index(day), len(series) - 1)
        while i > 0 and not math.isfinite(series[i]):
            i -= 1
        return float(series[i])

    def _linked_node(self, base: str, team: TeamSpec) -> NodeSpec | None:
        best = None
        for node in self.by_base.get(base, []):
            if node.code == base and best is None:
                best = node
            if team.region and node.region == team.region and (
                    best is None or best.region != team.region):
                best = node
        return best

    # -- key results --------------------------------------------------------
    def _key_result(self, obj: ObjectiveSpec, line: str, period: PeriodSpec,
                    until: dt.date, draft: bool, position: int, team: TeamSpec,
                    carried: KrSpec | None) -> KrSpec:
        rng = self.rng
        title_fmt, unit, s0, t0, link = _parse(line)
        owner = obj.owner_id if rng.random() < 0.5 else rng.choice(team.people)
        weight = 2.0 if rng.random() < 0.12 else 1.0
        node = self._linked_node(link, team) if link and rng.random() < LINK_CHANCE else None
        dates = [] if draft else checkin_dates(period.start, period.end, until, rng)
        kr_id = len(self.krs) + 1
        if s0 is None:  # milestone
            kind, start, target = "milestone", 0.0, 1.0
            path = planned_path(dates, period.start, period.end, draw_profile(rng), 0.0, 1.0,
                                "", True, rng)
            title = title_fmt
            node_id = None
        else:
            kind = {"%": "percentage", "EUR": "currency"}.get(unit, "metric")
            start, target, node_id = self._numbers(node, unit, s0, t0, period, carried,
                                                   _decimals(line))
            if node_id is not None:
                value_at = {d: self._value_at(node.code, d) for d in dates}
                path = linked_path(dates, period.start, period.end, start, target, value_at,
                                   rng)
            else:
                path = planned_path(dates, period.start, period.end, draw_profile(rng),
                                    start, target, unit, False, rng)
            title = title_fmt.format(s=fmt(start, unit), t=fmt(target, unit))
        if node_id is not None:
            current = round(self._value_at(node.code, min(until, period.end)), 4)
        else:
            current = path[-1].value if path else start
        kr = KrSpec(kr_id, f"KR-{kr_id:04d}", obj.id, title, kind, start, target, current,
                    unit if kind != "milestone" else "", owner, weight, node_id,
                    path[-1].confidence if path else None, position, line, path)
        self.krs.append(kr)
        return kr

    def _numbers(self, node: NodeSpec | None, unit: str, s0: float, t0: float,
                 period: PeriodSpec, carried: KrSpec | None,
                 decimals: int) -> tuple[float, float, int | None]:
        rng = self.rng
        if node is not None:
            start = round(self._value_at(node.code, period.start), 4)
            target = self._ambitious_target(node, start, period)
            if math.isfinite(start) and abs(target - start) > 1e-6 * max(1.0, abs(start)):
                return start, target, self.node_ids[node.code]
        if carried is not None and carried.kpi_node_id is None:
            return carried.current, carried.target, None
        f = rng.uniform(0.88, 1.12)
        start, target = s0 * f, t0 * f
        if unit == "%" and max(s0, t0) <= 100:
            start, target = min(start, 100.0), min(target, 100.0)
        return _typed(start, decimals), _typed(target, decimals), None

    def _ambitious_target(self, node: NodeSpec, start: float, period: PeriodSpec) -> float:
        """Beat the node's recent trend (or improve a flat one) by a stretch."""
        rng = self.rng
        sign = -1.0 if node.direction == "lower" else 1.0
        if node.unit == "%" and node.hi == 100 and start > 80 and sign > 0:
            return round(start + (100 - start) * rng.uniform(0.2, 0.4), 3)
        series = self.values[node.code]
        end = self.cal.index(period.start)
        recent = series[max(0, end - 12):end]
        recent = recent[np.isfinite(recent)]
        change = 0.0
        if len(recent) >= 6:
            change = float(np.polyfit(np.arange(len(recent)), recent, 1)[0]) * 3
        rel = rng.uniform(0.03, 0.09) if node.unit in ("%", "pts", "x") else \
            rng.uniform(0.05, 0.15)
        floor = abs(start) * rel * 0.5
        if sign * change > floor:
            return nice(start + change * rng.uniform(1.15, 1.8))
        return nice(start + sign * abs(start) * rel)

    # -- objectives ---------------------------------------------------------
    def _count_krs(self, anomaly: int | None) -> int:
        if anomaly is not None:
            return anomaly
        return self.rng.choices((2, 3, 4, 5), weights=(20, 40, 30, 10))[0]

    def _lines(self, template: tuple, n: int, family: list[tuple]) -> list[str]:
        lines = [ln for ln in template[2] if "| done" not in ln]
        tasks = [ln for ln in template[2] if "| done" in ln]
        chosen = lines[:n]
        if tasks and len(chosen) < n and self.rng.random() < 0.3:
            chosen.append(tasks[0])
        if len(chosen) < n:  # the deliberate six-KR objective borrows from siblings
            for other in family:
                for ln in other[2]:
                    if len(chosen) < n and ln not in chosen and "| done" not in ln:
                        chosen.append(ln)
        return chosen[:max(1, min(n, len(chosen)))]

    def build(self, periods: list[PeriodSpec], as_of: dt.date) -> None:
        """Generate every period's objectives, oldest period first."""
        rng = self.rng
        self.periods = periods
        previous: dict[int, list[ObjectiveSpec]] = {}
        used_last: dict[int, set[str]] = {}
        for period in periods:
            until = min(as_of, period.end)
            anomalies = self._anomalies(period)
            current: dict[int, list[ObjectiveSpec]] = {}
            for team in self.teams:
                family = OBJECTIVES[team.fn]
                n = anomalies.get(team.id) or rng.choices((3, 4, 5), weights=(35, 45, 20))[0]
                if team.parent is None:
                    n = min(n, rng.choice((3, 4)))
                carried = [o for o in previous.get(team.id, [])
                           if o.score < 0.45 and rng.random() < 0.35][: max(0, n - 2)]
                taken = {o.template[0] for o in carried}
                pool = [t for t in family if t[0] not in taken
                        and t[0] not in used_last.get(team.id, set())]
                if len(pool) < n - len(carried):
                    pool = [t for t in family if t[0] not in taken]
                fresh = rng.sample(pool, min(len(pool), n - len(carried)))
                plans = [(o.template, o) for o in carried] + [(t, None) for t in fresh]
                objs = []
                for position, (template, old) in enumerate(plans):
                    objs.append(self._objective(period, team, template, old, position,
                                                current, until))
                current[team.id] = objs
                used_last[team.id] = {o.template[0] for o in objs}
            previous = current

    def _anomalies(self, period: PeriodSpec) -> dict[int, int]:
        """Team id -> deliberate objective count (2 or 6) for the quality warnings."""
        rng = self.rng
        if not period.current and rng.random() > 0.3:
            return {}
        big = [t for t in self.teams if t.parent and len(OBJECTIVES[t.fn]) >= 6]
        small = [t for t in self.teams if t.parent and t not in big] or big
        out = {rng.choice(small).id: 2}
        choice = rng.choice(big)
        if choice.id not in out:
            out[choice.id] = 6
        return out

    def _objective(self, period: PeriodSpec, team: TeamSpec, template: tuple,
                   old: ObjectiveSpec | None, position: int,
                   current: dict[int, list[ObjectiveSpec]], until: dt.date) -> ObjectiveSpec:
        rng = self.rng
        parent = None
        if team.parent is not None:
            parent_team = self.team_by_name[team.parent]
            candidates = current.get(parent_team.id, [])
            if candidates and rng.random() < 0.85:
                parent = rng.choice(candidates).id
        draft = period.current and rng.random() < 0.08
        state = "closed" if period.closed else ("draft" if draft else "active")
        obj_id = len(self.objectives) + 1
        description = template[1]
        if old is not None:
            prev = next(p for p in self.periods if p.id == old.period_id)
            description = f"Carried over from {prev.name}. {description}"
        committed = 0.75 if team.parent is None else 0.6
        obj = ObjectiveSpec(
            obj_id, f"O-{obj_id:04d}", template[0], description, period.id, team.id,
            team.people[0] if rng.random() < 0.7 else rng.choice(team.people), parent,
            "committed" if rng.random() < committed else "aspirational", state, "",
            position, old.id if old is not None else None, template)
        self.objectives.append(obj)
        anomaly = None
        roll = rng.random()
        if roll < 0.03:
            anomaly = 1
        elif roll < 0.05:
            anomaly = 6
        family = OBJECTIVES[team.fn]
        if old is not None:
            lines = [k.line for k in old.krs]
            olds = {k.line: k for k in old.krs}
        else:
            lines = self._lines(template, self._count_krs(anomaly), family)
            olds = {}
        for i, line in enumerate(lines):
            obj.krs.append(self._key_result(obj, line, period, until, draft, i, team,
                                            olds.get(line)))
        if period.closed and rng.random() < 0.45:
            score = obj.score
            band = "high" if score >= 0.7 else "mid" if score >= 0.4 else "low"
            obj.retrospective = rng.choice(RETROSPECTIVES[band]).format(score=score)
        return obj
