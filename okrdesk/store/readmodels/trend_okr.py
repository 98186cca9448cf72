"""OKR periods on a KPI's trend: the key results linked to the node, as target markers.

A key result linked to a KPI node (``KeyResult.kpi_node_id``) promises a value
of that KPI by the end of its objective's period; the trend chart draws that
promise as a marker at the period's last day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from okrdesk.domain.entities import KeyResult, Objective, Period


@dataclass(frozen=True)
class KrTargetMarker:
    """One linked key result's target, placed at the end of its period."""

    date: dt.date  # the period's last day
    target: float
    ref: str
    title: str
    period_name: str
    objective_title: str


def kr_target_markers(
    node_id: int,
    key_results: Iterable[KeyResult],
    objectives: Iterable[Objective],
    periods: Iterable[Period],
) -> list[KrTargetMarker]:
    """Markers of the key results linked to ``node_id`` that have a target, by date then ref.

    Key results whose objective has no period (or an unknown one) are left out.
    """
    by_objective: Mapping[int, Objective] = {o.id: o for o in objectives}
    by_period: Mapping[int, Period] = {p.id: p for p in periods}
    found = []
    for kr in key_results:
        if kr.kpi_node_id != node_id or kr.target is None:
            continue
        objective = by_objective.get(kr.objective_id)
        period = by_period.get(objective.period_id) if objective is not None and objective.period_id is not None else None
        if period is None:
            continue
        found.append(KrTargetMarker(period.end, float(kr.target), kr.ref, kr.title, period.name, objective.title))
    found.sort(key=lambda m: (m.date, m.ref))
    return found
