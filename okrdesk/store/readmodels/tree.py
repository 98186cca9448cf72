"""The KPI tree as the views show it: every node's latest value, change, status and trend.

``TreeData.load(service)`` (``tree_data``) reads the nodes and all measurements once, folds
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
import weakref
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from okrdesk.domain.bucket_dates import bucket_start, next_bucket, previous_bucket
from okrdesk.domain.entities import Grain, InfluenceLink, KpiNode, NodeKind, Status
from okrdesk.domain.status import change_ratio, kpi_status
from okrdesk.store.readmodels.tree_data import Mismatch, TreeData, empty_arrays
from okrdesk.store.readmodels.tree_delta import Derivation, TreeDelta, patched_children, with_depths

if TYPE_CHECKING:  # imported where a tree is read (see the module docstring)
    import numpy as np

    from okrdesk.domain.rollup import Rollup

SPARKLINE_LENGTH = 12

__all__ = ["ROW_BUCKETS", "SPARKLINE_LENGTH", "Mismatch", "NodeRow", "TreeData", "TreeDelta", "TreeReadModel",
           "shift_buckets"]


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
        #: Names of the workspace's people and teams by id (of the read the rows come from;
        #: empty for a tree from the start-up snapshot).
        self.people: dict[int, str] = {}
        self.teams: dict[int, str] = {}
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
        tree.people, tree.teams = data.people, data.teams
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
        twin.people, twin.teams = data.people, data.teams
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
        twin.people, twin.teams = data.people, data.teams
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

    def by_id(self) -> Mapping[int, NodeRow]:
        """Every row by node id (the tree's own mapping: read it, never change it)."""
        return self._by_id

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
        return self._raw.get(node_id) or empty_arrays()

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
