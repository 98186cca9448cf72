"""Excel export benchmark (issue 6): the firm demo exported by okrdesk against openpyxl
write-only mode writing the same cells with no styling, in the same run.

Run: .venv/bin/python -m tests.benchmarks export
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from okrdesk.excel import format as fmt
from okrdesk.excel.export_rows import (
    Selection,
    check_in_rows,
    collect,
    key_result_rows,
    measurement_rows,
    node_rows,
    objective_rows,
    people_rows,
    period_rows,
    team_rows,
)
from okrdesk.excel.writer import export_workbook
from okrdesk.store.workspace import Workspace
from tests.benchmarks.common import Result, demo_workspace

TARGET_RATIO = 1.3


def same_cells(service) -> list[tuple[str, list[tuple]]]:
    """Every data row the export writes, per sheet, as plain values."""
    data = collect(service, Selection())
    return [
        (fmt.TEAMS, list(team_rows(data))), (fmt.PEOPLE, list(people_rows(data))),
        (fmt.KPI_TREE, list(node_rows(data))), (fmt.MEASUREMENTS, list(measurement_rows(service, data))),
        (fmt.PERIODS, list(period_rows(data))), (fmt.OBJECTIVES, list(objective_rows(data))),
        (fmt.KEY_RESULTS, list(key_result_rows(data))), (fmt.CHECK_INS, list(check_in_rows(data))),
    ]


def plain_write(sheets: list[tuple[str, list[tuple]]], path: Path) -> float:
    """Seconds openpyxl write-only mode takes to write ``sheets`` unstyled."""
    started = time.perf_counter()
    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        spec = fmt.SHEETS_BY_NAME[name]
        ws.append([c.name for c in spec.columns])
        for row in rows:
            ws.append(row)
    wb.save(path)
    return time.perf_counter() - started


def export_time(service, path: Path) -> float:
    started = time.perf_counter()
    export_workbook(service, path)
    return time.perf_counter() - started


def run(size: str = "firm", repeat: int = 3) -> list[Result]:
    source = demo_workspace(size)
    with Workspace.open(source, read_only=True) as ws, tempfile.TemporaryDirectory() as folder:
        service = ws.service
        sheets = same_cells(service)
        cells = sum(len(rows) * (len(rows[0]) if rows else 0) for _, rows in sheets)
        baseline = min(plain_write(sheets, Path(folder) / "plain.xlsx") for _ in range(repeat))
        ours = min(export_time(service, Path(folder) / "export.xlsx") for _ in range(repeat))
    return [
        Result(f"openpyxl write-only, {cells:,} plain cells ({size})", baseline, "s"),
        Result(f"okrdesk export_workbook ({size}, all sheets, styles, charts)", ours, "s"),
        Result("export / plain write-only", ours / baseline, "x", target=TARGET_RATIO),
    ]


if __name__ == "__main__":
    for result in run():
        print(f"{result.name:<70} {result.measured:8.3f} {result.unit}  target {result.target}")
