"""Key results linked to an imported KPI node follow the import at once (PRODUCT.md §2:
start = node value at the period start, current = latest value), also through the
shared tree cache the views use, and go back on undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from okrdesk.excel.foreign import (
    apply_matches, apply_plan, detect_spec, match_labels, open_source, plan_import, read_table,
    undo_import,
)
from okrdesk.store.readmodels.cache import TreeCache
from okrdesk.store.readmodels.okrs import BoardReadModel

from .files import pl_export

TODAY = dt.date(2027, 2, 15)


def test_linked_key_result_updates_immediately(svc, tmp_path: Path) -> None:
    rev = next(n for n in svc.kpi_nodes() if n.code == "REV")
    svc.set_measurement(rev.id, dt.date(2027, 1, 1), 100.0)
    period = svc.create_period("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    objective = svc.create_objective("Grow revenue", period_id=period.id)
    kr = svc.create_key_result(objective.id, "Revenue from 100 to 200", kind="metric",
                               start=100.0, target=200.0, kpi_node_id=rev.id)
    cache = TreeCache(svc)

    def row():
        board = BoardReadModel.load(svc, period, TODAY, tree=cache.tree(TODAY))
        return next(r for r in board.card(objective.id).key_results if r.kr.id == kr.id)

    assert (row().start, row().current, row().progress) == (100.0, 100.0, 0.0)
    grid = open_source(pl_export(tmp_path / "pl.xlsx", rows=[("Revenue", 110.0, 150.0, 170.0)])).grid()
    spec = detect_spec(grid, svc.kpi_nodes())
    spec.scale = 1.0  # the file says "in EUR thousands"; this node counts plain units
    apply_matches(spec, match_labels(read_table(grid, spec).labels, svc.kpi_nodes()))
    applied = apply_plan(svc, plan_import(svc, grid, spec))
    after = row()
    # Jan (110) replaced the hand-typed 100; Feb (150) is the latest value up to today.
    assert (after.start, after.current) == (110.0, 150.0)
    assert after.progress == pytest.approx((150 - 110) / (200 - 110))
    undo_import(svc, applied)
    assert (row().start, row().current) == (100.0, 100.0)
