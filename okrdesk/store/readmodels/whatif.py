"""The KPI tree with what-if values: overrides pinned on a copy of the actual rollup.

``whatif_tree(actual, overrides)`` pins each override (node id -> (bucket,
value)) on a copy of ``actual.rollup`` (:meth:`Rollup.pin`: formula nodes too;
their own formula is set aside) and returns a :class:`WhatIfTree`: the actual
rows, with the overridden nodes and every node whose shown value moved
replaced by what-if rows. A what-if row's ``previous`` is the *actual* value
and its ``change`` the relative difference, so a view showing "change" shows
the delta against actual. The actual tree and its rollup are never touched,
and nothing is written anywhere. Qt-free.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from okrdesk.domain.status import change_ratio, kpi_status
from okrdesk.store.readmodels.tree import NodeRow, TreeReadModel

if TYPE_CHECKING:  # numpy-backed; not needed before the first paint
    from okrdesk.domain.rollup import Rollup

Overrides = dict[int, tuple[dt.date, float]]  # node id -> (bucket, value)


class WhatIfTree(TreeReadModel):
    """A tree showing what-if values. ``overridden``: ids showing a value of their own;
    ``affected``: those and every id whose shown value differs from actual;
    ``elsewhere``: ids with a value of their own in another bucket than the one shown
    (another period); ``dropped``: overrides that could not be applied, id -> why."""

    def __init__(self, actual: TreeReadModel, rows: list[NodeRow], rollup: Rollup, overridden: frozenset[int],
                 affected: frozenset[int], dropped: dict[int, str], elsewhere: frozenset[int] = frozenset()) -> None:
        ids = actual.ids
        super().__init__(rows, rollup, actual.grain, actual.as_of, {i: actual.raw(i) for i in ids}, actual.links,
                         {i: actual.mismatches(i) for i in ids})
        self.actual = actual
        self.overridden = overridden
        self.affected = affected
        self.dropped = dropped
        self.elsewhere = elsewhere


def whatif_tree(actual: TreeReadModel, overrides: Overrides) -> WhatIfTree:
    """``actual`` with ``overrides`` pinned on a copy of its rollup (see the module docstring).
    Overrides of nodes not in the tree, or in buckets without values, are left out and
    listed in ``dropped``."""
    work = actual.rollup.copy()
    buckets = set(work.buckets())
    touched: set[int] = set()
    overridden: set[int] = set()
    dropped: dict[int, str] = {}
    for node_id, (bucket, value) in overrides.items():
        if node_id not in actual.ids:
            dropped[node_id] = "the node is no longer in the tree"
            continue
        if bucket not in buckets:
            dropped[node_id] = f"the tree has no values in the bucket of {bucket.isoformat()} any more"
            continue
        try:
            work.pin(node_id, bucket, value)
        except ValueError as error:
            dropped[node_id] = str(error)
            continue
        overridden.add(node_id)
        touched.add(node_id)
        touched |= work.dependants(node_id)
    rows: list[NodeRow] = []
    affected: set[int] = set()
    shown: set[int] = set()
    for row in actual.rows:
        nid = row.node.id
        bucket = row.bucket
        if bucket is None and nid in overridden:  # no value as of the day: the override's own bucket
            bucket = overrides[nid][0]
        own = nid in overridden and overrides[nid][0] == bucket
        if own:
            shown.add(nid)
        if nid in touched and bucket is not None:
            value = work.value(nid, bucket)
            if value != row.value or own:
                affected.add(nid)
                node = row.node
                row = dataclasses.replace(
                    row, value=value, bucket=bucket, previous=row.value, change=change_ratio(row.value, value),
                    status=kpi_status(value, node.target, node.direction, node.green_from, node.red_from))
        rows.append(row)
    return WhatIfTree(actual, rows, work, frozenset(shown), frozenset(affected), dropped,
                      frozenset(overridden - shown))
