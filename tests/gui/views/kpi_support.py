"""Shared set-up for the KPI Tree view's tests."""

from __future__ import annotations

from okrdesk.domain.entities import FormulaKind
from okrdesk.ui.kpi_tree import KpiTreeView


def kpi_view(qtbot, ctx, *, shown: bool = False) -> KpiTreeView:
    """A KPI Tree view of ``ctx`` at 1600×1000, closed by qtbot; ``shown``: shown and exposed."""
    view = KpiTreeView(ctx)
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    if shown:
        view.show()
        qtbot.waitExposed(view)
    return view


def sum_with_child(tree):
    """A SUM node with a value and one of its measured children in the same bucket."""
    for row in tree.rows:
        if row.node.formula == FormulaKind.SUM and row.value is not None:
            for child in tree.children(row.node.id):
                if child.node.formula == FormulaKind.NONE and child.bucket == row.bucket and child.value:
                    return row, child
    raise AssertionError("no SUM node with a measured child")
