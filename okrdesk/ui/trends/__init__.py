"""The Trends view (PRODUCT.md §3). Imports pyqtgraph: the shell imports this package lazily."""

from okrdesk.ui.trends.view import TrendsView

__all__ = ["TrendsView"]
