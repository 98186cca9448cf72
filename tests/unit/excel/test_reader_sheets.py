"""read_workbook: header detection, any column order, synonyms, true row numbers, limits."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from okrdesk.excel import format as fmt
from okrdesk.excel.reader import INVALID, read_workbook
from okrdesk.excel.safety import WorkbookError
from tests.unit.excel.bad_workbooks import good_sheets, write_book

D = dt.date


def test_only_present_sheets_are_read(tmp_path):
    path = write_book(tmp_path / "m.xlsx", {fmt.MEASUREMENTS: good_sheets()[fmt.MEASUREMENTS]})
    data = read_workbook(path)
    assert list(data.sheets) == [fmt.MEASUREMENTS]
    rows = data.sheets[fmt.MEASUREMENTS].rows
    assert [r.values["value"] for r in rows] == [1000.0, 1100.0, 0.025]
    assert rows[2].values["date"] == D(2027, 1, 31)


def test_leading_blank_rows_keep_true_row_numbers(tmp_path):
    path = write_book(tmp_path / "m.xlsx", {"values": [  # a sheet synonym
        ["Value", "kpi code", " DATE "], [5.0, "REV", "31/01/2027"], [None, None, None],
        ["abc", "REV", "2027-02-28"]]}, leading_blank_rows=3)
    data = read_workbook(path)
    sheet = data.sheets[fmt.MEASUREMENTS]
    assert sheet.header_row == 4
    assert [r.number for r in sheet.rows] == [5, 7]
    assert sheet.rows[1].values["value"] is INVALID
    assert [str(p) for p in data.problems] == ["Measurements!A7: expected a number, found the text 'abc'"]


def test_title_row_above_headers_extra_columns_and_merged_cells(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPI Tree"
    ws["A1"] = "Our KPI tree (draft)"
    ws.merge_cells("A1:C1")
    for c, h in enumerate(["Name", "Code", "Colour", "Kind"], start=1):
        ws.cell(2, c, h)
    ws.append(["Revenue", "REV", "blue", "kpi"])
    ws.append(["Visits", "VISITS", "red", "Sideways"])
    wb.save(path)
    data = read_workbook(path)
    sheet = data.sheets[fmt.KPI_TREE]
    assert sheet.header_row == 2
    assert sheet.rows[0].values == {"name": "Revenue", "code": "REV", "kind": "kpi"}
    messages = [str(p) for p in data.problems]
    assert "KPI Tree!C2: warning: column 'Colour' is not part of the KPI Tree sheet and was ignored" in messages
    assert any(m.startswith("KPI Tree!D4: 'Sideways' is not a Kind; use one of: KPI, Metric, Measure")
               for m in messages)


def test_missing_required_column(tmp_path):
    path = write_book(tmp_path / "p.xlsx", {fmt.PERIODS: [["Name", "Start"], ["Q1", D(2027, 1, 1)]]})
    assert [str(p) for p in read_workbook(path).problems] == [
        "Periods!A1: the required column 'End' is missing (headers are looked for in row 1)"]


def test_row_limit_names_the_sheet_and_limit(tmp_path):
    rows = [["Code", "Date", "Value"]] + [["REV", D(2027, 1, 1) + dt.timedelta(i), 1.0] for i in range(30)]
    path = write_book(tmp_path / "m.xlsx", {fmt.MEASUREMENTS: rows})
    with pytest.raises(WorkbookError, match=r"'Measurements' has 30 rows; the limit is 20"):
        read_workbook(path, max_rows=20)
    assert len(read_workbook(path, max_rows=30).sheets[fmt.MEASUREMENTS].rows) == 30


def test_1904_serials_in_a_date_column(tmp_path):
    rows = [["Code", "Date", "Value"], ["REV", 46477 - 1462, 1.0], ["REV", D(2027, 4, 30), 2.0]]
    path = write_book(tmp_path / "mac.xlsx", {fmt.MEASUREMENTS: rows}, date1904=True)
    data = read_workbook(path)
    assert data.date1904 is True
    assert [r.values["date"] for r in data.sheets[fmt.MEASUREMENTS].rows] == [D(2027, 3, 31), D(2027, 4, 30)]


def test_ambiguous_dates_and_numbers_follow_the_workbook_vote(tmp_path):
    rows = [["Code", "Date", "Value"], ["A", "12/31/2027", "1,5"], ["A", "03/04/2027", "1.234"],
            ["A", "01/15/2027", "2,25"]]
    data = read_workbook(write_book(tmp_path / "us.xlsx", {fmt.MEASUREMENTS: rows}))
    values = [r.values for r in data.sheets[fmt.MEASUREMENTS].rows]
    assert values[1]["date"] == D(2027, 3, 4)  # month first, as the other dates say
    assert values[1]["value"] == 1234.0  # decimal comma, as the other numbers say
