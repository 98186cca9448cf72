"""The Trends view: a searchable node list beside a date-axis chart of the chosen node."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.entities import Direction, Grain, Period, PeriodKind
from okrdesk.store.readmodels.tree import NodeRow, TreeReadModel
from okrdesk.store.readmodels.trend import MOVING_AVERAGE_WINDOW, TrendSeries, trend_series, write_trend_csv
from okrdesk.ui import icons, theme
from okrdesk.ui.fonts import body_font, number_font, title_font
from okrdesk.ui.kpi_tree import formatting as fmt
from okrdesk.ui.trends.chart import TrendChart
from okrdesk.ui.trends.node_list import NodeList, build_node_items
from okrdesk.ui.view_base import BaseView, ViewContext
from okrdesk.ui.widgets.elided_label import ElidedLabel
from okrdesk.ui.widgets.status_badge import StatusBadge

LIST_WIDTH = 320
#: Share of a period's length shown before it as context when zooming to it.
CONTEXT_SHARE = 0.75

_GRAIN_WORDS = {Grain.WEEK: "weekly", Grain.MONTH: "monthly", Grain.QUARTER: "quarterly", Grain.YEAR: "yearly"}


def _bucket_label(day: dt.date, grain: Grain) -> str:
    if grain == Grain.MONTH:
        return f"{day:%B %Y}"
    if grain == Grain.QUARTER:
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if grain == Grain.YEAR:
        return str(day.year)
    return f"Week of {day:%d %b %Y}"


class TrendsView(BaseView):
    """Trends (PRODUCT.md §3): one node's values over time with target, bands and OKR periods."""

    key = "trends"
    title = "Trends"

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._period: Period | None = None
        self._periods: list[Period] = []
        self.read_model: TreeReadModel | None = None
        self.series: TrendSeries | None = None
        self._node_id: int | None = None
        c = theme.current()

        # Left: the searchable list.
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by code, name or owner")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_edit.setAccessibleName("Filter KPI nodes")
        self.node_list = NodeList()
        self.filter_edit.textChanged.connect(self._filter_changed)
        left = QFrame()
        left.setObjectName("TrendsSide")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 14, 0, 0)
        left_layout.setSpacing(10)
        filter_row = QHBoxLayout()
        filter_row.setContentsMargins(0, 0, 12, 0)
        filter_row.addWidget(self.filter_edit)
        left_layout.addLayout(filter_row)
        left_layout.addWidget(self.node_list, 1)
        left.setMinimumWidth(260)

        # Right: title, read-out, export buttons, chart.
        self.code_label = ElidedLabel()
        self.code_label.setObjectName("Muted")
        self.code_label.setFont(body_font(9.5))
        self.name_label = ElidedLabel()
        self.name_label.setFont(title_font(1))
        self.value_label = QLabel()
        self.value_label.setFont(number_font(18.0, bold=True))
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.badge = StatusBadge(None)
        self.readout_label = ElidedLabel()
        self.readout_label.setObjectName("Muted")
        self.readout_label.setFont(number_font(9.5))
        self.png_button = QPushButton(icons.icon("download"), "PNG")
        self.png_button.setToolTip("Save the chart as a PNG picture")
        self.png_button.setAccessibleName("Export the chart as PNG")
        self.csv_button = QPushButton(icons.icon("file-spreadsheet"), "CSV")
        self.csv_button.setToolTip("Save the values as CSV (date, value, bucketed, moving average)")
        self.csv_button.setAccessibleName("Export the values as CSV")
        self.png_button.clicked.connect(lambda: self.export_png())
        self.csv_button.clicked.connect(lambda: self.export_csv())

        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.code_label)
        titles.addWidget(self.name_label)
        value_box = QHBoxLayout()
        value_box.setSpacing(12)
        value_box.addWidget(self.value_label)
        value_box.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addLayout(value_box)
        tools = QHBoxLayout()
        tools.addWidget(self.readout_label, 1)
        tools.addWidget(self.png_button)
        tools.addWidget(self.csv_button)

        self.chart = TrendChart()
        self.chart.hovered.connect(self._show_readout)
        self.chart_panel = QFrame()
        self.chart_panel.setObjectName("TrendsChartPanel")
        right_layout = QVBoxLayout(self.chart_panel)
        right_layout.setContentsMargins(28, 20, 28, 18)
        right_layout.setSpacing(8)
        right_layout.addLayout(header)
        right_layout.addLayout(tools)
        right_layout.addWidget(self.chart, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.chart_panel)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([LIST_WIDTH, 1600 - LIST_WIDTH])

        self.empty_state = self._empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.empty_state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setStyleSheet(
            f"QFrame#TrendsSide {{ background: {c.surface}; border-right: 1px solid {c.border}; }}"
            f"QFrame#TrendsChartPanel {{ background: {c.surface}; }}"
            f"QListView#TrendNodes {{ border: none; background: {c.surface}; }}"
            f"QListView#TrendNodes::item {{ border-bottom: 1px solid {c.hover}; }}"
            f"QListView#TrendNodes::item:selected {{ background: {c.accent_tint}; }}"
        )
        self.reload()

    def _empty_state(self) -> QWidget:
        page = QWidget()
        page.setObjectName("EmptyState")
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        title = QLabel("No KPI nodes to chart yet")
        title.setObjectName("EmptyTitle")
        title.setFont(title_font(1))
        text = QLabel(
            "Trends draw the measurements of your KPI tree. Import a workbook with a "
            "“KPI Tree” and a “Measurements” sheet (File ▸ Import) and pick a KPI here."
        )
        text.setObjectName("EmptyText")
        text.setWordWrap(True)
        text.setMaximumWidth(560)
        for label in (title, text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        return page

    # ------------------------------------------------------------------ BaseView

    def set_period(self, period: Period | None) -> None:
        """Zoom to ``period`` with some context before it (None: the whole history)."""
        self._period = period
        self.chart.set_periods(self._shaded_periods(), period)
        self._apply_window()

    def set_search(self, text: str) -> None:
        """Filter the node list by code, name or owner."""
        self.filter_edit.setText(text)

    def reload(self) -> None:
        """Read the workspace again; keep the chosen node when it still exists."""
        service = self.ctx.service
        self.read_model = self.ctx.tree(None, history=True)
        self._periods = list(service.periods())
        model = build_node_items(self.read_model)
        self.node_list.set_items(model)
        self.node_list.selectionModel().currentChanged.connect(self._current_changed)
        if not self.read_model.rows:
            self.stack.setCurrentWidget(self.empty_state)
            self.show_node(None)
            return
        self.stack.setCurrentWidget(self.splitter)
        self.chart.set_periods(self._shaded_periods(), self._period)
        keep = self._node_id if self._node_id in self.read_model.ids else None
        if keep is None:
            top = self.read_model.top_kpi()
            keep = top.node.id if top is not None else None
        self.show_node(keep)

    # ------------------------------------------------------------------ node choice

    def selected_node_id(self) -> int | None:
        """The node charted."""
        return self._node_id

    def show_node(self, node_id: int | None) -> None:
        """Chart ``node_id`` and select it in the list."""
        self._node_id = node_id
        tree = self.read_model
        row = tree.row(node_id) if tree is not None and node_id is not None else None
        list_row = self.node_list.row_of(node_id) if node_id is not None else -1
        if list_row >= 0:
            index = self.node_list.proxy.index(list_row, 0)
            if self.node_list.currentIndex() != index:
                self.node_list.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                self.node_list.scrollTo(index)
        self.series = trend_series(tree, node_id) if row is not None else None
        self.chart.set_series(self.series, row.node if row is not None else None)
        self._show_title(row)
        self._apply_window()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node_id = self.node_list.proxy.data(current, Qt.ItemDataRole.UserRole + 1) if current.isValid() else None
        if node_id is not None and node_id != self._node_id:
            self.show_node(node_id)

    def _filter_changed(self, text: str) -> None:
        self.node_list.set_filter(text)
        if self._node_id is not None and self.node_list.row_of(self._node_id) < 0 and self.node_list.proxy.rowCount():
            self.show_node(self.node_list.node_id_at(0))

    # ------------------------------------------------------------------ title and read-out

    def _show_title(self, row: NodeRow | None) -> None:
        if row is None:
            self.code_label.setText("")
            self.name_label.setText("Choose a KPI on the left")
            self.value_label.setText("")
            self.badge.set_status(None)
            self.badge.hide()
            self.readout_label.setText("")
            self.png_button.setEnabled(False)
            self.csv_button.setEnabled(False)
            return
        node = row.node
        grain = self.read_model.grain if self.read_model else Grain.MONTH
        parts = [node.code, fmt.KIND_WORDS[node.kind]]
        if node.unit:
            parts.append(node.unit)
        parts.append(fmt.DIRECTION_WORDS[Direction(node.direction)].lower())
        parts.append(f"{_GRAIN_WORDS[grain]} buckets")
        self.code_label.setText("  ·  ".join(parts))
        self.name_label.setText(node.name)
        latest = self.series.latest() if self.series is not None else None
        if latest is not None:
            self.value_label.setText(fmt.format_value(latest[1], node.unit))
            self.value_label.setToolTip(f"Latest bucket: {_bucket_label(latest[0], grain)}")
        else:
            self.value_label.setText("No values yet")
        self.badge.set_status(row.status)
        self.badge.show()
        self._show_readout(None)
        has_data = latest is not None
        self.png_button.setEnabled(True)
        self.csv_button.setEnabled(has_data)

    def title_text(self) -> str:
        """The chart's title as one line: code, name, unit, latest value and status word."""
        return f"{self.code_label.text()} — {self.name_label.text()} — {self.value_label.text()} — {self.badge.text()}"

    def _show_readout(self, found) -> None:
        row = self.read_model.row(self._node_id) if self.read_model and self._node_id is not None else None
        if row is None:
            return
        if found is None:
            text = "Hover over the chart to read a value"
            if self.series is not None and self.series.raw_differs:
                text += "  ·  small dots are the individual measurements"
            self.readout_label.setText(text)
            return
        day, value, mean = found
        unit = row.node.unit
        text = f"{_bucket_label(day, self.read_model.grain)}:  {fmt.format_value(value, unit)}"
        if mean is not None:
            text += f"   ·   {MOVING_AVERAGE_WINDOW}-bucket average {fmt.format_value(mean, unit)}"
        if row.node.target is not None:
            text += f"   ·   target {fmt.format_value(row.node.target, unit)}"
        self.readout_label.setText(text)

    # ------------------------------------------------------------------ ranges

    def _shaded_periods(self) -> list[Period]:
        quarters = [p for p in self._periods if p.kind != PeriodKind.YEAR]
        return quarters or list(self._periods)

    def period_window(self, period: Period | None) -> tuple[dt.date | None, dt.date | None]:
        """The dates shown for ``period``: from some context before its start to its end."""
        if period is None:
            return None, None
        length = (period.end - period.start).days + 1
        context = dt.timedelta(days=max(round(length * CONTEXT_SHARE), 62))
        return period.start - context, period.end

    def _apply_window(self) -> None:
        start, end = self.period_window(self._period)
        self.chart.show_window(start, end)

    # ------------------------------------------------------------------ export

    def _default_name(self, suffix: str) -> str:
        row = self.read_model.row(self._node_id) if self.read_model and self._node_id is not None else None
        stem = row.node.code.replace(".", "-").lower() if row is not None else "trend"
        return f"{stem}-trend.{suffix}"

    def export_png(self, path: str | Path | None = None) -> Path | None:
        """Save the chart panel (title and chart) as PNG; asks for a file when ``path`` is None."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export chart as PNG", self._default_name("png"), "PNG pictures (*.png)")
            if not chosen:
                return None
            path = chosen
        target = Path(path)
        readout = self.readout_label.isVisible()
        self.readout_label.setVisible(False)
        buttons = (self.png_button.isVisible(), self.csv_button.isVisible())
        self.png_button.setVisible(False)
        self.csv_button.setVisible(False)
        try:
            ok = self.chart_panel.grab().save(str(target), "PNG")
        finally:
            self.readout_label.setVisible(readout)
            self.png_button.setVisible(buttons[0])
            self.csv_button.setVisible(buttons[1])
        if not ok:
            QMessageBox.warning(self, "Export chart", f"Could not write the picture {target}.")
            return None
        return target

    def export_csv(self, path: str | Path | None = None) -> Path | None:
        """Save date, value, bucketed and moving average as CSV; asks for a file when ``path`` is None."""
        if self.series is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export values as CSV", self._default_name("csv"), "CSV files (*.csv)")
            if not chosen:
                return None
            path = chosen
        target = Path(path)
        try:
            write_trend_csv(target, self.series)
        except OSError as exc:
            QMessageBox.warning(self, "Export values", str(exc))
            return None
        return target
