"""One read of the KPI tree shared by every view of a workspace.

The KPI tree, the OKR board and the dashboards all need the tree rolled up; on
a firm-sized workspace one read costs a few tenths of a second. ``TreeCache``
reads it once (``TreeData``) and hands each as-of day its own
``TreeReadModel`` built from that read, until the tree changes: an explicit
``invalidate()``, or a write to the tree's tables through the service (its
``tree_revision``; OKR edits do not count, see ``store.write_log``). When every
write since the read was declared in detail (a value edit; a node edit, move or
reorder and their undo), the read catches up incrementally: the rollup
recomputes only what depends on the change and each day's rows are rebuilt for
those nodes only. Qt-free.

Two reads are kept: *recent* (the last ``RECENT_BUCKETS`` buckets before the
workspace's today, enough for every row, sparkline and key result of the
current year) and *full* (the whole history, read only when a view asks for
an older day, for "all time", or for whole-history charts). On the firm demo
the recent read is about a third of the rows.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import TYPE_CHECKING, Protocol

from okrdesk.domain.bucket_dates import bucket_start
from okrdesk.domain.entities import Grain
from okrdesk.store.readmodels.tree import ROW_BUCKETS, TreeData, TreeReadModel, shift_buckets

if TYPE_CHECKING:  # it imports SQLAlchemy, not needed before the first paint
    from okrdesk.store.write_log import TreeWriteLog

#: How many as-of days keep their rows (views use one or two days at a time).
MAX_DAYS = 8
#: Buckets of history in the recent read (two years of months).
RECENT_BUCKETS = 24


class _Source(Protocol):
    @property
    def tree_revision(self) -> int: ...

    @property
    def tree_writes(self) -> TreeWriteLog: ...

    def measurement_arrays(self, node_ids=None, start=None, end=None): ...

    def today(self) -> dt.date: ...

    def reporting_grain(self) -> Grain: ...


class TreeCache:
    """``tree(as_of)`` returns the same ``TreeReadModel`` until the workspace changes."""

    def __init__(self, service: _Source) -> None:
        self.service = service
        self._reads: dict[bool, TreeData] = {}  # full history? -> read
        self._revision: int | None = None
        self._trees: OrderedDict[tuple[dt.date | None, bool], TreeReadModel] = OrderedDict()
        #: Days whose rows were built before an incremental catch-up, with the nodes changed
        #: since and those of them that only moved with their branch (a new depth).
        self._stale: dict[tuple[dt.date | None, bool], tuple[TreeReadModel, set[int], set[int]]] = {}
        self._settings: tuple[int, Grain, dt.date] | None = None
        self.loads = 0  # how many times the workspace was read (for tests and benchmarks)
        self.catch_ups = 0  # how many times a read caught up incrementally

    def data(self, history: bool = True) -> TreeData:
        """The shared read of the tree (``history``: all of it, else the recent
        buckets), read again after a change (or caught up, after value edits)."""
        revision = self.service.tree_revision
        if revision != self._revision:
            if not self._catch_up():
                self._reads.clear()
                self._trees.clear()
                self._stale.clear()
            self._revision = revision
        data = self._reads.get(history)
        if data is None:
            since = None if history else self._recent_start()
            data = TreeData.load(self.service, since=since)
            self._reads[history] = data
            self.loads += 1
        return data

    def tree(self, as_of: dt.date | None, history: bool = False) -> TreeReadModel:
        """The tree as of ``as_of`` (None: each node's latest value), cached.
        ``history``: the model must hold every bucket (for whole-history charts)."""
        if not history and not self._recent_covers(as_of):
            history = True
        data = self.data(history)
        key = (as_of, history)
        tree = self._trees.get(key)
        if tree is None:
            old = self._stale.pop(key, None)
            if old is not None:
                tree = TreeReadModel.from_data(data, as_of, previous=old[0], changed=old[1] | old[2],
                                               depth_only=old[2])
            else:
                tree = TreeReadModel.from_data(data, as_of)
            self._trees[key] = tree
            while len(self._trees) > MAX_DAYS:
                self._trees.popitem(last=False)
        else:
            self._trees.move_to_end(key)
        return tree

    def _catch_up(self) -> bool:
        """Bring the reads up to date after measurement edits only; False: read again."""
        if self._revision is None:
            return False
        changes = self.service.tree_writes.since(self._revision)
        if changes is None:
            return False
        updated: dict[bool, TreeData] = {}
        changed: set[int] = set()
        depth_only: set[int] = set()
        for history, data in self._reads.items():
            result = data.with_changes(self.service, changes)
            if result is None:
                return False
            updated[history], ids, shallow = result
            changed |= ids - shallow
            depth_only |= shallow
        depth_only -= changed
        self._reads = updated
        for key, tree in self._trees.items():
            self._stale[key] = (tree, set(changed), set(depth_only))
        for key in set(self._stale) - set(self._trees):
            stale = self._stale[key]
            stale[1].update(changed)
            stale[2].update(depth_only)
            stale[2].difference_update(stale[1])
        self._trees.clear()
        self.catch_ups += 1
        return True

    def _grain_and_today(self) -> tuple[Grain, dt.date]:
        """The workspace's reporting grain and today, read again only after a tree write
        that may have changed them (both are settings: changing them raises the revision;
        writes declared in detail — values, node fields and places — leave them alone)."""
        revision = self.service.tree_revision
        settings = self._settings
        if settings is not None and settings[0] != revision and self.service.tree_writes.since(settings[0]) is not None:
            settings = self._settings = (revision, settings[1], settings[2])
        if settings is None or settings[0] != revision:
            settings = self._settings = (revision, Grain(self.service.reporting_grain()), self.service.today())
        return settings[1], settings[2]

    def _recent_start(self) -> dt.date:
        grain, today = self._grain_and_today()
        return shift_buckets(bucket_start(today, grain), grain, -RECENT_BUCKETS)

    def _recent_covers(self, as_of: dt.date | None) -> bool:
        """True when rows as of ``as_of`` need nothing older than the recent read: the
        as-of bucket and the sparkline's and change's buckets before it."""
        if as_of is None:
            return False
        grain, _today = self._grain_and_today()
        oldest_needed = shift_buckets(bucket_start(as_of, grain), grain, -ROW_BUCKETS)
        return oldest_needed >= self._recent_start()

    def invalidate(self) -> None:
        """Forget everything: the next ``tree()`` reads the workspace again."""
        self._reads.clear()
        self._revision = None
        self._trees.clear()
        self._stale.clear()
