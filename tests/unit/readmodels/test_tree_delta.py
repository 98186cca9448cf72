"""``TreeReadModel.delta_from``: a tree the cache derived incrementally from another names
exactly the rows and the parents' children lists that differ (checked against comparing
every row and every children list), and gives the rows and children of a fresh read;
for any other pair of trees it says nothing (None)."""

from __future__ import annotations

import datetime as dt
import gc
import random
from dataclasses import astuple
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrdesk.domain.entities import FormulaKind
from okrdesk.store.errors import ValidationError
from okrdesk.store.readmodels.cache import TreeCache
from okrdesk.store.readmodels.tree import TreeDelta, TreeReadModel
from okrdesk.store.workspace import Workspace

D = dt.date
DAYS = (None, D(2027, 1, 15), D(2027, 2, 15))
SIZE = 14


@pytest.fixture
def generated(tmp_path: Path):
    """A workspace of SIZE nodes in a few branches, sums and averages over measured leaves,
    values in three months (one seed: the same tree every run)."""
    rng = random.Random(11)
    ws = Workspace.create(tmp_path / "generated.okrdesk")
    svc = ws.service
    ids: list[int] = []
    for k in range(SIZE):
        parent = rng.choice(ids) if ids and rng.random() < 0.8 else None
        formula = rng.choice([FormulaKind.NONE, FormulaKind.NONE, FormulaKind.SUM, FormulaKind.AVERAGE])
        ids.append(svc.create_node(f"N{k}", f"Node {k}", parent_id=parent, formula=formula).id)
    for node_id in ids:
        for month in (12, 1, 2):
            if rng.random() < 0.7:
                day = D(2026 if month == 12 else 2027, month, rng.randrange(1, 28))
                svc.set_measurement(node_id, day, float(rng.randrange(1, 100)))
    try:
        yield svc, ids
    finally:
        ws.close()


def brute_delta(new: TreeReadModel, old: TreeReadModel) -> TreeDelta:
    """The delta found by comparing every row and every parent's children."""
    rows = frozenset(i for i in new.ids & old.ids
                     if (a := new.row(i)) is not (b := old.row(i)) and a != b)
    kids_new, kids_old = new.child_ids(), old.child_ids()
    parents = frozenset(p for p in kids_new.keys() | kids_old.keys() if kids_new.get(p, []) != kids_old.get(p, []))
    return TreeDelta(rows, parents, new.ids == old.ids)


STEP = st.tuples(st.sampled_from(["move", "reorder", "value", "field", "undo"]),
                 st.integers(0, SIZE - 1), st.integers(0, SIZE), st.integers(0, 4),
                 st.booleans())  # look at the trees after this step (else edits pile up)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=8))
def test_the_delta_of_a_derived_tree_is_exact(generated, steps) -> None:
    svc, ids = generated
    cache = TreeCache(svc)
    trees = {day: cache.tree(day) for day in DAYS}
    undo: list = []
    for k, (op, a, b, c, look) in enumerate(steps):
        node = ids[a]
        try:
            if op == "move":
                target = None if b == SIZE else ids[b]
                undo.append(svc.move_nodes([node], target, c))
            elif op == "reorder":
                parent = svc.kpi_nodes_by_id([node])[0].parent_id
                undo.append(svc.move_nodes([node], parent, c))
            elif op == "value":
                svc.change_measurements(node, upserts=[(D(2027, 1 + c % 2, 1 + b), float(b * 10 + c))])
            elif op == "field":
                changes = [{"name": f"Renamed {b}"}, {"target": float(b)}, {"weight": 1.0 + c},
                           {"formula": ["sum", "average", "none"][c % 3]}, {"code": f"X{a}.{b}"}][c]
                svc.update_node(node, **changes)
            elif undo:
                svc.restore_places(undo.pop())
        except ValidationError:  # a move under itself or a code taken: refused, nothing changed
            pass
        if not look and k < len(steps) - 1:
            continue
        loads = cache.loads
        for day in DAYS:
            old, new = trees[day], cache.tree(day)
            delta = new.delta_from(old)
            if new is not old and cache.loads == loads:
                assert delta is not None, (op, day)
            if delta is not None:
                assert delta == brute_delta(new, old), (op, day)
            fresh = TreeReadModel.load(svc, day)
            assert [astuple(r) for r in new.rows] == [astuple(r) for r in fresh.rows], (op, day)
            assert new.child_ids() == fresh.child_ids(), (op, day)
            assert new.ids == fresh.ids
            trees[day] = new


def test_a_delta_only_from_the_tree_it_was_derived_from(small_tree) -> None:
    svc, ids = small_tree.service, small_tree.ids
    cache = TreeCache(svc)
    first = cache.tree(D(2027, 2, 15))
    places = svc.move_nodes([ids["EXP"]], ids["CHURN"], 0)
    second = cache.tree(D(2027, 2, 15))
    delta = second.delta_from(first)
    assert delta == brute_delta(second, first)
    assert delta.parents == {ids["REV"], ids["CHURN"]} and ids["EXP"] in delta.rows and delta.same_ids
    svc.restore_places(places)
    third = cache.tree(D(2027, 2, 15))
    assert third.delta_from(second) == brute_delta(third, second)
    assert third.delta_from(first) is None  # not derived directly from it
    assert first.delta_from(third) is None and first.delta_from(first) is None  # read afresh
    assert TreeReadModel.load(svc, D(2027, 2, 15)).delta_from(second) is None
    del second
    gc.collect()  # the derived tree never keeps its source alive
    assert third.delta_from(cache.tree(D(2027, 2, 15))) is None


def test_a_value_edit_names_only_the_rows_it_changed(small_tree) -> None:
    svc, ids = small_tree.service, small_tree.ids
    cache = TreeCache(svc)
    first = cache.tree(D(2027, 2, 15))
    svc.set_measurement(ids["NEW"], D(2027, 2, 6), 30.0)
    second = cache.tree(D(2027, 2, 15))
    assert second.delta_from(first) == TreeDelta(frozenset({ids["NEW"], ids["REV"]}), frozenset(), True)
