"""Periods, objectives, key results and check-ins of the demo company.

Each team gets three to five objectives a quarter, each with two to five key
results. The quality rules always have something to show in the current
quarter: one team has two objectives and one six, one objective has a single
key result and one six, and a few key results read like tasks; past quarters
get such slips now and then.

Every objective draws a fortune and its key results an attainment around it
(see ``checkins``). About 40% of key results are linked to a KPI node: their
start is the node's value in the bucket of the period start and their current
value the latest bucket up to the day looked at, as the app reads them. Their
target is set from the node's actual trajectory, a stretch beyond where the
series goes, so that their progress lands where the drawn attainment puts it.
Past quarters are closed with scores and retrospectives; unfinished
objectives are sometimes carried into the next quarter.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field

import numpy as np

from okrdesk.domain.quality import reads_like_task

from .catalog import NodeSpec
from .checkins import (CheckInSpec, FortuneSequence, checkin_dates, draw_outcome,
                       linked_path, milestone_path, planned_path)
from .linking import KpiLinker
from .okr_text import OBJECTIVES, RETROSPECTIVES
from .org import PersonSpec, TeamSpec
from .series import Calendar
from .targets import nice

LINK_CHANCE = 1.0


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
    fortune: float = 0.0
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
        self.linker = KpiLinker(nodes, values, cal, self.rng)
        self.fortunes = FortuneSequence(self.rng)
        self.periods: list[PeriodSpec] = []
        self.objectives: list[ObjectiveSpec] = []
        self.krs: list[KrSpec] = []

    # -- key results --------------------------------------------------------
    def _key_result(self, obj: ObjectiveSpec, line: str, period: PeriodSpec,
                    until: dt.date, draft: bool, position: int, team: TeamSpec,
                    carried: KrSpec | None) -> KrSpec:
        rng = self.rng
        title_fmt, unit, s0, t0, link = _parse(line)
        owner = obj.owner_id if rng.random() < 0.5 else rng.choice(team.people)
        weight = 2.0 if rng.random() < 0.12 else 1.0
        nodes = self.linker.candidates(link, team) if link and rng.random() < LINK_CHANCE else []
        outcome = draw_outcome(rng, obj.fortune)
        dates = [] if draft else checkin_dates(period.start, period.end, until, rng)
        kr_id = len(self.krs) + 1
        if s0 is None:  # milestone
            kind, start, target = "milestone", 0.0, 1.0
            path = milestone_path(dates, period.start, period.end, outcome, rng)
            title = title_fmt
            node_id = None
        else:
            kind = {"%": "percentage", "EUR": "currency"}.get(unit, "metric")
            node, start, target = self.linker.link(nodes, period, until, outcome)
            node_id = self.node_ids[node.code] if node is not None else None
            if node is None:
                start, target = self._numbers(unit, s0, t0, carried, _decimals(line))
            if node_id is not None:
                value_at = {d: self.linker.value_at(node.code, d) for d in dates}
                path = linked_path(dates, period.start, period.end, start, target, value_at,
                                   rng)
            else:
                path = planned_path(dates, period.start, period.end, outcome, start, target,
                                    unit, rng)
            title = title_fmt.format(s=fmt(start, unit), t=fmt(target, unit))
        if node_id is not None:
            current = round(self.linker.value_at(node.code, min(until, period.end)), 4)
        else:
            current = path[-1].value if path else start
        kr = KrSpec(kr_id, f"KR-{kr_id:04d}", obj.id, title, kind, start, target, current,
                    unit if kind != "milestone" else "", owner, weight, node_id,
                    path[-1].confidence if path else None, position, line, path)
        self.krs.append(kr)
        return kr

    def _numbers(self, unit: str, s0: float, t0: float, carried: KrSpec | None,
                 decimals: int) -> tuple[float, float]:
        """Start and target of an unlinked key result: carried over, or the template's."""
        if carried is not None and carried.kpi_node_id is None:
            return carried.current, carried.target
        f = self.rng.uniform(0.88, 1.12) if unit != "%" or max(s0, t0) < 90 else 1.0
        start, target = s0 * f, t0 * f
        if unit == "%" and max(s0, t0) <= 100:
            start, target = min(start, 100.0), min(target, 100.0)
        return _typed(start, decimals), _typed(target, decimals)

    # -- objectives ---------------------------------------------------------
    def _count_krs(self, anomaly: int | None) -> int:
        if anomaly is not None:
            return anomaly
        return self.rng.choices((2, 3, 4, 5), weights=(20, 40, 30, 10))[0]

    def _lines(self, template: tuple, n: int, family: list[tuple], task: bool) -> list[str]:
        lines = [ln for ln in template[2] if "| done" not in ln]
        tasks = [ln for ln in template[2] if "| done" in ln]
        if task:  # the deliberate task-like key result, in place of a numeric one
            return lines[:max(1, n - 1)] + [_task_line(template)]
        chosen = lines[:n]
        if tasks and len(chosen) < n and self.rng.random() < 0.15:
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
            self.fortunes = FortuneSequence(rng)
            anomalies = self._anomalies(period)
            slips = self._slips(period)
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
                wanted = slips.get(team.id, {})
                task_at = next((i for i, (t, old) in enumerate(plans)
                                if old is None and _task_line(t)), None) \
                    if wanted.get("task") else None
                fresh_at = [i for i, (_t, old) in enumerate(plans)
                            if old is None and i != task_at]
                count_at = fresh_at[-1] if fresh_at else None
                objs = []
                for position, (template, old) in enumerate(plans):
                    kr_count = wanted.get("krs") if position == count_at else None
                    draft = bool(wanted.get("draft")) and position == len(plans) - 1
                    objs.append(self._objective(period, team, template, old, position,
                                                current, until, kr_count,
                                                position == task_at, draft))
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
        choice = rng.choice([t for t in big if t.id not in out] or big)
        if choice.id not in out:
            out[choice.id] = 6
        return out

    def _slips(self, period: PeriodSpec) -> dict[int, dict[str, int]]:
        """Team id -> the key-result slips its objectives make this period.

        ``{"krs": 1}`` or ``{"krs": 6}``: one fresh objective gets that many key
        results; ``{"task": 1}``: one gets a key result that reads like a task;
        ``{"draft": 1}``: one is still a draft (current period only). The current
        period always has one of each, in different teams; past periods have
        the key-result slips now and then.
        """
        rng = self.rng
        teams = [t for t in self.teams if t.parent]
        out: dict[int, dict[str, int]] = {}
        for key, value in (("krs", 1), ("krs", 6), ("task", 1), ("task", 1), ("draft", 1)):
            if not period.current and (key == "draft" or rng.random() > 0.4):
                continue
            free = [t for t in teams if key not in out.get(t.id, {})
                    and (key != "task" or any(_task_line(x) for x in OBJECTIVES[t.fn]))]
            free = [t for t in free if t.id not in out] or free  # spread them out
            if free:
                out.setdefault(rng.choice(free).id, {})[key] = value
        return out

    def _objective(self, period: PeriodSpec, team: TeamSpec, template: tuple,
                   old: ObjectiveSpec | None, position: int,
                   current: dict[int, list[ObjectiveSpec]], until: dt.date,
                   kr_count: int | None = None, task: bool = False,
                   draft: bool = False) -> ObjectiveSpec:
        rng = self.rng
        parent = None
        if team.parent is not None:
            parent_team = self.team_by_name[team.parent]
            candidates = current.get(parent_team.id, [])
            if candidates and rng.random() < 0.85:
                parent = rng.choice(candidates).id
        state = "closed" if period.closed else ("draft" if draft else "active")
        obj_id = len(self.objectives) + 1
        description = template[1]
        if old is not None:
            prev = next(p for p in self.periods if p.id == old.period_id)
            description = f"Carried over from {prev.name}. {description}"
        committed = 0.75 if team.parent is None else 0.6
        kind = "committed" if rng.random() < committed else "aspirational"
        obj = ObjectiveSpec(
            obj_id, f"O-{obj_id:04d}", template[0], description, period.id, team.id,
            team.people[0] if rng.random() < 0.7 else rng.choice(team.people), parent,
            kind, state, "", position, old.id if old is not None else None, template,
            self.fortunes.next(kind))
        self.objectives.append(obj)
        family = OBJECTIVES[team.fn]
        if old is not None:
            lines = [k.line for k in old.krs]
            olds = {k.line: k for k in old.krs}
        else:
            lines = self._lines(template, self._count_krs(kr_count), family, task)
            olds = {}
        for i, line in enumerate(lines):
            obj.krs.append(self._key_result(obj, line, period, until, draft, i, team,
                                            olds.get(line)))
        if period.closed and rng.random() < 0.45:
            score = obj.score
            band = "high" if score >= 0.7 else "mid" if score >= 0.4 else "low"
            obj.retrospective = rng.choice(RETROSPECTIVES[band]).format(score=score)
        return obj


def _task_line(template: tuple) -> str:
    """The template's first done/not-done key result that reads like a task, or ""."""
    for line in template[2]:
        if "| done" in line and reads_like_task(line.split("|")[0].strip()):
            return line
    return ""
