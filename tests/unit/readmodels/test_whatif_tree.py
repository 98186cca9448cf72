"""The what-if tree: overrides pinned on a copy of the rollup, the actual tree untouched."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.domain.entities import Status
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.store.readmodels.whatif import WhatIfTree, whatif_tree

FEB, JAN = dt.date(2027, 2, 1), dt.date(2027, 1, 1)
AS_OF = dt.date(2027, 2, 15)


def test_override_of_a_measured_node_recomputes_its_ancestor(small_tree):
    ids = small_tree.ids
    actual = TreeReadModel.load(small_tree.service, AS_OF)
    tree = whatif_tree(actual, {ids["NEW"]: (FEB, 260.0)})
    assert isinstance(tree, WhatIfTree) and tree.actual is actual
    rev = tree.row(ids["REV"])
    assert rev.value == 300 and rev.previous == 160 and rev.change == pytest.approx(140 / 160)
    assert rev.status == Status.GREEN  # target 300 reached in the what-if
    assert tree.overridden == {ids["NEW"]} and tree.affected == {ids["NEW"], ids["REV"]}
    assert actual.row(ids["REV"]).value == 160 and actual.rollup.pins() == {}
    assert tree.row(ids["EXP"]) == actual.row(ids["EXP"])  # untouched rows are the actual ones
    assert tree.rollup.value(ids["REV"], JAN) == 180  # other buckets keep their values


def test_override_of_a_formula_node(small_tree):
    ids = small_tree.ids
    actual = TreeReadModel.load(small_tree.service, AS_OF)
    tree = whatif_tree(actual, {ids["REV"]: (FEB, 500.0)})
    assert tree.row(ids["REV"]).value == 500 and tree.overridden == {ids["REV"]}
    assert tree.row(ids["NEW"]) == actual.row(ids["NEW"])


def test_override_to_the_actual_value_is_still_marked(small_tree):
    ids = small_tree.ids
    actual = TreeReadModel.load(small_tree.service, AS_OF)
    tree = whatif_tree(actual, {ids["EXP"]: (FEB, 40.0)})
    assert tree.affected == {ids["EXP"]} and tree.row(ids["EXP"]).change == 0.0
    assert tree.row(ids["REV"]) == actual.row(ids["REV"])


def test_overrides_that_cannot_apply_are_listed(small_tree):
    ids = small_tree.ids
    actual = TreeReadModel.load(small_tree.service, AS_OF)
    tree = whatif_tree(actual, {999: (FEB, 1.0), ids["NEW"]: (dt.date(2031, 1, 1), 1.0), ids["EXP"]: (FEB, 50.0)})
    assert tree.dropped == {999: "the node is no longer in the tree",
                            ids["NEW"]: "the tree has no values in the bucket of 2031-01-01 any more"}
    assert tree.overridden == {ids["EXP"]} and tree.row(ids["REV"]).value == 170


def test_override_in_another_bucket_than_the_one_shown(small_tree):
    ids = small_tree.ids
    actual = TreeReadModel.load(small_tree.service, AS_OF)  # rows show February
    tree = whatif_tree(actual, {ids["NEW"]: (JAN, 1000.0)})
    assert tree.overridden == frozenset() and tree.affected == frozenset()
    assert tree.elsewhere == {ids["NEW"]}
    assert tree.rows == actual.rows
    assert tree.rollup.value(ids["REV"], JAN) == 1030  # the value is there, in January
    january = TreeReadModel.load(small_tree.service, dt.date(2027, 1, 20))
    tree = whatif_tree(january, {ids["NEW"]: (JAN, 1000.0)})
    assert tree.overridden == {ids["NEW"]} and tree.row(ids["REV"]).value == 1030
