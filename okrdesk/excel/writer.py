"""Export a workspace (or a selection of it) to the okrdesk workbook (PRODUCT.md §4).

``export_workbook`` writes every sheet of ``format.SHEETS`` with openpyxl in
write-only mode, to a temporary file in the destination folder that replaces
the destination only when complete: a cancelled or failed export leaves no file
behind and never a half-written one.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from okrdesk.excel import format as fmt
from okrdesk.excel.charts import plan_charts, write_chart_data, write_charts
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
from okrdesk.excel.keepable_view import KeepableView
from okrdesk.excel.readme import ExportStamp, write_readme
from okrdesk.excel.sheets import define_lists, write_data_sheet
from okrdesk.store.atomic import replacing

Progress = Callable[[int, int], None]


class ExportCancelled(Exception):
    """The export was cancelled; nothing was written at the destination."""


class ExportError(Exception):
    """The workbook could not be written (message names the file)."""


@dataclass
class ExportSummary:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)  # data rows per sheet
    charts: int = 0
    elapsed: float = 0.0  # seconds

    def lines(self) -> list[str]:
        """Human-readable lines for the CLI and the GUI."""
        out = [f"Exported to {self.path} in {self.elapsed:.1f} s:"]
        out += [f"  {name}: {n:,} row{'' if n == 1 else 's'}" for name, n in self.counts.items()]
        out.append(f"  {fmt.CHARTS}: {self.charts} charts")
        return out


class _Ticker:
    """Progress and cancellation, checked every few thousand rows."""

    def __init__(self, total: int, progress: Progress | None, cancelled: Callable[[], bool] | None):
        self.done = 0
        self.total = max(total, 1)
        self.progress = progress
        self.cancelled = cancelled

    def __call__(self, rows: int) -> None:
        self.done = min(self.done + rows, self.total)
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled("export cancelled")
        if self.progress is not None:
            self.progress(self.done, self.total)


def _selection_text(service, selection: Selection) -> str:
    if selection.whole:
        return "whole workspace"
    parts = []
    if selection.period_ids is not None:
        names = {p.id: p.name for p in service.periods()}
        parts.append("periods " + ", ".join(names.get(i, str(i)) for i in sorted(selection.period_ids)))
    if selection.team_ids is not None:
        names = {t.id: t.name for t in service.teams()}
        parts.append("teams " + ", ".join(names.get(i, str(i)) for i in sorted(selection.team_ids)))
    if selection.branch_node_id is not None:
        parts.append("KPI branch " + service.kpi_node(selection.branch_node_id).code)
    return "; ".join(parts)


def export_workbook(
    service,
    path: str | os.PathLike[str],
    *,
    period_ids: Iterable[int] | None = None,
    team_ids: Iterable[int] | None = None,
    branch_node_id: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportSummary:
    """Write the workspace behind ``service`` (or the selected periods, teams and KPI
    branch) to ``path`` as an okrdesk workbook.

    ``progress(done, total)`` is called as rows are written; when ``cancelled()``
    turns true the export stops with ``ExportCancelled`` and ``path`` is untouched.
    Raises ``ExportError`` when the file cannot be written.
    """
    started = time.perf_counter()
    target = Path(path)
    if not target.parent.is_dir():
        raise ExportError(f"Cannot export to {target}: the folder {target.parent} does not exist")
    selection = Selection(
        frozenset(period_ids) if period_ids is not None else None,
        frozenset(team_ids) if team_ids is not None else None,
        branch_node_id,
    )
    service = KeepableView(service)  # no text that XML cannot carry reaches the workbook
    data = collect(service, selection)
    totals = service.counts()
    expected = sum(data.counts().values()) + (
        totals.get("measurements", 0) if selection.branch_node_id is None else 0)
    tick = _Ticker(expected, progress, cancelled)
    tick(0)

    wb = Workbook(write_only=True)
    sheets = {spec.name: wb.create_sheet(spec.name) for spec in fmt.SHEETS}
    chart_data_ws = wb.create_sheet(fmt.CHART_DATA)

    try:
        counts: dict[str, int] = {}
        writers: list[tuple[fmt.SheetSpec, Iterable[tuple]]] = [
            (fmt.TEAMS_SHEET, team_rows(data)),
            (fmt.PEOPLE_SHEET, people_rows(data)),
            (fmt.KPI_TREE_SHEET, node_rows(data)),
            (fmt.MEASUREMENTS_SHEET, measurement_rows(service, data)),
            (fmt.PERIODS_SHEET, period_rows(data)),
            (fmt.OBJECTIVES_SHEET, objective_rows(data)),
            (fmt.KEY_RESULTS_SHEET, key_result_rows(data)),
            (fmt.CHECK_INS_SHEET, check_in_rows(data)),
        ]
        for spec, rows in writers:
            counts[spec.name] = write_data_sheet(sheets[spec.name], spec, rows, tick=tick)

        as_of = service.today()
        roots = [selection.branch_node_id] if selection.branch_node_id is not None else None
        plan = plan_charts(data.tree, roots, as_of)
        write_chart_data(chart_data_ws, data.tree, plan)
        chart_data_ws.sheet_state = "hidden"
        charts = write_charts(sheets[fmt.CHARTS], chart_data_ws, data.tree, plan)
        define_lists(wb, sheets[fmt.LISTS])

        settings = service.settings()
        stamp = ExportStamp(
            exported_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0),
            workspace=str(settings.get("name") or "okrdesk workspace"),
            data_revision=int(service.data_revision),
            selection=_selection_text(service, selection),
        )
        write_readme(sheets[fmt.README], stamp=stamp, counts=counts)
        tick(0)
        _save(wb, target, cancelled)
    except BaseException:
        _discard(wb)
        raise
    return ExportSummary(target, counts, charts, time.perf_counter() - started)


def _discard(wb: Workbook) -> None:
    """Close the write-only sheets of an abandoned workbook and delete their temporary
    files (openpyxl streams each sheet to a temporary file until it is saved)."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        try:
            if not ws.closed:
                ws.close()
        except Exception:  # noqa: BLE001 - best effort on the way out of a failed export
            pass
        out = getattr(writer, "out", None)
        if out and os.path.exists(out):
            os.remove(out)


def _save(wb: Workbook, target: Path, cancelled: Callable[[], bool] | None) -> None:
    """Save ``wb`` next to ``target`` under a temporary name, then move it into place."""
    try:
        with replacing(target, suffix=".xlsx.part") as tmp:
            wb.save(tmp)
            if cancelled is not None and cancelled():
                raise ExportCancelled("export cancelled")
    except OSError as exc:
        raise ExportError(f"Cannot write {target}: {exc.strerror or exc}") from exc
