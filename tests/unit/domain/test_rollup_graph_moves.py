"""The rollup graph after moves: ``moved_graph`` updates only the parents concerned and
must equal a fresh ``build_graph``; anything else it declines (None)."""

from __future__ import annotations

import random
from dataclasses import replace

from okrdesk.domain.entities import FormulaKind as F
from okrdesk.domain.entities import KpiNode
from okrdesk.domain.rollup_graph import build_graph, moved_graph

KINDS = [F.NONE, F.NONE, F.SUM, F.AVERAGE, F.PRODUCT, F.RATIO]


def random_tree(rng: random.Random, size: int) -> list[KpiNode]:
    nodes = []
    for i in range(1, size + 1):
        parent = rng.randrange(1, i) if i > 1 and rng.random() < 0.9 else None
        nodes.append(KpiNode(i, f"N{i}", f"n{i}", parent_id=parent, formula=rng.choice(KINDS),
                             position=rng.randrange(0, 5)))
    return nodes


def same(a, b) -> bool:
    return (a.children == b.children and a.deps == b.deps and a.errors == b.errors and a.dead == b.dead
            and [sorted(x) for x in a.dependants] == [sorted(x) for x in b.dependants]
            and all(a.rank[d] < a.rank[i] for i in range(len(a.nodes)) for d in a.deps[i] if d not in a.dead))


def test_random_moves_give_the_fresh_graph():
    rng = random.Random(7)
    nodes = random_tree(rng, 300)
    graph = build_graph(nodes)
    used = 0
    for _ in range(400):
        k = rng.randrange(len(nodes))
        target = rng.choice([None, *(n.id for n in nodes)])
        up, by_id = target, {n.id: n for n in nodes}
        while up is not None and up != nodes[k].id:
            up = by_id[up].parent_id
        if up is not None:
            continue  # under itself: the store refuses it
        new = list(nodes)
        new[k] = replace(nodes[k], parent_id=target, position=rng.randrange(0, 5))
        incremental, fresh = moved_graph(graph, new), build_graph(new)
        if incremental is not None:
            used += 1
            assert same(incremental, fresh)
        nodes, graph = new, incremental or fresh
    assert used > 80  # most moves are incremental (declined: parents with formula errors)


def test_old_graph_is_left_as_it_was():
    nodes = [KpiNode(1, "A", "a", formula=F.SUM), KpiNode(2, "B", "b", parent_id=1),
             KpiNode(3, "C", "c", formula=F.SUM), KpiNode(4, "D", "d", parent_id=3)]
    old = build_graph(nodes)
    before = (list(map(list, old.children)), list(map(list, old.deps)), list(map(list, old.dependants)))
    moved = moved_graph(old, [*nodes[:3], replace(nodes[3], parent_id=1, position=1)])
    assert moved is not None and moved.deps[0] == [1, 3] and moved.errors[2].startswith("Sum formula")
    assert (list(map(list, old.children)), list(map(list, old.deps)), list(map(list, old.dependants))) == before


def test_declines_what_is_not_a_move():
    nodes = [KpiNode(1, "A", "a", formula=F.SUM), KpiNode(2, "B", "b", parent_id=1),
             KpiNode(3, "C", "c", formula=F.EXPRESSION, expression="A"), KpiNode(4, "D", "d", parent_id=3)]
    graph = build_graph(nodes)
    assert moved_graph(graph, [replace(nodes[0], formula=F.AVERAGE), *nodes[1:]]) is None  # a formula
    assert moved_graph(graph, [*nodes[:3], replace(nodes[3], code="E")]) is None  # a code
    assert moved_graph(graph, [*nodes[:3], replace(nodes[3], parent_id=99)]) is None  # a missing parent
    assert moved_graph(graph, nodes[:3]) is None  # a node fewer
    # C computes from A; A summing C (a new dependency later in the order) makes a cycle
    cycle = [nodes[0], nodes[1], replace(nodes[2], parent_id=1, position=1), nodes[3]]
    assert moved_graph(graph, cycle) is None
    assert build_graph(cycle).dead  # the fresh build finds the cycle


def test_rollup_with_moved_nodes_equals_a_fresh_rollup():
    """``Rollup.with_nodes`` (only the changed nodes given) computes what a fresh rollup of
    the new tree computes, names every node whose values changed, and leaves the old
    rollup as it was."""
    import datetime as dt

    import numpy as np

    from okrdesk.domain.rollup import Rollup

    rng = random.Random(5)
    nodes = [replace(n, formula=F.WEIGHTED_SUM) if rng.random() < 0.2 else n for n in random_tree(rng, 120)]
    days = [dt.date(2027, m, 1) for m in (1, 2, 3)]
    measured = {n.id: {d: float(rng.randrange(1, 50)) for d in days if rng.random() < 0.8}
                for n in nodes if rng.random() < 0.9}
    rollup = Rollup(nodes, measured)
    for step in range(150):
        by_id = {n.id: n for n in nodes}
        k = rng.randrange(len(nodes))
        target = rng.choice([None, *by_id])
        up = target
        while up is not None and up != nodes[k].id:
            up = by_id[up].parent_id
        if up is not None:
            continue  # under itself: the store refuses it
        fresh = {nodes[k].id: replace(nodes[k], parent_id=target, position=rng.randrange(0, 5))}
        if rng.random() < 0.3:  # a field edit beside the move
            other = rng.choice(nodes)
            fresh[other.id] = replace(fresh.get(other.id, other), weight=float(rng.randrange(1, 4)))
        before = rollup._values.copy()
        moved, recomputed = rollup.with_nodes(fresh)
        nodes = [fresh.get(n.id, n) for n in nodes]
        expected = Rollup(nodes, measured)
        assert np.array_equal(moved._values, expected._values, equal_nan=True), step
        assert moved.errors() == expected.errors(), step
        assert np.array_equal(rollup._values, before, equal_nan=True)  # the old one untouched
        differ = ~((moved._values == before) | (np.isnan(moved._values) & np.isnan(before))).all(axis=1)
        assert {nodes[i].id for i in np.flatnonzero(differ)} <= recomputed, step
        rollup = moved
