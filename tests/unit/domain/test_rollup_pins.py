"""Pinning a node's value (what-if): its formula is set aside and its dependants recompute."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrdesk.domain.entities import FormulaKind as F
from okrdesk.domain.entities import KpiNode
from okrdesk.domain.rollup import Rollup

from .test_rollup_properties import BUCKETS, VALUES, trees

D1, D2 = dt.date(2027, 1, 1), dt.date(2027, 2, 1)


def node(id_, code, parent=None, formula=F.NONE, expression="", position=0):
    return KpiNode(id_, code, code.lower(), parent_id=parent, formula=formula, expression=expression,
                   position=position)


def revenue():
    """TOP = MID + C; MID = A * B; D = TOP / 2 (an expression elsewhere in the tree)."""
    return [node(1, "TOP", formula=F.SUM), node(2, "MID", parent=1, formula=F.PRODUCT),
            node(3, "A", parent=2), node(4, "B", parent=2, position=1), node(5, "C", parent=1, position=1),
            node(6, "D", formula=F.EXPRESSION, expression="TOP / 2")]


def measured():
    return {3: {D1: 2.0, D2: 3.0}, 4: {D1: 10.0, D2: 10.0}, 5: {D1: 5.0, D2: 6.0}}


def snapshot(r: Rollup, ids):
    return (r.buckets(), {i: r.series(i) for i in ids}, {i: [r.computed(i, b) for b in r.buckets()] for i in ids},
            {i: [r.measured(i, b) for b in r.buckets()] for i in ids}, r.errors(), sorted(r.mismatches()))


class TestPin:
    def test_formula_node_pinned_drives_its_ancestors_only_in_that_bucket(self):
        r = Rollup(revenue(), measured())
        assert r.value(1, D1) == 25 and r.value(6, D1) == 12.5
        changed = r.pin(2, D1, 40.0)
        assert changed == {2, 1, 6}
        assert r.value(2, D1) == 40 and r.value(1, D1) == 45 and r.value(6, D1) == 22.5
        assert r.computed(2, D1) == 20  # the formula's own value is still known
        assert r.value(1, D2) == 36  # other buckets untouched
        assert r.pinned(2, D1) == 40 and r.pinned(2, D2) is None
        assert r.pins() == {2: {D1: 40.0}}
        assert r.mismatches() == [] and r.errors() == {}

    def test_inputs_of_a_pinned_node_no_longer_move_it(self):
        r = Rollup(revenue(), measured())
        r.pin(2, D1, 40.0)
        assert r.set_measured(3, D1, 7.0) == {3}  # A changes, MID is held, nothing above moves
        assert r.value(2, D1) == 40 and r.value(1, D1) == 45
        r.unpin(2, D1)
        assert r.value(2, D1) == 70 and r.value(1, D1) == 75

    def test_measured_node_pinned_keeps_its_measurement(self):
        r = Rollup(revenue(), measured())
        r.pin(5, D1, 100.0)
        assert r.value(5, D1) == 100 and r.measured(5, D1) == 5 and r.value(1, D1) == 120

    def test_unpin_restores_and_is_idempotent(self):
        r = Rollup(revenue(), measured())
        before = snapshot(r, range(1, 7))
        r.pin(1, D2, -3.5)
        r.pin(3, D1, 0.0)
        assert r.unpin(1, D2) == {1, 6}
        assert r.unpin(3, D1) == {3, 2, 1, 6}
        assert r.unpin(3, D1) == set()
        assert snapshot(r, range(1, 7)) == before and r.pins() == {}

    def test_copy_carries_pins_independently(self):
        r = Rollup(revenue(), measured())
        r.pin(5, D1, 1.0)
        twin = r.copy()
        twin.unpin(5, D1)
        twin.pin(3, D2, 9.0)
        assert r.pins() == {5: {D1: 1.0}} and twin.pins() == {3: {D2: 9.0}}
        assert r.value(1, D1) == 21 and twin.value(1, D1) == 25

    def test_pin_dropped_with_its_bucket(self):
        r = Rollup([node(1, "TOP", formula=F.SUM), node(2, "A", parent=1)], {2: {D1: 1.0, D2: 2.0}})
        r.pin(1, D2, 50.0)
        r.set_measured(2, D2, None)  # the last value of D2 goes: so does the bucket
        assert r.buckets() == [D1] and r.pins() == {}

    def test_division_by_zero_through_a_pin_and_back(self):
        nodes = [node(1, "R", formula=F.RATIO), node(2, "N", parent=1), node(3, "DEN", parent=1, position=1)]
        r = Rollup(nodes, {2: {D1: 10.0}, 3: {D1: 4.0}})
        before = snapshot(r, [1, 2, 3])
        r.pin(3, D1, 0.0)
        assert r.value(1, D1) is None and "division by zero" in r.errors()[1]
        r.unpin(3, D1)
        assert snapshot(r, [1, 2, 3]) == before

    def test_refusals_name_the_node(self):
        nodes = [*revenue(), node(7, "X", formula=F.EXPRESSION, expression="Y"),
                 node(8, "Y", formula=F.EXPRESSION, expression="X")]
        r = Rollup(nodes, measured())
        with pytest.raises(ValueError, match="TOP on 2027-01-01: .*not a finite number"):
            r.pin(1, D1, math.inf)
        with pytest.raises(ValueError, match="TOP on 2027-01-01: a pinned value must be a number"):
            r.pin(1, D1, math.nan)
        with pytest.raises(ValueError, match="TOP: the tree has no values in the bucket of 2030-01-01"):
            r.pin(1, dt.date(2030, 1, 1), 1.0)
        with pytest.raises(ValueError, match="X is in a cycle"):
            r.pin(7, D1, 1.0)
        with pytest.raises(KeyError, match="99"):
            r.pin(99, D1, 1.0)
        assert r.pins() == {}

    def test_precedents_are_every_input_upstream(self):
        r = Rollup(revenue(), measured())
        assert r.precedents(6) == {1, 2, 3, 4, 5}
        assert r.precedents(2) == {3, 4} and r.precedents(3) == set()


# ----------------------------------------------------------------------------- properties


def _rollup(data):
    nodes = data.draw(trees())
    ids = [n.id for n in nodes]
    values: dict[int, dict[dt.date, float]] = {}
    for node_id in ids:
        for b in data.draw(st.lists(st.sampled_from(BUCKETS[:3]), unique=True, min_size=1)):
            value = data.draw(VALUES)
            if value is not None:
                values.setdefault(node_id, {})[b] = value
    return nodes, values, Rollup(nodes, values)


def _pinnable(r: Rollup, ids):
    errors = r.errors()
    return [i for i in ids if not (i in errors and "cycle" in errors[i])]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_pin_then_unpin_gives_back_exactly_the_original(data):
    nodes, _, r = _rollup(data)
    ids = [n.id for n in nodes]
    if not r.buckets():
        return
    before = snapshot(r, ids)
    pinnable = _pinnable(r, ids)
    if not pinnable:
        return
    pinned = []
    for _ in range(data.draw(st.integers(1, 6))):
        nid, bucket = data.draw(st.sampled_from(pinnable)), data.draw(st.sampled_from(r.buckets()))
        r.pin(nid, bucket, data.draw(st.floats(-1e6, 1e6)))
        pinned.append((nid, bucket))
    for nid, bucket in data.draw(st.permutations(pinned)):
        r.unpin(nid, bucket)
    assert snapshot(r, ids) == before and r.pins() == {}


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_pinning_a_node_to_its_current_value_changes_nothing(data):
    nodes, _, r = _rollup(data)
    ids = [n.id for n in nodes]
    with_value = [(i, b) for i in _pinnable(r, ids) for b in r.buckets() if r.value(i, b) is not None]
    if not with_value:
        return
    before = snapshot(r, ids)
    nid, bucket = data.draw(st.sampled_from(with_value))
    assert r.pin(nid, bucket, r.value(nid, bucket)) == set()
    assert snapshot(r, ids) == before


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_pin_acts_like_a_measured_node_with_that_value(data):
    """Oracle: pinning N to v in bucket b shows, in b, what a tree where N is a measured
    node with v in b shows (its own formula ignored, its ancestors computed from v)."""
    nodes, values, r = _rollup(data)
    ids = [n.id for n in nodes]
    pinnable = _pinnable(r, ids)
    if not pinnable or not r.buckets():
        return
    nid, bucket = data.draw(st.sampled_from(pinnable)), data.draw(st.sampled_from(r.buckets()))
    v = data.draw(st.floats(-1e4, 1e4))
    changed = r.pin(nid, bucket, v)
    oracle_nodes = [dataclasses.replace(n, formula=F.NONE, expression="") if n.id == nid else n for n in nodes]
    oracle_values = {k: dict(per) for k, per in values.items()}
    oracle_values.setdefault(nid, {})[bucket] = v
    oracle = Rollup(oracle_nodes, oracle_values)
    assert {i: r.value(i, bucket) for i in ids} == {i: oracle.value(i, bucket) for i in ids}
    fresh = Rollup(nodes, values)
    assert changed == {i for i in ids if r.value(i, bucket) != fresh.value(i, bucket)}
