"""A tidy top-down layout of a forest of boxes (Reingold–Tilford, Walker, Buchheim).

``tidy_layout`` places every box of a forest so that

* boxes of one depth share a row (rows are as tall as their tallest box) and
  never overlap: neighbours keep at least ``sibling_gap`` between them
  (``subtree_gap`` between boxes of different parents);
* children keep their order from left to right;
* a parent is centred over the span of its children's boxes;
* a subtree is drawn the same wherever it sits (Reingold–Tilford's aesthetic),
  and small subtrees between big ones are spread evenly (Walker);
* the whole run is linear in the number of nodes (Buchheim, Jünger and Leipert,
  "Improving Walker's algorithm to run in linear time", 2002), written without
  recursion so a 10,000-deep chain lays out too.

The layout is a pure function of the structure, the order and the box sizes:
an edit that changes neither (a value, a name that fits the same box) moves
nothing. Children of a ``collapsed`` node take no room. Variable box sizes are
allowed: the distance two neighbours need is half of each width plus the gap.

No Qt here: the canvas turns the boxes into graphics items.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

NodeId = Hashable

DEFAULT_SIBLING_GAP = 24.0
DEFAULT_SUBTREE_GAP = 40.0
DEFAULT_LEVEL_GAP = 72.0


@dataclass(frozen=True, slots=True)
class Box:
    """A placed box: top-left corner, size and depth (0 for a root)."""

    x: float
    y: float
    width: float
    height: float
    depth: int

    @property
    def centre_x(self) -> float:
        """Horizontal centre of the box."""
        return self.x + self.width / 2.0

    @property
    def right(self) -> float:
        """Right edge."""
        return self.x + self.width

    @property
    def bottom(self) -> float:
        """Bottom edge."""
        return self.y + self.height


@dataclass(frozen=True)
class TreeLayout:
    """Where every laid-out box is. ``boxes`` holds the visible nodes only (not
    the descendants of collapsed ones); ``width`` and ``height`` enclose them all,
    starting at (0, 0). ``row_tops``/``row_heights`` describe the rows by depth."""

    boxes: dict[NodeId, Box]
    width: float
    height: float
    row_tops: tuple[float, ...]
    row_heights: tuple[float, ...]


class _Node:
    """Working record of one node (Buchheim's fields)."""

    __slots__ = ("key", "width", "height", "parent", "kids", "number", "depth",
                 "prelim", "mod", "shift", "change", "thread", "ancestor", "midpoint")

    def __init__(self, key: NodeId, width: float, height: float, parent: _Node | None, number: int, depth: int):
        self.key = key
        self.width = width
        self.height = height
        self.parent = parent
        self.kids: list[_Node] = []
        self.number = number  # index among siblings
        self.depth = depth
        self.prelim = 0.0
        self.mod = 0.0
        self.shift = 0.0
        self.change = 0.0
        self.thread: _Node | None = None
        self.ancestor: _Node = self
        self.midpoint = 0.0


def tidy_layout(
    roots: Sequence[NodeId],
    children: Mapping[NodeId, Sequence[NodeId]],
    sizes: Mapping[NodeId, tuple[float, float]],
    *,
    collapsed: Collection[NodeId] = (),
    sibling_gap: float = DEFAULT_SIBLING_GAP,
    subtree_gap: float = DEFAULT_SUBTREE_GAP,
    level_gap: float = DEFAULT_LEVEL_GAP,
) -> TreeLayout:
    """Lay out the forest ``roots`` top-down.

    ``children[n]``: the children of ``n`` in order (missing: a leaf);
    ``sizes[n]``: (width, height) of ``n``'s box, for every visible node;
    ``collapsed``: nodes whose descendants are hidden (they take no room).
    Raises ValueError naming the node when a size is missing or not positive,
    or when a node is reached twice (a cycle or a shared child).
    """
    if sibling_gap < 0 or subtree_gap < 0 or level_gap < 0:
        raise ValueError("Layout gaps must not be negative.")
    folded = set(collapsed)
    virtual = _Node(None, 0.0, 0.0, None, 0, -1)
    order: list[_Node] = []  # pre-order, the virtual root first
    seen: set[NodeId] = set()
    stack: list[tuple[_Node, NodeId, int]] = [(virtual, key, i) for i, key in reversed(list(enumerate(roots)))]
    order.append(virtual)
    while stack:
        parent, key, number = stack.pop()
        if key in seen:
            raise ValueError(f"Tree layout: node {key!r} is reached twice (a cycle or a shared child).")
        seen.add(key)
        width, height = _size_of(key, sizes)
        node = _Node(key, width, height, parent, number, parent.depth + 1)
        parent.kids.append(node)
        order.append(node)
        if key not in folded:
            kids = children.get(key, ())
            stack.extend((node, kid, i) for i, kid in reversed(list(enumerate(kids))))
    if not virtual.kids:
        return TreeLayout({}, 0.0, 0.0, (), ())

    gaps = (sibling_gap, subtree_gap)
    # First walk, bottom-up: children are finished before their parent (reverse pre-order).
    for node in reversed(order):
        _first_walk_inner(node, gaps)
    virtual.prelim = virtual.midpoint
    # Second walk, top-down: absolute centres are the preliminary x plus the ancestors' mods.
    centres: dict[NodeId, float] = {}
    mods: list[tuple[_Node, float]] = [(kid, 0.0) for kid in virtual.kids]
    while mods:
        node, modsum = mods.pop()
        centres[node.key] = node.prelim + modsum
        inner = modsum + node.mod
        mods.extend((kid, inner) for kid in node.kids)
    return _place(order[1:], centres, level_gap)


def _size_of(key: NodeId, sizes: Mapping[NodeId, tuple[float, float]]) -> tuple[float, float]:
    try:
        width, height = sizes[key]
    except KeyError:
        raise ValueError(f"Tree layout: no box size for node {key!r}.") from None
    if not (width > 0 and height > 0):
        raise ValueError(f"Tree layout: node {key!r} has a box of {width}×{height}; sizes must be positive.")
    return float(width), float(height)


def _distance(left: _Node, right: _Node, gaps: tuple[float, float]) -> float:
    """How far apart the centres of two neighbours on one row must be."""
    siblings = left.parent is right.parent and left.depth > 0  # roots are kept further apart
    gap = gaps[0] if siblings else gaps[1]
    return (left.width + right.width) / 2.0 + gap


def _first_walk_inner(node: _Node, gaps: tuple[float, float]) -> None:
    """Place ``node``'s children relative to each other and compute its midpoint.
    (Buchheim's FIRSTWALK minus the part that needs the left sibling, which runs
    here for each child in order, right before that child's APPORTION.)"""
    kids = node.kids
    if not kids:
        return
    default_ancestor = kids[0]
    previous: _Node | None = None
    for kid in kids:
        if previous is None:
            kid.prelim = kid.midpoint if kid.kids else 0.0
        else:
            kid.prelim = previous.prelim + _distance(previous, kid, gaps)
            if kid.kids:
                kid.mod = kid.prelim - kid.midpoint
        default_ancestor = _apportion(kid, default_ancestor, gaps)
        previous = kid
    _execute_shifts(node)
    first, last = kids[0], kids[-1]
    # Centre over the span of the children's boxes (outer edges).
    node.midpoint = ((first.prelim - first.width / 2.0) + (last.prelim + last.width / 2.0)) / 2.0


def _left_sibling(node: _Node) -> _Node | None:
    if node.parent is None or node.number == 0:
        return None
    return node.parent.kids[node.number - 1]


def _next_left(node: _Node) -> _Node | None:
    return node.kids[0] if node.kids else node.thread


def _next_right(node: _Node) -> _Node | None:
    return node.kids[-1] if node.kids else node.thread


def _apportion(v: _Node, default_ancestor: _Node, gaps: tuple[float, float]) -> _Node:
    """Push ``v``'s subtree right until it clears every subtree to its left."""
    w = _left_sibling(v)
    if w is None:
        return default_ancestor
    vir = vor = v
    vil = w
    vol = v.parent.kids[0]  # type: ignore[union-attr]
    sir = sor = v.mod
    sil = vil.mod
    sol = vol.mod
    while True:
        nr = _next_right(vil)
        nl = _next_left(vir)
        if nr is None or nl is None:
            break
        vil, vir = nr, nl
        vol = _next_left(vol)  # type: ignore[assignment]
        vor = _next_right(vor)  # type: ignore[assignment]
        vor.ancestor = v
        shift = (vil.prelim + sil) - (vir.prelim + sir) + _distance(vil, vir, gaps)
        if shift > 0:
            ancestor = vil.ancestor if vil.ancestor.parent is v.parent else default_ancestor
            _move_subtree(ancestor, v, shift)
            sir += shift
            sor += shift
        sil += vil.mod
        sir += vir.mod
        sol += vol.mod
        sor += vor.mod
    right_of_left = _next_right(vil)
    if right_of_left is not None and _next_right(vor) is None:
        vor.thread = right_of_left
        vor.mod += sil - sor
    left_of_right = _next_left(vir)
    if left_of_right is not None and _next_left(vol) is None:
        vol.thread = left_of_right
        vol.mod += sir - sol
        default_ancestor = v
    return default_ancestor


def _move_subtree(wl: _Node, wr: _Node, shift: float) -> None:
    subtrees = wr.number - wl.number
    if subtrees <= 0:
        subtrees = 1
    wr.change -= shift / subtrees
    wr.shift += shift
    wl.change += shift / subtrees
    wr.prelim += shift
    wr.mod += shift


def _execute_shifts(node: _Node) -> None:
    shift = change = 0.0
    for kid in reversed(node.kids):
        kid.prelim += shift
        kid.mod += shift
        change += kid.change
        shift += kid.shift + change


def _place(nodes: list[_Node], centres: dict[NodeId, float], level_gap: float) -> TreeLayout:
    """Turn centres and depths into boxes, rows top-down, the whole starting at x = 0."""
    depth_count = max(n.depth for n in nodes) + 1
    heights = [0.0] * depth_count
    for n in nodes:
        if n.height > heights[n.depth]:
            heights[n.depth] = n.height
    tops = [0.0] * depth_count
    for d in range(1, depth_count):
        tops[d] = tops[d - 1] + heights[d - 1] + level_gap
    left = min(centres[n.key] - n.width / 2.0 for n in nodes)
    boxes: dict[NodeId, Box] = {}
    right = 0.0
    for n in nodes:
        x = centres[n.key] - n.width / 2.0 - left
        # Boxes sit at the top of their row, so connectors meet every box at the same height.
        boxes[n.key] = Box(x, tops[n.depth], n.width, n.height, n.depth)
        right = max(right, x + n.width)
    height = tops[-1] + heights[-1]
    return TreeLayout(boxes, right, height, tuple(tops), tuple(heights))


def shelf_layout(
    roots: Sequence[NodeId],
    children: Mapping[NodeId, Sequence[NodeId]],
    sizes: Mapping[NodeId, tuple[float, float]],
    *,
    collapsed: Collection[NodeId] = (),
    aspect: float = 1.6,
    sibling_gap: float = DEFAULT_SIBLING_GAP,
    subtree_gap: float = DEFAULT_SUBTREE_GAP,
    level_gap: float = DEFAULT_LEVEL_GAP,
) -> TreeLayout:
    """Lay out a forest as tidy trees packed on shelves, for a picture about
    ``aspect`` times as wide as it is tall (a forest of many small trees side by
    side would be a long thin strip).

    Each root's tree is laid out by :func:`tidy_layout`; trees keep their order,
    left to right and then shelf by shelf, and a shelf is never narrower than the
    widest tree. ``row_tops``/``row_heights`` are those of the shelves.
    """
    trees = [tidy_layout([root], children, sizes, collapsed=collapsed, sibling_gap=sibling_gap,
                         subtree_gap=subtree_gap, level_gap=level_gap) for root in roots]
    if not trees:
        return TreeLayout({}, 0.0, 0.0, (), ())
    area = sum((t.width + subtree_gap) * (t.height + level_gap) for t in trees)
    wrap = max(max(t.width for t in trees), (area * aspect) ** 0.5)
    shelves: list[list[TreeLayout]] = [[]]
    used = 0.0
    for tree in trees:
        extra = tree.width if not shelves[-1] else subtree_gap + tree.width
        if shelves[-1] and used + extra > wrap:
            shelves.append([])
            extra, used = tree.width, 0.0
        shelves[-1].append(tree)
        used += extra
    boxes: dict[NodeId, Box] = {}
    top = 0.0
    width = 0.0
    tops, heights = [], []
    for shelf in shelves:
        x = 0.0
        shelf_height = max(t.height for t in shelf)
        for tree in shelf:
            for key, b in tree.boxes.items():
                boxes[key] = Box(b.x + x, b.y + top, b.width, b.height, b.depth)
            x += tree.width + subtree_gap
        width = max(width, x - subtree_gap)
        tops.append(top)
        heights.append(shelf_height)
        top += shelf_height + level_gap
    return TreeLayout(boxes, width, top - level_gap, tuple(tops), tuple(heights))
