"""The KPI tree rollup: every node's value in every time bucket.

* A measured node (formula NONE) takes its measured value for the bucket.
* A formula node is computed from its dependencies for that bucket (children
  for the built-in formulas, referenced codes for an expression); a missing
  input makes the computed value missing. Where a computed value exists it is
  shown; where it does not (missing inputs, or a formula error) the node falls
  back to its own measured value, if it has one.
* Where a formula node has both a computed and a measured value that differ
  by more than a relative 1e-6, the pair is reported as a mismatch.
* Nodes in a cycle (parent links or formula dependencies) have no value and an
  error naming the codes in the cycle; the rest of the tree still computes.
* A node can be *pinned* to a value in one bucket (what-if): while pinned, that
  value is shown whatever its own formula or measurement says, and every
  dependant computes from it. Pins are not data: ``measured``, ``computed``,
  ``mismatches`` and ``errors`` ignore them, and unpinning gives back exactly
  the values the node had before.

The buckets are the dates that carry at least one measured value. Values are
held in NumPy arrays (node × bucket) so a full rollup of thousands of nodes
takes milliseconds, and :meth:`Rollup.set_measured` recomputes only the
dependants of the edited node for the edited bucket.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import heapq
import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from okrdesk.domain.entities import FormulaKind, KpiNode
from okrdesk.domain.rollup_compute import compute_builtin, compute_expression
from okrdesk.domain.rollup_graph import TreeGraph, build_graph, moved_graph_and_parents

MISMATCH_TOLERANCE = 1e-6

Mismatch = tuple[int, dt.date, float, float]  # node id, bucket, computed, measured


def _clean(value: float | None, where: str) -> float:
    if value is None:
        return math.nan
    value = float(value)
    if math.isinf(value):
        raise ValueError(f"{where}: {value} is not a finite number")
    return value


class Rollup:
    """Values of every node of a KPI tree per bucket, kept up to date incrementally."""

    def __init__(
        self,
        nodes: Sequence[KpiNode],
        measured: Mapping[int, Mapping[dt.date, float | None]],
    ) -> None:
        self._g: TreeGraph = build_graph(nodes)
        for node_id in measured:
            if node_id not in self._g.index:
                raise ValueError(f"measured values given for unknown node id {node_id}")
        dates: set[dt.date] = set()
        for per_node in measured.values():
            dates.update(per_node)
        buckets = sorted(dates)
        bindex = {d: b for b, d in enumerate(buckets)}
        n = len(self._g.nodes)
        grid = np.full((n, len(buckets)), np.nan)
        for node_id, per_node in measured.items():
            if not per_node:
                continue
            i = self._g.index[node_id]
            cols = np.fromiter((bindex[d] for d in per_node), dtype=np.intp, count=len(per_node))
            row = np.array(list(per_node.values()), dtype=np.float64)  # None -> NaN
            if np.isinf(row).any():
                day = list(per_node)[int(np.flatnonzero(np.isinf(row))[0])]
                raise ValueError(
                    f"{self._g.nodes[i].code} on {day}: measured value is not a finite number"
                )
            grid[i, cols] = row
        counts = (~np.isnan(grid)).sum(axis=0)
        if counts.size and not counts.all():  # dates whose values were all None
            keep = np.flatnonzero(counts)
            grid, counts = grid[:, keep], counts[keep]
            buckets = [buckets[k] for k in keep]
        self._buckets: list[dt.date] = buckets
        self._bindex = {d: b for b, d in enumerate(buckets)}
        self._measured = grid
        self._counts = counts
        width = len(buckets)
        self._computed = np.full((n, width), np.nan)
        self._values = np.full((n, width), np.nan)
        self._cell_errors: dict[int, dict[dt.date, str]] = {}
        self._pins: dict[int, dict[dt.date, float]] = {}  # node index -> bucket -> pinned value
        self._recompute_columns(slice(None))

    # ----------------------------------------------------------------- compute
    def _evaluate(self, i: int, cols: slice) -> tuple[np.ndarray, np.ndarray | None, str]:
        """Node ``i``'s formula over the buckets ``cols``: (values, failed mask, message)."""
        g = self._g
        deps = g.deps[i]
        width = len(self._buckets[cols])
        if not deps and g.exprs[i] is None:
            return np.full(width, np.nan), None, ""
        values = self._values

        def row(j: int) -> np.ndarray:
            return values[j, cols]

        if g.exprs[i] is not None:
            return compute_expression(g.exprs[i], g.code_index, row, width)
        weights = [g.nodes[d].weight for d in deps]
        den = g.nodes[deps[1]].code if len(deps) > 1 else ""
        return compute_builtin(FormulaKind(g.nodes[i].formula), deps, weights, row, den)

    def _compute_node(self, i: int, cols: slice) -> None:
        computed, failed, message = self._evaluate(i, cols)
        self._computed[i, cols] = computed
        measured = self._measured[i, cols]
        self._values[i, cols] = np.where(np.isnan(computed), measured, computed)
        self._set_cell_errors(i, cols, failed, message)
        pins = self._pins.get(i)
        if pins:
            start, stop, _ = cols.indices(len(self._buckets))
            for day, value in pins.items():
                b = self._bindex[day]
                if start <= b < stop:
                    self._values[i, b] = value

    def _set_cell_errors(self, i: int, cols: slice, failed: np.ndarray | None, message: str) -> None:
        held = self._cell_errors.get(i)
        days = self._buckets[cols]
        if held:
            for day in days:
                held.pop(day, None)
        if failed is not None:
            held = self._cell_errors.setdefault(i, {})
            failing = np.flatnonzero(failed)
            start = cols.start or 0
            for k in failing:
                # One evaluation over many buckets yields one message, maybe from another
                # bucket (another divisor is 0 there); each failed bucket takes its own (rare).
                own = message if len(days) == 1 else self._evaluate(i, slice(start + k, start + k + 1))[2]
                held[days[k]] = own or message
        if held is not None and not held:
            del self._cell_errors[i]

    def _recompute_columns(self, cols: slice) -> None:
        for i in self._g.order:
            self._compute_node(i, cols)

    # ------------------------------------------------------------ incremental
    def set_measured(self, node_id: int, bucket: dt.date, value: float | None) -> set[int]:
        """Set (or clear, with None) one measured value; returns ids whose value changed.

        Only the node itself and its dependants (ancestors with built-in
        formulas and expressions referring to it, transitively) are
        recomputed, and only for ``bucket``.
        """
        g = self._g
        if node_id not in g.index:
            raise KeyError(f"unknown node id {node_id}")
        i = g.index[node_id]
        new = _clean(value, f"{g.nodes[i].code} on {bucket}")
        b = self._bindex.get(bucket)
        if b is None:
            if math.isnan(new):
                return set()
            return self._add_bucket(i, bucket, new)
        old = self._measured[i, b]
        if (math.isnan(old) and math.isnan(new)) or old == new:
            return set()
        self._measured[i, b] = new
        self._counts[b] += (0 if math.isnan(new) else 1) - (0 if math.isnan(old) else 1)
        if self._counts[b] == 0:
            return self._drop_bucket(b)
        return self._propagate(i, b)

    def _propagate(self, start: int, b: int) -> set[int]:
        g = self._g
        if start in g.dead:
            return set()
        cols = slice(b, b + 1)
        changed: set[int] = set()
        queue = [(g.rank[start], start)]
        queued = {start}
        while queue:
            _, i = heapq.heappop(queue)
            before = self._values[i, b]
            self._compute_node(i, cols)
            after = self._values[i, b]
            if before == after or (math.isnan(before) and math.isnan(after)):
                continue
            changed.add(g.nodes[i].id)
            for j in g.dependants[i]:
                if j not in queued:
                    queued.add(j)
                    heapq.heappush(queue, (g.rank[j], j))
        return changed

    # ------------------------------------------------------------------- pins
    def pin(self, node_id: int, bucket: dt.date, value: float) -> set[int]:
        """Show ``value`` for the node in ``bucket`` whatever its formula or measurement
        says (what-if); its dependants recompute. Returns ids whose value changed.

        KeyError for an unknown node; ValueError for a value that is not a finite
        number, a bucket without any value in the tree, or a node in a cycle."""
        g = self._g
        i = self._row(node_id)
        code = g.nodes[i].code
        if value is None:
            raise ValueError(f"{code} on {bucket}: a pinned value is needed (unpin to clear it)")
        new = _clean(value, f"{code} on {bucket}")
        if math.isnan(new):
            raise ValueError(f"{code} on {bucket}: a pinned value must be a number")
        b = self._bindex.get(bucket)
        if b is None:
            raise ValueError(f"{code}: the tree has no values in the bucket of {bucket}")
        if i in g.dead:
            raise ValueError(f"{code} is in a cycle and has no value to pin: {g.errors[i]}")
        self._pins.setdefault(i, {})[bucket] = new
        return self._propagate(i, b)

    def unpin(self, node_id: int, bucket: dt.date) -> set[int]:
        """Drop the pin of the node in ``bucket`` (nothing when there is none); returns
        ids whose value changed back."""
        i = self._row(node_id)
        pins = self._pins.get(i)
        if not pins or bucket not in pins:
            return set()
        del pins[bucket]
        if not pins:
            del self._pins[i]
        return self._propagate(i, self._bindex[bucket])

    def pinned(self, node_id: int, bucket: dt.date) -> float | None:
        """The value the node is pinned to in ``bucket``, or None."""
        return self._pins.get(self._row(node_id), {}).get(bucket)

    def pins(self) -> dict[int, dict[dt.date, float]]:
        """Every pin: node id -> bucket -> value."""
        return {self._g.nodes[i].id: dict(p) for i, p in self._pins.items()}

    def _add_bucket(self, i: int, bucket: dt.date, value: float) -> set[int]:
        b = bisect.bisect_left(self._buckets, bucket)
        self._buckets.insert(b, bucket)
        self._bindex = {d: k for k, d in enumerate(self._buckets)}
        self._measured = np.insert(self._measured, b, np.nan, axis=1)
        self._computed = np.insert(self._computed, b, np.nan, axis=1)
        self._values = np.insert(self._values, b, np.nan, axis=1)
        self._counts = np.insert(self._counts, b, 1)
        self._measured[i, b] = value
        self._recompute_columns(slice(b, b + 1))
        return {self._g.nodes[k].id for k in np.flatnonzero(~np.isnan(self._values[:, b]))}

    def _drop_bucket(self, b: int) -> set[int]:
        changed = {self._g.nodes[k].id for k in np.flatnonzero(~np.isnan(self._values[:, b]))}
        bucket = self._buckets.pop(b)
        self._bindex = {d: k for k, d in enumerate(self._buckets)}
        self._measured = np.delete(self._measured, b, axis=1)
        self._computed = np.delete(self._computed, b, axis=1)
        self._values = np.delete(self._values, b, axis=1)
        self._counts = np.delete(self._counts, b)
        for held in (self._cell_errors, self._pins):
            for i in list(held):
                held[i].pop(bucket, None)
                if not held[i]:
                    del held[i]
        return changed

    def restructured(self, nodes: Sequence[KpiNode]) -> tuple[Rollup, set[int]]:
        """A copy for ``nodes`` — the same ids in the same order, some with new places or
        fields (a move, a reorder, a formula edit) — and the ids it recomputed.

        The graph is rebuilt; only nodes whose dependencies, formula or weights of
        their inputs changed are recomputed, with their dependants, over every bucket.
        Measured values are kept (a changed time aggregation needs a fresh read).
        """
        return self._restructured(list(nodes), None)

    def with_nodes(self, fresh: Mapping[int, KpiNode]) -> tuple[Rollup, set[int]]:
        """``restructured`` for our nodes with those of ``fresh`` (by id) in their place,
        without looking at the other nodes when only places changed (a move, a reorder,
        their undo). KeyError naming the id for a node this rollup does not have."""
        nodes = list(self._g.nodes)
        at = [self._row(node_id) for node_id in fresh]
        for i, node in zip(at, fresh.values()):
            nodes[i] = node
        return self._restructured(nodes, at)

    def _restructured(self, nodes: list[KpiNode], candidates: list[int] | None) -> tuple[Rollup, set[int]]:
        """``restructured``; ``candidates``: the only indices where ``nodes`` may differ from
        ours (None: any)."""
        old = self._g
        found = moved_graph_and_parents(old, nodes, candidates)
        twin = self.copy()
        if found is not None:  # no cycles; only places changed: the change is local
            g, redone = found
            edited = {i for i in (range(len(nodes)) if candidates is None else candidates)
                      if nodes[i] is not old.nodes[i] and nodes[i] != old.nodes[i]}
            dirty = redone | edited  # their dependants follow below
        else:
            g = build_graph(nodes)
            if len(g.nodes) != len(old.nodes) or any(a.id != b.id for a, b in zip(g.nodes, old.nodes)):
                raise ValueError("restructured() needs the same nodes in the same order")
            edited = {i for i, (a, b) in enumerate(zip(g.nodes, old.nodes)) if a is not b and a != b}
            dirty = {i for i in range(len(g.nodes))
                     if g.deps[i] != old.deps[i] or i in edited or (i in g.dead) != (i in old.dead)
                     or any(d in edited for d in g.deps[i])}
        twin._g = g
        for i in g.dead & dirty:
            twin._computed[i, :] = np.nan
            twin._values[i, :] = np.nan
            twin._cell_errors.pop(i, None)
        todo = set(dirty)
        stack = list(dirty)
        while stack:
            for j in g.dependants[stack.pop()]:
                if j not in todo:
                    todo.add(j)
                    stack.append(j)
        everything = slice(None)
        for i in sorted((i for i in todo if i in g.rank), key=g.rank.__getitem__):  # dependencies first
            twin._compute_node(i, everything)
        return twin, {g.nodes[i].id for i in todo}

    def node(self, node_id: int) -> KpiNode:
        """The node with this id as the rollup has it; KeyError naming the id when unknown."""
        return self._g.nodes[self._row(node_id)]

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._g.index

    def nodes(self) -> list[KpiNode]:
        """The nodes of the rollup in its own order (as given to the constructor)."""
        return list(self._g.nodes)

    def copy(self) -> Rollup:
        """An independent copy, for what-if edits that must not touch this one."""
        twin = copy.copy(self)
        twin._buckets = list(self._buckets)
        twin._bindex = dict(self._bindex)
        twin._measured = self._measured.copy()
        twin._computed = self._computed.copy()
        twin._values = self._values.copy()
        twin._counts = self._counts.copy()
        twin._cell_errors = {i: dict(e) for i, e in self._cell_errors.items()}
        twin._pins = {i: dict(p) for i, p in self._pins.items()}
        return twin

    # ---------------------------------------------------------------- queries
    def _row(self, node_id: int) -> int:
        try:
            return self._g.index[node_id]
        except KeyError:
            raise KeyError(f"unknown node id {node_id}") from None

    @staticmethod
    def _float(x: float) -> float | None:
        return None if math.isnan(x) else float(x)

    def code(self, node_id: int) -> str:
        """The code of a node (for messages)."""
        return self._g.nodes[self._row(node_id)].code

    def buckets(self) -> list[dt.date]:
        """All buckets, ascending: the dates that carry a measured value."""
        return list(self._buckets)

    def value(self, node_id: int, bucket: dt.date) -> float | None:
        """The shown value of a node in a bucket (None when it has none)."""
        i = self._row(node_id)
        b = self._bindex.get(bucket)
        return None if b is None else self._float(self._values[i, b])

    def measured(self, node_id: int, bucket: dt.date) -> float | None:
        """The node's own measured value in a bucket."""
        i = self._row(node_id)
        b = self._bindex.get(bucket)
        return None if b is None else self._float(self._measured[i, b])

    def computed(self, node_id: int, bucket: dt.date) -> float | None:
        """The value a formula node's formula gives for a bucket (None for measured nodes)."""
        i = self._row(node_id)
        b = self._bindex.get(bucket)
        return None if b is None else self._float(self._computed[i, b])

    def series(self, node_id: int) -> list[tuple[dt.date, float]]:
        """(bucket, value) pairs of a node, ascending, buckets without a value left out."""
        row = self._values[self._row(node_id)]
        return [(self._buckets[b], float(row[b])) for b in np.flatnonzero(~np.isnan(row))]

    def latest(self, node_id: int) -> tuple[dt.date, float] | None:
        """The latest bucket with a value and that value, or None."""
        row = self._values[self._row(node_id)]
        present = np.flatnonzero(~np.isnan(row))
        if present.size == 0:
            return None
        b = int(present[-1])
        return self._buckets[b], float(row[b])

    def previous(self, node_id: int, bucket: dt.date) -> tuple[dt.date, float] | None:
        """The latest bucket strictly before ``bucket`` with a value, or None."""
        row = self._values[self._row(node_id)]
        end = bisect.bisect_left(self._buckets, bucket)
        present = np.flatnonzero(~np.isnan(row[:end]))
        if present.size == 0:
            return None
        b = int(present[-1])
        return self._buckets[b], float(row[b])

    def precedents(self, node_id: int) -> set[int]:
        """Ids of every node this node's value is computed from, directly or not."""
        g = self._g
        seen: set[int] = set()
        stack = [self._row(node_id)]
        while stack:
            for j in g.deps[stack.pop()]:
                if j not in seen and j not in g.dead:
                    seen.add(j)
                    stack.append(j)
        return {g.nodes[j].id for j in seen}

    def dependants(self, node_id: int) -> set[int]:
        """Ids of every node whose value is computed, directly or not, from this node."""
        g = self._g
        seen: set[int] = set()
        stack = [self._row(node_id)]
        while stack:
            for j in g.dependants[stack.pop()]:
                if j not in seen:
                    seen.add(j)
                    stack.append(j)
        return {g.nodes[j].id for j in seen}

    def mismatches(self, node_ids: Iterable[int] | None = None) -> list[Mismatch]:
        """(node id, bucket, computed, measured) where both exist and differ (relative 1e-6);
        ``node_ids``: only for these nodes."""
        c, m = self._computed, self._measured
        if node_ids is not None:
            rows = np.array(sorted(self._g.index[n] for n in node_ids if n in self._g.index), dtype=np.intp)
            c, m = c[rows], m[rows]
            with np.errstate(invalid="ignore"):
                differ = np.abs(c - m) > MISMATCH_TOLERANCE * np.maximum(np.abs(c), np.abs(m))
            r, cols = np.nonzero(differ & ~np.isnan(c) & ~np.isnan(m))
            return [(self._g.nodes[int(rows[i])].id, self._buckets[b], float(c[i, b]), float(m[i, b]))
                    for i, b in zip(r.tolist(), cols.tolist())]
        with np.errstate(invalid="ignore"):
            scale = np.maximum(np.abs(c), np.abs(m))
            differ = np.abs(c - m) > MISMATCH_TOLERANCE * scale
        rows, cols = np.nonzero(differ & ~np.isnan(c) & ~np.isnan(m))
        return [
            (self._g.nodes[i].id, self._buckets[b], float(c[i, b]), float(m[i, b]))
            for i, b in zip(rows.tolist(), cols.tolist())
        ]

    def errors(self) -> dict[int, str]:
        """Problems per node id: cycles, unreadable formulas, division by zero…"""
        out = {self._g.nodes[i].id: msg for i, msg in self._g.errors.items()}
        for i, cells in self._cell_errors.items():
            node_id = self._g.nodes[i].id
            if node_id in out or not cells:
                continue
            first = min(cells)
            more = len(cells) - 1
            extra = f" (and {more} later bucket{'s' if more != 1 else ''})" if more else ""
            out[node_id] = f"{cells[first]} in the bucket of {first.isoformat()}{extra}"
        return out
