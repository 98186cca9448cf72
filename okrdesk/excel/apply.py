"""Apply an import plan in ONE transaction through the service: all or nothing.

``apply_plan(service, plan, resolutions)`` refuses a plan with errors or with a
conflict that has no resolution (``"workspace"`` keeps the workspace's row,
``"workbook"`` takes the workbook's). Inside ``service.transaction()`` it
first checks that no planned row changed since the preview (its revision is
still the one planned), then writes sheet by sheet in dependency order
(teams, people, KPI tree, measurements, periods, objectives, key results,
check-ins, then replace-mode deletions), every row through the service's own
methods — so every rule of the service applies — except measurements, which
are written from the sheet's columns: the new rows in one executemany
(``insert_measurement_columns``), the changed ones in another
(``update_measurement_values``). A new measurement keeps the workbook's
Source (empty means manual, as the format says; ``import`` when the sheet has
no Source column); a changed one is marked ``import``. Any failure rolls
everything back and raises ``ApplyError`` naming the sheet and row.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from okrdesk.store.errors import ValidationError

from . import format as fmt
from .keyspace import key_of, workspace_view
from .plan import ImportPlan, RowChange
from .plan_measurements import NEW, MeasurementRows
from .reader import paused_gc

Resolution = Literal["workspace", "workbook"]


class ApplyError(Exception):
    """The plan was not applied (nothing was written); the message says why and where."""


@dataclass
class ApplySummary:
    """What was written: ``{sheet: {"created"|"updated"|"deleted": n}}`` and the time taken."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    elapsed: float = 0.0

    def add(self, sheet: str, what: str, n: int = 1) -> None:
        tally = self.counts.setdefault(sheet, {"created": 0, "updated": 0, "deleted": 0})
        tally[what] += n


_FIELD_TO_SERVICE = {  # key-space field -> (service kwarg, id lookup sheet or None)
    "parent": ("parent_id", fmt.TEAMS), "team": ("team_id", fmt.TEAMS),
    "owner": ("owner_id", fmt.PEOPLE), "period": ("period_id", fmt.PERIODS),
    "parent_ref": ("parent_id", fmt.OBJECTIVES), "objective_ref": ("objective_id", fmt.OBJECTIVES),
    "kpi_code": ("kpi_node_id", fmt.KPI_TREE),
}


def apply_plan(
    service: Any, plan: ImportPlan, resolutions: Mapping[tuple[str, Any], Resolution] | None = None
) -> ApplySummary:
    """Write ``plan`` in one transaction; ApplyError (nothing written) when it cannot."""
    started = time.perf_counter()
    if plan.errors:
        raise ApplyError(f"The import has {len(plan.errors)} problem(s); fix them first. "
                         f"First: {plan.errors[0]}")
    resolutions = dict(resolutions or {})
    unresolved = [r for r in plan.conflicts if (r.sheet, r.key) not in resolutions]
    if unresolved:
        r = unresolved[0]
        raise ApplyError(f"{len(unresolved)} conflict(s) need a choice (keep the workspace or "
                         f"the workbook value); first: {r.sheet} row {r.row} {r.label}.")
    summary = ApplySummary()
    writer = _Writer(service, plan, resolutions, summary)
    try:
        with paused_gc(), service.transaction():
            writer.run()
    except ValidationError as exc:
        where = writer.where
        raise ApplyError(f"{where}: {exc} Nothing was imported.") from exc
    summary.elapsed = time.perf_counter() - started
    return summary


