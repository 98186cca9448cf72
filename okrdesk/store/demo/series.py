"""Time series of the demo KPI tree: measured leaves and the values of formula nodes.

Leaves get monthly (first day of the month), weekly or quarterly measurements
with trend, seasonality and noise; they are rounded *before* the formula
nodes are computed from them, so every formula holds exactly on the stored
values. Bucket values use the workspace grain (month) and each node's time
aggregation (sum, last, average), as the app does.
"""

from __future__ import annotations

import ast
import datetime as dt
import operator
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .catalog import SEASONS, NodeSpec

WEEKS_PER_MONTH = 52.18 / 12
RATE_NOISE = 0.6  # rates wander less than the catalog's noise figures suggest


@dataclass
class Calendar:
    """The month buckets of the history, the last one containing ``as_of``."""

    as_of: dt.date
    months: list[dt.date]  # first day of each month, oldest first

    @classmethod
    def ending(cls, as_of: dt.date, n_months: int) -> Calendar:
        months = []
        y, m = as_of.year, as_of.month
        for _ in range(n_months):
            months.append(dt.date(y, m, 1))
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        return cls(as_of, months[::-1])

    def index(self, day: dt.date) -> int:
        """Bucket index of ``day`` (may be outside the history)."""
        first = self.months[0]
        return (day.year - first.year) * 12 + day.month - first.month

    def week_dates(self) -> list[dt.date]:
        """Weekly dates ending on ``as_of``, back to the first month of the history."""
        out, day = [], self.as_of
        while day >= self.months[0]:
            out.append(day)
            day -= dt.timedelta(days=7)
        return out[::-1]


@dataclass
class LeafSeries:
    """Stored measurements of one leaf and its value per month bucket."""

    dates: list[dt.date]
    values: np.ndarray
    buckets: np.ndarray  # NaN where the bucket has no measurement


def node_rng(seed: int, code: str, salt: str = "") -> np.random.Generator:
    """A generator for one node, independent of the order nodes are visited in."""
    return np.random.default_rng([seed, zlib.crc32(f"{code}|{salt}".encode())])


def _ar1(rng: np.random.Generator, n: int, phi: float, sd: float) -> np.ndarray:
    shocks = rng.normal(0.0, sd, n)
    out = np.empty(n)
    acc = 0.0
    for i in range(n):
        acc = phi * acc + shocks[i]
        out[i] = acc
    return out


def _round(node: NodeSpec, values: np.ndarray) -> np.ndarray:
    if node.unit == "count":
        values = np.round(values)
        if node.model == "flow":
            values = np.maximum(values, 1.0)
        return values
    return np.round(values, node.decimals)


def _raw_values(node: NodeSpec, t: np.ndarray, months: np.ndarray, per_month: float,
                rng: np.random.Generator) -> np.ndarray:
    """Unrounded values at times ``t`` (months before as_of, <= 0) of calendar ``months``."""
    season = np.asarray(SEASONS[node.season])[months - 1]
    n = len(t)
    phi = 0.75 ** (1.0 / per_month)
    if node.model == "poisson":
        return rng.poisson(node.level, n).astype(float)
    if node.model == "flow":
        trend = (1.0 + node.growth) ** (t / 12.0)
        noise = rng.normal(0.0, node.noise, n) * (per_month ** 0.5)
        return np.maximum(node.level * trend * season * np.exp(noise), 0.0)
    if node.model == "stock":
        trend = (1.0 + node.growth) ** (t / 12.0)
        walk = _ar1(rng, n, 0.97 ** (1.0 / per_month), node.noise / per_month ** 0.5)
        return node.level * trend * np.exp(walk - walk[-1] * 0.5)
    # rate: level plus a linear drift, mild seasonality and AR(1) noise
    drift = node.growth * t / 12.0
    wiggle = (season - 1.0) * abs(node.level) * 0.15
    values = node.level + drift + wiggle + _ar1(rng, n, phi, node.noise * RATE_NOISE)
    lo = node.lo if node.lo is not None else -np.inf
    hi = node.hi if node.hi is not None else np.inf
    return np.clip(values, lo, hi)


