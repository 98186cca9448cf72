"""The KPI tree as the views show it: every node's latest value, change, status and trend.

``TreeData.load(service)`` reads the nodes and all measurements once, folds
the measurements into reporting buckets with each node's time aggregation
(``domain.bucketing.bucket_arrays``) and rolls the formulas up
(``domain.rollup.Rollup``); ``TreeReadModel.from_data(data, as_of)`` then
builds one ``NodeRow`` per node in depth-first tree order for one day.
``TreeReadModel.load(service, as_of)`` does both. After declared edits (a value, a
node's fields, a move and their undo) ``TreeData.with_changes`` catches the read up and
``from_data(..., previous=...)`` derives the new rows from the previous tree, touching
only the rows and children lists concerned; ``delta_from`` then tells a view exactly
which rows and which parents' children changed. Neither holds a session or a
Qt object; ``readmodels.cache.TreeCache`` shares them between views until the
workspace changes. ``TreeReadModel.deferred`` builds one from rows known in
advance (the start-up snapshot), fetching its rollup only when it is used.

numpy and the rollup are imported when a tree is read or rolled up, not with
this module: the window's first paint, from the start-up snapshot, needs neither.

"As of" a day means: the latest bucket that starts on or before that day and
has a value. ``as_of=None`` means the latest bucket with a value at all.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Collection, Iterable
import weakref
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from okrdesk.domain.bucket_dates import bucket_start, next_bucket, previous_bucket
from okrdesk.domain.entities import Grain, InfluenceLink, KpiNode, NodeKind, Status
from okrdesk.domain.status import change_ratio, kpi_status
from okrdesk.store.readmodels.tree_delta import Derivation, TreeDelta, patched_children, with_depths
from okrdesk.store.readmodels.tree_order import depth_first, moved_order_and_depths

if TYPE_CHECKING:  # imported where a tree is read (see the module docstring)
    import numpy as np

    from okrdesk.domain.rollup import Rollup

SPARKLINE_LENGTH = 12





def _empty_arrays() -> tuple[np.ndarray, np.ndarray]:
    """No measurements: empty ``datetime64[D]`` dates and float64 values (numpy imported
    here, not with the module)."""
    import numpy as np

    return np.array([], dtype="datetime64[D]"), np.array([], dtype=np.float64)

@dataclass(frozen=True)
class NodeRow:
    """One node of the tree with what the Outline shows for it."""

    node: KpiNode
    depth: int  # 0 for a root
    value: float | None  # latest bucket value as of the model's day
    bucket: dt.date | None  # start of that bucket
    previous: float | None  # value of the latest earlier bucket with a value
    change: float | None  # relative change from previous to value (0.042 = +4.2 %)
    status: Status | None
    sparkline: tuple[float | None, ...]  # the SPARKLINE_LENGTH buckets up to ``bucket``, oldest first
    owner_name: str
    team_name: str
    error: str | None  # formula or cycle problem
    mismatch: bool  # the formula and the node's own measurements disagree in some bucket


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
            days, values = arrays.get(node_id) or _empty_arrays()
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


#: Buckets a row looks back from its as-of bucket: 12 for the sparkline, 1 for the change.
ROW_BUCKETS = 13


def shift_buckets(start: dt.date, grain: Grain, count: int) -> dt.date:
    """The bucket start ``count`` buckets after (negative: before) the bucket ``start``."""
    step = next_bucket if count >= 0 else previous_bucket
    for _ in range(abs(count)):
        start = step(start, grain)
    return start


class TreeReadModel:
    """Read-only rows of the KPI tree; build it with :meth:`load` (or, to share one
    read between views and days, with :meth:`from_data` over a :class:`TreeData`)."""

    def __init__(
        self,
        rows: list[NodeRow],
        rollup: Rollup,
        grain: Grain,
        as_of: dt.date | None,
        raw: dict[int, tuple[np.ndarray, np.ndarray]],
        links: list[InfluenceLink],
        mismatches: dict[int, list[Mismatch]],
    ) -> None:
        self.rows = rows
        self._rollup = rollup
        self._full: Callable[[], TreeReadModel] | None = None
        self.grain = grain
        self.as_of = as_of
        self.links = links
        self._raw = raw
        self._mismatches = mismatches
        self._by_id = {row.node.id: row for row in rows}
        self._children: dict[int | None, list[NodeRow]] = {None: []}
        for row in rows:
            parent = row.node.parent_id if row.node.parent_id in self._by_id and row.depth > 0 else None
            self._children.setdefault(parent, []).append(row)
        self.ids = frozenset(self._by_id)
        self._order: object = None  # the TreeData.order the rows were built from
        self._at: dict[int, int] | None = None
        #: The tree this one was derived from incrementally (never kept alive by it) and
        #: what the derivation replaced (``delta_from``).
        self._source: weakref.ref[TreeReadModel] | None = None
        self._derivation: Derivation | None = None

    # ------------------------------------------------------------------ building

    @classmethod
    def deferred(
        cls,
        rows: list[NodeRow],
        grain: Grain,
        as_of: dt.date | None,
        links: list[InfluenceLink],
        mismatches: dict[int, list[Mismatch]],
        full: Callable[[], TreeReadModel],
    ) -> TreeReadModel:
        """A tree whose rows are known in advance (the start-up snapshot); its rollup
        and raw measurements are those of ``full()``, called the first time they are used."""
        tree = cls(rows, None, grain, as_of, {}, links, mismatches)  # type: ignore[arg-type]
        tree._full = full
        return tree

    @property
    def rollup(self) -> Rollup:
        """The rolled-up tree (values of every node in every bucket)."""
        self._complete()
        return self._rollup

    def _complete(self) -> None:
        """Fetch the rollup and raw measurements of a ``deferred`` tree."""
        if self._full is not None:
            full, self._full = self._full(), None
            self._rollup, self._raw = full.rollup, full._raw

    @classmethod
    def load(cls, service, as_of: dt.date | None) -> TreeReadModel:
        """Read nodes, measurements and people of ``service`` and roll the tree up."""
        return cls.from_data(TreeData.load(service), as_of)

    @classmethod
    def from_data(cls, data: TreeData, as_of: dt.date | None, previous: TreeReadModel | None = None,
                  changed: frozenset[int] | set[int] = frozenset(),
                  depth_only: frozenset[int] | set[int] = frozenset()) -> TreeReadModel:
        """The rows of ``data`` as of ``as_of`` (no database access; a few milliseconds).
        ``previous``: the same day's rows before a change that touched only the nodes
        ``changed`` (``TreeData.with_changes``), of which ``depth_only`` merely moved with
        their branch; the other rows are reused as they are."""
        grain, rollup = data.grain, data.rollup
        limit = next_bucket(as_of, grain) if as_of is not None else None
        fallback_end = bucket_start(as_of, grain) if as_of is not None else None
        if previous is not None and previous._order is data.order:
            return previous._patched(data, as_of, changed, limit, fallback_end)
        if previous is not None and data.depths and len(previous.rows) == len(data.order):
            tree = previous._derived(data, as_of, changed, depth_only, limit, fallback_end)
            if tree is not None:
                return tree
        reuse = previous._by_id if previous is not None else {}
        rows = []
        for node, depth in data.order:
            old = reuse.get(node.id)
            if old is not None and node.id not in changed:
                rows.append(old)
            elif old is not None and node.id in depth_only:
                rows.append(replace(old, depth=depth))  # moved with its branch: only the depth
            else:
                rows.append(_build_row(node, depth, data, limit, fallback_end))
        tree = cls(rows, rollup, grain, as_of, data.raw, data.links, data.mismatches)
        tree._order = data.order
        return tree

    def _derived(self, data: TreeData, as_of: dt.date | None, changed: Iterable[int], depth_only: Collection[int],
                 limit: dt.date | None, fallback_end: dt.date | None) -> TreeReadModel | None:
        """A tree for ``data`` — the same nodes, some moved, reordered or edited — built from
        this one: the rows of ``changed`` rebuilt (of ``depth_only``: given their new depth),
        the others and the children lists of untouched parents shared. None when ``data``
        holds other nodes than this tree (the caller builds every row)."""
        old, depths, rollup = self._by_id, data.depths, data.rollup
        changed = set(changed)
        if not changed <= old.keys() or not changed <= depths.keys():
            return None
        rebuilt = changed.difference(depth_only)
        redepthed = with_depths(old, depths, changed.intersection(depth_only))
        by_id = dict(old)
        by_id.update(redepthed)
        for node_id in rebuilt:
            by_id[node_id] = _build_row(rollup.node(node_id), depths[node_id], data, limit, fallback_end)
        try:
            rows = [by_id[node.id] for node, _ in data.order]
        except KeyError:
            return None
        replaced = rebuilt.union(redepthed)
        children, reordered = patched_children(self._children, old, by_id, replaced, self.ids)
        twin = TreeReadModel.__new__(TreeReadModel)
        twin.__dict__.update(self.__dict__)
        twin.rows, twin._by_id, twin._children = rows, by_id, children
        twin._rollup, twin.as_of, twin._raw, twin.links = rollup, as_of, data.raw, data.links
        twin._full = None  # built from a full read
        twin._mismatches = data.mismatches
        twin._order, twin._at = data.order, None
        twin._source = weakref.ref(self)
        twin._derivation = Derivation(frozenset(redepthed), frozenset(rebuilt), frozenset(reordered))
        return twin

    def _patched(self, data: TreeData, as_of: dt.date | None, changed: Iterable[int],
                 limit: dt.date | None, fallback_end: dt.date | None) -> TreeReadModel:
        """A copy with the rows of ``changed`` rebuilt from ``data`` (same nodes, same
        order: only values changed), without walking every row."""
        twin = TreeReadModel.__new__(TreeReadModel)
        twin.__dict__.update(self.__dict__)
        twin._rollup, twin.as_of, twin._raw, twin.links = data.rollup, as_of, data.raw, data.links
        twin._full = None  # built from a full read
        twin._mismatches = data.mismatches
        twin.rows = list(self.rows)
        twin._by_id = dict(self._by_id)
        twin._children = dict(self._children)
        at = self._row_index()
        copied: set[int | None] = set()
        rebuilt: set[int] = set()
        for node_id in changed:
            k = at.get(node_id)
            if k is None:
                continue
            rebuilt.add(node_id)
            old = self.rows[k]
            new = _build_row(old.node, old.depth, data, limit, fallback_end)
            twin.rows[k] = new
            twin._by_id[node_id] = new
            parent = old.node.parent_id if old.node.parent_id in self._by_id and old.depth > 0 else None
            if parent not in copied:
                twin._children[parent] = list(twin._children[parent])
                copied.add(parent)
            kids = twin._children[parent]
            kids[next(j for j, row in enumerate(kids) if row is old)] = new  # by identity: no row compares
        twin._at = at
        twin._source = weakref.ref(self)
        twin._derivation = Derivation(frozenset(), frozenset(rebuilt), frozenset())
        return twin

    def _row_index(self) -> dict[int, int]:
        """Each node's index in ``rows`` (built once per tree)."""
        if self._at is None:
            self._at = {row.node.id: k for k, row in enumerate(self.rows)}
        return self._at

    def delta_from(self, other: TreeReadModel) -> TreeDelta | None:
        """What differs from ``other`` when this tree was derived incrementally directly from
        it (``from_data(..., previous=other)`` after declared edits): the ids whose row is
        another object and not equal, the parents whose ordered children ids differ (None:
        the roots) and whether both hold the same ids. None for any other pair of trees
        (built afresh, derived from another tree, or ``other`` is gone): compare them."""
        if self._source is None or self._derivation is None or self._source() is not other:
            return None
        return self._derivation.delta(self._by_id, other._by_id)

    # ------------------------------------------------------------------ queries

    def row(self, node_id: int) -> NodeRow:
        """The row of ``node_id``; KeyError naming the id when it is not in the tree."""
        try:
            return self._by_id[node_id]
        except KeyError:
            raise KeyError(f"no KPI node with id {node_id} in the tree") from None

    def find(self, code: str) -> NodeRow | None:
        """The row whose node has ``code`` (exact match), or None."""
        for row in self.rows:
            if row.node.code == code:
                return row
        return None

    def parent_id(self, node_id: int) -> int | None:
        """The parent shown for ``node_id``: None for a root, for a node whose parent is
        missing, and for the node where a hand-made parent cycle was cut (the tree read
        from a damaged file is always a forest, so walking up always ends)."""
        row = self._by_id[node_id]
        return row.node.parent_id if row.node.parent_id in self._by_id and row.depth > 0 else None

    def children(self, node_id: int | None) -> list[NodeRow]:
        """Child rows of ``node_id`` in position order (``None``: the roots)."""
        return list(self._children.get(node_id, []))

    def child_ids(self) -> dict[int | None, list[int]]:
        """Ids of every parent's children in position order (None: the roots); parents
        without children are left out. A fresh dict the caller may keep."""
        return {pid: [row.node.id for row in kids] for pid, kids in self._children.items()}

    def value_at(self, node_id: int, day: dt.date) -> float | None:
        """Value of the bucket containing ``day`` (None when that bucket has none)."""
        self.row(node_id)
        return self.rollup.value(node_id, bucket_start(day, self.grain))

    def series(self, node_id: int) -> list[tuple[dt.date, float]]:
        """(bucket start, value) of every bucket of the node with a value, ascending."""
        self.row(node_id)
        return self.rollup.series(node_id)

    def raw(self, node_id: int) -> tuple[np.ndarray, np.ndarray]:
        """The node's own measurements: ascending ``datetime64[D]`` dates and float64 values."""
        self.row(node_id)
        self._complete()
        return self._raw.get(node_id) or _empty_arrays()

    def mismatches(self, node_id: int) -> list[Mismatch]:
        """Buckets where the node's formula and its measurements disagree, oldest first."""
        return list(self._mismatches.get(node_id, []))

    def drivers(self, node_id: int) -> list[tuple[NodeRow, str]]:
        """Nodes linked to ``node_id`` as drivers (influence links), with the link's note."""
        return [(self._by_id[link.source_id], link.note) for link in self.links
                if link.target_id == node_id and link.source_id in self._by_id]

    def influenced(self, node_id: int) -> list[tuple[NodeRow, str]]:
        """Nodes that ``node_id`` drives through influence links, with the link's note."""
        return [(self._by_id[link.target_id], link.note) for link in self.links
                if link.source_id == node_id and link.target_id in self._by_id]

    def top_kpi(self) -> NodeRow | None:
        """The first KPI-kind root (the company's headline number), else the first row."""
        for row in self.rows:
            if row.node.kind == NodeKind.KPI:
                return row
        return self.rows[0] if self.rows else None


