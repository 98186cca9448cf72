"""Characters no XML file can carry never make an export unreadable.

Rows written by hand (or by an older okrdesk) may hold C0 controls or U+FFFF; the
store drops them on input, and the export drops them wherever workspace text
reaches the workbook: data cells, chart titles, dropdown lists, the Read me."""

from __future__ import annotations

import datetime as dt
import sqlite3

import openpyxl
from python_calamine import CalamineWorkbook

from okrdesk.domain.text import keepable
from okrdesk.excel.writer import export_workbook
from okrdesk.store.demo import generate_demo
from okrdesk.store.workspace import Workspace

BAD = "\x01\x08\x0b\ufffe\uffff"


def test_hand_written_control_characters_are_dropped_from_the_export(tmp_path):
    path = tmp_path / "w.okrdesk"
    with Workspace.create(path) as ws:
        generate_demo(ws.engine, "workshop", as_of=dt.date(2027, 2, 15))
    with sqlite3.connect(path) as con:  # as a broken older file would hold them
        con.execute("UPDATE kpi_nodes SET name = ? || name WHERE parent_id IS NULL", (BAD,))
        con.execute("UPDATE teams SET name = name || ? WHERE id = (SELECT min(id) FROM teams)", (BAD,))
        con.execute("UPDATE settings SET value = value || ? WHERE key = 'name'", (BAD,))
        con.execute("UPDATE objectives SET title = ? || title, description = ?", (BAD, "x" + BAD))
        con.execute("UPDATE measurements SET note = ? WHERE id % 50 = 0", ("n" + BAD,))
    out = tmp_path / "w.xlsx"
    with Workspace.open(path) as ws:
        export_workbook(ws.service, out)
    book = openpyxl.load_workbook(out)  # raises on malformed XML
    texts = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert texts and not any(ch in t for t in texts for ch in BAD)
    calamine = CalamineWorkbook.from_path(str(out))
    for name in calamine.sheet_names:
        calamine.get_sheet_by_name(name).to_python()


def test_the_store_drops_them_on_input(tmp_path):
    with Workspace.create(tmp_path / "w.okrdesk") as ws:
        node = ws.service.create_node("REV", "Re\x01venue\uffff")
        assert node.name == "Revenue"
    assert keepable("a\tb\nc\r\x00d") == "a\tb\nc\rd"
