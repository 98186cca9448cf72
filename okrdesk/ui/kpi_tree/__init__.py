"""The KPI Tree view: the Outline and the selected node's details (PRODUCT.md §3)."""

from okrdesk.ui.kpi_tree.view import KpiTreeView

__all__ = ["KpiTreeView"]