def _build_row(node: KpiNode, depth: int, data: TreeData, limit: dt.date | None,
               fallback_end: dt.date | None) -> NodeRow:
    """The row of one node as of the day whose next bucket starts at ``limit``."""
    days, values = data.series[node.id]
    value, bucket, previous, sparkline = _row_values(days, values, limit, fallback_end, data.grain)
    people, teams = data.people, data.teams
    return NodeRow(
        node=node,
        depth=depth,
        value=value,
        bucket=bucket,
        previous=previous,
        change=change_ratio(previous, value),
        status=kpi_status(value, node.target, node.direction, node.green_from, node.red_from),
        sparkline=sparkline,
        owner_name=people.get(node.owner_id, "") if node.owner_id is not None else "",
        team_name=teams.get(node.team_id, "") if node.team_id is not None else "",
        error=data.errors.get(node.id),
        mismatch=node.id in data.mismatches,
    )


def _row_values(
    days: list[dt.date],
    values: list[float],
    limit: dt.date | None,
    fallback_end: dt.date | None,
    grain: Grain,
) -> tuple[float | None, dt.date | None, float | None, tuple[float | None, ...]]:
    """(value, bucket, previous value, sparkline) of one node's series.

    The value is that of the latest bucket before ``limit`` (the bucket after the
    as-of day; None: any); the sparkline holds the SPARKLINE_LENGTH buckets ending
    at that bucket, or at ``fallback_end`` (the as-of day's bucket) when there is
    no value yet.
    """
    end = len(days) if limit is None else bisect.bisect_left(days, limit)
    if end == 0:
        value = bucket = previous = None
        spark_end = fallback_end
    else:
        value, bucket = values[end - 1], days[end - 1]
        previous = values[end - 2] if end > 1 else None
        spark_end = bucket
    if spark_end is None or not days:
        return value, bucket, previous, ()
    window = _sparkline_days(spark_end, grain)
    lo = bisect.bisect_left(days, window[0])
    hi = bisect.bisect_right(days, window[-1])
    if lo == hi:
        return value, bucket, previous, ()
    present = dict(zip(days[lo:hi], values[lo:hi]))
    line = tuple(present.get(day) for day in window)
    return value, bucket, previous, line if any(v is not None for v in line) else ()


@lru_cache(maxsize=256)
def _sparkline_days(end: dt.date, grain: Grain) -> tuple[dt.date, ...]:
    """The SPARKLINE_LENGTH bucket starts ending at ``end``, oldest first (shared by most rows)."""
    days = [end]
    for _ in range(SPARKLINE_LENGTH - 1):
        days.append(previous_bucket(days[-1], grain))
    return tuple(reversed(days))
