"""One read of the KPI tree that every view and every as-of day shares: nodes in
depth-first order, raw measurements folded into buckets, the rollup and its problems
(``TreeData``), and how it catches up after declared edits without reading everything
again (``with_changes``: value edits, node fields, moves and their undo).

``readmodels.tree.TreeReadModel.from_data`` turns it into rows for one day. numpy and
the rollup are imported when a tree is read, not with this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from okrdesk.domain.bucket_dates import bucket_start
from okrdesk.domain.entities import Grain, InfluenceLink, KpiNode
from okrdesk.store.readmodels.tree_order import depth_first, moved_order_and_depths

if TYPE_CHECKING:  # imported where a tree is read (see the module docstring)
    import numpy as np

    from okrdesk.domain.rollup import Rollup


def empty_arrays() -> tuple[np.ndarray, np.ndarray]:
    """No measurements: empty ``datetime64[D]`` dates and float64 values (numpy imported
    here, not with the module)."""
    import numpy as np

    return np.array([], dtype="datetime64[D]"), np.array([], dtype=np.float64)


@dataclass(frozen=True)
class Mismatch:
    """A bucket where a formula node's computed and measured values differ."""

    bucket: dt.date
    computed: float
    measured: float


@dataclass(frozen=True)
class TreeData:
    """What every view of the tree shares whatever the day it is looked at: nodes in
    depth-first order, raw measurements, the rollup and its problems.

    ``TreeReadModel.from_data`` turns it into rows for one as-of day, so several
    views (and several days) share one read of the workspace.
    """

    order: list[tuple[KpiNode, int]]  # depth-first, with depth
    grain: Grain
    people: dict[int, str]
    teams: dict[int, str]
    links: list[InfluenceLink]
    raw: dict[int, tuple[np.ndarray, np.ndarray]]
    rollup: Rollup
    errors: dict[int, str]
    mismatches: dict[int, list[Mismatch]]
    series: dict[int, tuple[list[dt.date], list[float]]]  # every node's buckets with a value
    since: dt.date | None = None  # first bucket read; None: the whole history
    depths: dict[int, int] = field(default_factory=dict)  # each node's depth in ``order``, by id

    @classmethod
    def load(cls, service, since: dt.date | None = None) -> TreeData:
        """Read nodes, measurements, people and teams of ``service`` and roll the tree up.
        ``since``: read only measurements from that day on (a bucket start)."""
        from okrdesk.domain.bucketing import bucket_arrays
        from okrdesk.domain.rollup import Rollup

        nodes = list(service.kpi_nodes())
        grain = Grain(service.reporting_grain())
        people = {p.id: p.name for p in service.people()}
        teams = {t.id: t.name for t in service.teams()}
        links = list(service.influence_links())
        by_id = {n.id: n for n in nodes}
        raw: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        measured: dict[int, dict[dt.date, float]] = {}
        for node_id, (dates, values) in service.measurement_arrays(start=since).items():
            node = by_id.get(node_id)
            if node is None or len(dates) == 0:
                continue
            raw[node_id] = (dates, values)
            starts, folded = bucket_arrays(dates, values, grain, node.aggregation)
            measured[node_id] = dict(zip(starts.tolist(), folded.tolist()))
        rollup = Rollup(nodes, measured)
        series = {}
        for node in nodes:
            pairs = rollup.series(node.id)
            series[node.id] = ([d for d, _ in pairs], [v for _, v in pairs])
        order = depth_first(nodes)
        return cls(order, grain, people, teams, links, raw, rollup, rollup.errors(), _mismatches(rollup),
                   series, since, {node.id: depth for node, depth in order})

    def with_changes(self, service, changes: Iterable[tuple]
                     ) -> tuple[TreeData, set[int], set[int]] | None:
        """This read after the declared changes ``changes`` (``store.write_log``):
        ("values", node id, dates) and ("nodes", node ids); returns the new read, the ids
        of every node whose row may differ and, among them, those whose row differs only
        in depth (moved with their branch); None when it must be read again."""
        changes = list(changes)
        values = [(c[1], c[2]) for c in changes if c[0] == "values"]
        node_ids = {i for c in changes if c[0] == "nodes" for i in c[1]}
        if len(values) + sum(1 for c in changes if c[0] == "nodes") != len(changes):
            return None
        data, changed, depth_only = self, set(), set()
        if node_ids:
            result = data.with_nodes(service, node_ids)
            if result is None:
                return None
            data, changed, depth_only = result
        if values:
            result = data.with_values(service, values)
            if result is None:
                return None
            data, more = result
            changed |= more
            depth_only -= more
        return data, changed, depth_only

    def with_nodes(self, service, node_ids: set[int]) -> tuple[TreeData, set[int], set[int]] | None:
        """This read after fields or places of existing nodes changed (an edit, a move, a
        reorder or their undo), without reading the measurements again: the nodes are
        read back, the rollup recomputes what depends on them. None when the change
        needs a fresh read (a node unknown here or gone, a new time aggregation)."""
        known = self.rollup
        if not all(i in known for i in node_ids):
            return None
        fresh = {node.id: node for node in service.kpi_nodes_by_id(sorted(node_ids))}
        if set(fresh) != node_ids or any(fresh[i].aggregation != known.node(i).aggregation for i in fresh):
            return None
        rollup, recomputed = self.rollup.with_nodes(fresh)
        found = moved_order_and_depths(self.order, fresh)
        if found is None:
            order = depth_first(rollup.nodes())
            depths = {node.id: depth for node, depth in order}
            moved_deeper = {i for i, depth in depths.items() if self.depths[i] != depth}
        else:
            order, deeper = found
            depths = {**self.depths, **deeper}
            moved_deeper = set(deeper)
        errors = rollup.errors()
        mismatches = {i: found for i, found in self.mismatches.items() if i not in recomputed}
        mismatches.update(_mismatches(rollup, recomputed))
        changed = recomputed | node_ids
        changed |= set(errors) ^ set(self.errors) | set(mismatches) ^ set(self.mismatches)
        changed |= {i for i in errors if errors[i] != self.errors.get(i)}
        depth_only = moved_deeper - changed
        series = dict(self.series)
        for node_id in recomputed:  # a node's values change only when it was recomputed
            pairs = rollup.series(node_id)
            series[node_id] = ([d for d, _ in pairs], [v for _, v in pairs])
        data = replace(self, order=order, rollup=rollup, errors=errors, mismatches=mismatches, series=series,
                       depths=depths)
        return data, changed | depth_only, depth_only

    def with_values(self, service, changes: Iterable[tuple[int, tuple[dt.date, ...]]]
                    ) -> tuple[TreeData, set[int]] | None:
        """This read after the measurement changes ``changes`` ((node id, dates written)),
        without reading the tree again: the touched nodes' measurements are read back,
        folded, and set in a copy of the rollup, which recomputes only their dependants
        (``Rollup.set_measured``). Returns the new read and the ids of every node whose
        row may differ; None when a change is about a node this read does not know."""
        known = self.rollup
        dates_of: dict[int, set[dt.date]] = {}
        for node_id, dates in changes:
            if node_id not in known:
                return None
            dates_of.setdefault(node_id, set()).update(dates)
        if not dates_of:
            return self, set()
        from okrdesk.domain.bucketing import bucket_arrays

        rollup = self.rollup.copy()
        raw = dict(self.raw)
        series = dict(self.series)
        changed: set[int] = set()
        arrays = service.measurement_arrays(sorted(dates_of), start=self.since)
        for node_id, dates in dates_of.items():
            days, values = arrays.get(node_id) or empty_arrays()
            if len(days):
                raw[node_id] = (days, values)
            else:
                raw.pop(node_id, None)
            starts, folded = bucket_arrays(days, values, self.grain, known.node(node_id).aggregation)
            by_bucket = dict(zip(starts.tolist(), folded.tolist()))
            buckets = {bucket_start(day, self.grain) for day in dates}
            for bucket in sorted(b for b in buckets if self.since is None or b >= self.since):
                changed |= rollup.set_measured(node_id, bucket, by_bucket.get(bucket))
        changed |= set(dates_of)  # their own measurements changed (a mismatch may come or go)
        errors = rollup.errors()
        mismatches = {i: found for i, found in self.mismatches.items() if i not in changed}
        mismatches.update(_mismatches(rollup, changed))
        changed |= {i for i in set(errors) ^ set(self.errors) | set(mismatches) ^ set(self.mismatches)}
        changed |= {i for i in errors if errors[i] != self.errors.get(i)}
        for node_id in changed:
            pairs = rollup.series(node_id)
            series[node_id] = ([d for d, _ in pairs], [v for _, v in pairs])
        data = replace(self, raw=raw, rollup=rollup, errors=errors, mismatches=mismatches, series=series)
        return data, changed


def _mismatches(rollup: Rollup, node_ids: Iterable[int] | None = None) -> dict[int, list[Mismatch]]:
    """The rollup's formula/measurement mismatches per node (of ``node_ids`` only, when
    given), oldest bucket first."""
    mismatches: dict[int, list[Mismatch]] = {}
    for node_id, bucket, computed, measured_value in rollup.mismatches(node_ids):
        mismatches.setdefault(node_id, []).append(Mismatch(bucket, computed, measured_value))
    for found in mismatches.values():
        found.sort(key=lambda m: m.bucket)
    return mismatches
