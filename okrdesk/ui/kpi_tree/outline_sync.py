"""Bring the Outline model's tree shape to a new one with fine-grained signals.

``TreeShape`` is the model's structure (children per parent, each node's parent
and row). ``sync_shape`` turns the current shape into the wanted one the way a
user's edit would: removed subtrees go (one removal each), moved nodes move with
their subtrees (taken out and put back: one removal and one insertion), new nodes
come (a new subtree at once) — never a reset, so views keep expansion, selection
and scroll position (outline_items.py keeps a moved subtree's).

Order matters for Qt: removals first; then parents are settled top-down (breadth
first over the wanted tree), so when a node moves under a parent, that parent's
ancestors are already final and cannot lie inside the moved node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass
class TreeShape:
    """Children (in row order) of every parent (None: the roots), and the reverse maps."""

    children: dict[int | None, list[int]] = field(default_factory=lambda: {None: []})
    parent: dict[int, int | None] = field(default_factory=dict)
    row: dict[int, int] = field(default_factory=dict)

    @classmethod
    def from_children(cls, children: dict[int | None, list[int]]) -> TreeShape:
        """A shape from children lists (every node must appear in exactly one list)."""
        shape = cls({None: [], **{k: list(v) for k, v in children.items()}})
        for pid, kids in shape.children.items():
            for i, nid in enumerate(kids):
                shape.parent[nid] = pid
                shape.row[nid] = i
        for nid in list(shape.parent):
            shape.children.setdefault(nid, [])
        return shape

    def differing(self, children: dict[int | None, list[int]]) -> list[int | None]:
        """Parents whose children ``children`` (parents without children may be left out)
        gives differently from this shape."""
        mine = self.children
        out = [pid for pid, kids in children.items() if mine.get(pid, []) != kids]
        out += [pid for pid, kids in mine.items() if kids and pid not in children]
        return out

    def patched(self, changes: dict[int | None, list[int]]) -> TreeShape:
        """A copy whose parents in ``changes`` have those children; nodes that left them
        without a new place are gone with their subtrees. The same as ``from_children``
        of the whole new tree, but built from what changed."""
        shape = TreeShape({**self.children, **{pid: list(kids) for pid, kids in changes.items()}},
                          dict(self.parent), dict(self.row))
        placed: set[int] = set()
        for pid, kids in changes.items():
            for i, nid in enumerate(kids):
                shape.parent[nid] = pid
                shape.row[nid] = i
                shape.children.setdefault(nid, [])
                placed.add(nid)
        for pid in changes:
            for nid in self.children.get(pid, ()):
                if nid not in placed:
                    stack = [nid]
                    while stack:  # its subtree, but not what moved out of it
                        dead = stack.pop()
                        if dead in placed and dead != nid:
                            continue
                        shape.parent.pop(dead, None)
                        shape.row.pop(dead, None)
                        shape.children.pop(dead, None)
                        stack.extend(self.children.get(dead, ()))
        return shape

    def renumber(self, pid: int | None, start: int = 0) -> None:
        """Refresh the rows of ``pid``'s children from ``start`` on."""
        kids = self.children[pid]
        for i in range(start, len(kids)):
            self.row[kids[i]] = i

    def subtree(self, nid: int) -> list[int]:
        """``nid`` and all its descendants."""
        out, stack = [], [nid]
        while stack:
            cur = stack.pop()
            out.append(cur)
            stack.extend(self.children.get(cur, ()))
        return out


class _Model(Protocol):
    shape: TreeShape

    def remove_item(self, pid: int | None, row: int) -> None: ...
    def take_item(self, nid: int) -> Any: ...
    def put_item(self, nid: int, item: Any) -> None: ...
    def add_items(self, nid: int, pid: int | None, row: int, children: dict[int | None, list[int]]) -> None: ...
    def mark_leaf(self, pid: int | None) -> None: ...


