"""The tree's depth-first order after moves, reorders and field edits: the incremental
``moved_order`` must give exactly the fresh ``depth_first`` (or decline with None)."""

from __future__ import annotations

import random
from dataclasses import replace

from okrdesk.domain.entities import KpiNode
from okrdesk.store.readmodels.tree_order import depth_first, moved_order, moved_order_and_depths


def test_random_edits_give_the_fresh_order():
    rng = random.Random(3)
    nodes = [KpiNode(i, f"N{i}", f"n{i}", position=rng.randrange(0, 6),
                     parent_id=rng.randrange(1, i) if i > 1 and rng.random() < 0.95 else None)
             for i in range(1, 300)]
    order = depth_first(nodes)
    used = 0
    for step in range(1500):
        fresh: dict[int, KpiNode] = {}
        for _ in range(rng.choice([1, 1, 2, 3])):
            node = nodes[rng.randrange(len(nodes))]
            node = fresh.get(node.id, node)
            roll = rng.random()
            if roll < 0.1:
                node = replace(node, name=f"renamed {step}")
            elif roll < 0.2:
                node = replace(node, parent_id=None, position=rng.randrange(0, 6))
            else:  # anywhere, parent cycles and all: those must be declined or handled
                node = replace(node, parent_id=rng.choice(nodes).id, position=rng.randrange(0, 6))
            fresh[node.id] = node
        nodes = [fresh.get(n.id, n) for n in nodes]
        expected = depth_first(nodes)
        got = moved_order(order, fresh)
        if got is not None:
            used += 1
            assert [(n, d) for n, d in got] == expected, step
            before = {n.id: d for n, d in order}
            _, deeper = moved_order_and_depths(order, fresh)
            assert deeper == {n.id: d for n, d in expected if before[n.id] != d}, step
        order = expected
    assert used > 600  # the usual case is incremental


def test_a_branch_moved_under_another_root_keeps_its_block():
    nodes = [KpiNode(1, "A", "a"), KpiNode(2, "A.1", "a1", parent_id=1),
             KpiNode(3, "A.1.1", "a11", parent_id=2), KpiNode(4, "B", "b", position=1)]
    order = depth_first(nodes)
    moved = replace(nodes[1], parent_id=4, position=0)
    got = moved_order(order, {2: moved})
    assert got == [(nodes[0], 0), (nodes[3], 0), (moved, 1), (nodes[2], 2)]