def leaf_series(node: NodeSpec, cal: Calendar, seed: int) -> LeafSeries:
    """Measurements of a measured leaf over the calendar, and its month buckets."""
    rng = node_rng(seed, node.code)
    n_months = len(cal.months)
    if node.frequency == "weekly":
        dates = cal.week_dates()
        per_month = WEEKS_PER_MONTH
    elif node.frequency == "quarterly":
        dates = [m for m in cal.months if m.month in (1, 4, 7, 10)]
        per_month = 1 / 3
    else:
        dates = list(cal.months)
        per_month = 1.0
    anchor = cal.months[-1]
    t = np.array([(d - anchor).days / 30.44 for d in dates])
    months = np.array([d.month for d in dates])
    values = _round(node, _raw_values(node, t, months, max(per_month, 1.0), rng))
    idx = np.array([cal.index(d) for d in dates])
    buckets = np.full(n_months, np.nan)
    if node.aggregation == "sum":
        buckets = np.zeros(n_months)
        np.add.at(buckets, idx, values)
        buckets[np.bincount(idx, minlength=n_months) == 0] = np.nan
    elif node.aggregation == "last":
        buckets[idx] = values  # later dates overwrite earlier ones
    else:
        sums = np.zeros(n_months)
        np.add.at(sums, idx, values)
        counts = np.bincount(idx, minlength=n_months).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            buckets = np.where(counts > 0, sums / counts, np.nan)
    return LeafSeries(dates, values, buckets)


_BINOPS: dict[type, Callable] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    raise ValueError(f"unsupported expression element {ast.dump(node)}")


def evaluate_expression(expression: str, values: dict[str, np.ndarray]) -> np.ndarray:
    """Evaluate the arithmetic ``expression`` over dotted node codes (no ``eval``)."""

    def walk(node: ast.AST) -> np.ndarray | float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return _BINOPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        code = _dotted(node)
        if code not in values:
            raise ValueError(f"expression {expression!r} uses {code!r}, not a child")
        return values[code]

    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(walk(ast.parse(expression, mode="eval")), dtype=float)


def formula_values(node: NodeSpec, children: list[NodeSpec],
                   values: dict[str, np.ndarray]) -> np.ndarray:
    """Bucket values of a formula node from its children's bucket values."""
    arrays = [values[c.code] for c in children]
    with np.errstate(invalid="ignore", divide="ignore"):
        if node.formula == "sum":
            return np.sum(arrays, axis=0)
        if node.formula == "average":
            return np.mean(arrays, axis=0)
        if node.formula == "product":
            return np.prod(arrays, axis=0)
        if node.formula == "ratio":
            return arrays[0] / arrays[1]
        if node.formula == "weighted_sum":
            return np.sum([a * c.weight for a, c in zip(arrays, children)], axis=0)
        if node.formula == "expression":
            return evaluate_expression(node.expression, {c.code: values[c.code] for c in children})
    raise ValueError(f"node {node.code}: unknown formula {node.formula!r}")


def tree_values(nodes: list[NodeSpec], leaves: dict[str, LeafSeries]) -> dict[str, np.ndarray]:
    """Month-bucket values of every node: leaves from their series, the rest by formula."""
    by_code = {n.code: n for n in nodes}
    values = {code: s.buckets for code, s in leaves.items()}
    for node in reversed(nodes):  # children are listed after their parent
        if node.formula != "none":
            values[node.code] = formula_values(
                node, [by_code[c] for c in node.children], values)
    return values


def reported_values(node: NodeSpec, computed: np.ndarray, seed: int) -> np.ndarray:
    """A second source's figures for a formula node: close to, but not exactly, computed."""
    rng = node_rng(seed, node.code, "reported")
    n = len(computed)
    if node.unit == "count":
        delta = rng.choice([-2, -1, 0, 0, 0, 1, 1, 2, 3], n)
        return np.maximum(np.round(computed) + delta, 0.0)
    rel = rng.normal(0.0, 0.0035, n)
    bumps = rng.random(n) < 0.12
    rel[bumps] += rng.choice([-0.018, 0.012, 0.021], int(bumps.sum()))
    return np.round(computed * (1.0 + rel), 0)
