"""Realistic foreign exports made in test code (openpyxl for workbooks, bytes for CSV)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

MONTHS = ["Jan 2027", "Feb 2027", "Mar 2027"]


def pl_export(path: Path, *, months: list[str] = MONTHS, rows: list[tuple] | None = None,
              title_rows: bool = True) -> Path:
    """An accounting P&L export: a title block, months as columns, a totals row and a
    blank separator row, values in EUR thousands."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "P&L"
    r = 1
    if title_rows:
        ws["A1"] = "Acme GmbH — Profit and loss"
        ws["A2"] = "Report generated 2027-04-03, amounts in EUR thousands"
        r = 4
    ws.cell(r, 1, "Account")
    for i, m in enumerate(months):
        ws.cell(r, 2 + i, m)
    body = rows if rows is not None else [
        ("Revenue", 120.5, 130.25, 128.0),
        ("Cost of sales", 40.0, 42.5, 41.0),
        (None,),
        ("Marketing", 10.0, 12.0, 11.5),
        ("Total", 170.5, 184.75, 180.5),
    ]
    for row in body:
        r += 1
        for c, v in enumerate(row):
            if v is not None:
                ws.cell(r, 1 + c, v)
    wb.save(path)
    return path


def crm_long(path: Path) -> Path:
    """A CRM export in long format: one row per value, text dates (US order), a note."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Export"
    ws.append(["Metric", "Date", "Value", "Comment"])
    ws.append(["New customers", "01/31/2027", 14, "from HubSpot"])
    ws.append(["New customers", "02/28/2027", 17, ""])
    ws.append(["Churned customers", "01/31/2027", 3, ""])
    ws.append(["Churned customers", "02/28/2027", "2", "late entry"])
    ws.append(["Pipeline value", "02/15/2027", "1,250,000", ""])
    wb.save(path)
    return path


def european_csv(path: Path, encoding: str = "cp1252") -> Path:
    """A European-locale CSV: `;` separated, decimal commas, grouping dots, umlauts."""
    text = ("Kennzahl;Jan 2027;Feb 2027;Mär 2027\r\n"
            "Umsatz;1.234,50;1.300,00;1.289,75\r\n"
            "Bruttomarge;45,5%;46,0%;47,25%\r\n"
            "Gesamt;1.280,00;1.346,00;1.337,00\r\n")
    path.write_bytes(text.encode(encoding) if encoding != "utf-8-sig"
                     else b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def merged_header(path: Path) -> Path:
    """A budget sheet with a two-row header: merged years over month names."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws["A1"] = "Headcount report"
    ws["B2"] = 2026
    ws.merge_cells("B2:C2")
    ws["D2"] = 2027
    ws.merge_cells("D2:E2")
    ws["A3"] = "Team"
    for c, m in enumerate(["Nov", "Dec", "Jan", "Feb"], start=2):
        ws.cell(3, c, m)
    ws.append(["Headcount", 40, 41, 43, 44])
    ws.append(["Open positions", 5, 4, 6, 3])
    wb.save(path)
    return path


def time_series(path: Path) -> Path:
    """A BI time-series export: a date column (real dates) and one column per KPI."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Series"
    ws.append(["Date", "Revenue", "Marketing"])
    ws.append([dt.date(2027, 1, 31), 120500.0, 10000.0])
    ws.append([dt.date(2027, 2, 28), 130250.0, 12000.0])
    wb.save(path)
    return path
