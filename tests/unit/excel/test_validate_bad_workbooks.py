"""Every validation message points at the exact Sheet!Cell, all are collected, and nothing
is written."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.excel import format as fmt
from okrdesk.excel.apply import ApplyError, apply_plan
from okrdesk.excel.plan import plan_import
from tests.unit.excel.bad_workbooks import good_sheets, headers, write_book
from tests.unit.excel.conftest import dump

D = dt.date


def bad_sheets():
    """The good workbook with one planted problem per kind, at known cells."""
    s = good_sheets()
    s[fmt.TEAMS] += [["Ops", "Nowhere"]]                                  # B4 unknown team
    s[fmt.PEOPLE] += [["Cy", "", "Sales"], ["Ann", "", "Sales"]]          # A5 duplicate name
    s[fmt.KPI_TREE] += [
        ["A1", "B1", "Loop a", None, None, None],                         # B6 cycle A1→B1→A1
        ["B1", "A1", "Loop b", None, None, None],
        ["ORPHAN", "MISSING", "Orphan", None, None, None],                # B8 unknown parent
        ["X", None, "Formula", None, "VISITS * NOPE", None],              # E9 missing code
        ["REV", None, "Again", None, None, None],                         # A10 duplicate code
        ["Y", None, "Kind", "Sideways", None, "Zed"],                     # D11 enum, F11 person
    ]
    s[fmt.MEASUREMENTS] += [["NPS", "tomorrow", 1.0, None],               # B5 bad date
                            ["NPS", D(2027, 1, 31), "lots", None],        # C6 text in number
                            ["NOPE", D(2027, 1, 31), 1.0, None]]          # A7 unknown code
    s[fmt.OBJECTIVES] += [["O-0002", "2031-Q9", "Sales", "Ann", "Orphaned"]]  # B3 period
    s[fmt.KEY_RESULTS] += [["KR-0002", None, "No objective", 1.0, 2.0, None, None],   # B3
                           ["KR-0003", "O-9999", "Bad objective", 1.0, 2.0, None, None]]  # B4
    s[fmt.CHECK_INS] += [[D(2027, 2, 1), "KR-0404", 1.0, 5.0, "", "Ann"],  # B3 unknown KR
                         [D(2027, 9, 1), "KR-0001", 1.0, 11.0, "", "Ann"]]  # D4 range, A4 warning
    return s


EXPECTED = [
    "Teams!B4: unknown team 'Nowhere'",
    "People!A5: duplicate Name 'Ann': already on row 2",
    "KPI Tree!B6: cycle: A1 → B1 → A1",
    "KPI Tree!B8: unknown KPI code 'MISSING'",
    "KPI Tree!E9: Unknown code 'NOPE'",
    "KPI Tree!A10: duplicate Code 'REV': already on row 2",
    "KPI Tree!D11: 'Sideways' is not a Kind; use one of: KPI, Metric, Measure",
    "KPI Tree!F11: unknown person 'Zed'",
    "Measurements!B5: expected a date such as 2027-03-31 or 31/03/2027, found the text 'tomorrow'",
    "Measurements!C6: expected a number, found the text 'lots'",
    "Measurements!A7: unknown KPI code 'NOPE'",
    "Objectives!B3: unknown period '2031-Q9'",
    "Key Results!B3: Objective ref is required",
    "Key Results!B4: unknown objective ref 'O-9999'",
    "Check-ins!B3: unknown key result ref 'KR-0404'",
    "Check-ins!D4: confidence must be between 0 and 10, not 11",
    "Check-ins!A4: warning: 2027-09-01 is outside the key result's period 2027-Q1",
]


def test_every_problem_is_reported_at_its_cell_and_nothing_is_written(tmp_path, workspace):
    path = write_book(tmp_path / "bad.xlsx", bad_sheets())
    before = dump(workspace.path)
    plan = plan_import(workspace.service, path)
    lines = [str(p) for p in plan.problems]
    for expected in EXPECTED:
        assert any(line.startswith(expected) for line in lines), (expected, lines)
    assert not plan.ok
    with pytest.raises(ApplyError, match="problem"):
        apply_plan(workspace.service, plan)
    assert dump(workspace.path) == before


def test_period_end_before_start_and_code_with_spaces(tmp_path, workspace):
    path = write_book(tmp_path / "p.xlsx", {
        fmt.PERIODS: [headers(fmt.PERIODS, "name", "start", "end"), ["Q", D(2027, 3, 1), D(2027, 1, 1)]],
        fmt.KPI_TREE: [headers(fmt.KPI_TREE, "code", "name"), ["A B", "Spaced"]],
    })
    lines = [str(p) for p in plan_import(workspace.service, path).problems]
    assert "Periods!C2: the end 2027-01-01 is before the start 2027-03-01" in lines
    assert "KPI Tree!A2: the code 'A B' must not contain spaces" in lines


def test_ratio_formula_needs_two_children(tmp_path, workspace):
    path = write_book(tmp_path / "r.xlsx", {fmt.KPI_TREE: [
        headers(fmt.KPI_TREE, "code", "parent_code", "name", "formula"),
        ["R", None, "Ratio", "Ratio"], ["C1", "R", "Child", None]]})
    lines = [str(p) for p in plan_import(workspace.service, path).problems]
    assert any(line.startswith("KPI Tree!D2: Ratio needs exactly two child nodes") for line in lines)
