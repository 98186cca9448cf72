"""Values import benchmark (issue 7): a wide sheet of 500 KPIs × 60 months imported
through a saved import profile.

Target: ``import_with_profile`` (safety check, calamine read, strict plan against the
workspace, one-transaction apply and the history entry) under 2 s, for the first
import (30,000 new values) and for next month's re-import (every value compared,
a sixth of them changed). The profile is made the way the wizard makes it
(``detect_spec`` + confirmed ``match_labels``) and saved in the workspace.

Run: .venv/bin/python -m tests.benchmarks import_values
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import openpyxl

from okrdesk.excel.foreign import (
    apply_matches, detect_spec, import_with_profile, match_labels, open_source, read_table, save_profile,
)
from okrdesk.store.workspace import Workspace
from tests.benchmarks.common import Result

KPIS = 500
MONTHS = 60
TARGET_S = 2.0
REPEAT = 3


def _month_labels() -> list[str]:
    out, day = [], dt.date(2022, 1, 1)
    for _ in range(MONTHS):
        out.append(day.strftime("%b %Y"))
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def _sheet(path: Path, bump: float = 0.0) -> Path:
    """A finance export: a title block, KPI names down column A, months across."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Monthly KPIs")
    ws.append(["Northwind — monthly KPI report"])
    ws.append([])
    ws.append(["KPI", *_month_labels()])
    for k in range(KPIS):
        ws.append([f"Metric {k:03d}", *(round(1000 + k * 3.5 + m * 1.25 + (bump if m % 6 == 0 else 0), 2)
                                       for m in range(MONTHS))])
    ws.append(["Total", *([0.0] * MONTHS)])
    wb.save(path)
    return path


def _workspace(path: Path, sheet: Path) -> None:
    with Workspace.create(path, name="Bench") as ws:
        s = ws.service
        root = s.create_node("ALL", "All metrics", kind="kpi", formula="sum")
        for k in range(KPIS):
            s.create_node(f"M{k:03d}", f"Metric {k:03d}", parent_id=root.id, kind="measure", unit="EUR")
        grid = open_source(sheet).grid()
        spec = detect_spec(grid, s.kpi_nodes())
        apply_matches(spec, match_labels(read_table(grid, spec).labels, s.kpi_nodes()))
        save_profile(s, "Monthly KPIs", spec)


def _timed_import(template: Path, sheet: Path, work: Path, prime: Path | None) -> tuple[float, str]:
    target = work / "run.okrdesk"
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(template, target)
    with Workspace.open(target) as ws:
        if prime is not None:
            import_with_profile(ws.service, prime, "Monthly KPIs")
        started = time.perf_counter()
        outcome = import_with_profile(ws.service, sheet, "Monthly KPIs")
        elapsed = time.perf_counter() - started
        if not outcome.plan.ok or outcome.applied is None:
            raise RuntimeError("the benchmark import was refused: " + "; ".join(outcome.plan.problem_lines()[:3]))
        return elapsed, outcome.plan.summary()


def run() -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="okrdesk-bench-values-") as tmp:
        work = Path(tmp)
        first = _sheet(work / "first.xlsx")
        second = _sheet(work / "second.xlsx", bump=10.0)
        template = work / "template.okrdesk"
        _workspace(template, first)
        results = []
        for name, sheet, prime in (("first import (all new)", first, None),
                                   ("re-import (1/6 changed)", second, first)):
            samples, summary = [], ""
            for _ in range(REPEAT):
                elapsed, summary = _timed_import(template, sheet, work, prime)
                samples.append(elapsed)
            results.append(Result(f"import values 500 KPIs × 60 months, {name}",
                                  statistics.median(samples), "s", TARGET_S,
                                  f"median of {REPEAT}; {summary}"))
        return results


if __name__ == "__main__":
    for r in run():
        print(f"{r.name}: {r.measured:.3f} {r.unit} (target ≤ {r.target} {r.unit}) {r.note}")
