"""Generate a whole demo workspace: teams, people, KPI tree, history, OKRs."""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from sqlalchemy import Engine

from okrdesk.store.engine import write_engine

from .catalog import INFLUENCES, NodeSpec
from .okrs import OkrBuilder, make_periods
from .org import COMPANY, PersonSpec, TeamSpec, make_people, team_for_node, team_specs
from .series import WEEKS_PER_MONTH, Calendar, LeafSeries, leaf_series, reported_values, \
    tree_values
from .targets import thresholds
from .tree import build_tree
from .writer import ensure_empty, insert_rows, put_settings

SIZES = ("workshop", "firm", "stress")
MEASUREMENT_TARGETS = {"workshop": 5_000, "firm": 200_000, "stress": 2_000_000}
QUARTERS = {"workshop": 1, "firm": 8, "stress": 8}
# Formula nodes that also get figures from a second source (finance's reported
# revenue, HR's headcount) so the app's mismatch flag has something to show.
DELIBERATE_CODES = ("REV", "HC")


@dataclass(frozen=True)
class DemoSummary:
    """Rows written per table and the time it took."""

    size: str
    as_of: dt.date
    seed: int
    teams: int
    people: int
    kpi_nodes: int
    influence_links: int
    measurements: int
    periods: int
    objectives: int
    key_results: int
    check_ins: int
    months_of_history: int
    elapsed_seconds: float

    def as_dict(self) -> dict[str, Any]:
        """The summary as a plain dictionary."""
        return asdict(self)


def _history_months(nodes: list[NodeSpec], size: str) -> int:
    per_month = 0.0
    for node in nodes:
        if node.formula == "none":
            per_month += {"weekly": WEEKS_PER_MONTH, "quarterly": 1 / 3}.get(node.frequency, 1.0)
        elif node.code in DELIBERATE_CODES:
            per_month += 1.0
    return int(min(240, max(30, round(MEASUREMENT_TARGETS[size] / per_month))))


def _latest(values: np.ndarray) -> float:
    finite = values[np.isfinite(values)]
    return float(finite[-1]) if len(finite) else 0.0


def _node_rows(nodes: list[NodeSpec], ids: dict[str, int], teams: list[TeamSpec],
               values: dict[str, np.ndarray], seed: int) -> list[dict[str, Any]]:
    rows = []
    positions: dict[str | None, int] = {}
    for node in nodes:
        team = team_for_node(teams, node.fn, node.region)
        rng = random.Random(f"{seed}:node:{node.code}")
        owner = team.people[0] if node.kind == "kpi" or rng.random() < 0.4 \
            else rng.choice(team.people)
        target, green, red = thresholds(node, _latest(values[node.code]), rng)
        position = positions.get(node.parent, 0)
        positions[node.parent] = position + 1
        rows.append({
            "id": ids[node.code], "code": node.code, "name": node.name, "kind": node.kind,
            "parent_id": ids[node.parent] if node.parent else None, "position": position,
            "description": node.description, "unit": node.unit, "direction": node.direction,
            "owner_id": owner, "team_id": team.id, "leading": node.leading,
            "category": node.category, "frequency": node.frequency,
            "aggregation": node.aggregation, "target": target, "green_from": green,
            "red_from": red, "formula": node.formula, "expression": node.expression,
            "weight": node.weight, "revision": 1,
        })
    return rows


def _measurement_rows(nodes: list[NodeSpec], ids: dict[str, int],
                      leaves: dict[str, LeafSeries], values: dict[str, np.ndarray],
                      cal: Calendar, seed: int) -> Iterator[dict[str, Any]]:
    next_id = 1
    for node in nodes:
        if node.code in leaves:
            series = leaves[node.code]
            dates, vals = series.dates, series.values.tolist()
            note = _note_maker(node)
        elif node.code in DELIBERATE_CODES:
            dates = cal.months
            vals = reported_values(node, values[node.code], seed).tolist()
            note = lambda _d, _v: "Finance month-end close"  # noqa: E731
        else:
            continue
        node_id = ids[node.code]
        for day, value in zip(dates, vals):
            yield {"id": next_id, "node_id": node_id, "date": day, "value": value,
                   "note": note(day, value), "source": "demo", "revision": 1}
            next_id += 1


def _note_maker(node: NodeSpec):
    """Occasional notes a controller would write next to a figure."""
    if node.base == "OPEX.SM.EVT":
        return lambda d, _v: "Northwind Summit" if d.month == 10 else ""
    if node.base == "UPTIME":
        return lambda _d, v: "Incident: database failover" if v < 99.86 else ""
    if node.base == "DEPLOYS":
        return lambda d, _v: "Code freeze over the holidays" if d.month == 12 else ""
    return lambda _d, _v: ""


