"""Native Excel line charts of KPI trends for the `Charts` sheet of an export.

One chart per KPI: its monthly (reporting-grain) values over the last
``HISTORY`` buckets with its target as a dashed line. The numbers live on the
hidden `Chart data` sheet (one date column, then a value and a target column
per KPI) so the charts stay live in Excel and LibreOffice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties

from okrdesk import palette
from okrdesk.domain.bucket_dates import bucket_start, previous_bucket
from okrdesk.domain.entities import NodeKind
from okrdesk.excel import format as fmt
from okrdesk.excel.styles import MUTED_FONT, TITLE_FONT
from okrdesk.store.readmodels.tree import NodeRow, TreeReadModel

HISTORY = 24  # buckets per chart
MAX_CHARTS = 40
CHART_WIDTH_CM = 16.0
CHART_HEIGHT_CM = 7.5
ROWS_PER_CHART = 16  # rows of the Charts sheet taken by one chart (default row height)
COLUMNS = ("B", "K")  # two charts side by side


@dataclass(frozen=True)
class ChartPlan:
    rows: list[NodeRow]
    buckets: list[dt.date]


def plan_charts(tree: TreeReadModel, root_ids: list[int] | None, as_of: dt.date) -> ChartPlan:
    """The KPIs to chart: each root (or each given node) followed by its direct children,
    KPI-kind roots first, at most ``MAX_CHARTS``; and the bucket dates to show."""
    if root_ids is None:
        roots = tree.children(None)
        roots.sort(key=lambda r: r.node.kind != NodeKind.KPI)
    else:
        roots = [tree.row(i) for i in root_ids]
    chosen: list[NodeRow] = []
    for root in roots:
        for row in (root, *tree.children(root.node.id)):
            if len(chosen) < MAX_CHARTS and row not in chosen:
                chosen.append(row)
    buckets = [bucket_start(as_of, tree.grain)]
    while len(buckets) < HISTORY:
        buckets.append(previous_bucket(buckets[-1], tree.grain))
    buckets.reverse()
    return ChartPlan(chosen, buckets)


def write_chart_data(ws, tree: TreeReadModel, plan: ChartPlan) -> None:
    """Fill the (hidden, write-only) `Chart data` sheet."""
    header = [WriteOnlyCell(ws, "Month")]
    for row in plan.rows:
        for label in (f"{row.node.code} value", f"{row.node.code} target"):
            cell = WriteOnlyCell(ws, label)
            cell.data_type = "s"
            header.append(cell)
    ws.append(header)
    month = WriteOnlyCell(ws)
    month.number_format = "mmm yyyy"
    for bucket in plan.buckets:
        values: list = []
        for row in plan.rows:
            value = tree.rollup.value(row.node.id, bucket)
            values.append(None if value is None else float(f"{value:.15g}"))
            values.append(row.node.target)
        first = WriteOnlyCell(ws, bucket)
        first.number_format = "mmm yyyy"
        ws.append([first, *values])


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _chart(data_ws, index: int, row: NodeRow, n_buckets: int) -> LineChart:
    chart = LineChart()
    node = row.node
    unit = f" ({node.unit})" if node.unit else ""
    label = node.name if node.name.casefold() == node.code.casefold() else f"{node.code} — {node.name}"
    chart.title = f"{label}{unit}"[:120]
    chart.style = 2
    chart.height = CHART_HEIGHT_CM
    chart.width = CHART_WIDTH_CM
    chart.legend.position = "b"
    chart.y_axis.majorGridlines = ChartLines()
    chart.y_axis.majorGridlines.spPr = GraphicalProperties(ln=LineProperties(solidFill=_hex(palette.BORDER)))
    chart.y_axis.number_format = "#,##0.##"
    chart.x_axis.number_format = "mmm yy"
    chart.x_axis.majorTimeUnit = "months"
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    value_col = 2 + 2 * index
    data = Reference(data_ws, min_col=value_col, max_col=value_col + 1, min_row=1, max_row=n_buckets + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(data_ws, min_col=1, min_row=2, max_row=n_buckets + 1))
    value, target = chart.series
    value.graphicalProperties.line.solidFill = _hex(palette.SERIES_COLOURS[0])
    value.graphicalProperties.line.width = 28575  # 2.25 pt
    value.smooth = False
    target.graphicalProperties.line.solidFill = _hex(palette.MUTED_INK)
    target.graphicalProperties.line.dashStyle = "dash"
    target.graphicalProperties.line.width = 15875
    target.smooth = False
    return chart


def write_charts(ws, data_ws, tree: TreeReadModel, plan: ChartPlan) -> int:
    """Lay out one chart per planned KPI on the write-only `Charts` sheet; returns the count."""
    # Page set-up is written with the first row: set it before.
    ws.sheet_view.showGridLines = False
    ws.column_dimensions["A"].width = 2
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    title = WriteOnlyCell(ws, "KPI trends")
    title.font = TITLE_FONT
    ws.append([None, title])
    if plan.rows:
        first, last = plan.buckets[0], plan.buckets[-1]
        text = (f"Monthly values from {first:%B %Y} to {last:%B %Y} of the top-level KPIs and the "
                "metrics directly under them; the dashed line is the target. Status words are on "
                f"the {fmt.KPI_TREE} sheet.")
    else:
        text = f"No KPIs to chart yet: add KPIs on the {fmt.KPI_TREE} sheet and values on {fmt.MEASUREMENTS}."
    note = WriteOnlyCell(ws, text)
    note.font = MUTED_FONT
    ws.append([None, note])
    for index, row in enumerate(plan.rows):
        chart = _chart(data_ws, index, row, len(plan.buckets))
        anchor_row = 4 + (index // 2) * ROWS_PER_CHART
        ws.add_chart(chart, f"{COLUMNS[index % 2]}{anchor_row}")
    return len(plan.rows)
