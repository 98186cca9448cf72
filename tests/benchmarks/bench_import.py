"""Excel import benchmark (issue 6): 100,000 measurement rows.

Target: reading, validating, planning and applying the rows takes at most 1.5× the
time of the bare minimum — python-calamine reading the same sheet plus
``sqlite3.executemany`` inserting the rows — measured in the same run; peak
memory of the import (a fresh process's VmHWM) under 300 MB.

Run: .venv/bin/python -m tests.benchmarks import
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import openpyxl
import python_calamine as pc

from okrdesk.excel import format as fmt
from okrdesk.excel.apply import apply_plan
from okrdesk.excel.plan import plan_import
from okrdesk.store.workspace import Workspace
from tests.benchmarks.common import ROOT, Result

ROWS = 100_000
NODES = 100


def _workbook(path: Path) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(fmt.MEASUREMENTS)
    ws.append(["Code", "Date", "Value", "Note"])
    start = dt.date(2000, 1, 1)
    for i in range(ROWS):
        ws.append([f"N{i % NODES}", start + dt.timedelta(days=i // NODES), i * 0.5,
                   "" if i % 10 else "checked"])
    wb.save(path)


def _baseline(book: Path, db: Path) -> float:
    started = time.perf_counter()
    with pc.CalamineWorkbook.from_path(str(book)) as wb:
        rows = wb.get_sheet_by_name(fmt.MEASUREMENTS).to_python()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE IF NOT EXISTS m (id INTEGER PRIMARY KEY, code TEXT, date DATE,"
                " value REAL, note TEXT, UNIQUE (code, date))")
    con.executemany("INSERT INTO m (code, date, value, note) VALUES (?, ?, ?, ?)",
                    [(r[0], r[1].isoformat(), r[2], r[3]) for r in rows[1:]])
    con.commit()
    con.close()
    return time.perf_counter() - started


def _import(book: Path, workspace: Path) -> float:
    with Workspace.open(workspace) as ws:
        started = time.perf_counter()
        plan = plan_import(ws.service, book)
        assert plan.ok, plan.summary_lines()[:5]
        apply_plan(ws.service, plan)
        elapsed = time.perf_counter() - started
        assert ws.service.counts()["measurements"] == ROWS
    return elapsed


def _peak_mb(book: Path, workspace: Path) -> float:
    script = textwrap.dedent(f"""
        from okrdesk.excel.apply import apply_plan
        from okrdesk.excel.plan import plan_import
        from okrdesk.store.workspace import Workspace
        with Workspace.open({str(workspace)!r}) as ws:
            apply_plan(ws.service, plan_import(ws.service, {str(book)!r}))
        hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
        print(int(hwm) / 1024)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    return float(out.strip().splitlines()[-1])


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        d = Path(folder)
        book = d / "values.xlsx"
        _workbook(book)
        template = d / "template.okrdesk"
        with Workspace.create(template) as ws:
            for i in range(NODES):
                ws.service.create_node(f"N{i}", f"Node {i}")
        base, ours = [], []
        for i in range(3):  # alternate, best of three each
            base.append(_baseline(book, d / f"base{i}.db"))
            target = d / f"ws{i}.okrdesk"
            shutil.copy(template, target)
            ours.append(_import(book, target))
        target = d / "mem.okrdesk"
        shutil.copy(template, target)
        peak = _peak_mb(book, target)
        again = d / "again.okrdesk"
        shutil.copy(d / "ws0.okrdesk", again)
        reimport = _import_again(book, again)
    b, o = min(base), min(ours)
    return [
        Result("import 100k measurements: calamine + executemany baseline", b, "s"),
        Result("import 100k measurements: okrdesk plan + apply", o, "s"),
        Result("import 100k measurements: ratio to baseline", o / b, "x", target=1.5),
        Result("import 100k measurements: peak memory (VmHWM)", peak, "MB", target=300),
        Result("re-import the same 100k rows (plans nothing)", reimport, "s"),
    ]


def _import_again(book: Path, workspace: Path) -> float:
    with Workspace.open(workspace) as ws:
        started = time.perf_counter()
        plan = plan_import(ws.service, book)
        assert not plan.has_changes
        return time.perf_counter() - started


if __name__ == "__main__":
    for r in run():
        print(f"{r.name:<60} {r.measured:8.3f} {r.unit} target {r.target} {r.note}")
