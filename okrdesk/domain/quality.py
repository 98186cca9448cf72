"""OKR quality rules (PRODUCT.md §2) as data: warnings and hints, never blockers.

Rules (``rule`` ids are stable; messages are plain user words):

* ``team-too-few-objectives`` / ``team-too-many-objectives``: a team has fewer
  than 3 or more than 5 objectives in a period (only team/period pairs with
  at least one objective are checked).
* ``objective-too-few-krs`` / ``objective-too-many-krs``: fewer than 2 or more
  than 5 key results on an objective.
* ``kr-missing-numbers``: a key result without a start or a target
  (milestones are exempt).
* ``kr-reads-like-task``: a title starting with a task verb (Launch,
  Implement, Build…) and holding no number.
* ``objective-no-period`` / ``objective-no-owner``.
* ``kr-targets-dont-add-up``: a formula node's linked key result has a target
  in a period, every formula input of that node has a linked key-result target
  in the same period, and the formula applied to those targets falls short of
  the parent's target (given its direction).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from okrdesk.domain.entities import (
    Direction,
    FormulaKind,
    KeyResult,
    KeyResultKind,
    KpiNode,
    Objective,
    Period,
    Team,
)
from okrdesk.domain.formula_syntax import Expr, FormulaError, parse
from okrdesk.domain.formula_syntax import format_number
from okrdesk.domain.formulas import combine

MIN_OBJECTIVES, MAX_OBJECTIVES = 3, 5
MIN_KEY_RESULTS, MAX_KEY_RESULTS = 2, 5

TASK_VERBS = (
    "launch", "implement", "build", "create", "complete", "finish", "deliver", "write",
    "release", "migrate", "set up", "setup", "roll out", "rollout", "introduce", "organise",
    "organize", "hire", "develop", "design", "publish", "ship", "deploy", "establish",
    "conduct", "install", "prepare", "define", "hold", "start", "run",
)  # fmt: skip
_TASK_START = re.compile(
    r"^\s*(?:" + "|".join(v.replace(" ", r"\s+") for v in TASK_VERBS) + r")\b", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")

Severity = Literal["warning", "info"]
Subject = Literal["objective", "key_result", "team"]


@dataclass(frozen=True, slots=True)
class QualityIssue:
    rule: str
    severity: Severity
    message: str
    subject: Subject
    subject_id: int
    team_id: int | None
    period_id: int | None


def reads_like_task(title: str) -> bool:
    """True when a key result title starts with a task verb and holds no number."""
    return bool(_TASK_START.match(title)) and not _DIGIT.search(title)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _num(x: float) -> str:
    return format_number(x) if float(x).is_integer() else f"{x:,.4g}"


def _objective_counts(
    objectives: Sequence[Objective], team_names: Mapping[int, str], period_names: Mapping[int, str]
) -> list[QualityIssue]:
    issues = []
    counts = Counter(
        (o.team_id, o.period_id) for o in objectives if o.team_id is not None and o.period_id is not None
    )
    for (team_id, period_id), n in sorted(counts.items()):
        team = team_names.get(team_id, f"Team {team_id}")
        period = period_names.get(period_id, f"period {period_id}")
        if n < MIN_OBJECTIVES:
            rule, advice = "team-too-few-objectives", "aim for 3 to 5 so the team's focus is clear"
        elif n > MAX_OBJECTIVES:
            rule, advice = "team-too-many-objectives", "keep it to 3 to 5 so the team can focus"
        else:
            continue
        issues.append(QualityIssue(
            rule, "warning", f"{team} has {_plural(n, 'objective')} in {period}; {advice}.",
            "team", team_id, team_id, period_id,
        ))  # fmt: skip
    return issues


def _objective_checks(o: Objective, n_krs: int) -> list[QualityIssue]:
    issues = []
    where = dict(subject="objective", subject_id=o.id, team_id=o.team_id, period_id=o.period_id)
    if n_krs < MIN_KEY_RESULTS:
        text = "has no key results yet" if n_krs == 0 else "has only 1 key result"
        issues.append(QualityIssue(
            "objective-too-few-krs", "warning",
            f"Objective “{o.title}” {text}; give it 2 to 5 measurable key results.", **where,
        ))  # fmt: skip
    elif n_krs > MAX_KEY_RESULTS:
        issues.append(QualityIssue(
            "objective-too-many-krs", "warning",
            f"Objective “{o.title}” has {n_krs} key results; keep the 2 to 5 that matter most.",
            **where,
        ))  # fmt: skip
    if o.period_id is None:
        issues.append(QualityIssue(
            "objective-no-period", "warning",
            f"Objective “{o.title}” has no period; choose the quarter it belongs to.", **where,
        ))  # fmt: skip
    if o.owner_id is None:
        issues.append(QualityIssue(
            "objective-no-owner", "warning",
            f"Objective “{o.title}” has no owner; name the person who drives it.", **where,
        ))  # fmt: skip
    return issues


def _key_result_checks(kr: KeyResult, objective: Objective | None) -> list[QualityIssue]:
    issues = []
    where = dict(
        subject="key_result",
        subject_id=kr.id,
        team_id=objective.team_id if objective else None,
        period_id=objective.period_id if objective else None,
    )
    if kr.kind != KeyResultKind.MILESTONE:
        missing = [name for name, v in (("start", kr.start), ("target", kr.target)) if v is None]
        if missing:
            issues.append(QualityIssue(
                "kr-missing-numbers", "warning",
                f"Key result “{kr.title}” has no {' and no '.join(missing)} value; "
                "a key result is a number moving from a start to a target.", **where,
            ))  # fmt: skip
    if reads_like_task(kr.title):
        issues.append(QualityIssue(
            "kr-reads-like-task", "info",
            f"Key result “{kr.title}” reads like a task; state the measurable outcome "
            "it should bring (for example “Raise weekly active users from 1,200 to 2,000”).",
            **where,
        ))  # fmt: skip
    return issues


def _falls_short(computed: float, target: float, node: KpiNode) -> bool:
    slack = 1e-9 * max(1.0, abs(target))
    if node.direction == Direction.HIGHER:
        return computed < target - slack
    if node.direction == Direction.LOWER:
        return computed > target + slack
    band = node.green_from if node.green_from is not None else 0.05 * abs(target)
    return abs(computed - target) > band + slack


def _target_checks(
    key_results: Sequence[KeyResult],
    objectives_by_id: Mapping[int, Objective],
    nodes: Sequence[KpiNode],
    rollup_targets: Mapping[tuple[int, int], float] | None,
) -> list[QualityIssue]:
    # (node id, period id) -> (target, key result supplying it or None)
    targets: dict[tuple[int, int], tuple[float, KeyResult | None]] = {}
    for (node_id, period_id), value in (rollup_targets or {}).items():
        if value is not None and math.isfinite(value):
            targets[(node_id, period_id)] = (float(value), None)
    for kr in sorted(key_results, key=lambda k: k.id, reverse=True):  # lowest id wins
        o = objectives_by_id.get(kr.objective_id)
        if kr.kpi_node_id is None or kr.target is None or o is None or o.period_id is None:
            continue
        targets[(kr.kpi_node_id, o.period_id)] = (float(kr.target), kr)
    periods_of: dict[int, list[int]] = defaultdict(list)
    for node_id, period_id in sorted(targets):
        periods_of[node_id].append(period_id)
    by_code = {n.code: n for n in nodes}
    children: dict[int, list[KpiNode]] = defaultdict(list)
    for n in nodes:
        if n.parent_id is not None:
            children[n.parent_id].append(n)
    issues = []
    for node in nodes:
        if node.formula == FormulaKind.NONE or node.id not in periods_of:
            continue
        expr: Expr | None = None
        if node.formula == FormulaKind.EXPRESSION:
            try:
                expr = parse(node.expression)
            except FormulaError:
                continue
            inputs = [by_code[c] for c in sorted(expr.references()) if c in by_code]
            if len(inputs) != len(expr.references()):
                continue
        else:
            inputs = sorted(children[node.id], key=lambda c: (c.position, c.id))
        if not inputs:
            continue
        for period_id in periods_of.get(node.id, ()):
            target, kr = targets[(node.id, period_id)]
            if kr is None:
                continue
            child_targets = [targets.get((c.id, period_id)) for c in inputs]
            if any(t is None for t in child_targets):
                continue
            try:
                computed = combine(
                    node.formula,
                    [(c.code, t[0], c.weight) for c, t in zip(inputs, child_targets)],
                    expr,
                )
            except FormulaError:
                continue
            if computed is None or not _falls_short(computed, target, node):
                continue
            o = objectives_by_id[kr.objective_id]
            issues.append(QualityIssue(
                "kr-targets-dont-add-up", "warning",
                f"Key result “{kr.title}” aims for {_num(target)} on {node.code}, but the "
                f"targets of its inputs ({', '.join(c.code for c in inputs)}) add up to only "
                f"{_num(computed)} through the formula; raise the input targets or lower this one."
                if node.direction != Direction.LOWER else
                f"Key result “{kr.title}” aims for at most {_num(target)} on {node.code}, but the "
                f"targets of its inputs ({', '.join(c.code for c in inputs)}) give {_num(computed)} "
                "through the formula; tighten the input targets or relax this one.",
                "key_result", kr.id, o.team_id, period_id,
            ))  # fmt: skip
    return issues


def check_okrs(
    objectives: Iterable[Objective],
    key_results: Iterable[KeyResult],
    teams: Iterable[Team],
    periods: Iterable[Period],
    nodes: Iterable[KpiNode] = (),
    rollup_targets: Mapping[tuple[int, int], float] | None = None,
) -> list[QualityIssue]:
    """Every quality issue of a set of OKRs (see the module docstring for the rules).

    ``teams`` and ``periods`` give names for the messages. ``nodes`` is the KPI
    tree, needed for the target rule; ``rollup_targets`` optionally adds known
    targets per ``(node id, period id)`` (for example from a planning sheet),
    used where no linked key result supplies one. When several key results
    link the same node in the same period, the one with the lowest id counts.
    """
    objectives = list(objectives)
    key_results = list(key_results)
    team_names = {t.id: t.name for t in teams}
    period_names = {p.id: p.name for p in periods}
    objectives_by_id = {o.id: o for o in objectives}
    kr_counts = Counter(kr.objective_id for kr in key_results)
    issues = _objective_counts(objectives, team_names, period_names)
    for o in objectives:
        issues.extend(_objective_checks(o, kr_counts.get(o.id, 0)))
    for kr in key_results:
        issues.extend(_key_result_checks(kr, objectives_by_id.get(kr.objective_id)))
    issues.extend(_target_checks(key_results, objectives_by_id, list(nodes), rollup_targets))
    return issues
