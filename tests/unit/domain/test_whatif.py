"""Goal seek and root cause on real rollups."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrdesk.domain.entities import FormulaKind as F
from okrdesk.domain.entities import KpiNode
from okrdesk.domain.rollup import Rollup
from okrdesk.domain.whatif import goal_seek, root_cause

D1, D2 = dt.date(2027, 1, 1), dt.date(2027, 2, 1)


def node(id_, code, parent=None, formula=F.NONE, expression="", position=0, weight=1.0):
    return KpiNode(id_, code, code.lower(), parent_id=parent, formula=formula, expression=expression,
                   position=position, weight=weight)


def two_child_tree(kind, weights=(1.0, 1.0)):
    return [node(1, "TOP", formula=kind), node(2, "A", parent=1, position=0, weight=weights[0]),
            node(3, "B", parent=1, position=1, weight=weights[1])]


# ----------------------------------------------------------------------------- goal seek


class TestGoalSeek:
    def test_sum_reaches_target_without_touching_original(self):
        r = Rollup(two_child_tree(F.SUM), {2: {D1: 30}, 3: {D1: 70}})
        result = goal_seek(r, 1, 150, 2, D1)
        assert result.reached and result.value == pytest.approx(80)
        assert result.current == 30
        assert r.value(1, D1) == 100 and r.measured(2, D1) == 30

    def test_decreasing_response(self):
        r = Rollup(two_child_tree(F.RATIO), {2: {D1: 50}, 3: {D1: 100}})
        result = goal_seek(r, 1, 0.25, 3, D1)  # 50 / x = 0.25
        assert result.reached and result.value == pytest.approx(200, rel=1e-7)

    def test_product_far_from_current(self):
        r = Rollup(two_child_tree(F.PRODUCT), {2: {D1: 2}, 3: {D1: 3}})
        result = goal_seek(r, 1, 6e6, 2, D1)
        assert result.reached and result.value == pytest.approx(2e6, rel=1e-7)

    def test_formula_driver_is_pinned(self):
        nodes = [node(1, "TOP", formula=F.SUM), node(2, "MID", parent=1, formula=F.PRODUCT),
                 node(3, "LEAF", parent=2), node(4, "K", parent=2, position=1), node(5, "OTHER", parent=1, position=1)]
        r = Rollup(nodes, {3: {D1: 5}, 4: {D1: 2}, 5: {D1: 1}})
        result = goal_seek(r, 1, 31, 2, D1)  # MID (now 10) must become 30
        assert result.reached and result.value == pytest.approx(30) and result.current == 10
        assert r.pins() == {} and r.value(1, D1) == 11

    def test_existing_pins_count_and_block(self):
        nodes = [node(1, "TOP", formula=F.SUM), node(2, "MID", parent=1, formula=F.SUM),
                 node(3, "LEAF", parent=2), node(4, "OTHER", parent=1, position=1)]
        r = Rollup(nodes, {3: {D1: 5}, 4: {D1: 1}})
        r.pin(4, D1, 100.0)  # a what-if value elsewhere is part of the picture
        result = goal_seek(r, 1, 150, 3, D1)
        assert result.reached and result.value == pytest.approx(50)
        r.pin(2, D1, 7.0)  # a what-if value between the driver and the target holds it still
        result = goal_seek(r, 1, 150, 3, D1)
        assert not result.reached and "MID holds the target still" in result.message
        assert goal_seek(r, 1, 150, 2, D1).value == pytest.approx(50)  # the pinned node itself may drive
        r.pin(1, D1, 3.0)
        assert "TOP holds the target still" in goal_seek(r, 1, 150, 2, D1).message
        assert r.pins() == {4: {D1: 100.0}, 2: {D1: 7.0}, 1: {D1: 3.0}}

    def test_independent_target(self):
        nodes = [*two_child_tree(F.SUM), node(4, "OTHER")]
        r = Rollup(nodes, {2: {D1: 1}, 3: {D1: 1}, 4: {D1: 1}})
        result = goal_seek(r, 1, 10, 4, D1)
        assert not result.reached and "not computed from" in result.message

    def test_flat_response(self):
        nodes = [node(1, "TOP", formula=F.EXPRESSION, expression="A * 0 + B"), node(2, "A", parent=1),
                 node(3, "B", parent=1, position=1)]
        r = Rollup(nodes, {2: {D1: 1}, 3: {D1: 4}})
        result = goal_seek(r, 1, 10, 2, D1)
        assert not result.reached and "does not change" in result.message

    def test_outside_reachable_range(self):
        nodes = [node(1, "TOP", formula=F.EXPRESSION, expression="min(A, 10)"), node(2, "A", parent=1)]
        r = Rollup(nodes, {2: {D1: 1}})
        result = goal_seek(r, 1, 50, 2, D1)
        assert not result.reached and "Unreachable" in result.message

    def test_bounds_respected(self):
        r = Rollup(two_child_tree(F.SUM), {2: {D1: 30}, 3: {D1: 70}})
        assert not goal_seek(r, 1, 50, 2, D1, lo=0).reached  # would need A = -20
        assert goal_seek(r, 1, 50, 2, D1).value == pytest.approx(-20)

    def test_bad_input(self):
        r = Rollup(two_child_tree(F.SUM), {2: {D1: 30}, 3: {D1: 70}})
        with pytest.raises(ValueError, match="not a finite number"):
            goal_seek(r, 1, math.inf, 2, D1)
        with pytest.raises(KeyError, match="99"):
            goal_seek(r, 99, 1, 2, D1)

    @settings(max_examples=60, deadline=None)
    @given(a=st.floats(0.5, 1e4), b=st.floats(0.5, 1e4), w=st.floats(0.1, 10), goal=st.floats(-1e5, 1e5))
    def test_weighted_sum_always_hits(self, a, b, w, goal):
        r = Rollup(two_child_tree(F.WEIGHTED_SUM, (w, 1.0)), {2: {D1: a}, 3: {D1: b}})
        result = goal_seek(r, 1, goal, 2, D1)
        assert result.reached
        check = r.copy()
        check.set_measured(2, D1, result.value)
        assert check.value(1, D1) == pytest.approx(goal, rel=1e-8, abs=1e-8)


# ----------------------------------------------------------------------------- root cause


def split(kind, a, b, weights=(1.0, 1.0)):
    nodes = two_child_tree(kind, weights)
    r = Rollup(nodes, {2: {D1: a[0], D2: b[0]}, 3: {D1: a[1], D2: b[1]}})
    return r, root_cause(r, nodes, 1, D1, D2)


class TestRootCause:
    def test_sum_exact(self):
        r, parts = split(F.SUM, (30, 70), (40, 65))
        assert [(p.node_id, p.delta) for p in parts] == [(2, 10), (3, -5)]
        assert [p.share for p in parts] == [2.0, -1.0]

    def test_weighted_and_average(self):
        _, parts = split(F.WEIGHTED_SUM, (1, 1), (2, 3), (3.0, 0.5))
        assert [p.delta for p in parts] == [3.0, 1.0]
        _, parts = split(F.AVERAGE, (10, 20), (14, 20))
        assert [p.delta for p in parts] == [2.0, 0.0]

    def test_product_shapley(self):
        r, parts = split(F.PRODUCT, (2, 3), (4, 5))  # 6 -> 20
        assert math.fsum(p.delta for p in parts) == 14
        # Shapley for x*y: dx*(ya+yb)/2, dy*(xa+xb)/2
        assert parts[0].delta == pytest.approx(2 * 4) and parts[1].delta == pytest.approx(2 * 3)

    def test_ratio_adds_up(self):
        r, parts = split(F.RATIO, (50, 100), (60, 80))
        total = r.value(1, D2) - r.value(1, D1)
        assert math.fsum(p.delta for p in parts) == total
        assert parts[0].delta > 0 and parts[1].delta > 0  # more numerator, less denominator

    def test_symmetric_product_gives_symmetric_shares(self):
        _, parts = split(F.PRODUCT, (2, 2), (3, 3))
        assert parts[0].delta == pytest.approx(parts[1].delta)
        assert parts[0].share == pytest.approx(0.5)

    def test_many_inputs_product_uses_log_change(self):
        nodes = [node(1, "TOP", formula=F.PRODUCT)] + [node(10 + k, f"X{k}", parent=1, position=k) for k in range(9)]
        measured = {10 + k: {D1: 1.0 + k / 10, D2: 1.0 + k / 9} for k in range(9)}
        r = Rollup(nodes, measured)
        parts = root_cause(r, nodes, 1, D1, D2)
        assert math.fsum(p.delta for p in parts) == r.value(1, D2) - r.value(1, D1)
        assert parts[0].delta == 0.0  # X0 did not change

    def test_many_inputs_expression_sampled_is_additive_and_stable(self):
        codes = [f"Y{k}" for k in range(8)]
        nodes = [node(1, "TOP", formula=F.EXPRESSION, expression=" + ".join(codes) + " - Y0 * Y1")]
        nodes += [node(20 + k, c, parent=1, position=k) for k, c in enumerate(codes)]
        measured = {20 + k: {D1: float(k), D2: float(k) + 1} for k in range(8)}
        r = Rollup(nodes, measured)
        first = root_cause(r, nodes, 1, D1, D2)
        assert math.fsum(p.delta for p in first) == r.value(1, D2) - r.value(1, D1)
        assert first == root_cause(r, nodes, 1, D1, D2)

    def test_measured_node_refused(self):
        nodes = two_child_tree(F.SUM)
        r = Rollup(nodes, {2: {D1: 1, D2: 2}, 3: {D1: 1, D2: 2}})
        with pytest.raises(ValueError, match="A is measured"):
            root_cause(r, nodes, 2, D1, D2)

    def test_missing_input_named(self):
        nodes = two_child_tree(F.SUM)
        r = Rollup(nodes, {2: {D1: 1, D2: 2}, 3: {D1: 1}})
        with pytest.raises(ValueError, match="B has no value on 2027-02-01"):
            root_cause(r, nodes, 1, D1, D2)

    @settings(max_examples=80, deadline=None)
    @given(kind=st.sampled_from([F.SUM, F.AVERAGE, F.PRODUCT, F.RATIO, F.WEIGHTED_SUM]),
           values=st.lists(st.floats(0.1, 1e3), min_size=4, max_size=4))
    def test_contributions_add_up(self, kind, values):
        r, parts = split(kind, values[:2], values[2:], (2.0, 0.5))
        total = r.value(1, D2) - r.value(1, D1)
        assert math.fsum(p.delta for p in parts) == pytest.approx(total, rel=1e-12, abs=1e-9)


class TestRootCauseWithPins:
    def test_pinned_input_counts_with_its_what_if_value(self):
        nodes = two_child_tree(F.SUM)
        r = Rollup(nodes, {2: {D1: 30, D2: 40}, 3: {D1: 70, D2: 65}})
        r.pin(3, D2, 100.0)
        parts = root_cause(r, nodes, 1, D1, D2)
        assert [(p.node_id, p.delta) for p in parts] == [(2, 10), (3, 30)]

    def test_formula_inputs_and_a_pinned_formula_input(self):
        nodes = [node(1, "TOP", formula=F.PRODUCT), node(2, "MID", parent=1, formula=F.SUM),
                 node(3, "A", parent=2), node(4, "K", parent=1, position=1)]
        r = Rollup(nodes, {3: {D1: 2, D2: 4}, 4: {D1: 3, D2: 3}})
        r.pin(2, D2, 10.0)
        parts = root_cause(r, nodes, 1, D1, D2)
        assert math.fsum(p.delta for p in parts) == r.value(1, D2) - r.value(1, D1) == 24
        assert parts[0].node_id == 2 and parts[0].delta == pytest.approx(24)

    def test_pinned_node_itself_says_why(self):
        nodes = two_child_tree(F.SUM)
        r = Rollup(nodes, {2: {D1: 30, D2: 40}, 3: {D1: 70, D2: 65}})
        r.pin(1, D1, 5.0)
        with pytest.raises(ValueError, match="TOP holds a what-if value on 2027-01-01"):
            root_cause(r, nodes, 1, D1, D2)
