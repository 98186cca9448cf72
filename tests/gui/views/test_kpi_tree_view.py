"""The KPI Tree view and its Outline model on the workshop demo workspace."""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QModelIndex, Qt

from okrdesk.domain.bucketing import bucket_start
from okrdesk.domain.entities import Aggregation, FormulaKind, Period, PeriodKind
from okrdesk.store.readmodels import TreeReadModel
from okrdesk.ui.kpi_tree import KpiTreeView
from okrdesk.ui.kpi_tree.outline_model import PROBLEM_ROLE, STATUS_ROLE, Column, OutlineModel
from okrdesk.ui.widgets.sparkline import SPARKLINE_ROLE

from .conftest import DEMO_TODAY
from .kpi_support import kpi_view


def test_outline_model_passes_the_model_tester(qtmodeltester, demo_ctx):
    model = OutlineModel()
    model.set_tree(TreeReadModel.load(demo_ctx.service, DEMO_TODAY))
    qtmodeltester.check(model)
    # Same shape, other values: only dataChanged, and still a valid model.
    model.set_tree(TreeReadModel.load(demo_ctx.service, dt.date(2026, 9, 30)))
    qtmodeltester.check(model)


def test_every_node_is_a_row_and_the_tree_is_expanded(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    nodes = demo_ctx.service.kpi_nodes()
    assert len(nodes) > 50
    assert view.visible_row_count() == len(nodes)
    deepest = max(view.read_model.rows, key=lambda r: r.depth)
    index = view.proxy.from_source(view.model.index_of(deepest.node.id))
    assert index.isValid() and deepest.depth >= 2
    parent = index.parent()
    while parent.isValid():
        assert view.tree_view.isExpanded(parent)
        parent = parent.parent()
    assert view.stack.currentWidget() is view.splitter


def test_values_are_formatted_with_separators_units_and_precision(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    rev = view.read_model.find("REV")
    assert rev is not None and rev.value is not None and rev.value > 10_000
    assert view.cell_text(rev.node.id, Column.VALUE) == f"{rev.value:,.0f}\u202f{rev.node.unit}"
    percent = next(r for r in view.read_model.rows if r.node.unit == "%" and r.value is not None)
    assert view.cell_text(percent.node.id, Column.VALUE) == f"{percent.value:.1f}%"
    change = view.cell_text(rev.node.id, Column.CHANGE)
    assert change[0] in "▲▼=" and change.endswith("%")
    assert f"{abs(rev.change) * 100:.1f}%" in change
    # KPI rows are bold; the status is a word, never colour alone.
    font = view.model.index_of(rev.node.id, Column.NAME).data(Qt.ItemDataRole.FontRole)
    assert font.weight() >= 600
    status = view.cell_text(rev.node.id, Column.STATUS)
    assert status in {"On target", "Watch", "Off target", "No data"}
    assert view.model.index_of(rev.node.id, Column.STATUS).data(STATUS_ROLE) == rev.status
    spark = view.model.index_of(rev.node.id, Column.TREND).data(SPARKLINE_ROLE)
    assert len(spark) == 12 and spark[-1] == rev.value


def test_search_keeps_ancestors_of_matches(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    leaf = max(view.read_model.rows, key=lambda r: r.depth)
    view.set_search(leaf.node.code.lower())
    shown = _shown_ids(view)
    chain = []
    node = leaf.node
    while node is not None:
        chain.append(node.id)
        node = view.read_model.row(node.parent_id).node if node.parent_id is not None else None
    assert set(chain) <= shown
    assert len(shown) < len(view.read_model.rows)
    needle = leaf.node.code.lower()
    for node_id in shown - set(chain):  # everything else shown matches too or is an ancestor of a match
        rows = [view.read_model.row(node_id), *_descendants(view, node_id)]
        assert any(needle in f"{r.node.code}\n{r.node.name}\n{r.owner_name}".lower() for r in rows)
    view.set_search("")
    assert view.visible_row_count() == len(view.read_model.rows)
    view.set_search("no node is called like this")
    assert view.stack.currentWidget() is view.no_match


def test_set_period_shows_the_value_as_of_the_period_end(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    service = demo_ctx.service
    # A measured node summed over the month, with a known history from its raw measurements.
    row = next(
        r for r in view.read_model.rows
        if r.node.formula == FormulaKind.NONE and r.node.aggregation == Aggregation.SUM
        and r.node.unit == "EUR" and r.value is not None
    )
    earlier = Period(id=-1, name="2026-Q3", kind=PeriodKind.QUARTER, start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30))
    month = bucket_start(earlier.end, view.read_model.grain)
    expected = math.fsum(m.value for m in service.measurements(row.node.id, month, earlier.end))
    before = view.cell_text(row.node.id, Column.VALUE)
    view.set_period(earlier)
    after = view.cell_text(row.node.id, Column.VALUE)
    assert after == f"{expected:,.0f}\u202fEUR"
    assert after != before
    view.set_period(None)
    latest = view.read_model.row(row.node.id)
    assert latest.bucket == max(d for d, _ in view.read_model.series(row.node.id))


def test_details_panel_shows_the_selected_node(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    top = view.read_model.top_kpi()
    assert view.selected_node_id() == top.node.id
    assert view.details.field_text("name") == top.node.name
    formula_row = next(r for r in view.read_model.rows if r.node.formula != FormulaKind.NONE and r.depth > 0)
    view.select_node(formula_row.node.id)
    assert view.details.field_text("name") == formula_row.node.name
    assert view.details.field_text("equation").startswith("= ")
    assert view.details.field_text("owner") == (formula_row.owner_name or "Nobody yet")
    for child in view.read_model.children(formula_row.node.id)[:3]:
        assert child.node.code in view.details.field_text("children")


def test_problem_rows_are_marked(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    for row in view.read_model.rows:
        index = view.model.index_of(row.node.id, Column.VALUE)
        assert index.data(PROBLEM_ROLE) == bool(row.error or row.mismatch)
        if row.error or row.mismatch:
            assert index.data(Qt.ItemDataRole.ToolTipRole)


def test_an_empty_workspace_says_what_to_do(qtbot, tmp_path):
    from PySide6.QtGui import QUndoStack

    from okrdesk.store.workspace import Workspace
    from okrdesk.ui.view_base import ViewContext

    ws = Workspace.create(tmp_path / "empty.okrdesk")
    try:
        view = kpi_view(qtbot, ViewContext(ws.service, QUndoStack(), DEMO_TODAY))
        assert view.stack.currentWidget() is view.empty_state
        assert view.visible_row_count() == 0
    finally:
        ws.close()


def _shown_ids(view: KpiTreeView) -> set[int]:
    ids = set()
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for r in range(view.proxy.rowCount(parent)):
            index = view.proxy.index(r, 0, parent)
            ids.add(view.model.node_id(view.proxy.to_source(index)))
            stack.append(index)
    return ids


def _descendants(view: KpiTreeView, node_id: int):
    out = []
    stack = list(view.read_model.children(node_id))
    while stack:
        row = stack.pop()
        out.append(row)
        stack.extend(view.read_model.children(row.node.id))
    return out
