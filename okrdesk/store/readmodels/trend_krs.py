"""The key results a KPI's trend leads to, for the Trends view's progress chart.

From a KPI node the Trends view offers the key results **linked** to it (their
progress is the node's values) and the other key results of the same
objectives (**siblings**, usually measured by check-ins). A key result opened
from the board may be neither; it is offered on its own. Each is charted by
``kr_progress.key_result_progress``, the derivation the check-in dialog uses,
only when it is chosen (a sibling needs its check-ins read).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from okrdesk.domain.entities import CheckIn, KeyResult, Objective, ObjectiveState, Period
from okrdesk.store.readmodels.kr_progress import KrProgressData, key_result_progress
from okrdesk.store.readmodels.okrs import KeyResultRow, key_result_row
from okrdesk.store.readmodels.tree import TreeReadModel


@dataclass(frozen=True)
class TrendKeyResult:
    """A key result reachable from the charted KPI, with its objective and period."""

    kr: KeyResult
    objective: Objective
    period: Period
    linked: bool  # linked to the KPI whose trend is shown

    @property
    def label(self) -> str:
        """One line for a chooser: ref, title, period, and how it relates to the KPI."""
        how = "linked to this KPI" if self.linked else "same objective"
        return f"{self.kr.ref}  ·  {self.kr.title}  ·  {self.period.name}  ·  {how}"


@dataclass(frozen=True)
class TrendKeyResultChart:
    """A chosen key result scored as on the board, and what its progress chart draws."""

    item: TrendKeyResult
    row: KeyResultRow
    data: KrProgressData


def node_key_results(
    node_id: int,
    key_results: Iterable[KeyResult],
    objectives: Iterable[Objective],
    periods: Iterable[Period],
) -> list[TrendKeyResult]:
    """Key results linked to ``node_id`` and their objectives' other key results.

    Latest period first; within a period the linked ones first, then by ref.
    Key results whose objective has no period are left out (no pace to draw).
    """
    krs = list(key_results)
    by_objective = {o.id: o for o in objectives}
    by_period = {p.id: p for p in periods}
    linked_objectives = {kr.objective_id for kr in krs if kr.kpi_node_id == node_id}
    found = []
    for kr in krs:
        if kr.objective_id not in linked_objectives:
            continue
        objective = by_objective.get(kr.objective_id)
        period = by_period.get(objective.period_id) if objective and objective.period_id is not None else None
        if objective is None or period is None:
            continue
        found.append(TrendKeyResult(kr, objective, period, kr.kpi_node_id == node_id))
    found.sort(key=lambda t: (-t.period.start.toordinal(), not t.linked, t.kr.ref, t.kr.id))
    return found


def key_result_item(
    kr_id: int,
    node_id: int | None,
    key_results: Iterable[KeyResult],
    objectives: Iterable[Objective],
    periods: Iterable[Period],
) -> TrendKeyResult | None:
    """The key result ``kr_id`` as a chooser item (None when unknown or without a period)."""
    kr = next((k for k in key_results if k.id == kr_id), None)
    if kr is None:
        return None
    objective = next((o for o in objectives if o.id == kr.objective_id), None)
    if objective is None or objective.period_id is None:
        return None
    period = next((p for p in periods if p.id == objective.period_id), None)
    if period is None:
        return None
    return TrendKeyResult(kr, objective, period, node_id is not None and kr.kpi_node_id == node_id)


def default_choice(items: Sequence[TrendKeyResult], today: dt.date) -> int:
    """The index to show first: the first key result whose period holds ``today``, else 0."""
    for i, item in enumerate(items):
        if item.period.start <= today <= item.period.end:
            return i
    return 0


def chart_key_result(
    item: TrendKeyResult,
    tree: TreeReadModel | None,
    today: dt.date,
    check_ins: Callable[[int], Sequence[CheckIn]],
) -> TrendKeyResultChart:
    """Score ``item`` as the board does and build its progress chart data.

    ``check_ins(kr_id)`` reads a key result's check-ins (by date).
    """
    checkins = list(check_ins(item.kr.id))
    draft = item.objective.state == ObjectiveState.DRAFT
    row = key_result_row(item.kr, item.period, today, checkins, tree, draft=draft)
    return TrendKeyResultChart(item, row, key_result_progress(row, item.period, checkins, today))
