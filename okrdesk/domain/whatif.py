"""What-if analysis on a KPI tree rollup: goal seek and root cause.

* :func:`goal_seek` finds the value a *driver* node must take in one bucket for
  a *target* node (the driver itself or one of its dependants) to reach a
  wanted value. The driver may be measured or computed: it is pinned
  (:meth:`Rollup.pin`) on a copy of the rollup (the original is never touched),
  so a computed driver's own formula is set aside while it is tried. The search
  is a bisection, assuming the target responds monotonically to the driver:
  the bracket grows geometrically from the driver's current value on both
  sides until the target crosses the wanted value. Pins already on the rollup
  (what-if values) stay in place; a pin on the target or between the driver and
  the target holds the target still, and the result says so.
* :func:`root_cause` splits the change of a formula node between two buckets
  into the contributions of its formula inputs (its children for the built-in
  formulas, the referenced nodes for an expression). The split is exactly
  additive: the contributions add up to the node's change.

  - SUM and WEIGHTED_SUM: each input's own change (times its weight) — exact.
  - AVERAGE: each input's change divided by the number of inputs — exact.
  - PRODUCT, RATIO and EXPRESSION with up to :data:`EXACT_SHAPLEY_LIMIT`
    inputs: Shapley values. Each input's contribution is its marginal effect
    (switching it from bucket A's value to bucket B's) averaged over every
    order in which the inputs can be switched. Shapley values are additive
    by construction, symmetric inputs get equal shares, and an input that
    does not change contributes nothing.
  - PRODUCT with more inputs, all positive in both buckets: the log-change
    (LMDI-I) split ``L(Yb, Ya) · ln(xb / xa)`` with the logarithmic mean
    ``L(a, b) = (a - b) / (ln a - ln b)``; it adds up exactly because
    ``Σ ln(xb/xa) = ln(Yb/Ya)``.
  - Anything else with more inputs: Shapley values averaged over
    :data:`SAMPLED_ORDERS` input orders drawn with a fixed seed (each order's
    marginal effects add up to the change, so the average does too, and the
    result is the same every time).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from okrdesk.domain.entities import FormulaKind, KpiNode
from okrdesk.domain.rollup import Rollup
from okrdesk.domain.rollup_compute import compute_builtin, compute_expression
from okrdesk.domain.rollup_graph import build_graph

#: Most inputs for which Shapley values are computed exactly (2**n formula evaluations).
EXACT_SHAPLEY_LIMIT = 7
#: Input orders averaged for sampled Shapley values above that limit.
SAMPLED_ORDERS = 720
#: Bisection steps and bracket doublings at most.
MAX_BISECTIONS = 200
MAX_DOUBLINGS = 80


@dataclass(frozen=True)
class GoalSeekResult:
    """The driver value needed (None when the goal cannot be reached) and why."""

    value: float | None
    reached: bool
    message: str
    current: float | None = None  # the driver's value in the bucket before the seek


@dataclass(frozen=True)
class Contribution:
    """One input's part in a node's change: ``delta`` in the node's unit, ``share`` of the total."""

    node_id: int
    delta: float
    share: float


# --------------------------------------------------------------------------- goal seek


def _tolerance(target_value: float) -> float:
    return 1e-9 * max(1.0, abs(target_value))


