"""TreeCache follows the KPI tree's own tables: OKR edits keep the read, value edits
catch up incrementally (and give exactly the rows of a fresh read), other tree
edits read everything again."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrdesk.store.errors import ValidationError
from okrdesk.store.readmodels.cache import TreeCache
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.store.write_log import TreeWriteLog

D = dt.date
DAYS = (None, D(2026, 12, 31), D(2027, 1, 15), D(2027, 2, 15))


def _rows(tree: TreeReadModel) -> list[tuple]:
    return [astuple(r) for r in tree.rows]


def _same_as_fresh(cache: TreeCache, svc) -> None:
    for day in DAYS:
        assert _rows(cache.tree(day)) == _rows(TreeReadModel.load(svc, day)), day


def test_okr_edits_do_not_touch_the_tree_read(small_tree) -> None:
    svc = small_tree.service
    cache = TreeCache(svc)
    first = cache.tree(D(2027, 2, 15))
    period = svc.create_period("Q1 2027", D(2027, 1, 1), D(2027, 3, 31))
    objective = svc.create_objective("Grow", period.id, None)
    svc.update_objective(objective.id, title="Grow faster")
    assert cache.tree(D(2027, 2, 15)) is first and cache.loads == 1
    svc.update_node(small_tree.ids["NEW"], name="New logos")
    renamed = cache.tree(D(2027, 2, 15))
    assert renamed is not first and renamed.row(small_tree.ids["NEW"]).node.name == "New logos"
    svc.create_node("NEWER", "A new node")  # not declared in detail: read again
    assert "NEWER" in {r.node.code for r in cache.tree(D(2027, 2, 15)).rows} and cache.loads == 2


def test_a_value_edit_catches_up_without_reading_the_tree(small_tree) -> None:
    svc, ids = small_tree.service, small_tree.ids
    cache = TreeCache(svc)
    first = cache.tree(D(2027, 2, 15))
    svc.set_measurement(ids["NEW"], D(2027, 2, 6), 30.0)
    after = cache.tree(D(2027, 2, 15))
    assert cache.loads == 1 and cache.catch_ups == 1
    assert after.row(ids["NEW"]).value == 150.0 and after.row(ids["REV"]).value == 190.0
    assert first.row(ids["NEW"]).value == 120.0 and first.value_at(ids["NEW"], D(2027, 2, 1)) == 120.0
    assert after.row(ids["CHURN"]) is first.row(ids["CHURN"])  # untouched rows are reused
    _same_as_fresh(cache, svc)


def test_deleting_the_only_value_of_a_bucket_and_a_mismatch_appearing(small_tree) -> None:
    svc, ids = small_tree.service, small_tree.ids
    cache = TreeCache(svc)
    cache.tree(D(2027, 2, 15))
    gone = next(m for m in svc.measurements(ids["EXP"]) if m.date == D(2027, 2, 10))
    svc.delete_measurement(gone.id)
    svc.change_measurements(ids["REV"], upserts=[(D(2027, 2, 1), 999.0)])  # REV is a sum: mismatch
    assert cache.tree(D(2027, 2, 15)).row(ids["REV"]).mismatch
    assert cache.loads == 1
    _same_as_fresh(cache, svc)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(["NEW", "EXP", "REV", "CHURN"]),
                                st.dates(D(2026, 10, 1), D(2027, 3, 31)),
                                st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False))),
                      min_size=1, max_size=6))
def test_any_value_edits_give_the_rows_of_a_fresh_read(small_tree, edits) -> None:
    svc, ids = small_tree.service, small_tree.ids
    cache = TreeCache(svc)
    for day in DAYS:
        cache.tree(day)
    loads = cache.loads
    for code, day, value in edits:
        if value is None:
            svc.change_measurements(ids[code], deletes=[day])
        else:
            svc.change_measurements(ids[code], upserts=[(day, value)])
    _same_as_fresh(cache, svc)
    assert cache.loads == loads


def test_the_write_log_names_tables_and_forgets_nothing_it_cannot_follow() -> None:
    log = TreeWriteLog()
    log.record({"objectives", "key_results"})
    assert log.revision == 0
    log.record({"<select>"})
    assert log.revision == 0
    change = ("values", 1, (D(2027, 1, 1),))
    log.record({"measurements"}, [change], {"measurements"})
    assert log.since(0) == [change]
    log.record({"measurements"})  # a bulk write without details
    assert log.since(0) is None and log.since(1) is None and log.since(2) == []
    log.record(set())  # nothing seen (a raw write): counted
    assert log.revision == 3


def test_moves_reorders_and_formula_edits_catch_up_to_the_rows_of_a_fresh_read(small_tree) -> None:
    svc, ids = small_tree.service, small_tree.ids
    cache = TreeCache(svc)
    for day in DAYS:
        cache.tree(day)
    loads = cache.loads  # the recent and the whole-history read
    places = svc.move_nodes([ids["EXP"]], ids["CHURN"], 0)  # REV loses a summand
    _same_as_fresh(cache, svc)
    assert cache.tree(D(2027, 2, 15)).row(ids["REV"]).value == 120.0
    svc.move_nodes([ids["CHURN"]], None, 0)  # reorder the roots
    _same_as_fresh(cache, svc)
    svc.update_node(ids["REV"], formula="average", name="Revenue (mean)")
    _same_as_fresh(cache, svc)
    svc.update_node(ids["BAD"], expression="REV * 2")  # the broken expression now computes
    _same_as_fresh(cache, svc)
    assert cache.tree(D(2027, 2, 15)).row(ids["BAD"]).error is None
    svc.restore_places(places)
    _same_as_fresh(cache, svc)
    assert cache.loads == loads and cache.catch_ups >= 5
    svc.update_node(ids["NEW"], aggregation="last")  # folding changes: read again
    _same_as_fresh(cache, svc)
    assert cache.loads > loads


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(["move", "value", "formula", "undo"]),
                                st.integers(0, 4), st.integers(0, 5), st.floats(-1e3, 1e3)),
                      min_size=1, max_size=8))
def test_random_moves_values_and_formula_edits_match_a_fresh_read(small_tree, steps) -> None:
    svc, ids = small_tree.service, small_tree.ids
    codes = ["REV", "NEW", "EXP", "CHURN", "BAD"]
    cache = TreeCache(svc)
    for day in DAYS:
        cache.tree(day)
    undo: list = []
    for op, a, b, value in steps:
        node = ids[codes[a]]
        if op == "move":
            target = None if b >= len(codes) else ids[codes[b]]
            try:
                undo.append(svc.move_nodes([node], target, b))
            except ValidationError:  # a move under itself: refused, nothing changed
                pass
        elif op == "value":
            svc.change_measurements(node, upserts=[(D(2027, 1 + b % 2, 1 + b), value)])
        elif op == "formula":
            svc.update_node(node, formula=["sum", "average", "none", "product"][b % 4])
        elif undo:
            svc.restore_places(undo.pop())
        _same_as_fresh(cache, svc)
