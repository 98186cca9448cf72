"""The tidy tree layout: no overlaps, order kept, parents centred, stable, fast."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrdesk.domain.tree_layout import Box, TreeLayout, shelf_layout, tidy_layout

GAP = 24.0
SUBTREE_GAP = 40.0
EPS = 1e-6


@st.composite
def forests(draw, max_nodes: int = 60):
    """(roots, children, sizes, collapsed) of a random forest with random box sizes."""
    count = draw(st.integers(1, max_nodes))
    parents: list[int | None] = [None]
    for i in range(1, count):
        parents.append(draw(st.one_of(st.none(), st.integers(0, i - 1))) if draw(st.booleans()) else
                       draw(st.integers(0, i - 1)))
    widths = draw(st.lists(st.sampled_from([40.0, 120.0, 232.0, 260.0, 310.5]), min_size=count, max_size=count))
    heights = draw(st.lists(st.sampled_from([30.0, 104.0, 118.0]), min_size=count, max_size=count))
    children: dict[int, list[int]] = {}
    roots = []
    for i, p in enumerate(parents):
        if p is None:
            roots.append(i)
        else:
            children.setdefault(p, []).append(i)
    collapsed = set(draw(st.lists(st.integers(0, count - 1), max_size=3)))
    sizes = {i: (widths[i], heights[i]) for i in range(count)}
    return roots, children, sizes, collapsed


def _visible_children(layout: TreeLayout, children: dict[int, list[int]], node: int) -> list[int]:
    return [c for c in children.get(node, []) if c in layout.boxes]


@settings(max_examples=300, deadline=None)
@given(forests())
def test_no_two_boxes_overlap(forest):
    roots, children, sizes, collapsed = forest
    layout = tidy_layout(roots, children, sizes, collapsed=collapsed, sibling_gap=GAP, subtree_gap=SUBTREE_GAP)
    boxes = list(layout.boxes.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart_x = a.right + GAP - EPS <= b.x or b.right + GAP - EPS <= a.x
            apart_y = a.bottom <= b.y or b.bottom <= a.y
            assert apart_x or apart_y, f"{a} overlaps {b}"


@settings(max_examples=300, deadline=None)
@given(forests())
def test_children_ordered_and_parent_centred(forest):
    roots, children, sizes, collapsed = forest
    layout = tidy_layout(roots, children, sizes, collapsed=collapsed)
    for node, box in layout.boxes.items():
        kids = _visible_children(layout, children, node)
        if not kids:
            continue
        kid_boxes = [layout.boxes[k] for k in kids]
        for left, right in zip(kid_boxes, kid_boxes[1:]):
            assert left.right < right.x, "children must stay in order, left to right"
        span_centre = (kid_boxes[0].x + kid_boxes[-1].right) / 2.0
        assert box.centre_x == pytest.approx(span_centre, abs=1e-6)
        assert all(k.y > box.bottom for k in kid_boxes), "children sit below their parent"
    tops = [layout.boxes[r].x for r in roots]
    assert tops == sorted(tops), "roots stay in order"


@settings(max_examples=200, deadline=None)
@given(forests())
def test_collapsed_branches_take_no_room(forest):
    roots, children, sizes, collapsed = forest
    layout = tidy_layout(roots, children, sizes, collapsed=collapsed)
    hidden = set()
    stack = [c for n in collapsed for c in children.get(n, [])]
    while stack:
        n = stack.pop()
        hidden.add(n)
        stack.extend(children.get(n, []))
    reachable = set(sizes) - hidden
    assert set(layout.boxes) == reachable
    # The layout equals that of the pruned tree: hidden nodes leave no gap behind.
    pruned = {n: [c for c in kids if c not in hidden] for n, kids in children.items() if n not in collapsed}
    assert tidy_layout(roots, pruned, sizes).boxes == layout.boxes


@settings(max_examples=100, deadline=None)
@given(forests(), st.integers(0, 10_000))
def test_layout_depends_only_on_structure_and_sizes(forest, salt):
    roots, children, sizes, collapsed = forest
    first = tidy_layout(roots, children, sizes, collapsed=collapsed)
    shuffled_sizes = dict(sorted(sizes.items(), key=lambda kv: hash((kv[0], salt))))
    again = tidy_layout(list(roots), {k: list(v) for k, v in children.items()}, shuffled_sizes, collapsed=collapsed)
    assert again == first


def test_a_subtree_keeps_its_shape_where_it_sits():
    """A parent with three children looks the same alone and inside a bigger tree."""
    sizes = {i: (100.0, 50.0) for i in range(10)}
    alone = tidy_layout([0], {0: [1, 2, 3]}, sizes)
    inside = tidy_layout([9], {9: [4, 0], 4: [5, 6], 0: [1, 2, 3]}, sizes)
    offset = inside.boxes[0].x - alone.boxes[0].x
    for n in (1, 2, 3):
        assert inside.boxes[n].x - alone.boxes[n].x == pytest.approx(offset)


def test_small_subtrees_between_big_ones_are_spread_evenly():
    """Walker's fix: leaves between two wide subtrees are spaced evenly."""
    sizes = {i: (10.0, 10.0) for i in range(20)}
    children = {0: [1, 2, 3, 4], 1: [5, 6, 7, 8, 9, 10], 4: [11, 12, 13, 14, 15, 16]}
    layout = tidy_layout([0], children, sizes, sibling_gap=5.0, subtree_gap=5.0)
    xs = [layout.boxes[n].centre_x for n in (1, 2, 3, 4)]
    steps = [b - a for a, b in zip(xs, xs[1:])]
    assert steps == pytest.approx([steps[0]] * 3)


