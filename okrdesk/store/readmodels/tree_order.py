"""The depth-first order of a KPI tree (each node with its depth), walked in full or, after
some nodes changed their fields or places, updated by copying unchanged branches as
blocks (``moved_order``). Parent cycles and missing parents never hang the walk."""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter

from okrdesk.domain.entities import KpiNode


def depth_first(nodes: list[KpiNode]) -> list[tuple[KpiNode, int]]:
    """Nodes in depth-first order with their depth; children by (position, id).

    Nodes whose parent is missing become roots; nodes caught in a parent cycle
    (unreachable from any root) are appended as roots so they stay visible.
    """
    ids = {n.id for n in nodes}
    kids: dict[int | None, list[KpiNode]] = {}
    for node in nodes:
        parent = node.parent_id if node.parent_id in ids else None
        kids.setdefault(parent, []).append(node)
    for group in kids.values():
        group.sort(key=lambda n: (n.position, n.id))
    out: list[tuple[KpiNode, int]] = []
    seen: set[int] = set()

    def walk(start: KpiNode) -> None:
        stack = [(start, 0)]
        while stack:
            node, depth = stack.pop()
            if node.id in seen:
                continue
            seen.add(node.id)
            out.append((node, depth))
            stack.extend((child, depth + 1) for child in reversed(kids.get(node.id, [])))

    for root in kids.get(None, []):
        walk(root)
    for node in sorted(nodes, key=lambda n: (n.position, n.id)):
        if node.id not in seen:
            walk(node)
    return out


def moved_order(order: list[tuple[KpiNode, int]], fresh: dict[int, KpiNode]
                 ) -> list[tuple[KpiNode, int]] | None:
    """``order`` (``depth_first``'s) after the nodes ``fresh`` changed fields or places
    (a move, a reorder, their undo), without walking the whole
    tree: branches without a changed parent are copied as blocks (depths shifted when they
    moved), only the parents concerned (None: the roots) and their ancestors are walked
    child by child. None when a parent cycle or a missing parent is concerned: the
    caller walks everything (``depth_first``)."""
    found = moved_order_and_depths(order, fresh)
    return None if found is None else found[0]


def moved_order_and_depths(order: list[tuple[KpiNode, int]], fresh: dict[int, KpiNode]
                           ) -> tuple[list[tuple[KpiNode, int]], dict[int, int]] | None:
    """``moved_order`` and the new depth of every node whose depth changed (by id)."""
    at = {node.id: k for k, (node, _) in enumerate(order)}
    placed = {i: node for i, node in fresh.items()
              if (node.parent_id, node.position) != (order[at[i]][0].parent_id, order[at[i]][0].position)}
    if not placed:
        out = list(order)
        for i, node in fresh.items():
            out[at[i]] = (node, order[at[i]][1])
        return out, {}
    concerned: set[int | None] = set()  # None: the roots
    for i, node in placed.items():
        was, depth = order[at[i]]
        if node.parent_id is not None and node.parent_id not in at:
            return None  # a missing parent: it shows as a root
        if depth == 0 and was.parent_id in at:
            return None  # a root cut out of a parent cycle
        concerned.update((node.parent_id, was.parent_id if depth else None))

    def parent(i: int) -> int | None:
        node = fresh.get(i) or order[at[i]][0]
        return node.parent_id if node.parent_id in at else None

    if any(_inside(order, i, parent) for i in placed):
        return None
    walked: set[int] = set()  # the parents concerned and their ancestors
    for start in concerned - {None}:
        cur: int | None = start
        steps = 0
        while cur is not None and cur not in walked:
            if steps > len(order):
                return None  # an old parent cycle
            walked.add(cur)
            cur = parent(cur)
            steps += 1
    if any(order[at[i]][1] == 0 and parent(i) is not None for i in walked):
        return None  # a root cut out of a parent cycle: walk everything

    levels = list(map(itemgetter(1), order))  # the depths, searched at C speed (list.index)

    def block(i: int) -> tuple[int, int]:
        """Where ``i``'s descendants lie in ``order``: up to the next node as shallow as ``i``."""
        start = at[i] + 1
        end = len(levels)
        for level in range(levels[start - 1] + 1):
            end = _find(levels, level, start, end)
        return start, end

    def children(i: int) -> list[int]:
        start, end = block(i)
        kids = [order[k][0].id for k in _every(levels, levels[start - 1] + 1, start, end)]
        kids = [k for k in kids if k not in placed]
        if i in concerned:
            kids += [c for c, node in placed.items() if node.parent_id == i]
            kids.sort(key=lambda c: ((fresh.get(c) or order[at[c]][0]).position, c))
        return kids

    out: list[tuple[KpiNode, int]] = []
    deeper: dict[int, int] = {}  # id -> new depth, where it changed
    blocks: list[tuple[int, int, int]] = []  # (start in order, its end, start in out) of each copy

    roots = [order[k][0].id for k in _every(levels, 0, 0, len(levels))]
    roots = [i for i in roots if i not in placed]
    if None in concerned:
        if any(order[at[i]][0].parent_id in at for i in roots):
            return None  # roots cut out of a parent cycle come last: walk everything
        roots += [i for i, node in placed.items() if node.parent_id is None]
        roots.sort(key=lambda i: ((fresh.get(i) or order[at[i]][0]).position, i))
    # Each node with its new depth, its branch copied as a block unless walked child by child
    # (a stack, not a recursive closure: no reference cycle keeps the index alive for the
    # garbage collector to find).
    pending = [(root, 0) for root in reversed(roots)]
    while pending:
        i, depth = pending.pop()
        blocks.append((at[i], at[i] + 1, len(out)))
        out.append((order[at[i]][0], depth))
        if depth != order[at[i]][1]:
            deeper[i] = depth
        if i in walked:
            pending.extend((kid, depth + 1) for kid in reversed(children(i)))
            continue
        start, end = block(i)
        blocks.append((start, end, len(out)))
        shift = depth - order[at[i]][1]
        if not shift:
            out.extend(order[start:end])
            continue
        shifted = [(node, d + shift) for node, d in order[start:end]]
        out.extend(shifted)
        deeper.update({node.id: d for node, d in shifted})
    if len(out) != len(order):
        return None
    for i, node in fresh.items():  # the changed nodes themselves, wherever they were copied to
        k = next(to + at[i] - start for start, end, to in blocks if start <= at[i] < end)
        out[k] = (node, out[k][1])
    return out, deeper


def _find(levels: list[int], level: int, start: int, end: int) -> int:
    """The first index of ``level`` in ``levels[start:end]``, else ``end``."""
    try:
        return levels.index(level, start, end)
    except ValueError:
        return end


def _every(levels: list[int], level: int, start: int, end: int) -> list[int]:
    """Every index of ``level`` in ``levels[start:end]``, ascending."""
    found = []
    k = _find(levels, level, start, end)
    while k < end:
        found.append(k)
        k = _find(levels, level, k + 1, end)
    return found


def _inside(order: list[tuple[KpiNode, int]], moved: int, parent: Callable[[int], int | None]) -> bool:
    """Whether ``moved``'s new parent lies inside ``moved``'s own branch (a parent cycle)."""
    cur = parent(moved)
    for _ in range(len(order)):
        if cur is None:
            return False
        if cur == moved:
            return True
        cur = parent(cur)
    return True
