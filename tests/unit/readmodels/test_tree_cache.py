"""TreeCache: one read of the tree shared by every view and day until the workspace changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple

import numpy as np
import pytest

from okrdesk.store.errors import ValidationError

from okrdesk.store.readmodels.cache import MAX_DAYS, RECENT_BUCKETS, TreeCache
from okrdesk.store.readmodels.tree import TreeData, TreeReadModel

D = dt.date


def _rows(tree: TreeReadModel) -> list[tuple]:
    return [astuple(r) for r in tree.rows]


def test_same_tree_until_something_is_written(small_tree) -> None:
    svc, ids = small_tree.service, small_tree.ids
    cache = TreeCache(svc)
    first = cache.tree(D(2027, 2, 15))
    assert cache.tree(D(2027, 2, 15)) is first
    other_day = cache.tree(D(2027, 1, 15))
    assert other_day is not first and cache.loads == 1  # a second day reuses the one read
    assert first.row(ids["NEW"]).value == 120.0

    svc.set_measurement(ids["NEW"], D(2027, 2, 6), 30.0)
    after = cache.tree(D(2027, 2, 15))
    assert after is not first and cache.loads == 1 and cache.catch_ups == 1  # a value edit catches up
    assert after.row(ids["NEW"]).value == 150.0 and after.row(ids["REV"]).value == 190.0
    assert first.row(ids["NEW"]).value == 120.0  # a tree handed out never changes


def test_invalidate_reads_again(small_tree) -> None:
    cache = TreeCache(small_tree.service)
    first = cache.tree(None)
    cache.invalidate()
    again = cache.tree(None)
    assert again is not first and cache.loads == 2 and _rows(again) == _rows(first)


def test_rows_from_the_shared_read_equal_a_fresh_load(small_tree) -> None:
    data = TreeData.load(small_tree.service)
    for as_of in (None, D(2026, 11, 30), D(2026, 12, 31), D(2027, 1, 15), D(2027, 2, 15), D(2030, 1, 1)):
        assert _rows(TreeReadModel.from_data(data, as_of)) == _rows(TreeReadModel.load(small_tree.service, as_of))


def test_only_the_latest_days_are_kept(small_tree) -> None:
    cache = TreeCache(small_tree.service)
    days = [D(2027, 1, 1) + dt.timedelta(days=i) for i in range(MAX_DAYS + 2)]
    trees = [cache.tree(day) for day in days]
    assert cache.tree(days[-1]) is trees[-1]
    assert cache.tree(days[0]) is not trees[0]  # dropped, rebuilt from the same read
    assert cache.loads == 1


def test_a_refused_write_does_not_serve_stale_data(small_tree) -> None:
    svc, ids = small_tree.service, small_tree.ids
    cache = TreeCache(svc)
    before = cache.tree(None)
    with pytest.raises(ValidationError):
        svc.create_node("NEW", "Duplicate code")
    assert _rows(cache.tree(None)) == _rows(before)  # refused before writing: the same tree
    assert ids["NEW"] in cache.tree(None).ids


def test_recent_days_read_only_recent_buckets_with_the_same_rows(tmp_path) -> None:
    """Rows of a recent day come from a read of the last RECENT_BUCKETS buckets and equal
    the rows built from the whole history; older days and "all time" read everything."""
    from okrdesk.store.workspace import Workspace

    with Workspace.create(tmp_path / "w.okrdesk") as ws:
        svc = ws.service
        svc.set_setting("as_of", "2027-02-15")
        root = svc.create_node("REV", "Revenue", formula="sum")
        a = svc.create_node("A", "A", parent_id=root.id)
        b = svc.create_node("B", "B", parent_id=root.id, aggregation="last")
        rows = [(node.id, D(2020 + m // 12, m % 12 + 1, 1), float(m + k))
                for m in range(86) for k, node in enumerate((a, b))]
        svc.bulk_set_measurements(rows)
        cache = TreeCache(svc)
        recent = cache.tree(D(2027, 2, 15))
        assert cache.loads == 1
        read = cache.data(history=False)
        assert read.since == D(2025, 2, 1)
        oldest = min(dates.min() for dates, _ in read.raw.values())
        assert oldest == np.datetime64(read.since)
        full = TreeReadModel.load(svc, D(2027, 2, 15))
        assert _rows(recent) == _rows(full)
        assert _rows(cache.tree(D(2026, 3, 31))) == _rows(TreeReadModel.load(svc, D(2026, 3, 31)))
        assert cache.loads == 1
        old = cache.tree(D(2025, 6, 30))  # its sparkline reaches before the recent read
        assert cache.loads == 2 and _rows(old) == _rows(TreeReadModel.load(svc, D(2025, 6, 30)))
        assert len(cache.tree(None, history=True).series(root.id)) == 86
        assert cache.loads == 2
        assert RECENT_BUCKETS == 24