def test_rows_share_a_top_and_leave_the_level_gap():
    sizes = {0: (100.0, 80.0), 1: (100.0, 120.0), 2: (100.0, 60.0), 3: (50.0, 50.0)}
    layout = tidy_layout([0], {0: [1, 2], 2: [3]}, sizes, level_gap=70.0)
    assert layout.boxes[1].y == layout.boxes[2].y == 150.0
    assert layout.boxes[3].y == 150.0 + 120.0 + 70.0
    assert layout.row_heights == (80.0, 120.0, 50.0)
    assert layout.height == layout.boxes[3].bottom
    assert min(b.x for b in layout.boxes.values()) == 0.0
    assert layout.width == max(b.right for b in layout.boxes.values())


def test_a_deep_chain_needs_no_recursion():
    n = 10_000
    children = {i: [i + 1] for i in range(n - 1)}
    layout = tidy_layout([0], children, {i: (10.0, 10.0) for i in range(n)})
    assert len({b.x for b in layout.boxes.values()}) == 1
    assert layout.boxes[n - 1].depth == n - 1


def test_empty_forest():
    assert tidy_layout([], {}, {}) == TreeLayout({}, 0.0, 0.0, (), ())


def test_bad_input_names_the_node():
    with pytest.raises(ValueError, match="no box size for node 2"):
        tidy_layout([1], {1: [2]}, {1: (10.0, 10.0)})
    with pytest.raises(ValueError, match="node 1 has a box of 0"):
        tidy_layout([1], {}, {1: (0.0, 10.0)})
    with pytest.raises(ValueError, match="node 1 is reached twice"):
        tidy_layout([1], {1: [2], 2: [1]}, {1: (10.0, 10.0), 2: (10.0, 10.0)})


def test_box_edges():
    box = Box(10.0, 20.0, 100.0, 50.0, 1)
    assert (box.centre_x, box.right, box.bottom) == (60.0, 110.0, 70.0)


def _random_tree(n: int, seed: int) -> tuple[list[int], dict[int, list[int]], dict[int, tuple[float, float]]]:
    rng = random.Random(seed)
    children: dict[int, list[int]] = {}
    for i in range(1, n):
        children.setdefault(rng.randrange(max(0, i - 400), i), []).append(i)
    return [0], children, {i: (rng.choice([232.0, 260.0]), rng.choice([104.0, 118.0])) for i in range(n)}


def test_five_thousand_nodes_lay_out_without_overlap():
    # Its speed is measured by `make bench` (tests/benchmarks/bench_canvas.py).
    roots, children, sizes = _random_tree(5_000, seed=7)
    layout = tidy_layout(roots, children, sizes)
    assert len(layout.boxes) == 5_000
    by_row: dict[float, list[tuple[float, float]]] = {}
    for box in layout.boxes.values():
        by_row.setdefault(box.y, []).append((box.x, box.x + box.width))
    for spans in by_row.values():
        spans.sort()
        assert all(a_end <= b_start + 1e-6 for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


@settings(max_examples=200, deadline=None)
@given(forests(), st.sampled_from([1.0, 1.6, 3.0]))
def test_shelves_keep_trees_apart_whole_and_in_order(forest, aspect):
    roots, children, sizes, collapsed = forest
    layout = shelf_layout(roots, children, sizes, collapsed=collapsed, aspect=aspect, sibling_gap=GAP,
                          subtree_gap=SUBTREE_GAP)
    boxes = list(layout.boxes.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart_x = a.right + GAP - EPS <= b.x or b.right + GAP - EPS <= a.x
            apart_y = a.bottom <= b.y or b.bottom <= a.y
            assert apart_x or apart_y, f"{a} overlaps {b}"
    # Each tree is the tidy layout of that root, moved as a whole.
    for root in roots:
        alone = tidy_layout([root], children, sizes, collapsed=collapsed)
        dx = layout.boxes[root].x - alone.boxes[root].x
        dy = layout.boxes[root].y - alone.boxes[root].y
        for key, box in alone.boxes.items():
            assert layout.boxes[key] == Box(box.x + dx, box.y + dy, box.width, box.height, box.depth)
    # Roots in reading order: shelf by shelf, left to right.
    places = [(layout.boxes[r].y, layout.boxes[r].x) for r in roots]
    assert places == sorted(places)
    assert layout.width == pytest.approx(max(b.right for b in boxes))


def test_a_forest_of_many_small_trees_packs_into_a_wide_rectangle():
    sizes = {i: (200.0, 100.0) for i in range(40)}
    layout = shelf_layout(list(range(40)), {}, sizes, aspect=1.6, subtree_gap=40.0, level_gap=80.0)
    assert 1.0 < layout.width / layout.height < 3.0