def goal_seek(
    rollup: Rollup,
    target_node_id: int,
    target_value: float,
    driver_node_id: int,
    bucket: dt.date,
    *,
    lo: float | None = None,
    hi: float | None = None,
) -> GoalSeekResult:
    """The driver value that makes the target node show ``target_value`` in ``bucket``.

    ``lo``/``hi`` bound the search (both optional). The rollup is copied, never
    changed. Raises KeyError for an unknown node id and ValueError for a target
    value that is not finite.
    """
    if not math.isfinite(float(target_value)):
        raise ValueError(f"goal seek: target value {target_value} is not a finite number")
    rollup.value(target_node_id, bucket)  # KeyError naming an unknown id
    current = rollup.value(driver_node_id, bucket)
    if target_node_id != driver_node_id and target_node_id not in rollup.dependants(driver_node_id):
        return GoalSeekResult(None, False, "The target is not computed from this driver.", current)
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"goal seek: lower bound {lo} is above upper bound {hi}")
    if bucket not in rollup.buckets():
        return GoalSeekResult(None, False, "The target has no value in this bucket.", current)
    held = _held_by_pins(rollup, target_node_id, driver_node_id, bucket)
    if held:
        return GoalSeekResult(None, False, f"A what-if value on {held} holds the target still: clear it first.",
                              current)
    work = rollup.copy()

    def response(x: float) -> float | None:
        work.pin(driver_node_id, bucket, x)
        return work.value(target_node_id, bucket)

    start = current if current is not None else (lo if lo is not None else 0.0)
    if lo is not None:
        start = max(start, lo)
    if hi is not None:
        start = min(start, hi)
    y0 = response(start)
    if y0 is None:
        return GoalSeekResult(None, False, "The target has no value in this bucket (another input is missing).",
                              current)
    tol = _tolerance(target_value)
    if abs(y0 - target_value) <= tol:
        return GoalSeekResult(start, True, "The target already has this value.", current)
    bracket, seen = _bracket(response, start, y0, target_value, lo, hi)
    if bracket is None:
        low, high = min(seen), max(seen)
        if high - low <= tol:
            return GoalSeekResult(None, False, "The target does not change when the driver changes.", current)
        return GoalSeekResult(
            None, False, f"Unreachable: moving the driver gives the target values from {low:.6g} to {high:.6g} only.",
            current)
    value = _bisect(response, bracket, target_value, tol)
    return GoalSeekResult(value, True, "Reached.", current)


def _held_by_pins(rollup: Rollup, target_id: int, driver_id: int, bucket: dt.date) -> str:
    """The code of a pinned node (other than the driver) on the way from the driver up to
    the target, the target included: such a pin keeps the target from responding."""
    if target_id == driver_id:
        return ""
    between = rollup.dependants(driver_id) & (rollup.precedents(target_id) | {target_id})
    for node_id, pins in rollup.pins().items():
        if node_id in between and bucket in pins:
            return rollup.code(node_id)
    return ""


def _bracket(
    response: Callable[[float], float | None], start: float, y0: float, goal: float,
    lo: float | None, hi: float | None,
) -> tuple[tuple[float, float, float] | None, list[float]]:
    """Grow steps from ``start`` both ways until the response crosses ``goal``.

    Returns ((inside x, crossing x, sign at inside), response values seen)."""
    seen = [y0]
    sign = math.copysign(1.0, y0 - goal)
    step = max(abs(start), 1.0) * 0.01
    for _ in range(MAX_DOUBLINGS):
        for direction, bound in ((1.0, hi), (-1.0, lo)):
            x = start + direction * step
            if bound is not None:
                x = min(x, bound) if direction > 0 else max(x, bound)
            y = response(x)
            if y is None:
                continue
            seen.append(y)
            if abs(y - goal) <= _tolerance(goal) or math.copysign(1.0, y - goal) != sign:
                return (start, x, sign), seen
        step *= 2.0
        if not math.isfinite(start + step):
            break
    return None, seen


def _bisect(response: Callable[[float], float | None], bracket: tuple[float, float, float],
            goal: float, tol: float) -> float:
    inside, outside, sign = bracket
    best = outside
    for _ in range(MAX_BISECTIONS):
        y = response(outside)
        if y is not None and abs(y - goal) <= tol:
            return outside
        mid = (inside + outside) / 2.0
        if mid in (inside, outside):
            break
        ym = response(mid)
        if ym is None:
            break
        best = mid
        if abs(ym - goal) <= tol:
            return mid
        if math.copysign(1.0, ym - goal) == sign:
            inside = mid
        else:
            outside = mid
    return best


# --------------------------------------------------------------------------- root cause


