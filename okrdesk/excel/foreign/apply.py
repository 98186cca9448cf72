"""Write a values plan in ONE transaction, record it in the history, and take it back.

``apply_plan(service, plan)`` refuses a plan that is not ``ok``; inside
``service.transaction()`` (all or nothing) it checks that the workspace has not
changed under the plan (when the service wrote anything since the preview, the
stored values of every written date must still be the planned old ones),
creates the new measure nodes (``create_node``), upserts every new and changed
value in one executemany (``upsert_measurements``, source ``import:PROFILE``
or ``import``; a changed value without a note in the file keeps its note) and
records the import in the history (``record_value_import``).

The returned ``AppliedImport`` holds what undo and redo need, so the GUI makes
the import ONE undo step with ``push_edit``::

    applied = push_edit(stack, f"Import values from {name}",
                        lambda: apply_plan(service, plan),
                        lambda applied: undo_import(service, applied),
                        lambda applied: redo_import(service, applied))

``undo_import`` puts back exactly the measurements the import replaced
(``change_measurements`` with ``restore``: ids, sources and revisions too),
deletes the values it added and the nodes it created, and removes the history
entry; ``redo_import`` restores the same nodes (same ids), writes the same
values again and the same history entry. Each runs in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from okrdesk.domain.entities import Measurement, ValueImport
from okrdesk.store.errors import ValidationError

from ..reader import paused_gc
from .plan import ValuesPlan


class ApplyError(Exception):
    """The plan was not applied (nothing was written); the message says why."""


@dataclass
class AppliedImport:
    """What an applied import wrote, and what its undo and redo need."""

    entry: ValueImport  # the history entry
    source: str
    rows: list[tuple[int, dt.date, float, str]]  # (node id, date, value, note) written
    before: dict[int, list[Measurement]]  # node id -> the measurements the import replaced
    touched: dict[int, list[dt.date]]  # node id -> every date written
    created: list[int]  # ids of the nodes the import created
    snapshots: list[Any] = field(default_factory=list)  # the created nodes, kept by undo for redo

    @property
    def counts(self) -> dict[str, int]:
        e = self.entry
        return {"new": e.new_count, "changed": e.changed_count, "unchanged": e.unchanged_count,
                "skipped": e.skipped_count, "nodes_created": e.nodes_created}


def source_of(profile_name: str) -> str:
    """The measurement source of an import: ``import:PROFILE`` (≤ 100 characters)."""
    return f"import:{profile_name}"[:100] if profile_name else "import"


def apply_plan(service: Any, plan: ValuesPlan) -> AppliedImport:
    """Write ``plan`` (see the module notes); ApplyError, with nothing written, when it
    cannot be."""
    if not plan.ok:
        raise ApplyError("The import has problems and was not applied:\n" + "\n".join(plan.problem_lines()))
    source = source_of(plan.profile_name)
    try:
        with paused_gc(), service.transaction():
            if plan.data_revision != getattr(service, "data_revision", -2):
                _check_unchanged(service, plan)
            created: dict[str, int] = {}
            for new in plan.nodes_to_create:
                node = service.create_node(new.code, new.name, plan.new_parent_id, kind="measure",
                                           unit=new.unit)
                created[new.code] = node.id
            rows = []
            for change in plan.writes:
                node_id = change.node_id if change.node_id is not None else created[change.code]
                note = change.note
                if note is None:
                    old = plan.before.get((node_id, change.date))
                    note = old.note if old is not None else ""
                rows.append((node_id, change.date, float(change.new), note))
            service.upsert_measurements(rows, source=source)
            counts = plan.counts()
            entry = service.record_value_import(
                plan.file_name or "(unnamed file)", sheet=plan.sheet, profile_name=plan.profile_name,
                new_count=counts["new"], changed_count=counts["changed"],
                unchanged_count=counts["unchanged"], skipped_count=counts["skipped"],
                nodes_created=counts["nodes_created"])
    except ValidationError as exc:
        raise ApplyError(f"The import was not applied (nothing was written): {exc}") from exc
    before: dict[int, list[Measurement]] = defaultdict(list)
    for (node_id, _day), m in plan.before.items():
        before[node_id].append(m)
    touched: dict[int, list[dt.date]] = defaultdict(list)
    for node_id, day, _v, _n in rows:
        touched[node_id].append(day)
    return AppliedImport(entry, source, rows, dict(before), dict(touched), list(created.values()))


def _check_unchanged(service: Any, plan: ValuesPlan) -> None:
    """ApplyError when a stored value the plan relies on changed since the preview."""
    nodes = {c.node_id for c in plan.writes if c.node_id is not None}
    now = service.measurements_of(nodes) if nodes else {}
    stored = {(m.node_id, m.date): m for ms in now.values() for m in ms}
    for change in plan.writes:
        if change.node_id is None:
            continue
        m = stored.get((change.node_id, change.date))
        old = plan.before.get((change.node_id, change.date))
        if (m is None) != (old is None) or (m is not None and old is not None
                                            and (m.value, m.revision) != (old.value, old.revision)):
            raise ApplyError(f"{change.place}: the value of {change.code} on {change.date} changed "
                             "since the preview; preview the import again")


def undo_import(service: Any, applied: AppliedImport) -> AppliedImport:
    """Take an applied import back (module notes); returns ``applied`` for redo."""
    created = set(applied.created)
    with paused_gc(), service.transaction():
        for node_id, days in applied.touched.items():
            if node_id in created:
                continue
            service.change_measurements(node_id, deletes=days, restore=applied.before.get(node_id, []))
        applied.snapshots = [service.delete_node(node_id) for node_id in reversed(applied.created)]
        service.delete_value_import(applied.entry.id)
    return applied


def redo_import(service: Any, applied: AppliedImport) -> AppliedImport:
    """Do an undone import again: same nodes (same ids), same values, same history entry."""
    created = set(applied.created)
    with paused_gc(), service.transaction():
        for snapshot in reversed(applied.snapshots):
            service.restore_subtree(snapshot)
        rows = [r for r in applied.rows if r[0] not in created]
        service.upsert_measurements(rows, source=applied.source)
        service.restore_value_import(applied.entry)
    applied.snapshots = []
    return applied
