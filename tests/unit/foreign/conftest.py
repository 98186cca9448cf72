"""A fresh workspace with a small KPI tree per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from okrdesk.store.service import WorkspaceService
from okrdesk.store.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.create(tmp_path / "test.okrdesk", name="Test")
    yield workspace
    workspace.close()


@pytest.fixture
def svc(ws: Workspace) -> WorkspaceService:
    s = ws.service
    root = s.create_node("FIN", "Finance", kind="kpi", formula="sum")
    s.create_node("REV", "Revenue", parent_id=root.id, kind="measure", unit="EUR")
    s.create_node("COGS", "Cost of sales", parent_id=root.id, kind="measure", unit="EUR")
    s.create_node("MKT", "Marketing", parent_id=root.id, kind="measure", unit="EUR")
    s.create_node("GM.PCT", "Bruttomarge", parent_id=root.id, kind="measure", unit="%",
                  aggregation="average")
    sales = s.create_node("SALES", "Sales", kind="kpi")
    s.create_node("CUST.NEW", "New customers", parent_id=sales.id, kind="measure")
    s.create_node("CUST.CHURN", "Churned customers", parent_id=sales.id, kind="measure")
    s.create_node("HC", "Headcount", kind="kpi", aggregation="last")
    return s
