"""Qt-free read models: what the views show, computed from the service in one pass.

``tree`` (KPI tree rows, values, status, trends) and ``trend`` (chart series and
their CSV export) are written for the KPI tree and Trends views; ``okrs`` (OKR
board and dashboards) for the board views.
"""

from okrdesk.store.readmodels.tree import Mismatch, NodeRow, TreeReadModel

__all__ = ["Mismatch", "NodeRow", "TreeReadModel"]
