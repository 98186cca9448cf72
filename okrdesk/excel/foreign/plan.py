"""What a values import would change: new, changed and unchanged values, skips, problems.

``plan_import(service, grid, spec)`` reads the grid through the spec
(``table.read_table``), maps every label to a KPI node with ``spec.mapping``
(codes of ``spec.new_nodes`` are nodes to create under ``spec.new_parent``),
converts every value and compares it with the workspace:

* **Units**: values of a node whose unit is ``%`` are stored as points (45 for
  45 %, as the app shows them): a value written as ``45%`` text, or any value
  when ``spec.percent == "fraction"``, is multiplied by 100; other nodes' values
  are multiplied by ``spec.scale`` (1000 for a file "in thousands").
* **Dates**: a day keeps its date; a period (month, quarter...) is stored on its
  first day, or on the date of the one value the node already has inside that
  period (``periods`` explains why); when the node has several values inside
  the period the cell is skipped with that reason (nothing is added on top).
* **Compare**: equal values (to 1e-9 relative) with no new note are
  *unchanged*; a differing one is *changed* (old → new); none is *new*. A
  second value for the same node and date is skipped, naming the first.
* **Profile runs** (``profile_name`` given, *strict*): a label the profile does
  not know, a node of the profile that no longer exists, and a column or header
  row that moved are **problems** (``Sheet!Cell: message``) and the plan cannot
  be applied: a renamed KPI is reported, never guessed. In the wizard
  (not strict), labels not decided yet are skipped with that reason.

Nothing is written here; ``apply.apply_plan`` writes a plan whose ``ok`` is True.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from okrdesk.domain.entities import KpiNode, Measurement

from ..report import Problem
from .source import Grid
from .spec import SKIP, ImportSpec, NewNode
from .table import Skipped, SourceTable, read_table

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
_TOLERANCE = 1e-9
_ADJECTIVE = {"month": "monthly", "quarter": "quarterly", "half": "half-yearly", "year": "yearly"}


@dataclass(frozen=True, slots=True)
class ValueChange:
    """One value of the file and what it does: ``status`` new, changed or unchanged.

    ``node_id`` is None for a node the import creates; ``old`` is the stored value
    (None when new); ``note`` is the note to write (None keeps the stored note).
    """

    status: str
    node_id: int | None
    code: str
    label: str
    date: dt.date
    old: float | None
    new: float
    note: str | None
    place: str


@dataclass
class ValuesPlan:
    """A previewed import (see the module notes). ``ok`` says whether it can be applied."""

    file_name: str
    sheet: str
    spec: ImportSpec
    profile_name: str = ""
    new: list[ValueChange] = field(default_factory=list)
    changed: list[ValueChange] = field(default_factory=list)
    unchanged: list[ValueChange] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)  # advice that blocks nothing
    nodes_to_create: list[NewNode] = field(default_factory=list)
    new_parent_id: int | None = None
    before: dict[tuple[int, dt.date], Measurement] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # label -> Sheet!Cell
    data_revision: int = -1  # the service's write counter when planned

    @property
    def ok(self) -> bool:
        """True when nothing blocks the import (it may still change nothing)."""
        return not any(p.severity == "error" for p in self.problems)

    @property
    def writes(self) -> list[ValueChange]:
        """The values the import writes: new then changed."""
        return self.new + self.changed

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "changed": len(self.changed),
                "unchanged": len(self.unchanged), "skipped": len(self.skipped),
                "nodes_created": len(self.nodes_to_create)}

    def summary(self) -> str:
        """``12 new, 3 changed, 40 unchanged, 2 skipped`` (plus nodes to create)."""
        c = self.counts()
        text = f"{c['new']} new, {c['changed']} changed, {c['unchanged']} unchanged, {c['skipped']} skipped"
        if c["nodes_created"]:
            text += f"; {c['nodes_created']} new KPI node{'s' if c['nodes_created'] != 1 else ''}"
        return text

    def problem_lines(self) -> list[str]:
        """Every problem as ``Sheet!Cell: message``."""
        return [str(p) for p in self.problems]


def _is_percent(node_unit: str) -> bool:
    return node_unit.strip() == "%"


def plan_import(service: Any, grid: Grid, spec: ImportSpec, *, file_name: str = "",
                profile_name: str = "", strict: bool | None = None,
                table: SourceTable | None = None) -> ValuesPlan:
    """The plan of importing ``grid`` through ``spec`` into ``service``'s workspace.

    ``strict`` (default: True when ``profile_name`` is given) turns labels the spec
    does not know into problems instead of skips. ``table`` reuses a table already
    read from this grid and spec.
    """
    strict = bool(profile_name) if strict is None else strict
    table = table if table is not None else read_table(grid, spec)
    plan = ValuesPlan(file_name, grid.sheet, spec, profile_name,
                      skipped=list(table.skipped), problems=list(table.problems),
                      labels=dict(table.labels),
                      data_revision=getattr(service, "data_revision", -1))
    if not table.ok:
        return plan
    nodes = {n.code: n for n in service.kpi_nodes()}
    targets = _targets(plan, table, spec, nodes, strict)
    if not plan.ok:
        return plan
    node_ids = {n.id for n in targets.values() if n is not None}
    existing = service.measurements_of(node_ids) if node_ids else {}
    index = {nid: ([m.date for m in ms], ms) for nid, ms in existing.items()}
    seen: dict[tuple[str, dt.date], str] = {}
    small: dict[str, list[float]] = defaultdict(list)
    facts: dict[str, tuple[KpiNode | None, str, bool]] = {}  # label -> (node, code, in %)
    for label, node in targets.items():
        code = node.code if node is not None else spec.new_nodes[label].code
        unit = node.unit if node is not None else spec.new_nodes[label].unit
        facts[label] = (node, code, _is_percent(unit))
    for obs in table.observations:
        fact = facts.get(obs.label)
        if fact is None:
            continue
        node, code, percent = fact
        value = obs.value
        if percent:
            if obs.percent_text or spec.percent == "fraction":
                value *= 100.0
            else:
                small[obs.label].append(value)
        elif not obs.percent_text:
            value *= spec.scale
        period = obs.period
        old: Measurement | None = None
        day = period.start
        if node is not None:
            dates, ms = index[node.id]
            lo = bisect.bisect_left(dates, period.start)
            hi = bisect.bisect_right(dates, period.end)
            inside = hi - lo
            if period.grain == "day" or inside == 0:
                if period.grain == "day" and inside:
                    old = ms[lo]
            elif inside == 1:
                old, day = ms[lo], ms[lo].date
            else:
                plan.skipped.append(Skipped(obs.place, (
                    f"{code} already has {inside} values in {period.label()}; a single "
                    f"{_ADJECTIVE[period.grain]} value would be added to them. Import into "
                    "another node or delete those values first")))
                continue
        key = (code, day)
        if key in seen:
            plan.skipped.append(Skipped(obs.place, f"a second value for {code} on {day.isoformat()}"
                                        f" (the first is at {seen[key]}); left out"))
            continue
        seen[key] = obs.place
        node_id = node.id if node is not None else None
        if old is None:
            plan.new.append(ValueChange(NEW, node_id, code, obs.label, day, None, value,
                                        obs.note, obs.place))
            continue
        same = abs(old.value - value) <= _TOLERANCE * max(1.0, abs(old.value))
        if same and (obs.note is None or obs.note == old.note):
            plan.unchanged.append(ValueChange(UNCHANGED, node_id, code, obs.label, day, old.value,
                                              value, obs.note, obs.place))
        else:
            plan.before[(old.node_id, old.date)] = old
            plan.changed.append(ValueChange(CHANGED, node_id, code, obs.label, day, old.value,
                                            value, obs.note, obs.place))
    for label, values in small.items():
        if values and all(-1.5 <= v <= 1.5 for v in values) and any(v for v in values):
            plan.hints.append(
                f"{table.labels.get(label, grid.sheet)}: the values of {label!r} all lie between "
                "-1.5 and 1.5 and its node is in %; if the file writes percentages as fractions "
                "(0.45 for 45 %), choose \"percentages as 0–1\"")
    return plan


def _targets(plan: ValuesPlan, table: SourceTable, spec: ImportSpec, nodes: dict[str, KpiNode],
             strict: bool) -> dict[str, KpiNode | None]:
    """label -> node (None: a node the import creates) of every label that is imported;
    problems and skips for the others."""
    sheet = table.sheet
    targets: dict[str, KpiNode | None] = {}
    if spec.new_nodes:
        if spec.new_parent is not None and spec.new_parent not in nodes:
            plan.problems.append(Problem(sheet, "", f"the parent {spec.new_parent!r} chosen for new "
                                         "KPI nodes does not exist any more; choose another"))
            return targets
        plan.new_parent_id = nodes[spec.new_parent].id if spec.new_parent is not None else None
    creating: dict[str, NewNode] = {}
    for label, place in table.labels.items():
        cell = place.split("!", 1)[1] if "!" in place else ""
        new = spec.new_nodes.get(label)
        code = spec.mapping.get(label)
        if new is not None and new.code not in nodes:
            if new.code in creating and creating[new.code] != new:
                plan.problems.append(Problem(sheet, cell, f"two labels would create the node "
                                             f"{new.code!r}; give them different codes"))
                continue
            creating[new.code] = new
            targets[label] = None
            continue
        if new is not None:
            code = new.code
        if code is None:
            if strict:
                name = f" {plan.profile_name!r}" if plan.profile_name else ""
                plan.problems.append(Problem(sheet, cell, (
                    f"{label!r} is not in the profile{name} (a new or renamed KPI?); open "
                    "Import values…, map it to a KPI node or skip it, and save the profile")))
            else:
                plan.skipped.append(Skipped(place, f"{label!r} is not mapped to a KPI node"))
            continue
        if code == SKIP:
            plan.skipped.append(Skipped(place, f"{label!r} is left out (chosen in the mapping)"))
            continue
        node = nodes.get(code)
        if node is None:
            plan.problems.append(Problem(sheet, cell, (
                f"{label!r} is mapped to the KPI node {code!r}, which does not exist any more; "
                "map it to another node")))
            continue
        targets[label] = node
    if strict:
        present = set(table.labels)
        for label in spec.mapping:
            if label not in present and spec.mapping[label] != SKIP:
                plan.hints.append(f"{sheet}: {label!r} of the profile is not in this file "
                                  "(no values for it this time)")
    plan.nodes_to_create = list(creating.values())
    return targets
