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
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.entities import Grain, Period, PeriodKind
from okrdesk.store.readmodels.tree import NodeRow, TreeReadModel
from okrdesk.store.readmodels.trend import TrendSeries, trend_series, with_window
from okrdesk.store.readmodels.trend_forecast import ForecastBand, forecast_band
from okrdesk.store.readmodels.trend_krs import chart_key_result, default_choice, key_result_item, node_key_results
from okrdesk.store.readmodels.trend_okr import kr_target_markers
from okrdesk.ui import icons, theme
from okrdesk.ui.fonts import body_font, number_font, title_font
from okrdesk.ui.kpi_tree import formatting as fmt
from okrdesk.ui.trends.chart import TrendChart
from okrdesk.ui.trends.compare_panel import ComparePanel
from okrdesk.ui.trends.trend_export import TrendExport
from okrdesk.ui.trends.kr_panel import KeyResultPanel
from okrdesk.ui.trends.node_list import NodeList, build_node_items
from okrdesk.ui.trends.readout_text import bucket_label, hover_readout, idle_readout, subtitle
from okrdesk.ui.trends.trend_tools import TrendTools
from okrdesk.ui.view_base import BaseView, ViewContext
from okrdesk.ui.widgets.elided_label import ElidedLabel
from okrdesk.ui.widgets.status_badge import StatusBadge
from okrdesk.ui.empty_state import EmptyState

