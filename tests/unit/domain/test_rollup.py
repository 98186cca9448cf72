"""The KPI tree rollup: values per bucket, fallbacks, mismatches, errors, queries."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.domain.entities import FormulaKind as F
from okrdesk.domain.entities import KpiNode
from okrdesk.domain.rollup import Rollup

D1, D2, D3 = dt.date(2027, 1, 1), dt.date(2027, 2, 1), dt.date(2027, 3, 1)


def node(id_, code, parent=None, formula=F.NONE, expression="", position=0, weight=1.0):
    return KpiNode(id_, code, code.lower(), parent_id=parent, formula=formula, expression=expression,
                   position=position, weight=weight)


def revenue_tree():
    return [
        node(1, "REV", formula=F.SUM),
        node(2, "REV.NEW", parent=1, position=0),
        node(3, "REV.OLD", parent=1, position=1),
        node(4, "SHARE", formula=F.RATIO),
        node(5, "NEW", parent=4, formula=F.EXPRESSION, expression="REV.NEW", position=0),
        node(6, "ALL", parent=4, formula=F.EXPRESSION, expression="REV", position=1),
    ]


class TestValues:
    def test_measured_and_computed(self):
        r = Rollup(revenue_tree(), {2: {D1: 30, D2: 40}, 3: {D1: 70, D2: 60}})
        assert r.buckets() == [D1, D2]
        assert r.value(1, D1) == 100 and r.value(1, D2) == 100
        assert r.value(4, D1) == pytest.approx(0.3)
        assert r.value(2, D3) is None  # unknown bucket
        assert r.computed(1, D1) == 100 and r.computed(2, D1) is None

    def test_missing_child_value_leaves_parent_empty(self):
        r = Rollup(revenue_tree(), {2: {D1: 30, D2: 40}, 3: {D1: 70}})
        assert r.value(1, D2) is None
        assert r.series(1) == [(D1, 100.0)]

    def test_formula_node_falls_back_to_measured(self):
        r = Rollup(revenue_tree(), {2: {D2: 40}, 3: {D2: 60}, 1: {D1: 90}})
        assert r.series(1) == [(D1, 90.0), (D2, 100.0)]

    @pytest.mark.parametrize(
        "formula,expected", [(F.SUM, 9.0), (F.AVERAGE, 4.5), (F.PRODUCT, 18.0), (F.RATIO, 2.0),
                             (F.WEIGHTED_SUM, 6 * 0.5 + 3 * 2)],
    )  # fmt: skip
    def test_builtin_formulas_use_position_order_and_weights(self, formula, expected):
        nodes = [node(1, "P", formula=formula), node(2, "B", parent=1, position=1, weight=2.0),
                 node(3, "A", parent=1, position=0, weight=0.5)]
        assert Rollup(nodes, {3: {D1: 6}, 2: {D1: 3}}).value(1, D1) == expected

    def test_expression_may_use_any_node(self):
        nodes = revenue_tree() + [node(7, "X", formula=F.EXPRESSION, expression="max(REV, 0) * 2 - REV.OLD")]
        r = Rollup(nodes, {2: {D1: 30}, 3: {D1: 70}})
        assert r.value(7, D1) == 130

    def test_constant_expression_has_a_value_in_every_bucket(self):
        nodes = [node(1, "K", formula=F.EXPRESSION, expression="0.05"), node(2, "M")]
        r = Rollup(nodes, {2: {D1: 1, D2: 2}})
        assert r.series(1) == [(D1, 0.05), (D2, 0.05)]


class TestMismatchesAndErrors:
    def test_mismatch_recorded_relative(self):
        r = Rollup(revenue_tree(), {2: {D1: 30, D2: 40}, 3: {D1: 70, D2: 60}, 1: {D1: 100.00001, D2: 120}})
        assert r.mismatches() == [(1, D2, 100.0, 120.0)]  # 1e-7 relative is not a mismatch
        assert r.value(1, D2) == 100  # the computed value is shown
        assert r.measured(1, D2) == 120

    def test_division_by_zero_per_bucket(self):
        r = Rollup(revenue_tree(), {2: {D1: 0, D2: 5}, 3: {D1: 0, D2: 5}})
        assert r.value(4, D1) is None and r.value(4, D2) == 0.5
        assert r.errors() == {4: "division by zero: 'ALL' is 0 in the bucket of 2027-01-01"}

    def test_error_clears_when_fixed(self):
        r = Rollup(revenue_tree(), {2: {D1: 0}, 3: {D1: 0}})
        assert 4 in r.errors()
        assert r.set_measured(3, D1, 10) == {1, 3, 4, 6}
        assert r.errors() == {}

    def test_formula_cycle_reported_rest_computes(self):
        nodes = [
            node(1, "A", formula=F.EXPRESSION, expression="B + 1"),
            node(2, "B", formula=F.EXPRESSION, expression="C * 2"),
            node(3, "C", formula=F.EXPRESSION, expression="A"),
            node(4, "D", formula=F.EXPRESSION, expression="A + E"),
            node(5, "E"),
            node(6, "F", formula=F.EXPRESSION, expression="E * 3"),
        ]
        r = Rollup(nodes, {5: {D1: 2}, 1: {D1: 9}})
        errors = r.errors()
        assert errors[1] == errors[2] == errors[3] == "formula cycle: A → B → C → A"
        assert r.value(1, D1) is None  # no value in a cycle, even when measured
        assert r.value(4, D1) is None and 4 not in errors
        assert r.value(6, D1) == 6

    def test_self_reference_is_a_cycle(self):
        r = Rollup([node(1, "A", formula=F.EXPRESSION, expression="A + 1"), node(2, "B")], {2: {D1: 1}})
        assert r.errors() == {1: "formula cycle: A → A"}

    def test_sum_through_children_cycle_via_expression(self):
        nodes = [node(1, "P", formula=F.SUM), node(2, "K", parent=1, formula=F.EXPRESSION, expression="P")]
        assert Rollup(nodes, {}).errors() == {1: "formula cycle: K → P → K", 2: "formula cycle: K → P → K"}

    def test_parent_cycle(self):
        nodes = [node(1, "A", parent=2), node(2, "B", parent=1), node(3, "C", parent=1), node(4, "R")]
        r = Rollup(nodes, {1: {D1: 1}, 3: {D1: 5}, 4: {D1: 7}})
        assert r.errors() == {1: "parent links form a cycle: A → B → A", 2: "parent links form a cycle: A → B → A"}
        assert r.value(1, D1) is None and r.value(3, D1) == 5 and r.value(4, D1) == 7

    def test_structural_errors(self):
        nodes = [
            node(1, "R", formula=F.RATIO), node(2, "X", parent=1),
            node(3, "S", formula=F.SUM),
            node(4, "E", formula=F.EXPRESSION, expression="X +"),
            node(5, "U", formula=F.EXPRESSION, expression="x * 2"),
            node(6, "O", parent=99),
        ]
        errors = Rollup(nodes, {2: {D1: 1}, 3: {D1: 4}}).errors()
        assert errors[1] == "Ratio needs exactly two child nodes; this node has 1"
        assert errors[3] == "Sum formula but no child nodes"
        assert errors[4].startswith("expression cannot be read:") and "column 4" in errors[4]
        assert errors[5] == "unknown code 'x' (did you mean 'X'?) in the expression"
        assert errors[6] == "parent node id 99 does not exist"

    def test_bad_input(self):
        with pytest.raises(ValueError, match="unknown node id 9"):
            Rollup(revenue_tree(), {9: {D1: 1}})
        with pytest.raises(ValueError, match="code 'A' appears twice"):
            Rollup([node(1, "A"), node(2, "A")], {})
        with pytest.raises(ValueError, match="REV.NEW on 2027-01-01"):
            Rollup(revenue_tree(), {2: {D1: float("inf")}})
        r = Rollup(revenue_tree(), {})
        with pytest.raises(KeyError, match="unknown node id 42"):
            r.set_measured(42, D1, 1.0)


class TestIncremental:
    def test_returns_changed_ids(self):
        r = Rollup(revenue_tree(), {2: {D1: 30}, 3: {D1: 70}})
        assert r.set_measured(2, D1, 50) == {1, 2, 4, 5, 6}
        assert r.value(4, D1) == pytest.approx(50 / 120)
        assert r.set_measured(2, D1, 50) == set()

    def test_new_bucket_and_emptied_bucket(self):
        nodes = revenue_tree() + [node(7, "K", formula=F.EXPRESSION, expression="7")]
        r = Rollup(nodes, {2: {D1: 30}, 3: {D1: 70}})
        assert r.set_measured(2, D2, 5) == {2, 5, 7}
        assert r.buckets() == [D1, D2] and r.value(7, D2) == 7
        assert r.set_measured(2, D2, None) == {2, 5, 7}
        assert r.buckets() == [D1]
        assert r.set_measured(2, D3, None) == set()

    def test_copy_is_independent(self):
        r = Rollup(revenue_tree(), {2: {D1: 30}, 3: {D1: 70}})
        twin = r.copy()
        twin.set_measured(2, D1, 0)
        assert r.value(1, D1) == 100 and twin.value(1, D1) == 70

    def test_dependants(self):
        r = Rollup(revenue_tree(), {})
        assert r.dependants(2) == {1, 4, 5, 6}
        assert r.dependants(4) == set()


class TestQueries:
    def test_latest_previous_series(self):
        r = Rollup(revenue_tree(), {2: {D1: 1, D3: 3}, 3: {D1: 1, D2: 2, D3: 3}})
        assert r.series(2) == [(D1, 1.0), (D3, 3.0)]
        assert r.latest(2) == (D3, 3.0)
        assert r.previous(2, D3) == (D1, 1.0)
        assert r.previous(2, D1) is None
        assert r.previous(2, dt.date(2027, 2, 15)) == (D1, 1.0)
        assert r.latest(6) == (D3, 6.0)
        assert Rollup(revenue_tree(), {}).latest(1) is None