def root_cause(
    rollup: Rollup, nodes: Sequence[KpiNode], node_id: int, bucket_a: dt.date, bucket_b: dt.date,
) -> list[Contribution]:
    """The change of ``node_id`` from ``bucket_a`` to ``bucket_b`` split over its formula inputs.

    ``nodes`` are the tree's nodes (those the rollup was built from). The
    deltas add up to the change of the formula's value (see the module
    docstring for the method per formula). Inputs pinned to what-if values count
    with those values. Raises ValueError when the node is not a formula node, is
    itself pinned in either bucket, or an input has no value in either bucket.
    """
    graph = build_graph(nodes)
    if node_id not in graph.index:
        raise KeyError(f"unknown node id {node_id}")
    i = graph.index[node_id]
    node = graph.nodes[i]
    deps = graph.deps[i]
    if not deps:
        raise ValueError(f"{node.code} is measured, not computed from other nodes: it has no contributions")
    for bucket in (bucket_a, bucket_b):
        if rollup.pinned(node_id, bucket) is not None:
            raise ValueError(f"{node.code} holds a what-if value on {bucket}, not one computed from its inputs:"
                             " clear that value to split its change")
    va, vb = [], []
    for d in deps:
        for bucket, out in ((bucket_a, va), (bucket_b, vb)):
            v = rollup.value(graph.nodes[d].id, bucket)
            if v is None:
                raise ValueError(f"root cause of {node.code}: {graph.nodes[d].code} has no value on {bucket}")
            out.append(v)
    kind = FormulaKind(node.formula)
    weights = [graph.nodes[d].weight for d in deps]

    def formula(values: Sequence[float]) -> float:
        by_index = {d: np.array([v]) for d, v in zip(deps, values)}
        row = by_index.__getitem__
        if graph.exprs[i] is not None:
            result, _, message = compute_expression(graph.exprs[i], graph.code_index, row, 1)
        else:
            result, _, message = compute_builtin(kind, deps, weights, row)
        if math.isnan(result[0]):
            raise ValueError(f"root cause of {node.code}: the formula gives no value ({message or 'missing input'})")
        return float(result[0])

    total = formula(vb) - formula(va)
    n = len(deps)
    if kind == FormulaKind.SUM:
        deltas = [b - a for a, b in zip(va, vb)]
    elif kind == FormulaKind.WEIGHTED_SUM:
        deltas = [w * (b - a) for w, a, b in zip(weights, va, vb)]
    elif kind == FormulaKind.AVERAGE:
        deltas = [(b - a) / n for a, b in zip(va, vb)]
    elif n <= EXACT_SHAPLEY_LIMIT:
        deltas = _shapley_exact(formula, va, vb)
    elif kind == FormulaKind.PRODUCT and all(v > 0 for v in (*va, *vb)):
        deltas = _lmdi(va, vb, formula(va), formula(vb))
    else:
        deltas = _shapley_sampled(formula, va, vb)
    deltas = _close(deltas, total)
    return [
        Contribution(graph.nodes[d].id, delta, delta / total if total != 0 else 0.0)
        for d, delta in zip(deps, deltas)
    ]


def _close(deltas: list[float], total: float) -> list[float]:
    """Put the rounding residue on the largest contribution so the deltas add up exactly."""
    residue = total - math.fsum(deltas)
    if deltas and residue != 0.0:
        k = max(range(len(deltas)), key=lambda j: abs(deltas[j]))
        deltas[k] += residue
    return deltas


def _shapley_exact(formula: Callable[[Sequence[float]], float], va: list[float], vb: list[float]) -> list[float]:
    n = len(va)
    value = [formula([vb[k] if mask >> k & 1 else va[k] for k in range(n)]) for mask in range(1 << n)]
    weight = [math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)]
    deltas = [0.0] * n
    for mask in range(1 << n):
        size = mask.bit_count()
        for k in range(n):
            if not mask >> k & 1:
                deltas[k] += weight[size] * (value[mask | 1 << k] - value[mask])
    return deltas


def _shapley_sampled(formula: Callable[[Sequence[float]], float], va: list[float], vb: list[float]) -> list[float]:
    n = len(va)
    rng = random.Random(0)
    deltas = [0.0] * n
    order = list(range(n))
    for _ in range(SAMPLED_ORDERS):
        rng.shuffle(order)
        current = list(va)
        before = formula(current)
        for k in order:
            current[k] = vb[k]
            after = formula(current)
            deltas[k] += after - before
            before = after
    return [d / SAMPLED_ORDERS for d in deltas]


def _log_mean(a: float, b: float) -> float:
    return a if a == b else (a - b) / (math.log(a) - math.log(b))


def _lmdi(va: list[float], vb: list[float], ya: float, yb: float) -> list[float]:
    mean = _log_mean(yb, ya)
    return [mean * math.log(b / a) for a, b in zip(va, vb)]