LIST_WIDTH = 320
#: Share of a period's length shown before it as context when zooming to it.
CONTEXT_SHARE = 0.75

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
        self.tools = TrendTools()
        self.png_action = self.tools.png_action
        self.csv_action = self.tools.csv_action
        self.pdf_action = self.tools.pdf_action
        self.edit_button = self.tools.edit_button
        self.compare_button = self.tools.compare_button
        self.png_action.triggered.connect(lambda: self.export_png())
        self.csv_action.triggered.connect(lambda: self.export_csv())
        self.pdf_action.triggered.connect(lambda: self.export_pdf())
        self.edit_button.clicked.connect(lambda: self.edit_values())
        self.compare_button.toggled.connect(self.set_compare_mode)
        self.tools.window_combo.currentIndexChanged.connect(lambda _i: self._window_changed())
        self.tools.forecast_combo.currentIndexChanged.connect(lambda _i: self._forecast_changed())
        self._markers_source: tuple[list, list] = ([], [])
        self.exporter = TrendExport(self)
        self.forecast: ForecastBand | None = None
        self.values_dialog = None

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

        self.chart = TrendChart()
        self.chart.hovered.connect(self._show_readout)
        self.compare_panel = ComparePanel()
        self.node_list.checked_changed.connect(self._checked_changed)
        self.node_list.limit_reached.connect(
            lambda n: self.compare_panel.notes_label.setText(f"At most {n} KPIs can be compared at once")
        )
        self.kr_panel = KeyResultPanel()
        self.kr_panel.chosen.connect(self._kr_chosen)
        self._kr_id: int | None = None
        self.single_page = QSplitter(Qt.Orientation.Vertical)
        self.single_page.setChildrenCollapsible(False)
        self.single_page.addWidget(self.chart)
        self.single_page.addWidget(self.kr_panel)
        self.single_page.setStretchFactor(0, 3)
        self.single_page.setStretchFactor(1, 2)
        self.chart_pages = QStackedWidget()
        self.chart_pages.addWidget(self.single_page)
        self.chart_pages.addWidget(self.compare_panel)
        self.chart_panel = QFrame()
        self.chart_panel.setObjectName("TrendsChartPanel")
        right_layout = QVBoxLayout(self.chart_panel)
        right_layout.setContentsMargins(28, 20, 28, 18)
        right_layout.setSpacing(8)
        right_layout.addLayout(header)
        right_layout.addWidget(self.tools)
        right_layout.addWidget(self.readout_label)
        right_layout.addWidget(self.chart_pages, 1)

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
        self.node_list.selectionModel().currentChanged.connect(self._current_changed)
        ctx.undo_stack.indexChanged.connect(self._undo_moved)
        self.reload()

    def _undo_moved(self, _index: int) -> None:
        """An edit, undo or redo: show it at once when the view is on screen
        (hidden views are reloaded by the window when next shown)."""
        if self.isVisible():
            self.reload()

    def _empty_state(self) -> QWidget:
        return EmptyState('chart-line', 'No KPI nodes to chart yet',
                          'Trends draw the measurements of your KPI tree. Import a workbook with a “KPI Tree” and a “Measurements” sheet (File ▸ Import Workbook…) and pick a KPI here.')

    # ------------------------------------------------------------------ BaseView

    def set_period(self, period: Period | None) -> None:
        """Zoom to ``period`` with some context before it (None: the whole history)."""
        self._period = period
        self.chart.set_periods(self._shaded_periods(), period)
        self._apply_window()
        if self._node_id is not None:
            self._kr_id = None  # a key result of the period chosen now
            self._show_key_results(self._node_id)

    def set_search(self, text: str) -> None:
        """Filter the node list by code, name or owner."""
        self.filter_edit.setText(text)

    def reload(self) -> None:
        """Read the workspace again; keep the chosen node when it still exists."""
        service = self.ctx.service
        self.read_model = self.ctx.tree(None, history=True)
        self._periods = list(service.periods())
        self._markers_source = (list(service.key_results()), list(service.objectives()))
        model = build_node_items(self.read_model)
        self.node_list.set_items(model)
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
        if self.is_comparing():
            self.compare_panel.show_nodes(self.read_model, self.node_list.checked_ids())

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
        self.series = trend_series(tree, node_id, self.tools.window()) if row is not None else None
        self.chart.set_series(self.series, row.node if row is not None else None)
        if row is not None:
            krs, objectives = self._markers_source
            self.chart.set_markers(kr_target_markers(node_id, krs, objectives, self._periods))
        self._show_key_results(node_id if row is not None else None)
        self._update_forecast()
        self._show_title(row)
        self._apply_window()

    # ------------------------------------------------------------------ window, forecast, compare

    def set_average_window(self, window: int) -> None:
        """Take the moving average over ``window`` buckets (3, 6 or 12)."""
        index = self.tools.window_combo.findData(window)
        if index < 0:
            raise ValueError(f"the moving-average window must be 3, 6 or 12 buckets, not {window}")
        self.tools.window_combo.setCurrentIndex(index)

    def set_forecast_horizon(self, quarters: int) -> None:
        """Forecast ``quarters`` (1–4) quarters ahead; 0 hides the forecast."""
        index = self.tools.forecast_combo.findData(quarters)
        if index < 0:
            raise ValueError(f"the forecast horizon must be 0 to 4 quarters, not {quarters}")
        self.tools.forecast_combo.setCurrentIndex(index)

    def _window_changed(self) -> None:
        if self.series is None:
            return
        self.series = with_window(self.series, self.tools.window())
        self.chart.set_window(self.series)
        self._show_readout(None)

    def _update_forecast(self) -> None:
        horizon = self.tools.horizon()
        grain = self.read_model.grain if self.read_model is not None else Grain.MONTH
        self.forecast = forecast_band(self.series, grain, horizon) if self.series is not None and horizon else None
        self.chart.set_forecast(self.forecast)

    def _forecast_changed(self) -> None:
        self._update_forecast()
        self._apply_window()
        self._show_readout(None)

    def is_comparing(self) -> bool:
        """Whether the compare page is shown."""
        return self.chart_pages.currentWidget() is self.compare_panel

    def set_compare_mode(self, on: bool) -> None:
        """Switch to comparing the ticked KPIs (the charted one ticked first) or back."""
        if self.compare_button.isChecked() != on:
            self.compare_button.setChecked(on)  # comes back here through toggled
            return
        self.tools.set_single_controls_visible(not on)
        self.chart_pages.setCurrentWidget(self.compare_panel if on else self.single_page)
        self.readout_label.setVisible(not on)
        checked = self.node_list.checked_ids() or ([self._node_id] if self._node_id is not None else [])
        self.node_list.set_checkable(on, checked if on else None)
        if not on:
            self.show_node(self._node_id)
            self.value_label.setVisible(True)

    def compare_nodes(self, node_ids: list[int]) -> None:
        """Compare exactly ``node_ids`` (switches to the compare page)."""
        self.set_compare_mode(True)
        self.node_list.set_checkable(True, node_ids)

    def _checked_changed(self, ids: list[int]) -> None:
        if self.read_model is not None and self.is_comparing():
            self.compare_panel.show_nodes(self.read_model, ids)
            codes = [self.read_model.row(i).node.code for i in self.compare_panel.compared_ids()]
            self.code_label.setText("Compare  ·  " + "  ·  ".join(codes) if codes else "Compare")
            self.name_label.setText(f"{len(codes)} KPIs compared" if len(codes) > 1 else "Compare KPIs")
        self.value_label.setVisible(not self.is_comparing())
        self.badge.setVisible(not self.is_comparing())

    # ------------------------------------------------------------------ key results

    def _show_key_results(self, node_id: int | None, kr_id: int | None = None) -> None:
        """Offer the key results reached from ``node_id`` below its trend (``kr_id`` first
        when it is none of them), keeping the one chosen before when it is still there."""
        krs, objectives = self._markers_source
        items = node_key_results(node_id, krs, objectives, self._periods) if node_id is not None else []
        wanted = kr_id if kr_id is not None else self._kr_id
        if kr_id is not None and all(item.kr.id != kr_id for item in items):
            extra = key_result_item(kr_id, node_id, krs, objectives, self._periods)
            items = ([extra] if extra is not None else []) + items
        ids = [item.kr.id for item in items]
        day = self._period.start if self._period is not None and not (
            self._period.start <= self.ctx.today <= self._period.end) else self.ctx.today
        index = ids.index(wanted) if wanted in ids else default_choice(items, day)
        self.kr_panel.setVisible(bool(items))
        self.kr_panel.set_items(items, index)
        if not items:
            self._kr_id = None

    def _kr_chosen(self, index: int) -> None:
        item = self.kr_panel.items()[index]
        self._kr_id = item.kr.id
        service = self.ctx.service
        self.kr_panel.show_chart(chart_key_result(
            item, self.read_model, self.ctx.today, lambda kr_id: service.check_ins(key_result_id=kr_id)
        ))

    def show_key_result(self, kr_id: int) -> bool:
        """Chart the progress of key result ``kr_id``: a linked one below its KPI's trend,
        any other below the KPI charted now. False when it has no period (nothing to chart)."""
        krs, objectives = self._markers_source
        kr = next((k for k in krs if k.id == kr_id), None)
        if kr is None or key_result_item(kr_id, None, krs, objectives, self._periods) is None:
            return False
        if self.is_comparing():
            self.set_compare_mode(False)
        if kr.kpi_node_id is not None and self.read_model is not None and kr.kpi_node_id in self.read_model.ids:
            self._kr_id = kr_id
            self.show_node(kr.kpi_node_id)
        else:
            self._show_key_results(self._node_id, kr_id)
        return True

    # ------------------------------------------------------------------ measurement entry

    def edit_values(self):
        """Open the measurement table of the charted node (non-modal); returns the dialog."""
        from okrdesk.ui.measurements.dialog import MeasurementDialog

        if self.read_model is None or self._node_id is None:
            return None
        row = self.read_model.row(self._node_id)
        if self.values_dialog is not None:
            self.values_dialog.close()
            self.values_dialog.deleteLater()
        self.values_dialog = MeasurementDialog(self.ctx, row.node, self.read_model, parent=self)
        self.values_dialog.show()
        return self.values_dialog

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
            self.tools.export_button.setEnabled(False)
            self.edit_button.setEnabled(False)
            return
        node = row.node
        grain = self.read_model.grain if self.read_model else Grain.MONTH
        self.code_label.setText(subtitle(node, grain))
        self.name_label.setText(node.name)
        latest = self.series.latest() if self.series is not None else None
        if latest is not None:
            self.value_label.setText(fmt.format_value(latest[1], node.unit))
            self.value_label.setToolTip(f"Latest bucket: {bucket_label(latest[0], grain)}")
        else:
            self.value_label.setText("No values yet")
        self.badge.set_status(row.status)
        self.badge.show()
        self._show_readout(None)
        has_data = latest is not None
        self.tools.export_button.setEnabled(True)
        self.csv_action.setEnabled(has_data)
        self.edit_button.setEnabled(not self.ctx.read_only)

    def title_text(self) -> str:
        """The chart's title as one line: code, name, unit, latest value and status word."""
        return f"{self.code_label.text()} — {self.name_label.text()} — {self.value_label.text()} — {self.badge.text()}"

    def _show_readout(self, found) -> None:
        row = self.read_model.row(self._node_id) if self.read_model and self._node_id is not None else None
        if row is None:
            return
        if found is None:
            raw = self.series is not None and self.series.raw_differs
            self.readout_label.setText(idle_readout(row.node, raw, self.forecast, self.read_model.grain))
            return
        window = self.series.window if self.series is not None else 3
        self.readout_label.setText(hover_readout(row.node, self.read_model.grain, found, window))

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

    def pdf_heading(self) -> tuple[str, str]:
        """The PDF's title and details line (see ``TrendExport.pdf_heading``)."""
        return self.exporter.pdf_heading()

    def export_png(self, path: str | Path | None = None) -> Path | None:
        """Save the chart and its heading as PNG; asks for a file when ``path`` is None."""
        return self.exporter.export_png(path)

    def export_pdf(self, path: str | Path | None = None) -> Path | None:
        """Print the chart to an A4-landscape PDF; asks for a file when ``path`` is None."""
        return self.exporter.export_pdf(path)

    def export_csv(self, path: str | Path | None = None) -> Path | None:
        """Save the values as CSV; asks for a file when ``path`` is None."""
        return self.exporter.export_csv(path)