class _Writer:
    def __init__(self, service: Any, plan: ImportPlan, resolutions: Mapping[tuple[str, Any], str],
                 summary: ApplySummary) -> None:
        self.s, self.plan, self.summary = service, plan, summary
        self.resolutions = resolutions
        self.ids: dict[str, dict[str, int]] = {}
        self.where = "Import"

    # --- driver -----------------------------------------------------------------------

    def run(self) -> None:
        view = workspace_view(self.s, set(self.plan.present) - {fmt.MEASUREMENTS})
        self._check_fresh(view)
        self.ids = {sheet: {k: v[0] for k, v in rows.items()} for sheet, rows in view.rows.items()
                    if sheet not in (fmt.MEASUREMENTS, fmt.CHECK_INS)}
        steps: list[tuple[str, Callable[[list[RowChange]], None]]] = [
            (fmt.TEAMS, self._teams), (fmt.PEOPLE, self._people), (fmt.KPI_TREE, self._nodes),
            (fmt.MEASUREMENTS, self._measurements), (fmt.PERIODS, self._periods),
            (fmt.OBJECTIVES, self._objectives), (fmt.KEY_RESULTS, self._key_results),
            (fmt.CHECK_INS, self._check_ins),
        ]
        for sheet, step in steps:
            if sheet == fmt.MEASUREMENTS and sheet in self.plan.sheets:
                self._measurements(self.plan.sheets[sheet])
            elif sheet in self.plan.sheets:
                step([r for r in self.plan.sheets[sheet] if self._wanted(r)])
        if fmt.KEY_RESULTS in self.plan.sheets:  # check-ins moved current/confidence: restate
            self._key_results_restate(self.plan.sheets[fmt.KEY_RESULTS])
        self._deletions()

    def _wanted(self, r: RowChange) -> bool:
        if r.status == "conflict":
            return self.resolutions.get((r.sheet, r.key)) == "workbook"
        return r.status in ("new", "changed")

    def _check_fresh(self, view: Any) -> None:
        planned = [r for status in ("changed", "conflict", "delete")
                   for r in self.plan.rows(status) if r.entity_id is not None]
        measured = [r for r in planned if r.sheet == fmt.MEASUREMENTS]
        revisions = self.s.measurement_revisions([r.entity_id for r in measured]) if measured else {}
        for r in planned:
            if r.sheet == fmt.MEASUREMENTS:
                now_revision = revisions.get(r.entity_id)
                fresh = now_revision is not None and now_revision == r.workspace_revision
            else:
                now = view.rows.get(r.sheet, {}).get(r.key)
                fresh = now is not None and now[1] == r.workspace_revision
            if not fresh:
                raise ValidationError(f"{r.sheet} {r.label} changed in the workspace since the "
                                      "preview; preview the import again.", None)

    def _at(self, r: RowChange) -> None:
        self.where = f"{r.sheet} row {r.row}" if r.row else f"{r.sheet} {r.label}"

    def _id(self, sheet: str, value: Any) -> int | None:
        if value is None or value == "":
            return None
        return self.ids[sheet][key_of(value)]

    def _kwargs(self, r: RowChange, fields: tuple[str, ...]) -> dict[str, Any]:
        """Service keyword arguments for the row's fields present in the sheet."""
        out: dict[str, Any] = {}
        for f in fields:
            if f not in r.values:
                continue
            value = r.values[f]
            if f in _FIELD_TO_SERVICE:
                kwarg, sheet = _FIELD_TO_SERVICE[f]
                out[kwarg] = self._id(sheet, value)
            else:
                out[f] = value
        return out

    def _changed(self, r: RowChange, fields: tuple[str, ...]) -> dict[str, Any]:
        changed = {c.field for c in r.changes}
        return self._kwargs(r, tuple(f for f in fields if f in changed))

    def _parents_first(self, rows: list[RowChange], parent_field: str, known: dict[str, int],
                       create: Callable[[RowChange, str | None], None], sheet: str) -> None:
        """``create(row, parent)`` for every new row of ``rows`` under its parent, parents
        first (sheet order among siblings, which sets their position); ``known``: the ids
        by key, which ``create`` extends."""
        pending = [r for r in rows if r.status == "new"]
        while pending:
            later = []
            for r in pending:
                parent = r.values.get(parent_field)
                if parent and key_of(parent) not in known:
                    later.append(r)  # its parent is a new row not created yet
                    continue
                self._at(r)
                create(r, parent)
            if len(later) == len(pending):  # validation refuses cycles; never loop on one
                raise ValidationError(f"{sheet}: the parents of {later[0].label} form a cycle.",
                                      parent_field)
            pending = later

    # --- sheets -------------------------------------------------------------------------

    def _teams(self, rows: list[RowChange]) -> None:
        names = self.ids[fmt.TEAMS]

        def create(r: RowChange, parent: str | None) -> None:
            team = self.s.create_team(r.values["name"], parent_id=self._id(fmt.TEAMS, parent),
                                      description=r.values.get("description") or "")
            names[key_of(team.name)] = team.id
            self.summary.add(fmt.TEAMS, "created")

        self._parents_first(rows, "parent", names, create, "Teams")
        for r in rows:  # changes of existing teams, once every team exists
            if r.status == "new":
                continue
            self._at(r)
            changes = self._changed(r, ("parent", "description"))
            if changes:
                self.s.update_team(names[key_of(r.values["name"])], **changes)
            self.summary.add(fmt.TEAMS, "updated")

    def _people(self, rows: list[RowChange]) -> None:
        for r in rows:
            self._at(r)
            if r.status == "new":
                kw = self._kwargs(r, ("email", "team"))
                person = self.s.create_person(r.values["name"], **kw)
                self.ids[fmt.PEOPLE][key_of(person.name)] = person.id
                self.summary.add(fmt.PEOPLE, "created")
            else:
                self.s.update_person(r.entity_id, **self._changed(r, ("email", "team")))
                self.summary.add(fmt.PEOPLE, "updated")

    _NODE_FIELDS = ("name", "kind", "unit", "direction", "aggregation", "frequency", "owner", "team",
                    "leading", "target", "green_from", "red_from", "description", "category",
                    "weight")

    def _node_fields(self, r: RowChange, changed_only: bool) -> dict[str, Any]:
        kw = self._changed(r, self._NODE_FIELDS) if changed_only else self._kwargs(r, self._NODE_FIELDS)
        if "formula" in r.values and (not changed_only or any(c.field == "formula" for c in r.changes)):
            kind, expression = fmt.parse_formula(r.values["formula"])
            kw["formula"], kw["expression"] = kind.value, expression
        return kw

    def _nodes(self, rows: list[RowChange]) -> None:
        codes = self.ids[fmt.KPI_TREE]

        def create(r: RowChange, parent: str | None) -> None:
            kw = self._node_fields(r, changed_only=False)
            kw.pop("formula", None), kw.pop("expression", None)  # children come later
            node = self.s.create_node(r.values["code"], kw.pop("name"),
                                      parent_id=self._id(fmt.KPI_TREE, parent), **kw)
            # the stored code may be the cell's text cleaned (control characters removed)
            codes[key_of(node.code)] = codes[key_of(r.values["code"])] = node.id
            self.summary.add(fmt.KPI_TREE, "created")

        # formulas wait until every child exists (below)
        self._parents_first(rows, "parent_code", codes, create, "KPI Tree")
        for r in rows:  # places of existing nodes, in sheet order, once every node exists
            self._at(r)
            if r.status != "new" and "parent_code" in r.values and any(
                    c.field == "parent_code" for c in r.changes):
                parent = self._id(fmt.KPI_TREE, r.values["parent_code"])
                self.s.move_node(codes[key_of(r.values["code"])], parent, 1 << 30)
        for r in rows:  # formulas and other fields, now that children are in place
            self._at(r)
            node_id = codes[key_of(r.values["code"])]
            kw = self._node_fields(r, changed_only=r.status != "new")
            if r.status == "new":
                kw = {k: v for k, v in kw.items() if k in ("formula", "expression")}
            if kw:
                self.s.update_node(node_id, **kw)
            if r.status != "new":
                self.summary.add(fmt.KPI_TREE, "updated")
        by_source = {}
        for link in self.s.influence_links():
            by_source.setdefault(link.source_id, {})[link.target_id] = link
        for r in rows:
            if "influences" not in r.values:
                continue
            self._at(r)
            source = codes[key_of(r.values["code"])]
            wanted = {codes[key_of(c)]: n for c, n in r.values["influences"]}
            have = by_source.get(source, {})
            for target, link in have.items():
                if target not in wanted or wanted[target] != link.note:
                    self.s.remove_link(link.id)
            for target, note in wanted.items():
                if target not in have or have[target].note != note:
                    self.s.add_link(source, target, note)

    def _measurements(self, rows: MeasurementRows) -> None:
        """New rows in one executemany straight from the sheet's columns, changed rows
        (and conflicts resolved for the workbook) in another."""
        self.where = fmt.MEASUREMENTS
        codes = self.ids[fmt.KPI_TREE]
        data = rows.sheet.data
        new = rows.indexes(NEW)
        if new:
            every = len(new) == len(rows.status)
            node_ids = rows.node_ids if every else [rows.node_ids[i] for i in new]
            if None in node_ids:  # nodes created by this import's KPI Tree sheet
                keys = rows.keys if every else [rows.keys[i] for i in new]
                node_ids = [n if n is not None else codes[k] for n, k in zip(node_ids, keys)]
            dates = rows.dates if every else [rows.dates[i] for i in new]
            values = data["value"] if every else [data["value"][i] for i in new]
            notes = _texts(data.get("note"), new, every, "")
            if rows.sheet.has("source"):
                sources = _texts(data["source"], new, every, "manual")
            else:
                sources = ["import"] * len(new)
            self.s.insert_measurement_columns(node_ids, dates, values, notes, sources)
        has_note = rows.sheet.has("note")
        updates = [(r.entity_id, r.values["value"], r.values["note"] if has_note else None, "import")
                   for r in rows.explicit.values() if self._wanted(r)]
        self.s.update_measurement_values(updates)
        self.summary.add(fmt.MEASUREMENTS, "created", len(new))
        self.summary.add(fmt.MEASUREMENTS, "updated", len(updates))

    def _periods(self, rows: list[RowChange]) -> None:
        for r in rows:
            self._at(r)
            if r.status == "new":
                kw = self._kwargs(r, ("kind", "closed"))
                period = self.s.create_period(r.values["name"], r.values["start"], r.values["end"], **kw)
                self.ids[fmt.PERIODS][key_of(period.name)] = period.id
                self.summary.add(fmt.PERIODS, "created")
            else:
                self.s.update_period(r.entity_id, **self._changed(r, ("kind", "start", "end", "closed")))
                self.summary.add(fmt.PERIODS, "updated")

    _OBJECTIVE_FIELDS = ("period", "team", "owner", "title", "description", "type", "state",
                         "retrospective")

    def _objectives(self, rows: list[RowChange]) -> None:
        refs = self.ids[fmt.OBJECTIVES]
        created: dict[int, int] = {}
        for r in rows:
            self._at(r)
            if r.status == "new":
                kw = self._kwargs(r, self._OBJECTIVE_FIELDS)
                obj = self.s.create_objective(kw.pop("title"), ref=r.values.get("ref"), **kw)
                refs[key_of(obj.ref)] = obj.id
                created[id(r)] = obj.id
                self.summary.add(fmt.OBJECTIVES, "created")
            else:
                kw = self._changed(r, self._OBJECTIVE_FIELDS)
                if kw:
                    self.s.update_objective(r.entity_id, **kw)
                self.summary.add(fmt.OBJECTIVES, "updated")
        for r in rows:  # alignment and carry-over links once every objective exists
            for field_name, column in (("parent_ref", "parent_id"), ("carried_from", "carried_from_id")):
                if field_name in r.values and (r.status == "new" or any(
                        c.field == field_name for c in r.changes)):
                    self._at(r)
                    target = created.get(id(r), r.entity_id)
                    self.s.update_objective(
                        target, **{column: self._id(fmt.OBJECTIVES, r.values[field_name])})

    _KR_FIELDS = ("objective_ref", "title", "owner", "kind", "unit", "start", "target", "current",
                  "weight", "kpi_code", "confidence", "pace_override", "override_reason")

    def _key_results(self, rows: list[RowChange]) -> None:
        refs = self.ids[fmt.KEY_RESULTS]
        for r in rows:
            self._at(r)
            if r.status == "new":
                kw = self._kwargs(r, self._KR_FIELDS)
                kr = self.s.create_key_result(kw.pop("objective_id"), kw.pop("title"),
                                              ref=r.values.get("ref"), **kw)
                refs[key_of(kr.ref)] = kr.id
                self.summary.add(fmt.KEY_RESULTS, "created")
            else:
                kw = self._changed(r, self._KR_FIELDS)
                if kw:
                    self.s.update_key_result(r.entity_id, **kw)
                self.summary.add(fmt.KEY_RESULTS, "updated")

    def _key_results_restate(self, rows: list[RowChange]) -> None:
        """Adding check-ins moves a key result's current value and confidence; where the
        Key Results sheet gives them, the workbook's values are put back (idempotence)."""
        refs = self.ids[fmt.KEY_RESULTS]
        for r in rows:
            keep = r.status == "conflict" and self.resolutions.get((r.sheet, r.key)) == "workspace"
            if keep or r.status == "delete":
                continue
            ref = r.values.get("ref")
            if not ref or key_of(ref) not in refs:
                continue
            kw = {f: r.values[f] for f in ("current", "confidence") if f in r.values}
            if kw:
                self._at(r)
                self.s.update_key_result(refs[key_of(ref)], **kw)

    def _check_ins(self, rows: list[RowChange]) -> None:
        """New check-ins in one batch (``add_check_ins``: the same rules as one by one)."""
        if not rows:
            return
        self.where = fmt.CHECK_INS
        krs = self.ids[fmt.KEY_RESULTS]
        try:
            self.s.add_check_ins([(krs[key_of(v["kr_ref"])], v["date"], v["value"],
                                   v.get("confidence"), v.get("comment") or "",
                                   v.get("author") or "") for v in (r.values for r in rows)])
        except ValidationError as exc:
            index = getattr(exc, "row_index", None)
            if index is not None:
                self._at(rows[index])
            raise
        self.summary.add(fmt.CHECK_INS, "created", len(rows))

    def _deletions(self) -> None:
        deleters: list[tuple[str, Callable[[int], Any]]] = [
            (fmt.CHECK_INS, self.s.delete_check_in), (fmt.KEY_RESULTS, self.s.delete_key_result),
            (fmt.OBJECTIVES, self.s.delete_objective), (fmt.PERIODS, self.s.delete_period),
            (fmt.MEASUREMENTS, self.s.delete_measurement), (fmt.KPI_TREE, self._delete_node),
            (fmt.PEOPLE, self.s.delete_person), (fmt.TEAMS, self.s.delete_team),
        ]
        for sheet, delete in deleters:
            for r in self.plan.sheet_rows(sheet, "delete"):
                self._at(r)
                delete(r.entity_id)
                self.summary.add(sheet, "deleted")

    def _delete_node(self, node_id: int) -> None:
        existing = {n.id for n in self.s.kpi_nodes()}
        if node_id in existing:  # an ancestor's delete may have taken it already
            self.s.delete_node(node_id)


def _texts(column: list[Any] | None, indexes: list[int], every: bool, empty: str) -> list[str]:
    """The text cells of ``column`` at ``indexes`` (all when ``every``), an empty cell
    (or a missing column) as ``empty``."""
    if column is None:
        return [empty] * len(indexes)
    cells = column if every else [column[i] for i in indexes]
    return [v or empty for v in cells]
