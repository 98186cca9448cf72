"""What the dashboards show, picked from the read models (no Qt, no painting).

* headline KPIs: KPI-kind nodes at the top of the tree (roots, then their
  KPI-kind children), in tree order, at most ``limit``;
* movers: KPIs and metrics whose latest bucket changed most against the
  previous bucket, by relative change, each judged good or bad news by its
  direction;
* a team's scorecard: the KPIs and metrics the team owns, health metrics
  first, in tree order, or sorted by one of its columns (``sort_scorecard``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from okrdesk.domain.entities import Category, NodeKind, Status
from okrdesk.store.readmodels.tree import NodeRow, TreeReadModel
from okrdesk.ui.kpi_tree.formatting import change_tone

HEADLINE_LIMIT = 6
MOVERS_LIMIT = 5


def headline_kpis(tree: TreeReadModel, limit: int = HEADLINE_LIMIT) -> list[NodeRow]:
    """The top-level KPIs for the tiles: KPI roots first, then KPI-kind nodes one level down."""
    picked: list[NodeRow] = []
    for depth in (0, 1):
        for row in tree.rows:
            if len(picked) >= limit:
                return picked
            if row.depth == depth and row.node.kind == NodeKind.KPI and row not in picked:
                picked.append(row)
    if not picked:
        picked = [row for row in tree.rows if row.depth == 0][:limit]
    return picked


@dataclass(frozen=True)
class Mover:
    """A node with its change this bucket and whether the change is good news."""

    row: NodeRow
    change: float
    good: bool | None


def movers(tree: TreeReadModel, limit: int = MOVERS_LIMIT) -> tuple[list[Mover], list[Mover]]:
    """(biggest rises, biggest falls) by relative change, at most ``limit`` each.

    KPIs and metrics only: raw measures (a region's ticket count) swing by
    hundreds of percent on small numbers and would crowd out the vital signs.
    Nodes without a change (None or 0) are left out.
    """
    found = []
    for row in tree.rows:
        if row.node.kind == NodeKind.MEASURE:
            continue
        change = row.change
        if change is None or not math.isfinite(change) or change == 0:
            continue
        good = change_tone(row)
        found.append(Mover(row, change, good))
    ups = sorted((m for m in found if m.change > 0), key=lambda m: (-m.change, m.row.node.code))[:limit]
    downs = sorted((m for m in found if m.change < 0), key=lambda m: (m.change, m.row.node.code))[:limit]
    return ups, downs


def team_health_rows(tree: TreeReadModel, team_id: int) -> list[NodeRow]:
    """The team's KPIs and metrics: health metrics first, then strategic ones, each in tree order.

    Strategic raw measures are left out unless the team owns nothing else.
    """
    owned = [row for row in tree.rows if row.node.team_id == team_id]
    health = [row for row in owned if row.node.category == Category.HEALTH]
    strategic = [
        row for row in owned if row.node.category != Category.HEALTH and row.node.kind != NodeKind.MEASURE
    ]
    return (health + strategic) or owned


#: The scorecard columns a user can sort by, with the words of their captions.
SCORECARD_SORT_KEYS = {"metric": "Metric", "value": "Value", "target": "Target", "status": "Status",
                       "change": "Change"}
_STATUS_RANK = {Status.RED: 0, Status.AMBER: 1, Status.GREEN: 2}


def sort_scorecard(rows: list[NodeRow], key: str | None, descending: bool = False) -> list[NodeRow]:
    """``rows`` sorted by a scorecard column (None: as given, the tree order).

    metric: by name; value, target, change: by number; status: worst first
    (off target, watch, on target). Rows without the number or status come
    last either way; ties keep their tree order.
    """
    if key is None:
        return list(rows)
    if key not in SCORECARD_SORT_KEYS:
        raise ValueError(f"the scorecard cannot be sorted by {key!r}; use one of {', '.join(SCORECARD_SORT_KEYS)}")

    def sort_value(row: NodeRow):  # noqa: ANN202
        if key == "metric":
            return row.node.name.casefold()
        if key == "status":
            return None if row.status is None else _STATUS_RANK[row.status]
        number = {"value": row.value, "target": row.node.target, "change": row.change}[key]
        return number if number is not None and math.isfinite(number) else None

    known = [r for r in rows if sort_value(r) is not None]
    unknown = [r for r in rows if sort_value(r) is None]
    return sorted(known, key=sort_value, reverse=descending) + unknown