def sync_shape(model: _Model, wanted: TreeShape, parents: list[int | None] | None = None) -> int:
    """Change ``model.shape`` into ``wanted`` step by step; returns the number of signals
    sent. ``parents``: the only parents whose children may differ (None: any)."""
    shape = model.shape
    signals = 0
    # 1. Removals: the top-most node of every removed subtree, one signal each.
    if parents is None:
        gone = set(shape.parent) - set(wanted.parent)
        tops = [n for n in gone if shape.parent[n] not in gone]
    else:  # a removed subtree's top was a child of a parent whose children changed
        tops = [n for pid in parents if pid is None or pid in wanted.parent
                for n in shape.children.get(pid, ()) if n not in wanted.parent]
    for nid in tops:
        pid, row = shape.parent[nid], shape.row[nid]
        model.remove_item(pid, row)
        for dead in shape.subtree(nid):
            shape.parent.pop(dead, None)
            shape.row.pop(dead, None)
            shape.children.pop(dead, None)
        del shape.children[pid][row]
        shape.renumber(pid, row)
        model.mark_leaf(pid)
        signals += 1
    # 2. Parents top-down: move or insert each wanted child into its row. Where the row
    #    holds a node that belongs further down or elsewhere, that node moves away first
    #    (one signal), so one moved node never shifts its former siblings one by one.
    #    Only parents whose children differ are visited (a parent whose list matches can
    #    only change through one that differs), shallowest first.
    for pid in _differing_parents(shape, wanted, parents):
        for i, nid in enumerate(wanted.children.get(pid, ())):
            kids = shape.children.setdefault(pid, [])
            budget = len(kids)  # a bound, so evictions always end
            while budget and i < len(kids) and kids[i] != nid and _evict(model, shape, wanted, kids[i], pid, i, nid):
                signals += 1
                budget -= 1
            if i < len(kids) and kids[i] == nid:
                continue
            signals += 1
            if nid in shape.parent:
                _move(model, shape, nid, pid, i)
            else:
                _insert(model, shape, wanted, nid, pid, i)
    return signals


def _differing_parents(shape: TreeShape, wanted: TreeShape, parents: list[int | None] | None
                       ) -> list[int | None]:
    """Parents of ``wanted`` (among ``parents`` when given) whose children list differs
    from ``shape``'s, top-down (by depth in ``wanted``, then by their place there, as a
    breadth-first walk meets them)."""
    have = shape.children
    candidates = wanted.children if parents is None else {p: wanted.children.get(p, []) for p in parents
                                                          if p is None or p in wanted.parent}
    differing = [pid for pid, kids in candidates.items() if have.get(pid, []) != kids]

    def place(pid: int | None) -> tuple[int, list[int]]:
        path: list[int] = []
        while pid is not None:
            path.append(wanted.row[pid])
            pid = wanted.parent[pid]
        return len(path), path[::-1]

    return sorted(differing, key=place)


def _evict(model: _Model, shape: TreeShape, wanted: TreeShape, occupant: int, pid: int | None, i: int,
           nid: int) -> bool:
    """Move ``occupant`` (at row ``i`` of ``pid``, where ``nid`` belongs) straight to its
    wanted place when that is safe and cheaper than bringing ``nid`` in; False otherwise
    (the caller moves ``nid`` in)."""
    if occupant not in wanted.parent:
        return False
    target, row = wanted.parent[occupant], wanted.row[occupant]
    if target == pid:
        # A reorder within ``pid``: move whichever of the two travels further (one signal
        # either way; the other one then usually sits where it belongs already).
        if row <= i or nid not in shape.parent or shape.parent[nid] != pid or row - i <= shape.row[nid] - i:
            return False
        _move(model, shape, occupant, pid, min(row, len(shape.children[pid]) - 1))
        return True
    if target is not None and target not in shape.parent:
        return False  # its new parent is not there yet
    cur = target
    while cur is not None:  # never under itself
        if cur == occupant:
            return False
        cur = shape.parent.get(cur)
    _move(model, shape, occupant, target, min(row, len(shape.children.setdefault(target, []))))
    return True


def _move(model: _Model, shape: TreeShape, nid: int, pid: int | None, i: int) -> None:
    """Move ``nid`` to row ``i`` (its final row) of ``pid``."""
    src, j = shape.parent[nid], shape.row[nid]
    if src == pid and i == j:
        return
    item = model.take_item(nid)
    del shape.children[src][j]
    shape.children.setdefault(pid, []).insert(i, nid)
    shape.parent[nid] = pid
    shape.renumber(src, j if src != pid else min(i, j))
    if src != pid:
        shape.renumber(pid, i)
    model.put_item(nid, item)
    if src != pid:
        model.mark_leaf(src)


def _insert(model: _Model, shape: TreeShape, wanted: TreeShape, nid: int, pid: int | None, i: int) -> None:
    """Insert ``nid``; when its whole wanted subtree is new, insert that subtree at once."""
    whole = wanted.subtree(nid)
    fresh = all(n not in shape.parent for n in whole)
    shape.children[pid].insert(i, nid)
    shape.parent[nid] = pid
    shape.renumber(pid, i)
    shape.children[nid] = []
    if fresh:
        for node in whole:
            kids = wanted.children.get(node, [])
            shape.children[node] = list(kids)
            for r, kid in enumerate(kids):
                shape.parent[kid] = node
                shape.row[kid] = r
    model.add_items(nid, pid, i, shape.children)
