"""plan_import: idempotent re-import, merge vs replace, conflicts both ways, round trip."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.excel import format as fmt
from okrdesk.excel.apply import ApplyError, apply_plan
from okrdesk.excel.plan import plan_import
from tests.unit.excel.bad_workbooks import good_sheets, headers, write_book
from tests.unit.excel.conftest import dump

D = dt.date


def imported(tmp_path, workspace):
    path = write_book(tmp_path / "good.xlsx", good_sheets())
    apply_plan(workspace.service, plan_import(workspace.service, path))
    return path


def test_first_import_creates_everything_and_second_plans_nothing(tmp_path, workspace):
    path = imported(tmp_path, workspace)
    s = workspace.service
    assert {n.code for n in s.kpi_nodes()} == {"REV", "VISITS", "CONV", "NPS"}
    rev = next(n for n in s.kpi_nodes() if n.code == "REV")
    assert (rev.formula.value, rev.expression) == ("expression", "VISITS * CONV")
    assert [c.comment for c in s.check_ins()] == ["on track"]
    again = plan_import(s, path)
    assert again.ok and not again.has_changes
    assert "  Nothing to change." in again.summary_lines()


def test_merge_updates_and_adds_but_never_deletes(tmp_path, workspace):
    imported(tmp_path, workspace)
    path = write_book(tmp_path / "edit.xlsx", {fmt.KPI_TREE: [
        headers(fmt.KPI_TREE, "code", "name", "unit"), ["NPS", "Net promoter score", "pts"],
        ["CHURN", "Churn", "%"]]})
    plan = plan_import(workspace.service, path)
    counts = plan.counts()[fmt.KPI_TREE]
    assert (counts["new"], counts["changed"], counts["delete"]) == (1, 1, 0)
    [change] = [r for r in plan.rows("changed")]
    assert [(c.field, c.old, c.new) for c in change.changes] == [("unit", "", "pts")]
    apply_plan(workspace.service, plan)
    assert len(workspace.service.kpi_nodes()) == 5
    assert not plan_import(workspace.service, path).has_changes


def test_replace_deletes_what_a_present_sheet_lacks_only(tmp_path, workspace):
    imported(tmp_path, workspace)
    sheets = good_sheets()
    sheets[fmt.KPI_TREE] = sheets[fmt.KPI_TREE][:4]  # drop NPS
    del sheets[fmt.TEAMS]  # absent sheet: teams stay
    path = write_book(tmp_path / "r.xlsx", sheets)
    plan = plan_import(workspace.service, path, mode="replace")
    assert [(r.sheet, r.label) for r in plan.rows("delete")] == [(fmt.KPI_TREE, "NPS")]
    apply_plan(workspace.service, plan)
    assert "NPS" not in {n.code for n in workspace.service.kpi_nodes()}
    assert len(workspace.service.teams()) == 2
    assert not plan_import(workspace.service, path, mode="replace").has_changes


def _conflicting(tmp_path, workspace):
    imported(tmp_path, workspace)
    s = workspace.service
    node = next(n for n in s.kpi_nodes() if n.code == "NPS")
    conv = next(n for n in s.kpi_nodes() if n.code == "CONV")
    s.update_node(node.id, unit="score")  # workspace side: revision 1 -> 2
    rows = [headers(fmt.KPI_TREE, "code", "name", "unit") + [fmt.REVISION_HEADER],
            ["NPS", "Net promoter score", "points", node.revision],   # workbook side, from rev 1
            ["CONV", "Conversion rate", "", conv.revision]]            # only the workbook changed
    return write_book(tmp_path / "c.xlsx", {fmt.KPI_TREE: rows}), node


@pytest.mark.parametrize("choice, unit", [("workspace", "score"), ("workbook", "points")])
def test_conflict_resolved_both_ways(tmp_path, workspace, choice, unit):
    path, node = _conflicting(tmp_path, workspace)
    plan = plan_import(workspace.service, path)
    [conflict] = plan.conflicts
    assert conflict.key == "nps"
    assert [(c.old, c.new) for c in conflict.changes] == [("score", "points")]
    assert [r.label for r in plan.rows("changed")] == ["CONV"]
    with pytest.raises(ApplyError, match="1 conflict"):
        apply_plan(workspace.service, plan)
    apply_plan(workspace.service, plan, {(fmt.KPI_TREE, "nps"): choice})
    nodes = {n.code: n for n in workspace.service.kpi_nodes()}
    assert nodes["NPS"].unit == unit
    assert nodes["CONV"].name == "Conversion rate"


def test_stale_plan_is_refused(tmp_path, workspace):
    path, node = _conflicting(tmp_path, workspace)
    plan = plan_import(workspace.service, path)
    conv = next(n for n in workspace.service.kpi_nodes() if n.code == "CONV")
    workspace.service.update_node(conv.id, unit="x")
    before = dump(workspace.path)
    with pytest.raises(ApplyError, match="changed in the workspace since the preview"):
        apply_plan(workspace.service, plan, {(fmt.KPI_TREE, "nps"): "workbook"})
    assert dump(workspace.path) == before


def test_check_ins_are_history_never_overwritten(tmp_path, workspace):
    imported(tmp_path, workspace)
    path = write_book(tmp_path / "ci.xlsx", {fmt.CHECK_INS: [
        headers(fmt.CHECK_INS, "date", "kr_ref", "value", "comment", "author"),
        [D(2027, 2, 1), "KR-0001", 999.0, "rewritten", "Ann"],
        [D(2027, 3, 1), "KR-0001", 1300.0, "march", "Ann"]]})
    plan = plan_import(workspace.service, path)
    assert plan.counts()[fmt.CHECK_INS] == {"new": 1, "changed": 0, "unchanged": 1, "conflict": 0,
                                           "delete": 0}
    assert any("never overwritten" in str(p) for p in plan.warnings)
    apply_plan(workspace.service, plan)
    assert [c.value for c in workspace.service.check_ins()] == [1100.0, 1300.0]


def test_export_then_import_plans_nothing(tmp_path, workspace):
    from okrdesk.excel.writer import export_workbook

    imported(tmp_path, workspace)
    out = tmp_path / "export.xlsx"
    export_workbook(workspace.service, out)
    plan = plan_import(workspace.service, out)
    assert plan.ok, plan.summary_lines()
    assert not plan.has_changes, plan.summary_lines()
