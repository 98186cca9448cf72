"""A small hand-built workspace whose numbers are easy to check by hand.

Tree (month grain)::

    REV   Revenue (KPI, €, formula SUM, target 300, higher is better) — also measured in January
      NEW   New business (measured, SUM, target 200)
      EXP   Expansion (measured, SUM)
    CHURN Churn (KPI, %, lower is better, AVERAGE, target 5, green ≤ 5, red ≥ 8)
    BAD   Broken (formula expression over an unknown code)

Bucket values (start of month → value)::

    NEW    2026-12: 90    2027-01: 100 + 50 = 150   2027-02: 120
    EXP    2026-12: 10    2027-01: 30               2027-02: 40
    REV    2026-12: 100   2027-01: 180 (measured 175: a mismatch)   2027-02: 160
    CHURN  2027-01: (6 + 4) / 2 = 5                 2027-02: 9
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from okrdesk.domain.entities import Aggregation, Direction, FormulaKind, NodeKind
from okrdesk.store.workspace import Workspace

D = dt.date


@dataclass
class SmallTree:
    ws: Workspace
    ids: dict[str, int]

    @property
    def service(self):
        return self.ws.service


@pytest.fixture
def small_tree(tmp_path: Path):
    ws = Workspace.create(tmp_path / "small.okrdesk")
    s = ws.service
    company = s.create_team("Company")
    ada = s.create_person("Ada Lovelace", team_id=company.id)
    ids: dict[str, int] = {}
    ids["REV"] = s.create_node(
        "REV", "Revenue", kind=NodeKind.KPI, unit="€", formula=FormulaKind.SUM, target=300.0,
        direction=Direction.HIGHER, aggregation=Aggregation.SUM, owner_id=ada.id, team_id=company.id,
    ).id
    ids["NEW"] = s.create_node("NEW", "New business", parent_id=ids["REV"], unit="€", target=200.0).id
    ids["EXP"] = s.create_node("EXP", "Expansion", parent_id=ids["REV"], unit="€").id
    ids["CHURN"] = s.create_node(
        "CHURN", "Churn", kind=NodeKind.KPI, unit="%", direction=Direction.LOWER,
        aggregation=Aggregation.AVERAGE, target=5.0, green_from=5.0, red_from=8.0,
    ).id
    ids["BAD"] = s.create_node("BAD", "Broken", formula=FormulaKind.EXPRESSION, expression="NOPE * 2").id
    values = {
        "NEW": [(D(2026, 12, 15), 90.0), (D(2027, 1, 10), 100.0), (D(2027, 1, 20), 50.0), (D(2027, 2, 5), 120.0)],
        "EXP": [(D(2026, 12, 1), 10.0), (D(2027, 1, 31), 30.0), (D(2027, 2, 10), 40.0)],
        "REV": [(D(2027, 1, 31), 175.0)],
        "CHURN": [(D(2027, 1, 5), 6.0), (D(2027, 1, 25), 4.0), (D(2027, 2, 3), 9.0)],
    }
    for code, pairs in values.items():
        for day, value in pairs:
            s.set_measurement(ids[code], day, value)
    try:
        yield SmallTree(ws, ids)
    finally:
        ws.close()
