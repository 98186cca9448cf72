"""The Dashboards view: company overview and team scorecards (PRODUCT.md §3)."""

from okrdesk.ui.dashboards.view import DashboardView

__all__ = ["DashboardView"]
