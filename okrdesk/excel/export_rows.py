"""What an export contains: the workspace (or a selection of it) as rows per sheet.

Rows are tuples in the column order of ``format.py``, with Python values
(str, float, int, date, None); ``writer.py`` turns them into cells. Reading is
done through the service and its read models only.

Selections:
- ``period_ids``: only those periods, their objectives, key results and
  check-ins; measurements dated within the selected periods.
- ``team_ids``: those teams and their sub-teams; objectives of those teams (and
  their key results and check-ins); people of those teams plus everyone the
  exported rows name.
- ``branch_node_id``: that KPI node and everything under it, with their
  measurements; key results keep their KPI code even when it points outside.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from okrdesk.domain.entities import (
    CheckIn,
    KeyResult,
    KpiNode,
    Objective,
    Period,
    Person,
    Team,
)
from okrdesk.domain.scoring import score_band
from okrdesk.excel import format as fmt
from okrdesk.excel.styles import PACE_TEXT, STATUS_TEXT
from okrdesk.store.readmodels.okrs import BoardReadModel, team_order
from okrdesk.store.readmodels.tree import TreeReadModel


@dataclass
class Selection:
    period_ids: frozenset[int] | None = None
    team_ids: frozenset[int] | None = None
    branch_node_id: int | None = None

    @property
    def whole(self) -> bool:
        return self.period_ids is None and self.team_ids is None and self.branch_node_id is None


@dataclass
class ExportData:
    """Entities selected for export plus the computed figures shown beside them."""

    teams: list[Team]
    people: list[Person]
    nodes: list[KpiNode]  # depth-first
    periods: list[Period]
    objectives: list[Objective]
    key_results: list[KeyResult]
    check_ins: list[CheckIn]
    tree: TreeReadModel
    board: BoardReadModel
    measurement_range: tuple[dt.date | None, dt.date | None] = (None, None)
    names: dict[str, dict[int, str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            fmt.TEAMS: len(self.teams), fmt.PEOPLE: len(self.people), fmt.KPI_TREE: len(self.nodes),
            fmt.PERIODS: len(self.periods), fmt.OBJECTIVES: len(self.objectives),
            fmt.KEY_RESULTS: len(self.key_results), fmt.CHECK_INS: len(self.check_ins),
        }


def _descendants(parent_of: dict[int, int | None], roots: Iterable[int]) -> set[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for child, parent in parent_of.items():
        children[parent].append(child)
    found: set[int] = set()
    stack = [r for r in roots if r in parent_of]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, ()))
    return found


def collect(service, selection: Selection) -> ExportData:
    """Read everything ``selection`` covers from ``service`` (one pass per table)."""
    today = service.today()
    all_teams = team_order(list(service.teams()))
    all_people = list(service.people())
    tree = TreeReadModel.load(service, today)
    all_periods = sorted(service.periods(), key=lambda p: (p.start, p.name))
    board = BoardReadModel.load(service, None, today, tree)

    nodes = [row.node for row in tree.rows]
    if selection.branch_node_id is not None:
        keep = _descendants({n.id: n.parent_id for n in nodes}, [selection.branch_node_id])
        if not keep:
            raise ValueError(f"KPI node {selection.branch_node_id} is not in the workspace")
        nodes = [n for n in nodes if n.id in keep]

    teams = all_teams
    team_ids: set[int] | None = None
    if selection.team_ids is not None:
        team_ids = _descendants({t.id: t.parent_id for t in all_teams}, selection.team_ids)
        teams = [t for t in all_teams if t.id in team_ids]

    periods = all_periods
    if selection.period_ids is not None:
        periods = [p for p in all_periods if p.id in selection.period_ids]

    objectives = [c.objective for c in board.cards]
    if selection.period_ids is not None:
        objectives = [o for o in objectives if o.period_id in selection.period_ids]
    if team_ids is not None:
        objectives = [o for o in objectives if o.team_id in team_ids]
    objective_ids = {o.id for o in objectives}
    key_results = [r.kr for c in board.cards if c.objective.id in objective_ids for r in c.key_results]
    kr_ids = {k.id for k in key_results}
    check_ins = [ci for ci in service.check_ins() if ci.key_result_id in kr_ids] if kr_ids else []
    check_ins.sort(key=lambda c: (c.date, c.key_result_id, c.id))

    people = all_people
    if team_ids is not None:
        named = {o.owner_id for o in objectives} | {k.owner_id for k in key_results}
        authors = {c.author for c in check_ins}
        people = [p for p in all_people if p.team_id in team_ids or p.id in named or p.name in authors]

    measurement_range: tuple[dt.date | None, dt.date | None] = (None, None)
    if selection.period_ids is not None and periods:
        measurement_range = (min(p.start for p in periods), max(p.end for p in periods))

    names = {
        "team": {t.id: t.name for t in all_teams},
        "person": {p.id: p.name for p in all_people},
        "node": {r.node.id: r.node.code for r in tree.rows},
        "period": {p.id: p.name for p in all_periods},
        "objective": {c.objective.id: c.objective.ref for c in board.cards},
    }
    return ExportData(teams, people, nodes, periods, objectives, key_results, check_ins, tree, board,
                      measurement_range, names)


# --- rows per sheet -------------------------------------------------------------------


def _shown(value: float | None) -> float | None:
    """A computed figure at the 15 significant digits spreadsheets keep, so Excel and
    LibreOffice show (and re-save) the same number. Data values are never rounded."""
    return None if value is None else float(f"{value:.15g}")


def _name(names: dict[int, str], key: int | None) -> str | None:
    return names.get(key) if key is not None else None


def team_rows(data: ExportData) -> Iterator[tuple]:
    teams = data.names["team"]
    for t in data.teams:
        yield (t.name, _name(teams, t.parent_id), t.description or None, t.revision)


def people_rows(data: ExportData) -> Iterator[tuple]:
    teams = data.names["team"]
    for p in data.people:
        yield (p.name, p.email or None, _name(teams, p.team_id), p.revision)


def node_rows(data: ExportData) -> Iterator[tuple]:
    people, teams, codes = data.names["person"], data.names["team"], data.names["node"]
    links: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for link in data.tree.links:
        if link.target_id in codes:
            links[link.source_id].append((codes[link.target_id], link.note))
    k, d, a, f, c = fmt.NODE_KINDS, fmt.DIRECTIONS, fmt.AGGREGATIONS, fmt.FREQUENCIES, fmt.CATEGORIES
    for n in data.nodes:
        row = data.tree.row(n.id)
        yield (
            n.code, _name(codes, n.parent_id), n.name, k.label(n.kind),
            fmt.formula_text(n.formula, n.expression) or None, n.unit or None,
            d.label(n.direction), a.label(n.aggregation), f.label(n.frequency),
            _name(people, n.owner_id), _name(teams, n.team_id), "Yes" if n.leading else "No",
            n.target, n.green_from, n.red_from, n.description or None, c.label(n.category),
            n.weight, fmt.influences_text(links.get(n.id, ())) or None,
            _shown(row.value), STATUS_TEXT[row.status] if row.status is not None else None, n.revision,
        )


def measurement_rows(service, data: ExportData) -> Iterator[tuple]:
    """Every measurement of the exported nodes, node by node in tree order, by date."""
    start, end = data.measurement_range
    for n in data.nodes:
        code = n.code
        for m in service.measurements(n.id, start, end):
            yield (code, m.date, m.value, m.note or None, m.source, m.revision)


def period_rows(data: ExportData) -> Iterator[tuple]:
    for p in data.periods:
        yield (p.name, fmt.PERIOD_KINDS.label(p.kind), p.start, p.end, "Yes" if p.closed else "No")


def objective_rows(data: ExportData) -> Iterator[tuple]:
    people, teams = data.names["person"], data.names["team"]
    periods, refs = data.names["period"], data.names["objective"]
    cards = {c.objective.id: c for c in data.board.cards}
    for o in data.objectives:
        card = cards[o.id]
        band = score_band(card.score)
        yield (
            o.ref, _name(periods, o.period_id), _name(teams, o.team_id), _name(people, o.owner_id),
            o.title, o.description or None, fmt.OBJECTIVE_TYPES.label(o.type),
            _name(refs, o.parent_id), fmt.OBJECTIVE_STATES.label(o.state), o.retrospective or None,
            _name(refs, o.carried_from_id), _shown(card.score), STATUS_TEXT[band] if band is not None else None, o.revision,
        )


def key_result_rows(data: ExportData) -> Iterator[tuple]:
    people, codes, refs = data.names["person"], data.names["node"], data.names["objective"]
    rows = {r.kr.id: r for c in data.board.cards for r in c.key_results}
    for kr in data.key_results:
        row = rows[kr.id]
        yield (
            kr.ref, refs.get(kr.objective_id), kr.title, _name(people, kr.owner_id),
            fmt.KR_KINDS.label(kr.kind), kr.unit or None, kr.start, kr.target, kr.current, kr.weight,
            _name(codes, kr.kpi_node_id), kr.confidence, _shown(row.progress),
            PACE_TEXT[row.pace] if row.pace is not None else None,
            fmt.PACES.label(kr.pace_override) if kr.pace_override is not None else None,
            kr.override_reason or None, kr.revision,
        )


def check_in_rows(data: ExportData) -> Iterator[tuple]:
    refs = {k.id: k.ref for k in data.key_results}
    for ci in data.check_ins:
        yield (ci.date, refs[ci.key_result_id], ci.value, ci.confidence, ci.comment or None,
               ci.author or None)
