"""The KPI tree's Canvas: boxes and connectors laid out tidily, zoom, fold, export, drops."""

from okrdesk.ui.kpi_tree.canvas.selection import SelectionSync
from okrdesk.ui.kpi_tree.canvas.widget import KpiCanvas

__all__ = ["KpiCanvas", "SelectionSync"]
