"""Workbooks built in code for the import tests: good ones and hand-made bad ones.

``write_book(path, {sheet: rows})`` writes rows (the first is the header row)
with openpyxl, text always as text (never a formula). The ``bad_*`` builders
each plant one kind of problem at a known cell.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import TYPE_STRING

from okrdesk.excel import format as fmt

D = dt.date


def write_book(path: Path, sheets: dict[str, list[list[Any]]], *, leading_blank_rows: int = 0,
               date1904: bool = False) -> Path:
    """Write ``sheets`` (header row first) to ``path``; returns it."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if date1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1 + leading_blank_rows):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(r, c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = TYPE_STRING
                elif isinstance(value, dt.date):
                    cell.number_format = fmt.DATE_FORMAT
    wb.save(path)
    return path


def headers(sheet: str, *fields: str) -> list[str]:
    spec = fmt.SHEETS_BY_NAME[sheet]
    return [spec.column(f).name for f in fields]


def good_sheets() -> dict[str, list[list[Any]]]:
    """A small complete workbook: 2 teams, 2 people, a 4-node tree, a quarter, OKRs."""
    return {
        fmt.TEAMS: [headers(fmt.TEAMS, "name", "parent"), ["Acme", None], ["Sales", "Acme"]],
        fmt.PEOPLE: [headers(fmt.PEOPLE, "name", "email", "team"),
                     ["Ann", "ann@x.org", "Sales"], ["Bob", "", "Acme"]],
        fmt.KPI_TREE: [headers(fmt.KPI_TREE, "code", "parent_code", "name", "kind", "formula", "owner"),
                       ["REV", None, "Revenue", "KPI", "VISITS * CONV", "Ann"],
                       ["VISITS", "REV", "Visits", "Measure", None, None],
                       ["CONV", "REV", "Conversion", "Metric", None, "Bob"],
                       ["NPS", None, "Net promoter score", "KPI", None, None]],
        fmt.MEASUREMENTS: [headers(fmt.MEASUREMENTS, "code", "date", "value", "note"),
                           ["VISITS", D(2027, 1, 31), 1000.0, "jan"],
                           ["VISITS", D(2027, 2, 28), 1100.0, None],
                           ["CONV", "2027-01-31", "2,5%", None]],
        fmt.PERIODS: [headers(fmt.PERIODS, "name", "start", "end"),
                      ["2027-Q1", D(2027, 1, 1), D(2027, 3, 31)]],
        fmt.OBJECTIVES: [headers(fmt.OBJECTIVES, "ref", "period", "team", "owner", "title"),
                         ["O-0001", "2027-Q1", "Sales", "Ann", "Win the mid-market"]],
        fmt.KEY_RESULTS: [headers(fmt.KEY_RESULTS, "ref", "objective_ref", "title", "start",
                                  "target", "current", "kpi_code"),
                          ["KR-0001", "O-0001", "Grow visits", 1000.0, 2000.0, 1100.0, "VISITS"]],
        fmt.CHECK_INS: [headers(fmt.CHECK_INS, "date", "kr_ref", "value", "confidence",
                                "comment", "author"),
                        [D(2027, 2, 1), "KR-0001", 1100.0, 7.0, "on track", "Ann"]],
    }


def zip_bomb(path: Path, expanded_mb: int = 300) -> Path:
    """An xlsx-looking zip whose sheet part expands ~1000×: ``expanded_mb`` MB of zeros."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"0" * (1024 * 1024)
            for _ in range(expanded_mb):
                member.write(block)
    return path


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    'uniqueCount="1"><si><t>&lol3;</t></si></sst>'
)


def entity_bomb(path: Path, good: Path) -> Path:
    """A copy of the workbook ``good`` whose first sheet declares expanding entities."""
    doctype = BILLION_LAUGHS.split("<sst")[0].replace('<?xml version="1.0"?>', "").encode()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                at = data.index(b"<worksheet")
                data = data[:at] + doctype + data[at:].replace(b"<v>", b"<v>&lol3;", 1)
            dst.writestr(info, data)
    return path
