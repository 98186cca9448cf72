"""Property: random workspace + random edits on both sides → consistent plan categories;
applying the plan (conflicts resolved either way) then re-planning changes nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrdesk.excel import format as fmt
from okrdesk.excel.apply import apply_plan
from okrdesk.excel.plan import plan_import
from okrdesk.store.workspace import Workspace
from tests.unit.excel.bad_workbooks import headers, write_book

UNITS = ["", "EUR", "%", "pts"]
HEADER = headers(fmt.KPI_TREE, "code", "name", "unit") + [fmt.REVISION_HEADER]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(1, 6),
    workbook_edits=st.dictionaries(st.integers(0, 5), st.sampled_from(UNITS), max_size=4),
    workspace_edits=st.dictionaries(st.integers(0, 5), st.sampled_from(UNITS[1:]), max_size=4),
    new_rows=st.integers(0, 2),
    keep=st.sampled_from(["workspace", "workbook"]),
)
def test_merge_plans_are_consistent_and_converge(n, workbook_edits, workspace_edits, new_rows, keep):
    with tempfile.TemporaryDirectory() as folder:
        d = Path(folder)
        with Workspace.create(d / "w.okrdesk") as ws:
            s = ws.service
            nodes = [s.create_node(f"N{i}", f"Node {i}") for i in range(n)]
            # The export: every node as it is now, with its revision.
            rows = [HEADER] + [[x.code, x.name, workbook_edits.get(i, x.unit), x.revision]
                               for i, x in enumerate(nodes)]
            rows += [[f"NEW{j}", f"New {j}", "", None] for j in range(new_rows)]
            # Edits in the workspace after the export.
            edited_ws = {i: u for i, u in workspace_edits.items() if i < n and u != nodes[i].unit}
            for i, unit in edited_ws.items():
                s.update_node(nodes[i].id, unit=unit)
            path = write_book(d / "b.xlsx", {fmt.KPI_TREE: rows})
            plan = plan_import(s, path)
            assert plan.ok
            status = {r.key: r.status for r in plan.rows()}
            for i, node in enumerate(nodes):
                wb_unit = workbook_edits.get(i, node.unit)
                ws_unit = edited_ws.get(i, node.unit)
                key = node.code.lower()
                if wb_unit == ws_unit:
                    assert status[key] == "unchanged"
                elif i in edited_ws:
                    assert status[key] == "conflict"  # changed in the workspace since export
                else:
                    assert status[key] == "changed"
            assert sum(v == "new" for v in status.values()) == new_rows
            resolutions = {(r.sheet, r.key): keep for r in plan.conflicts}
            apply_plan(s, plan, resolutions)
            again = plan_import(s, path)
            leftover = {r.key for r in again.rows() if r.status != "unchanged"}
            kept_workspace = {r.key for r in plan.conflicts} if keep == "workspace" else set()
            assert leftover == kept_workspace
            units = {x.code: x.unit for x in s.kpi_nodes()}
            for i, node in enumerate(nodes):
                expected = workbook_edits.get(i, node.unit)
                if keep == "workspace" and node.code.lower() in kept_workspace:
                    expected = edited_ws[i]
                assert units[node.code] == expected
