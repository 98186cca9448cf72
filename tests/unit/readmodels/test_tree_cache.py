"""TreeCache: one read of the tree shared by every view and day until the workspace changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple

import pytest

from okrdesk.store.errors import ValidationError

from okrdesk.store.readmodels.cache import MAX_DAYS, TreeCache
from okrdesk.store.readmodels.tree import TreeData, TreeReadModel

D = dt.date


def _rows(tree: TreeReadModel) -> list[tuple]:
    return [astuple(r) for r in tree.rows]


def test_same_tree_until_something_is_written(small_tree) -> None:
    svc, ids = small_tree.service, small_tree.ids
    cache = TreeCache(svc)
    first = cache.tree(D(2027, 2, 15))
    assert cache.tree(D(2027, 2, 15)) is first
    latest = cache.tree(None)
    assert latest is not first and cache.loads == 1  # a second day reuses the one read
    assert first.row(ids["NEW"]).value == 120.0

    svc.set_measurement(ids["NEW"], D(2027, 2, 6), 30.0)
    after = cache.tree(D(2027, 2, 15))
    assert after is not first and cache.loads == 2
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
    assert cache.tree(None) is not before  # read again: cheap, and never wrong
    assert _rows(cache.tree(None)) == _rows(before)
    assert ids["NEW"] in cache.tree(None).ids
