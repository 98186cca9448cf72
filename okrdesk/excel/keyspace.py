"""Rows of both sides in one shape: ``field -> value`` with references as names/codes/refs.

A workbook row names other rows by their user-visible key (team and person
names, node codes, period names, objective and key-result refs); a workspace
row by id. The plan compares the two in this "key space": ``workspace_rows``
turns the workspace into it, ``normalise`` fills a workbook row's empty
cells with the defaults the service would use, and ``same`` compares one field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from okrdesk.domain.entities import (
    Aggregation,
    Category,
    Direction,
    FormulaKind,
    Frequency,
    KeyResultKind,
    NodeKind,
    ObjectiveState,
    ObjectiveType,
    PeriodKind,
)

from . import format as fmt

#: Fields compared per sheet (key, revision and read-only columns excluded).
COMPARED: dict[str, tuple[str, ...]] = {
    fmt.TEAMS: ("parent", "description"),
    fmt.PEOPLE: ("email", "team"),
    fmt.KPI_TREE: ("parent_code", "name", "kind", "formula", "unit", "direction", "aggregation",
                   "frequency", "owner", "team", "leading", "target", "green_from", "red_from",
                   "description", "category", "weight", "influences"),
    fmt.MEASUREMENTS: ("value", "note"),
    fmt.PERIODS: ("kind", "start", "end", "closed"),
    fmt.OBJECTIVES: ("period", "team", "owner", "title", "description", "type", "parent_ref",
                     "state", "retrospective", "carried_from"),
    fmt.KEY_RESULTS: ("objective_ref", "title", "owner", "kind", "unit", "start", "target",
                      "current", "weight", "kpi_code", "confidence", "pace_override",
                      "override_reason"),
    fmt.CHECK_INS: ("value", "confidence", "comment"),
}

#: Reference fields: compared case-insensitively.
REF_FIELDS = frozenset({"parent", "team", "parent_code", "owner", "period", "parent_ref", "carried_from",
                        "objective_ref", "kpi_code", "code", "kr_ref"})

DEFAULTS: dict[str, Any] = {
    "kind@" + fmt.KPI_TREE: NodeKind.METRIC.value,
    "kind@" + fmt.PERIODS: PeriodKind.QUARTER.value,
    "kind@" + fmt.KEY_RESULTS: KeyResultKind.METRIC.value,
    "direction": Direction.HIGHER.value,
    "aggregation": Aggregation.SUM.value,
    "frequency": Frequency.MONTHLY.value,
    "category": Category.STRATEGIC.value,
    "type": ObjectiveType.COMMITTED.value,
    "state": ObjectiveState.ACTIVE.value,
    "weight": 1.0,
    "leading": False,
    "closed": False,
}
TEXT_FIELDS = frozenset({"description", "email", "unit", "note", "title", "retrospective",
                         "override_reason", "comment", "name"})


_KEY_CACHE: dict[Any, str] = {}


def key_of(value: Any) -> str:
    """The matching key of a user-visible name/code/ref (case-insensitive, trimmed).

    Memoised: an import asks for the same few codes 100,000s of times."""
    try:
        return _KEY_CACHE[value]
    except KeyError:
        if len(_KEY_CACHE) > 100_000:
            _KEY_CACHE.clear()
        key = _KEY_CACHE[value] = str(value).strip().casefold()
        return key
    except TypeError:  # unhashable
        return str(value).strip().casefold()


def normalise(sheet: str, values: dict[str, Any]) -> dict[str, Any]:
    """A workbook row's values with empty cells replaced by the service defaults."""
    out = dict(values)
    for name, value in values.items():
        if value is not None:
            continue
        default = DEFAULTS.get(f"{name}@{sheet}", DEFAULTS.get(name))
        if default is not None:
            out[name] = default
        elif name in TEXT_FIELDS or name == "formula":
            out[name] = ""
        elif name == "influences":
            out[name] = ()
    if sheet == fmt.KPI_TREE:
        if "influences" in values and values["influences"]:
            out["influences"] = tuple(sorted(
                (key_of(c), n) for c, n in fmt.parse_influences(values["influences"])))
        if values.get("formula"):
            kind, expression = fmt.parse_formula(values["formula"])
            out["formula"] = fmt.formula_text(kind, expression)
    return out


def same_number(x: float, y: float) -> bool:
    """Whether two numbers are equal for the plan: equal at 15 significant digits, the
    precision Excel and LibreOffice keep (LibreOffice re-saves 74.10000000000001 as 74.1),
    or both within 1e-12 of zero (float noise such as 0.1 + 0.2 - 0.3 against 0)."""
    return x == y or f"{x:.15g}" == f"{y:.15g}" or (abs(x) <= 1e-12 and abs(y) <= 1e-12)


