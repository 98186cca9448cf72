"""Live check of a formula being typed: problems in plain words and the value it gives.

``check_formula`` runs ``validate_formula`` (unknown codes with a suggestion, parse
errors with their position), then a trial ``Rollup`` of the whole tree with the
node's formula replaced, which finds cycles and computes the value of the bucket
the Outline shows — without touching the workspace.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from okrdesk.domain.entities import FormulaKind
from okrdesk.domain.formulas import FormulaError, parse, validate_formula
from okrdesk.store.readmodels.tree import TreeReadModel


@dataclass(frozen=True)
class FormulaCheck:
    """What the editor shows under the formula field."""

    problems: tuple[str, ...]
    value: float | None  # the trial value of the shown bucket (None: none or a problem)

    @property
    def ok(self) -> bool:
        """No problem found."""
        return not self.problems


def check_formula(tree: TreeReadModel, node_id: int, kind: FormulaKind, expression: str) -> FormulaCheck:
    """Check ``kind``/``expression`` for ``node_id`` against the rest of ``tree``."""
    kind = FormulaKind(kind)
    row = tree.row(node_id)
    children = [r.node.code for r in tree.children(node_id)]
    problems = validate_formula(kind, expression, children, (r.node.code for r in tree.rows))
    if kind == FormulaKind.EXPRESSION and expression.strip() and problems:
        try:
            parse(expression)
        except FormulaError as exc:  # a parse error: point at it under the text
            problems = [problems[0] + "\n" + exc.caret(expression)]
    if problems:
        return FormulaCheck(tuple(problems), None)
    if kind == FormulaKind.NONE:
        return FormulaCheck((), None)
    nodes = [r.node for r in tree.rows]
    trial = [dataclasses.replace(n, formula=kind, expression=expression) if n.id == node_id else n for n in nodes]
    bucket = row.bucket or _latest_bucket(tree)
    measured = {}
    if bucket is not None:
        for n in nodes:
            value = tree.rollup.measured(n.id, bucket)
            if value is not None:
                measured[n.id] = {bucket: value}
    from okrdesk.domain.rollup import Rollup  # numpy: not needed before the first paint

    rollup = Rollup(trial, measured)
    error = rollup.errors().get(node_id)
    if error:
        return FormulaCheck((error[0].upper() + error[1:],), None)
    return FormulaCheck((), rollup.value(node_id, bucket) if bucket is not None else None)


def _latest_bucket(tree: TreeReadModel):
    buckets = tree.rollup.buckets()
    return buckets[-1] if buckets else None
