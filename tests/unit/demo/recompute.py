"""An independent recomputation of KPI bucket values from a workspace file.

Written separately from the generator (its own expression walker and
bucketing) so that tests compare two implementations.
"""

from __future__ import annotations

import ast
import datetime as dt
import sqlite3
from collections import defaultdict


def month_key(day: str) -> tuple[int, int]:
    d = dt.date.fromisoformat(day)
    return d.year, d.month


def load(con: sqlite3.Connection):
    nodes = {r["id"]: dict(r) for r in con.execute("SELECT * FROM kpi_nodes")}
    children = defaultdict(list)
    for n in sorted(nodes.values(), key=lambda n: (n["position"], n["id"])):
        if n["parent_id"] is not None:
            children[n["parent_id"]].append(n)
    points = defaultdict(lambda: defaultdict(list))
    for node_id, day, value in con.execute(
            "SELECT node_id, date, value FROM measurements ORDER BY node_id, date"):
        points[node_id][month_key(day)].append(value)
    return nodes, children, points


def bucket(node: dict, values: list[float]) -> float:
    if node["aggregation"] == "sum":
        return sum(values)
    if node["aggregation"] == "last":
        return values[-1]
    return sum(values) / len(values)


def evaluate(expression: str, names: dict[str, float]) -> float:
    def code(n):
        if isinstance(n, ast.Name):
            return n.id
        return f"{code(n.value)}.{n.attr}"

    def walk(n):
        if isinstance(n, ast.BinOp):
            a, b = walk(n.left), walk(n.right)
            return {ast.Add: a + b, ast.Sub: a - b, ast.Mult: a * b}.get(type(n.op)) \
                if not isinstance(n.op, ast.Div) else a / b
        if isinstance(n, ast.UnaryOp):
            return -walk(n.operand)
        if isinstance(n, ast.Constant):
            return float(n.value)
        return names[code(n)]

    return walk(ast.parse(expression, mode="eval").body)


class Recomputer:
    """Bucket value of any node for a month, measured leaves first, formulas on top."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.nodes, self.children, self.points = load(con)
        self.by_code = {n["code"]: n for n in self.nodes.values()}

    def measured(self, node: dict, month: tuple[int, int]) -> float | None:
        values = self.points[node["id"]].get(month)
        return bucket(node, values) if values else None

    def value(self, node: dict, month: tuple[int, int]) -> float:
        if node["formula"] == "none":
            value = self.measured(node, month)
            assert value is not None, f"{node['code']} has no measurement in {month}"
            return value
        kids = self.children[node["id"]]
        vals = [self.value(k, month) for k in kids]
        kind = node["formula"]
        if kind == "sum":
            return sum(vals)
        if kind == "average":
            return sum(vals) / len(vals)
        if kind == "product":
            out = 1.0
            for v in vals:
                out *= v
            return out
        if kind == "ratio":
            return vals[0] / vals[1]
        if kind == "weighted_sum":
            return sum(v * k["weight"] for v, k in zip(vals, kids))
        assert kind == "expression", kind
        return evaluate(node["expression"], {k["code"]: v for k, v in zip(kids, vals)})

    def latest(self, node: dict, month: tuple[int, int]) -> float:
        """The value in ``month`` or, for a leaf not measured then, its last earlier one."""
        year, mon = month
        while node["formula"] == "none" and self.measured(node, (year, mon)) is None:
            year, mon = (year, mon - 1) if mon > 1 else (year - 1, 12)
        return self.value(node, (year, mon))