def same(name: str, a: Any, b: Any) -> bool:
    """Whether two values of field ``name`` are equal for the plan (numbers by
    ``same_number``, references case-insensitively, formulas without spaces)."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        try:
            x, y = float(a), float(b)
        except (TypeError, ValueError):
            return False
        return same_number(x, y)
    if name in REF_FIELDS and isinstance(a, str) and isinstance(b, str):
        return key_of(a) == key_of(b)
    if name == "formula":
        return str(a).replace(" ", "") == str(b).replace(" ", "")
    return a == b


@dataclass
class WorkspaceView:
    """The workspace in key space, read once: ``rows[sheet][key] -> (id, revision, values)``,
    plus the lookups the plan needs. Measurements, 100,000s of rows, are not in ``rows``
    but in ``measurements``, keyed by node id and date."""

    rows: dict[str, dict[Any, tuple[int, int | None, dict[str, Any]]]] = field(default_factory=dict)
    period_dates: dict[str, tuple[dt.date, dt.date]] = field(default_factory=dict)
    kr_period: dict[str, str | None] = field(default_factory=dict)
    node_children: dict[str, list[str]] = field(default_factory=dict)
    node_ids: dict[str, int] = field(default_factory=dict)
    #: Measurements sheet only: ``(node id, ISO date) -> (node id, ISO date, id, revision,
    #: value, note)`` of every stored measurement (one query; see ``plan_measurements``).
    measurements: dict[tuple[int, str], tuple[int, str, int, int, float, str]] | None = None


def workspace_view(service: Any, sheets: set[str]) -> WorkspaceView:
    """Read every table the plan may touch (measurements only for the Measurements sheet)."""
    view = WorkspaceView()
    teams = service.teams()
    people = service.people()
    nodes = service.kpi_nodes()
    periods = service.periods()
    objectives = service.objectives()
    key_results = service.key_results()
    team_name = {t.id: t.name for t in teams}
    person_name = {p.id: p.name for p in people}
    code = {n.id: n.code for n in nodes}
    period_name = {p.id: p.name for p in periods}
    objective_ref = {o.id: o.ref for o in objectives}
    kr_ref = {k.id: k.ref for k in key_results}
    view.rows[fmt.TEAMS] = {key_of(t.name): (t.id, t.revision, {
        "name": t.name, "parent": team_name.get(t.parent_id), "description": t.description})
        for t in teams}
    view.rows[fmt.PEOPLE] = {key_of(p.name): (p.id, p.revision, {
        "name": p.name, "email": p.email, "team": team_name.get(p.team_id)}) for p in people}
    influences: dict[int, list[tuple[str, str]]] = {}
    for link in service.influence_links():
        influences.setdefault(link.source_id, []).append((key_of(code[link.target_id]), link.note))
    view.rows[fmt.KPI_TREE] = {}
    for n in nodes:
        view.node_ids[key_of(n.code)] = n.id
        if n.parent_id is not None:
            view.node_children.setdefault(key_of(code[n.parent_id]), []).append(n.code)
        view.rows[fmt.KPI_TREE][key_of(n.code)] = (n.id, n.revision, {
            "code": n.code, "parent_code": code.get(n.parent_id), "name": n.name,
            "kind": n.kind.value, "formula": fmt.formula_text(n.formula, n.expression),
            "unit": n.unit, "direction": n.direction.value, "aggregation": n.aggregation.value,
            "frequency": n.frequency.value, "owner": person_name.get(n.owner_id),
            "team": team_name.get(n.team_id), "leading": n.leading, "target": n.target,
            "green_from": n.green_from, "red_from": n.red_from, "description": n.description,
            "category": n.category.value, "weight": n.weight,
            "influences": tuple(sorted(influences.get(n.id, ()))),
        })
    view.rows[fmt.PERIODS] = {key_of(p.name): (p.id, None, {
        "name": p.name, "kind": p.kind.value, "start": p.start, "end": p.end, "closed": p.closed})
        for p in periods}
    view.period_dates = {key_of(p.name): (p.start, p.end) for p in periods}
    view.rows[fmt.OBJECTIVES] = {key_of(o.ref): (o.id, o.revision, {
        "ref": o.ref, "period": period_name.get(o.period_id), "team": team_name.get(o.team_id),
        "owner": person_name.get(o.owner_id), "title": o.title, "description": o.description,
        "type": o.type.value, "parent_ref": objective_ref.get(o.parent_id), "state": o.state.value,
        "retrospective": o.retrospective, "carried_from": objective_ref.get(o.carried_from_id)})
        for o in objectives}
    objective_period = {o.id: period_name.get(o.period_id) for o in objectives}
    view.rows[fmt.KEY_RESULTS] = {}
    for k in key_results:
        view.kr_period[key_of(k.ref)] = objective_period.get(k.objective_id)
        view.rows[fmt.KEY_RESULTS][key_of(k.ref)] = (k.id, k.revision, {
            "ref": k.ref, "objective_ref": objective_ref.get(k.objective_id), "title": k.title,
            "owner": person_name.get(k.owner_id), "kind": k.kind.value, "unit": k.unit,
            "start": k.start, "target": k.target, "current": k.current, "weight": k.weight,
            "kpi_code": code.get(k.kpi_node_id), "confidence": k.confidence,
            "pace_override": None if k.pace_override is None else k.pace_override.value,
            "override_reason": k.override_reason})
    if fmt.CHECK_INS in sheets:
        view.rows[fmt.CHECK_INS] = {
            (key_of(kr_ref[c.key_result_id]), c.date, key_of(c.author)): (c.id, None, {
                "kr_ref": kr_ref[c.key_result_id], "date": c.date, "author": c.author,
                "value": c.value, "confidence": c.confidence, "comment": c.comment})
            for c in service.check_ins()}
    if fmt.MEASUREMENTS in sheets:
        view.measurements = {(r[0], r[1]): r for r in service.measurement_rows()}
    return view

