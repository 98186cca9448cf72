"""Sentences about a node shared by the Outline's tooltips and the details panel."""

from __future__ import annotations

from okrdesk.domain.entities import FormulaKind, KpiNode
from okrdesk.store.readmodels.tree import NodeRow, TreeReadModel
from okrdesk.ui.kpi_tree import formatting as fmt

_MAX_CODES = 6


def formula_text(node: KpiNode, tree: TreeReadModel) -> str:
    """The formula as a short equation: "= NEW + EXPANSION", "= VISITS * CONV * AOV"."""
    kind = FormulaKind(node.formula)
    if kind == FormulaKind.NONE:
        return ""
    if kind == FormulaKind.EXPRESSION:
        return f"= {node.expression.strip()}"
    codes = [row.node.code for row in tree.children(node.id)]
    if kind == FormulaKind.WEIGHTED_SUM:
        codes = [f"{fmt.format_number(row.node.weight, 2)} × {row.node.code}" for row in tree.children(node.id)]
    shown = codes[:_MAX_CODES]
    more = len(codes) - len(shown)
    if kind == FormulaKind.AVERAGE:
        body = f"average({', '.join(shown)}{', …' if more else ''})"
    else:
        op = fmt.FORMULA_OPERATORS.get(kind, " + ")
        body = op.join(shown) + (f"{op}… ({more} more)" if more else "")
    return f"= {body}" if codes else "= (no child nodes)"


def formula_summary(node: KpiNode, tree: TreeReadModel) -> str:
    """Tooltip of a formula node: its kind in words and the equation."""
    return f"ƒ {fmt.FORMULA_WORDS[FormulaKind(node.formula)]}\n{formula_text(node, tree)}"


def problem_text(row: NodeRow) -> str:
    """Why a row carries a warning marker ("" when it has none)."""
    if row.error:
        return f"Formula error: {row.error}"
    if row.mismatch:
        return (
            "The formula and this node's own measurements disagree. "
            "Check the children's values or the measurements entered for this node."
        )
    return ""
