"""The column-wise Measurements path: classification, numbers at 15 significant digits,
problems as before, lazily built rows, Source kept, bulk writes and bulk check-ins."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.excel import format as fmt
from okrdesk.excel.apply import ApplyError, apply_plan
from okrdesk.excel.keyspace import same, same_number
from okrdesk.excel.plan import plan_import
from okrdesk.store.errors import ValidationError
from tests.unit.excel.bad_workbooks import headers, write_book

D = dt.date
HEAD = headers(fmt.MEASUREMENTS, "code", "date", "value", "note", "source", "revision")


def _stored(s):
    return {(m.date, m.value, m.note, m.source) for n in s.kpi_nodes() for m in s.measurements(n.id)}


def test_numbers_compare_at_15_significant_digits():
    assert same_number(74.10000000000001, 74.1)
    assert same("value", 0.1 + 0.2, 0.3)
    assert same_number(0.1 + 0.2 - 0.3, 0.0)  # float noise near zero
    assert not same_number(74.11, 74.1)
    assert not same_number(1.00000000000001, 1.0)  # differs in the 15th digit


def test_plan_classifies_columns_and_builds_rows_only_when_asked(tmp_path, workspace):
    s = workspace.service
    node = s.create_node("REV", "Revenue")
    s.upsert_measurements([(node.id, D(2027, 1, 31), 74.1, ""), (node.id, D(2027, 2, 28), 10.0, "x"),
                           (node.id, D(2027, 3, 31), 5.0, "")])
    revision = s.measurement_rows()[0][3]
    s.upsert_measurements([(node.id, D(2027, 3, 31), 6.0, "")])  # edited after the "export"
    rows = [HEAD,
            ["REV", D(2027, 1, 31), 74.10000000000001, None, "manual", revision],  # unchanged
            ["rev", D(2027, 2, 28), 11.0, "x", None, None],  # changed (code in any case)
            ["REV", D(2027, 3, 31), 7.0, None, None, revision],  # conflict
            ["REV", D(2027, 4, 30), 8.0, None, "import:erp", None]]  # new
    plan = plan_import(s, write_book(tmp_path / "m.xlsx", {fmt.MEASUREMENTS: rows}))
    assert plan.ok, plan.summary_lines()
    sheet = plan.sheets[fmt.MEASUREMENTS]
    assert sheet.explicit.keys() == {1, 2}  # only changed and conflicting rows were built
    assert plan.counts()[fmt.MEASUREMENTS] == {"new": 1, "changed": 1, "unchanged": 1,
                                               "conflict": 1, "delete": 0}
    assert [r.status for r in sheet] == ["unchanged", "changed", "conflict", "new"]
    [changed] = plan.rows("changed")
    assert (changed.row, changed.key, [(c.field, c.old, c.new) for c in changed.changes]) == (
        3, ("rev", D(2027, 2, 28)), [("value", 10.0, 11.0)])
    [conflict] = plan.conflicts
    assert conflict.row == 4 and conflict.workbook_revision == revision
    assert "  CONFLICT Measurements!row 4 REV 2027-03-31: value: 6.0 → 7.0" in plan.summary_lines()
    with pytest.raises(ApplyError, match="conflict"):
        apply_plan(s, plan)
    summary = apply_plan(s, plan, {(conflict.sheet, conflict.key): "workspace"})
    assert summary.counts[fmt.MEASUREMENTS] == {"created": 1, "updated": 1, "deleted": 0}
    assert _stored(s) == {(D(2027, 1, 31), 74.1, "", "import"), (D(2027, 2, 28), 11.0, "x", "import"),
                          (D(2027, 3, 31), 6.0, "", "import"), (D(2027, 4, 30), 8.0, "", "import:erp")}


def test_new_rows_keep_their_source_and_a_sheet_without_notes_keeps_stored_notes(tmp_path, workspace):
    s = workspace.service
    node = s.create_node("N", "N")
    s.upsert_measurements([(node.id, D(2027, 1, 31), 1.0, "keep me")])
    rows = [headers(fmt.MEASUREMENTS, "code", "date", "value", "source"),
            ["N", D(2027, 1, 31), 2.0, "manual"], ["N", D(2027, 2, 28), 3.0, None]]
    apply_plan(s, plan_import(s, write_book(tmp_path / "m.xlsx", {fmt.MEASUREMENTS: rows})))
    assert _stored(s) == {(D(2027, 1, 31), 2.0, "keep me", "import"),
                          (D(2027, 2, 28), 3.0, "", "manual")}  # empty Source means manual


def test_problems_are_the_same_messages_in_row_order(tmp_path, workspace):
    workspace.service.create_node("N", "N")
    rows = [headers(fmt.MEASUREMENTS, "code", "date", "value"),
            ["N", D(2027, 1, 31), 1.0], ["N", "tomorrow", 2.0], ["N", D(2027, 2, 28), "lots"],
            ["NOPE", D(2027, 1, 31), 1.0], [None, D(2027, 3, 31), None], [None, None, None],
            ["n", D(2027, 1, 31), 4.0], ["N", D(2027, 4, 30), "1.234,5"]]
    plan = plan_import(workspace.service, write_book(tmp_path / "m.xlsx", {fmt.MEASUREMENTS: rows}))
    assert [str(p) for p in plan.errors] == [
        "Measurements!B3: expected a date such as 2027-03-31 or 31/03/2027, found the text 'tomorrow'",
        "Measurements!C4: expected a number, found the text 'lots'",
        "Measurements!A6: Code is required",
        "Measurements!C6: Value is required",
        "Measurements!A8: duplicate Code 'n' and date 2027-01-31: already on row 2",
        "Measurements!A5: unknown KPI code 'NOPE': it is neither in the workspace nor on the "
        "KPI Tree sheet",
    ]
    sheet = plan.data.sheets[fmt.MEASUREMENTS]
    assert list(sheet.numbers) == [2, 3, 4, 5, 6, 8, 9]  # the empty row 7 is skipped
    assert sheet.rows[-1].values["value"] == 1234.5


def test_column_writes_check_whole_columns(workspace):
    s = workspace.service
    node = s.create_node("N", "N")
    with pytest.raises(ValidationError, match="value of row 1 must be a finite float"):
        s.insert_measurement_columns([node.id] * 2, ["2027-01-31", "2027-02-28"], [1.0, float("nan")],
                                     ["", ""], ["manual", "manual"])
    with pytest.raises(ValidationError, match="no KPI node with id 999"):
        s.insert_measurement_columns([999], ["2027-01-31"], [1.0], [""], ["manual"])
    assert s.insert_measurement_columns([node.id], ["2027-01-31"], [1.0], [""], ["manual"]) == 1
    [(_, _, mid, revision, _, _)] = s.measurement_rows()
    assert s.update_measurement_values([(mid, 2.0, None, "import")]) == 1
    assert s.measurement_revisions([mid, 12345]) == {mid: revision + 1}
    with pytest.raises(ValidationError, match="no measurement with id 12345"):
        s.update_measurement_values([(12345, 2.0, None, "import")])


def test_bulk_check_ins_follow_the_latest_once(workspace):
    s = workspace.service
    objective = s.create_objective("Grow")
    kr = s.create_key_result(objective.id, "Customers", start=0.0, target=10.0)
    assert s.add_check_ins([(kr.id, D(2027, 2, 1), 5.0, 6.0, "later", "Ann"),
                            (kr.id, D(2027, 1, 1), 2.0, 3.0, "first", "")]) == 2
    [after] = [k for k in s.key_results() if k.id == kr.id]
    assert (after.current, after.confidence) == (5.0, 6.0)
    with pytest.raises(ValidationError, match="confidence") as raised:
        s.add_check_ins([(kr.id, D(2027, 3, 1), 1.0, 5.0, "", ""), (kr.id, D(2027, 3, 2), 1.0, 99.0, "", "")])
    assert raised.value.row_index == 1
    assert len(s.check_ins()) == 2
