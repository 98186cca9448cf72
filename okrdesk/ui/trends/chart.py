"""The trend chart of one KPI node: pyqtgraph, tuned for large series.

One ``PlotDataItem`` per series, updated with ``setData``; clip-to-view and
peak downsampling are switched on before any data is added; x is float64 epoch
seconds (UTC midnight of each date) on a ``DateAxisItem``; pens are 1 px and
cosmetic; antialiasing and dots only for small series (``plotting``). The chart
knows nothing of the workspace: the view hands it a ``TrendSeries``, the node,
a ``ForecastBand`` and the key results' target markers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from okrdesk.domain.entities import KpiNode, Period
from okrdesk.store.readmodels.trend import MOVING_AVERAGE_WINDOW, TrendSeries
from okrdesk.store.readmodels.trend_bands import Bands, status_bands
from okrdesk.store.readmodels.trend_forecast import ForecastBand
from okrdesk.store.readmodels.trend_lod import LOD_FROM, PeakPyramid
from okrdesk.store.readmodels.trend_okr import KrTargetMarker
from okrdesk.ui import theme
from okrdesk.ui.fonts import body_font
from okrdesk.ui.trends.period_shading import PeriodShading
from okrdesk.ui.trends.plotting import (
    DAY as _DAY,
    SMALL_SERIES,
    SYMBOL_LIMIT,
    ValueAxis,
    alpha as _alpha,
    compact_number,
    cosmetic_pen,
    date_seconds,
    epoch_seconds,
    opaque_tint,
    seconds_date,
    set_line_data,
    tune_plot,
    UtcDateAxis,
)

__all__ = [
    "Bands", "SMALL_SERIES", "SYMBOL_LIMIT", "TrendChart", "ValueAxis", "compact_number", "date_seconds",
    "epoch_seconds", "seconds_date", "status_bands",
]

_REACH = 50.0  # bands reach this many data spans beyond the data (huge values break drawing)
#: More individual measurements than this are not drawn as dots (the bucket line tells it).
RAW_DOTS_LIMIT = 20_000
#: Room above the plot area for the one-row legend, and its indent (past the value axis).
LEGEND_HEIGHT, LEGEND_LEFT = 26, 64


def _between(xs: np.ndarray, x0: float, x1: float) -> slice:
    """The slice of ascending ``xs`` within ``x0``..``x1`` (binary search, no mask)."""
    return slice(int(np.searchsorted(xs, x0, "left")), int(np.searchsorted(xs, x1, "right")))


class TrendChart(QWidget):
    """A date-axis chart of one node: values, raw points, moving average, target, bands,
    OKR periods with the linked key results' targets, and a forecast with its band."""

    #: Emitted with (date, bucket value or None, moving average or None) as the mouse moves; None when it leaves.
    hovered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        colours = theme.current()
        self._colours = colours
        self._axis = UtcDateAxis("bottom")
        self.plot_widget = pg.PlotWidget(
            background=colours.surface, axisItems={"bottom": self._axis, "left": ValueAxis("left")}
        )
        self.plot_widget.setMenuEnabled(False)
        self.plot = self.plot_widget.getPlotItem()
        tune_plot(self.plot)  # clip to view and peak downsampling before any item is added
        # The legend is one row above the plot area, where it never hides a value.
        self.legend = pg.LegendItem(colCount=6, labelTextColor=colours.muted_ink, labelTextSize="9pt",
                                    horSpacing=18, verSpacing=-4)
        self.legend.setParentItem(self.plot)
        self.legend.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(LEGEND_LEFT, 0))
        self.plot.setContentsMargins(0, LEGEND_HEIGHT, 0, 0)

        series = colours.series
        self.values_item = pg.PlotDataItem(name="Value", pen=cosmetic_pen(series[0]))
        self.raw_item = pg.PlotDataItem(
            name="Measurements", pen=None, symbol="o", symbolSize=3,
            symbolPen=None, symbolBrush=_alpha(series[0], 110),
        )  # fmt: skip
        self.average_item = pg.PlotDataItem(
            name=f"{MOVING_AVERAGE_WINDOW}-bucket average", pen=cosmetic_pen(series[1], Qt.PenStyle.DashLine)
        )
        self.forecast_item = pg.PlotDataItem(name="Forecast", pen=cosmetic_pen(series[3], Qt.PenStyle.DashLine))
        self._forecast_low = pg.PlotCurveItem(pen=pg.mkPen(None))
        self._forecast_high = pg.PlotCurveItem(pen=pg.mkPen(None))
        self.forecast_band_item = pg.FillBetweenItem(self._forecast_low, self._forecast_high, brush=_alpha(series[3], 40))
        self.forecast_band_item.setZValue(-5)
        self.marker_item = pg.PlotDataItem(
            name="Key-result target", pen=None, symbol="d", symbolSize=11,
            symbolPen=cosmetic_pen(colours.surface), symbolBrush=series[2],
        )  # fmt: skip
        self.target_item = pg.PlotDataItem(name="Target", pen=cosmetic_pen(colours.ink, Qt.PenStyle.DashLine))
        for item in (self.values_item, self.raw_item, self.average_item, self.forecast_item, self.marker_item):
            item.setClipToView(True)
            item.setDownsampling(auto=True, method="peak")
            item.setZValue(10)
        self.values_item.setZValue(12)
        self.marker_item.setZValue(13)
        self.plot.addItem(self.raw_item)
        self.plot.addItem(self.average_item)
        self.plot.addItem(self.values_item)
        self.plot.addItem(self.forecast_item)
        self.plot.addItem(self.forecast_band_item)
        self.plot.addItem(self.marker_item)
        # Legend entry for the target; the line itself is an infinite line.
        self.plot.addItem(self.target_item)
        self.target_line = pg.InfiniteLine(angle=0, movable=False, pen=cosmetic_pen(colours.ink, Qt.PenStyle.DashLine))
        self.target_line.setZValue(8)
        self.plot.addItem(self.target_line, ignoreBounds=True)
        self._band_items: list[pg.LinearRegionItem] = []
        self.periods = PeriodShading(self.plot)
        self._marker_labels: list[pg.TextItem] = []

        self.crosshair = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(colours.faint_ink, width=1))
        self.crosshair.setZValue(20)
        self.crosshair.hide()
        self.plot.addItem(self.crosshair, ignoreBounds=True)
        self.hover_dot = pg.ScatterPlotItem(size=10, pen=pg.mkPen(colours.surface, width=2), brush=series[0])
        self.hover_dot.setZValue(21)
        self.plot.addItem(self.hover_dot, ignoreBounds=True)
        self.plot_widget.scene().sigMouseMoved.connect(self._mouse_moved)
        self.plot.getViewBox().sigXRangeChanged.connect(lambda *_: self._view_moved())
        self.plot.getViewBox().sigResized.connect(lambda *_: self._view_moved())
        self._pyramids: dict[int, tuple[pg.PlotDataItem, PeakPyramid]] = {}

        self._series: TrendSeries | None = None
        self._forecast: ForecastBand | None = None
        self._markers: list[KrTargetMarker] = []
        self._x = np.array([], dtype=np.float64)
        self._raw_x = np.array([], dtype=np.float64)
        self._target: float | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_widget)
        self._legend_order()

    # ------------------------------------------------------------------ data

    def series(self) -> TrendSeries | None:
        """The series shown."""
        return self._series

    def forecast(self) -> ForecastBand | None:
        """The forecast shown (None: none)."""
        return self._forecast

    def markers(self) -> list[KrTargetMarker]:
        """The key-result targets shown."""
        return list(self._markers)

    def set_series(self, series: TrendSeries | None, node: KpiNode | None, value_format=None) -> None:
        """Show ``series`` of ``node`` (None clears the chart, its forecast and markers)."""
        self._series = series
        self._value_format = value_format
        if series is None or node is None:
            self._pyramids = {}
            for item in (self.values_item, self.raw_item, self.average_item):
                item.setData([], [])
            self._x = np.array([], dtype=np.float64)
            self._raw_x = np.array([], dtype=np.float64)
            self._set_target(None)
            self._set_bands(Bands(()))
            self.set_forecast(None)
            self.set_markers([])
            return
        self._x = epoch_seconds(series.buckets)
        self._pyramids = {}
        self._plot_line(self.values_item, series.values, self._colours.series[0])
        self._plot_line(self.average_item, series.moving_average)
        self.average_item.opts["name"] = f"{series.window}-bucket average"
        if series.raw_differs and series.raw_dates.size <= RAW_DOTS_LIMIT:
            self._raw_x = epoch_seconds(series.raw_dates)
            self.raw_item.setData(self._raw_x, series.raw_values, antialias=self._raw_x.size <= SMALL_SERIES)
        else:
            self._raw_x = np.array([], dtype=np.float64)
            self.raw_item.setData([], [])
        self._set_target(node.target)
        self._set_bands(status_bands(node, self._reach(series, node)))
        self._legend_order()

    def set_window(self, series: TrendSeries) -> None:
        """Show the moving average of ``series`` (same buckets, another window)."""
        self._series = series
        self._plot_line(self.average_item, series.moving_average)
        self.average_item.opts["name"] = f"{series.window}-bucket average"
        self._legend_order()

    def _plot_line(self, item: pg.PlotDataItem, y: np.ndarray, dot_colour: str | None = None) -> None:
        """Give ``item`` the series' x and ``y``; a very long series goes through a peak
        pyramid so that a frame only touches the few thousand points it draws."""
        if self._x.size < LOD_FROM:
            self._pyramids.pop(id(item), None)
            set_line_data(item, self._x, y, dot_colour)
            return
        item.setSymbol(None)
        self._pyramids[id(item)] = (item, PeakPyramid(self._x, y))
        self._show_levels(float(self._x[0]), float(self._x[-1]), [id(item)])

    def _show_levels(self, x0: float, x1: float, keys: list[int] | None = None) -> None:
        pixels = int(self.plot.getViewBox().width()) or 1000
        for key in keys if keys is not None else list(self._pyramids):
            item, pyramid = self._pyramids[key]
            xs, ys = pyramid.view(x0, x1, pixels)
            item.setData(xs, ys, antialias=False, connect="finite")

    def _view_moved(self) -> None:
        if self._pyramids:
            (x0, x1), _ = self.plot.viewRange()
            self._show_levels(x0, x1)
        self.periods.thin_labels()

    def displayed_points(self, item: pg.PlotDataItem) -> int:
        """How many points ``item`` hands to the painter for the current view."""
        x, _ = item.getData()
        return 0 if x is None else int(len(x))

    def set_forecast(self, band: ForecastBand | None) -> None:
        """Draw ``band``'s line and shaded 95 % band (None: no forecast)."""
        self._forecast = band
        if band is None:
            self.forecast_item.setData([], [])
            self._forecast_low.setData([], [])
            self._forecast_high.setData([], [])
        else:
            x = epoch_seconds(band.dates)
            # The line runs over the buckets it was fitted to as well (so it reads as a
            # trend line, not a jump from the last value); the band only goes forward.
            start = date_seconds(band.fitted_from)
            self.forecast_item.setData(np.concatenate(([start], x)),
                                       np.concatenate(([band.fit.value_at(band.fitted_from)], band.centre)))
            self._forecast_low.setData(x, band.low)
            self._forecast_high.setData(x, band.high)
        self.forecast_band_item.setVisible(band is not None)
        self._legend_order()

    def set_markers(self, markers: Sequence[KrTargetMarker]) -> None:
        """Diamonds at the linked key results' targets, at their periods' ends, labelled with the ref."""
        self._markers = list(markers)
        for label in self._marker_labels:
            self.plot.removeItem(label)
        self._marker_labels = []
        if not self._markers:
            self.marker_item.setData([], [])
        else:
            x = np.array([date_seconds(m.date + dt.timedelta(days=1)) for m in self._markers])
            y = np.array([m.target for m in self._markers])
            self.marker_item.setData(x, y)
            font = body_font(8.0)
            by_day: dict[float, list[tuple[float, KrTargetMarker]]] = {}
            for xi, yi, m in zip(x.tolist(), y.tolist(), self._markers):
                by_day.setdefault(xi, []).append((yi, m))
            for xi, found in by_day.items():
                top = max(yi for yi, _ in found)
                text = found[0][1].ref if len(found) == 1 else f"{len(found)} KRs"
                label = pg.TextItem(text, color=self._colours.muted_ink, anchor=(0.5, 1.4))
                label.setFont(font)
                label.setPos(xi, top)
                label.setToolTip("\n".join(f"{m.ref} {m.title} ({m.period_name}): target {m.target:g}" for _, m in found))
                label.setZValue(13)
                self.plot.addItem(label, ignoreBounds=True)
                self._marker_labels.append(label)
        self._legend_order()

    def _legend_order(self) -> None:
        """Legend entries in a stable order, only for what is drawn:
        value, average, measurements, forecast, key-result targets, target."""
        self.legend.clear()
        series = self._series
        shown = [
            (self.values_item, series is not None),
            (self.average_item, series is not None and self._x.size >= series.window),
            (self.raw_item, self._raw_x.size > 0),
            (self.forecast_item, self._forecast is not None),
            (self.marker_item, bool(self._markers)),
            (self.target_item, self._target is not None),
        ]
        for item, visible in shown:
            if visible:
                name = item.opts["name"] if item is not self.forecast_item else "Forecast (95 % band)"
                self.legend.addItem(item, name)

    def legend_names(self) -> list[str]:
        """The legend's labels, top to bottom."""
        return [label.text for _, label in self.legend.items]

    @staticmethod
    def _reach(series: TrendSeries, node: KpiNode) -> float:
        ends = [abs(float(f.reduce(a))) for a in (series.values, series.raw_values) if a.size for f in (np.fmin, np.fmax)]
        scale = max((e for e in ends if math.isfinite(e)), default=0.0)
        return (max(scale, abs(node.target or 0.0)) + 1.0) * _REACH

    def _set_target(self, target: float | None) -> None:
        self._target = target if target is not None and math.isfinite(target) else None
        self.target_line.setVisible(self._target is not None)
        if self._target is not None:
            self.target_line.setValue(self._target)

    def _set_bands(self, bands: Bands) -> None:
        for item in self._band_items:
            self.plot.removeItem(item)
        self._band_items = []
        tints = self._colours.status_tints
        for low, high, status in bands.ranges:
            region = pg.LinearRegionItem(
                values=(low, high), orientation="horizontal", movable=False,
                brush=opaque_tint(tints[status], self._colours.surface, 105 / 255), pen=pg.mkPen(None),
            )  # fmt: skip
            for line in region.lines:
                line.setPen(pg.mkPen(None))
                line.setHoverPen(pg.mkPen(None))
            region.setZValue(-20)
            self.plot.addItem(region, ignoreBounds=True)
            self._band_items.append(region)

    def set_periods(self, periods: Sequence[Period], highlighted: Period | None = None) -> None:
        """Shade OKR ``periods`` lightly, with their names at the top; ``highlighted`` a little more."""
        self.periods.set_periods(periods, highlighted)

    # ------------------------------------------------------------------ ranges

    def show_window(self, start: dt.date | None, end: dt.date | None) -> None:
        """Show ``start``..``end`` (None: the whole series) with the y range fitted to it."""
        if self._x.size == 0 and self._raw_x.size == 0:
            self.plot.setXRange(date_seconds(start or dt.date.today()), date_seconds(end or dt.date.today()) + _DAY)
            return
        ends = [a[[0, -1]] for a in (self._x, self._raw_x) if a.size]  # both ascending
        if self._forecast is not None:
            ends.append(epoch_seconds(self._forecast.dates[[0, -1]]))
        if self._markers:
            ends.append(np.array([date_seconds(m.date) for m in self._markers]))
        xs = np.concatenate(ends)
        if start is None or end is None:
            x0, x1 = float(xs.min()), float(xs.max())
            pad = max((x1 - x0) * 0.03, 15 * _DAY)
            x0, x1 = x0 - pad, x1 + pad
        else:
            x0, x1 = date_seconds(start), date_seconds(end) + _DAY
        self.plot.setXRange(x0, x1, padding=0)
        self._fit_y(x0, x1)

    def x_window(self) -> tuple[float, float]:
        """The x range shown, in epoch seconds."""
        (x0, x1), _ = self.plot.viewRange()
        return x0, x1

    def _fit_y(self, x0: float, x1: float) -> None:
        series = self._series
        parts: list[np.ndarray] = []  # slices of sorted arrays: no copies of big series
        if series is not None:
            inside = _between(self._x, x0, x1)
            parts += [series.values[inside], series.moving_average[inside]]
            if self._raw_x.size:
                parts.append(series.raw_values[_between(self._raw_x, x0, x1)])
        if self._target is not None:
            parts.append(np.array([self._target]))
        if self._forecast is not None:
            inside = _between(epoch_seconds(self._forecast.dates), x0, x1)
            parts += [self._forecast.low[inside], self._forecast.high[inside]]
        for marker in self._markers:
            if x0 <= date_seconds(marker.date) <= x1:
                parts.append(np.array([marker.target]))
        lows = [np.fmin.reduce(p) for p in parts if p.size]  # fmin/fmax skip NaN
        highs = [np.fmax.reduce(p) for p in parts if p.size]
        lows = [v for v in lows if math.isfinite(v)]
        highs = [v for v in highs if math.isfinite(v)]
        if not lows or not highs:
            return
        lo, hi = float(min(lows)), float(max(highs))
        if lo == hi:
            lo, hi = lo - max(abs(lo) * 0.1, 1.0), hi + max(abs(hi) * 0.1, 1.0)
        pad = (hi - lo) * 0.12
        if lo >= 0 and lo - pad < 0 and lo < (hi - lo) * 0.5:
            lo_bound = 0.0  # do not dip below zero for positive series near zero
        else:
            lo_bound = lo - pad
        self.plot.setYRange(lo_bound, hi + pad, padding=0)

    # ------------------------------------------------------------------ crosshair

    def read_out(self, x: float) -> tuple[dt.date, float | None, float | None] | None:
        """(bucket date, value, moving average) of the bucket nearest to ``x`` seconds."""
        if self._series is None or self._x.size == 0:
            return None
        i = int(np.clip(np.searchsorted(self._x, x), 0, self._x.size - 1))
        if i > 0 and abs(self._x[i - 1] - x) < abs(self._x[i] - x):
            i -= 1
        value = float(self._series.values[i])
        mean = float(self._series.moving_average[i])
        return self._series.buckets[i].item(), value, (None if math.isnan(mean) else mean)

    def _mouse_moved(self, position: QPointF) -> None:
        vb = self.plot.getViewBox()
        if not self.plot.sceneBoundingRect().contains(position) or self._x.size == 0:
            self.crosshair.hide()
            self.hover_dot.setData([], [])
            self.hovered.emit(None)
            return
        x = vb.mapSceneToView(position).x()
        found = self.read_out(x)
        if found is None:
            return
        day, value, mean = found
        xs = date_seconds(day)
        self.crosshair.setValue(xs)
        self.crosshair.show()
        self.hover_dot.setData([xs], [value])
        self.hovered.emit(found)