def generate_demo(engine: Engine, size: str = "workshop", as_of: dt.date | None = None,
                  seed: int = 2027) -> DemoSummary:
    """Fill the empty workspace behind ``engine`` with the demo company for ``size``.

    ``size`` is "workshop", "firm" or "stress" (PRODUCT.md §6). The history ends
    at ``as_of`` (default: today), whose quarter is the one in progress. The same
    size, ``as_of`` and ``seed`` always give identical data.
    """
    if size not in SIZES:
        raise ValueError(f"demo size {size!r} is not one of: {', '.join(SIZES)}")
    started = time.perf_counter()
    as_of = as_of or dt.date.today()
    nodes = build_tree(size, seed)
    if size == "stress":  # dense weekly feeds for the stress test of the charts
        for node in nodes:
            if node.formula == "none" and node.aggregation != "sum" \
                    and node.frequency == "monthly":
                node.frequency = "weekly"
    teams = team_specs(size)
    people = make_people(teams, random.Random(f"{seed}:people"))
    ids = {node.code: i for i, node in enumerate(nodes, start=1)}
    cal = Calendar.ending(as_of, _history_months(nodes, size))
    leaves = {n.code: leaf_series(n, cal, seed) for n in nodes if n.formula == "none"}
    values = tree_values(nodes, leaves)
    periods = make_periods(as_of, QUARTERS[size])
    okrs = OkrBuilder(teams, people, nodes, ids, values, cal, seed)
    okrs.build(periods, as_of)
    counts: dict[str, int] = {}
    with write_engine(engine).begin() as conn:
        ensure_empty(conn)
        put_settings(conn, {
            "name": f"{COMPANY} \u2014 demo", "grain": "month", "currency": "EUR",
            "demo_size": size, "as_of": as_of.isoformat(), "demo_seed": str(seed)})
        counts["teams"] = insert_rows(conn, "teams", _team_rows(teams))
        counts["people"] = insert_rows(conn, "people", _people_rows(people))
        counts["kpi_nodes"] = insert_rows(conn, "kpi_nodes",
                                          _node_rows(nodes, ids, teams, values, seed))
        counts["influence_links"] = insert_rows(conn, "influence_links", _links(nodes, ids))
        counts["measurements"] = insert_rows(
            conn, "measurements", _measurement_rows(nodes, ids, leaves, values, cal, seed))
        counts["periods"] = insert_rows(conn, "periods", (
            {"id": p.id, "name": p.name, "kind": "quarter", "start": p.start, "end": p.end,
             "closed": p.closed} for p in periods))
        counts["objectives"] = insert_rows(conn, "objectives", _objective_rows(okrs))
        counts["key_results"] = insert_rows(conn, "key_results", _kr_rows(okrs))
        counts["check_ins"] = insert_rows(conn, "check_ins", _checkin_rows(okrs))
    return DemoSummary(size, as_of, seed, months_of_history=len(cal.months),
                       elapsed_seconds=round(time.perf_counter() - started, 3), **counts)


def _team_rows(teams: list[TeamSpec]) -> Iterator[dict[str, Any]]:
    by_name = {t.name: t for t in teams}
    positions: dict[str | None, int] = {}
    for team in teams:
        position = positions.get(team.parent, 0)
        positions[team.parent] = position + 1
        yield {"id": team.id, "name": team.name,
               "parent_id": by_name[team.parent].id if team.parent else None,
               "position": position, "description": team.description, "revision": 1}


def _people_rows(people: list[PersonSpec]) -> Iterator[dict[str, Any]]:
    for p in people:
        yield {"id": p.id, "name": p.name, "email": p.email, "team_id": p.team_id,
               "revision": 1}


def _links(nodes: list[NodeSpec], ids: dict[str, int]) -> Iterator[dict[str, Any]]:
    link_id = 1
    for source, target, note in INFLUENCES:
        if source in ids and target in ids:
            yield {"id": link_id, "source_id": ids[source], "target_id": ids[target],
                   "note": note}
            link_id += 1


def _objective_rows(okrs: OkrBuilder) -> Iterator[dict[str, Any]]:
    for o in okrs.objectives:
        yield {"id": o.id, "ref": o.ref, "title": o.title, "period_id": o.period_id,
               "team_id": o.team_id, "owner_id": o.owner_id, "description": o.description,
               "parent_id": o.parent_id, "type": o.type, "state": o.state,
               "retrospective": o.retrospective, "position": o.position,
               "carried_from_id": o.carried_from_id, "revision": 1}


def _kr_rows(okrs: OkrBuilder) -> Iterator[dict[str, Any]]:
    for k in okrs.krs:
        yield {"id": k.id, "ref": k.ref, "objective_id": k.objective_id, "title": k.title,
               "kind": k.kind, "start": k.start, "target": k.target, "current": k.current,
               "unit": k.unit, "owner_id": k.owner_id, "weight": k.weight,
               "kpi_node_id": k.kpi_node_id, "confidence": k.confidence,
               "position": k.position, "pace_override": None, "override_reason": "",
               "revision": 1}


def _checkin_rows(okrs: OkrBuilder) -> Iterator[dict[str, Any]]:
    people = okrs.people
    checkin_id = 1
    for k in okrs.krs:
        author = people[k.owner_id].name
        for c in k.checkins:
            minute = (checkin_id * 37) % 540
            yield {"id": checkin_id, "key_result_id": k.id, "date": c.date,
                   "value": c.value, "confidence": c.confidence, "comment": c.comment,
                   "author": author,
                   "created_at": dt.datetime.combine(c.date, dt.time(8, 0))
                   + dt.timedelta(minutes=minute)}
            checkin_id += 1


__all__ = ["DemoSummary", "generate_demo", "DELIBERATE_CODES", "SIZES"]
