"""One read of the KPI tree shared by every view of a workspace.

The KPI tree, the OKR board and the dashboards all need the tree rolled up; on
a firm-sized workspace one read costs a few tenths of a second. ``TreeCache``
reads it once (``TreeData``) and hands each as-of day its own
``TreeReadModel`` built from that read, until the workspace changes: an
explicit ``invalidate()`` (the window calls it when the undo stack moves), or
any write through the service (its ``data_revision`` counter), whichever comes
first. Qt-free.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Protocol

from okrdesk.store.readmodels.tree import TreeData, TreeReadModel

#: How many as-of days keep their rows (views use one or two days at a time).
MAX_DAYS = 8


class _Source(Protocol):
    @property
    def data_revision(self) -> int: ...


class TreeCache:
    """``tree(as_of)`` returns the same ``TreeReadModel`` until the workspace changes."""

    def __init__(self, service: _Source) -> None:
        self.service = service
        self._data: TreeData | None = None
        self._revision: int | None = None
        self._trees: OrderedDict[dt.date | None, TreeReadModel] = OrderedDict()
        self.loads = 0  # how many times the workspace was read (for tests and benchmarks)

    def data(self) -> TreeData:
        """The shared read of the tree, read again after any change."""
        revision = self.service.data_revision
        if self._data is None or revision != self._revision:
            self._trees.clear()
            self._data = TreeData.load(self.service)
            self._revision = revision
            self.loads += 1
        return self._data

    def tree(self, as_of: dt.date | None) -> TreeReadModel:
        """The tree as of ``as_of`` (None: each node's latest value), cached."""
        data = self.data()
        tree = self._trees.get(as_of)
        if tree is None:
            tree = TreeReadModel.from_data(data, as_of)
            self._trees[as_of] = tree
            while len(self._trees) > MAX_DAYS:
                self._trees.popitem(last=False)
        else:
            self._trees.move_to_end(as_of)
        return tree

    def invalidate(self) -> None:
        """Forget everything: the next ``tree()`` reads the workspace again."""
        self._data = None
        self._revision = None
        self._trees.clear()
