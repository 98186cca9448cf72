"""The trend chart of one KPI node: pyqtgraph, tuned for large series.

One ``PlotDataItem`` per series, updated with ``setData``; clip-to-view and
peak downsampling are switched on before any data is added; x is float64 epoch
seconds (UTC midnight of each date) on a ``DateAxisItem``; pens are 1 px and
cosmetic; antialiasing only for small series. The chart knows nothing of the
workspace: the view hands it a ``TrendSeries`` and the node's target settings.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from okrdesk.domain.entities import Direction, KpiNode, Period, Status
from okrdesk.domain.status import default_thresholds
from okrdesk.store.readmodels.trend import MOVING_AVERAGE_WINDOW, TrendSeries
from okrdesk.ui import theme
from okrdesk.ui.fonts import body_font
from okrdesk.ui.kpi_tree import formatting as fmt

SMALL_SERIES = 5_000  # antialias lines up to this many points
_DAY = 86_400.0
_REACH = 50.0  # bands reach this many data spans beyond the data (huge values break drawing)


def epoch_seconds(dates: np.ndarray) -> np.ndarray:
    """``datetime64`` dates as float64 seconds since 1970-01-01 (UTC midnight)."""
    return np.asarray(dates, dtype="datetime64[D]").astype("datetime64[s]").astype(np.int64).astype(np.float64)


def date_seconds(day: dt.date) -> float:
    """One date as float64 epoch seconds."""
    return float((day - dt.date(1970, 1, 1)).days) * _DAY


def seconds_date(seconds: float) -> dt.date:
    """Epoch seconds back to a date."""
    return dt.date(1970, 1, 1) + dt.timedelta(days=math.floor(seconds / _DAY))


@dataclass(frozen=True)
class Bands:
    """Value ranges of the three statuses: ((low, high), status) triples, low < high."""

    ranges: tuple[tuple[float, float, Status], ...]


def status_bands(node: KpiNode, reach: float) -> Bands:
    """Green/amber/red value ranges of ``node`` from its target, thresholds and direction.

    The outer bands stop ``reach`` away from the target (far beyond any data shown).
    """
    if node.target is None or not math.isfinite(node.target):
        return Bands(())
    far = abs(node.target) + reach  # the "infinite" extent
    default_green, default_red = default_thresholds(node.target, Direction(node.direction))
    green = default_green if node.green_from is None else node.green_from
    red = default_red if node.red_from is None else node.red_from
    t = node.target
    if node.direction == Direction.HIGHER:
        red = min(red, green)
        return Bands(((-far, red, Status.RED), (red, green, Status.AMBER), (green, far, Status.GREEN)))
    if node.direction == Direction.LOWER:
        red = max(red, green)
        return Bands(((-far, green, Status.GREEN), (green, red, Status.AMBER), (red, far, Status.RED)))
    g, r = abs(green), max(abs(red), abs(green))
    return Bands(
        (
            (-far, t - r, Status.RED),
            (t - r, t - g, Status.AMBER),
            (t - g, t + g, Status.GREEN),
            (t + g, t + r, Status.AMBER),
            (t + r, far, Status.RED),
        )
    )


def _alpha(colour: str | QColor, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


_SCALES = ((1e9, 1e9, "bn"), (1e6, 1e6, "M"), (1e4, 1e3, "k"))


def compact_number(value: float, step: float, magnitude: float | None = None) -> str:
    """An axis label: locale separators, "k"/"M"/"bn" for large values, decimals to fit ``step``.

    ``magnitude`` (the largest label of the axis) picks one suffix for every label.
    """
    magnitude = abs(value) if magnitude is None else magnitude
    divisor, suffix = 1.0, ""
    for threshold, size, name in _SCALES:
        if magnitude >= threshold:
            divisor, suffix = size, name
            break
    if value == 0:
        return "0"
    scaled_step = abs(step) / divisor
    decimals = 0
    while decimals < 4 and scaled_step > 0:
        shifted = scaled_step * 10**decimals
        if abs(shifted - round(shifted)) < 1e-6 * max(1.0, shifted):
            break
        decimals += 1
    return fmt.format_number(value / divisor, decimals) + suffix


class ValueAxis(pg.AxisItem):
    """A left axis whose labels use the locale and short suffixes instead of "1.6e+06"."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph API)
        """Labels for the tick ``values``, all with the same suffix."""
        if not values:
            return []
        magnitude = max(abs(v * scale) for v in values)
        return [compact_number(v * scale, spacing * scale, magnitude) for v in values]


class TrendChart(QWidget):
    """A date-axis chart of one node: values, raw points, moving average, target, bands, periods."""

    #: Emitted with (date, bucket value or None, moving average or None) as the mouse moves; None when it leaves.
    hovered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg.setConfigOptions(useOpenGL=False, antialias=False)
        colours = theme.current()
        self._colours = colours
        self._axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)
        self.plot_widget = pg.PlotWidget(
            background=colours.surface, axisItems={"bottom": self._axis, "left": ValueAxis("left")}
        )
        self.plot_widget.setMenuEnabled(False)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.hideButtons()
        self.plot.setClipToView(True)
        self.plot.setDownsampling(auto=True, mode="peak")
        self.plot.showGrid(x=False, y=True, alpha=0.12)
        self._style_axes()
        self.legend = self.plot.addLegend(offset=(12, 8), labelTextColor=colours.muted_ink, labelTextSize="9pt")
        self.legend.setBrush(_alpha(colours.surface, 230))
        self.legend.setPen(pg.mkPen(colours.border, width=1))

        series = colours.series
        self.values_item = pg.PlotDataItem(
            name="Value", pen=self._pen(series[0]), symbol="o", symbolSize=6,
            symbolPen=pg.mkPen(colours.surface, width=1), symbolBrush=series[0],
        )  # fmt: skip
        self.raw_item = pg.PlotDataItem(
            name="Measurements", pen=None, symbol="o", symbolSize=3,
            symbolPen=None, symbolBrush=_alpha(series[0], 110),
        )  # fmt: skip
        self.average_item = pg.PlotDataItem(
            name=f"{MOVING_AVERAGE_WINDOW}-bucket average", pen=self._pen(series[1], Qt.PenStyle.DashLine)
        )
        self.target_item = pg.PlotDataItem(name="Target", pen=self._pen(colours.ink, Qt.PenStyle.DashLine))
        for item in (self.raw_item, self.average_item, self.values_item):
            item.setZValue(10)
        self.values_item.setZValue(12)
        self.plot.addItem(self.raw_item)
        self.plot.addItem(self.average_item)
        self.plot.addItem(self.values_item)
        # Legend entry for the target; the line itself is an infinite line.
        self.plot.addItem(self.target_item)
        self.target_line = pg.InfiniteLine(angle=0, movable=False, pen=self._pen(colours.ink, Qt.PenStyle.DashLine))
        self.target_line.setZValue(8)
        self.plot.addItem(self.target_line, ignoreBounds=True)
        self._band_items: list[pg.LinearRegionItem] = []
        self._period_items: list[pg.GraphicsObject] = []

        self.crosshair = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(colours.faint_ink, width=1))
        self.crosshair.setZValue(20)
        self.crosshair.hide()
        self.plot.addItem(self.crosshair, ignoreBounds=True)
        self.hover_dot = pg.ScatterPlotItem(size=10, pen=pg.mkPen(colours.surface, width=2), brush=series[0])
        self.hover_dot.setZValue(21)
        self.plot.addItem(self.hover_dot, ignoreBounds=True)
        self.plot_widget.scene().sigMouseMoved.connect(self._mouse_moved)

        self._series: TrendSeries | None = None
        self._x = np.array([], dtype=np.float64)
        self._raw_x = np.array([], dtype=np.float64)
        self._target: float | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_widget)

    # ------------------------------------------------------------------ styling

    def _pen(self, colour: str, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
        pen = pg.mkPen(colour, width=1, style=style)
        pen.setCosmetic(True)
        return pen

    def _style_axes(self) -> None:
        c = self._colours
        font = body_font(9.0)
        for name in ("bottom", "left"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(c.border_strong, width=1))
            axis.setTextPen(pg.mkPen(c.muted_ink))
            axis.setTickFont(font)
            axis.setStyle(tickLength=-6, tickTextOffset=8)
        self.plot.getAxis("left").setWidth(72)
        self.plot.getAxis("bottom").setHeight(36)

    # ------------------------------------------------------------------ data

    def series(self) -> TrendSeries | None:
        """The series shown."""
        return self._series

    def set_series(
        self,
        series: TrendSeries | None,
        node: KpiNode | None,
        value_format=None,
    ) -> None:
        """Show ``series`` of ``node`` (None clears the chart)."""
        self._series = series
        self._value_format = value_format
        if series is None or node is None:
            for item in (self.values_item, self.raw_item, self.average_item):
                item.setData([], [])
            self._x = np.array([], dtype=np.float64)
            self._raw_x = np.array([], dtype=np.float64)
            self._set_target(None)
            self._set_bands(Bands(()))
            return
        self._x = epoch_seconds(series.buckets)
        small = self._x.size + series.raw_dates.size <= SMALL_SERIES
        self.values_item.setData(self._x, series.values, antialias=small)
        self.average_item.setData(self._x, series.moving_average, antialias=small, connect="finite")
        if series.raw_differs:
            self._raw_x = epoch_seconds(series.raw_dates)
            self.raw_item.setData(self._raw_x, series.raw_values, antialias=small)
            self.raw_item.show()
        else:
            self._raw_x = np.array([], dtype=np.float64)
            self.raw_item.setData([], [])
        self._legend_visible(self.raw_item, series.raw_differs)
        self._legend_visible(self.average_item, self._x.size >= MOVING_AVERAGE_WINDOW)
        self._set_target(node.target)
        self._set_bands(status_bands(node, self._reach(series, node)))

    @staticmethod
    def _reach(series: TrendSeries, node: KpiNode) -> float:
        finite = np.concatenate((series.values, series.raw_values))
        finite = finite[np.isfinite(finite)]
        scale = float(np.abs(finite).max()) if finite.size else 0.0
        return (max(scale, abs(node.target or 0.0)) + 1.0) * _REACH

    def _legend_visible(self, item: pg.PlotDataItem, visible: bool) -> None:
        self.legend.removeItem(item)
        if visible:
            # Re-adding keeps the legend order stable: value, average, measurements, target.
            self.legend.removeItem(self.target_item)
            self.legend.addItem(item, item.name())
            self.legend.addItem(self.target_item, self.target_item.name())

    def _set_target(self, target: float | None) -> None:
        self._target = target if target is not None and math.isfinite(target) else None
        self.target_line.setVisible(self._target is not None)
        self.legend.removeItem(self.target_item)
        if self._target is not None:
            self.target_line.setValue(self._target)
            self.legend.addItem(self.target_item, self.target_item.name())

    def _set_bands(self, bands: Bands) -> None:
        for item in self._band_items:
            self.plot.removeItem(item)
        self._band_items = []
        tints = self._colours.status_tints
        for low, high, status in bands.ranges:
            region = pg.LinearRegionItem(
                values=(low, high), orientation="horizontal", movable=False,
                brush=_alpha(tints[status], 105), pen=pg.mkPen(None),
            )  # fmt: skip
            for line in region.lines:
                line.setPen(pg.mkPen(None))
                line.setHoverPen(pg.mkPen(None))
            region.setZValue(-20)
            self.plot.addItem(region, ignoreBounds=True)
            self._band_items.append(region)

    def set_periods(self, periods: Sequence[Period], highlighted: Period | None = None) -> None:
        """Shade OKR ``periods`` lightly, with their names at the top; ``highlighted`` a little more."""
        for item in self._period_items:
            self.plot.removeItem(item)
        self._period_items = []
        c = self._colours
        for i, period in enumerate(sorted(periods, key=lambda p: p.start)):
            start = date_seconds(period.start)
            end = date_seconds(period.end + dt.timedelta(days=1))
            strong = highlighted is not None and period.id == highlighted.id
            if i % 2 == 0:
                shade = pg.LinearRegionItem(
                    values=(start, end), orientation="vertical", movable=False,
                    brush=_alpha(c.ink, 7), pen=pg.mkPen(None),
                )  # fmt: skip
                for line in shade.lines:
                    line.setPen(pg.mkPen(None))
                    line.setHoverPen(pg.mkPen(None))
                shade.setZValue(-15)
                self.plot.addItem(shade, ignoreBounds=True)
                self._period_items.append(shade)
            edge = _alpha(c.accent, 150) if strong else _alpha(c.ink, 30)
            label = pg.InfiniteLine(
                pos=start, angle=90, movable=False, pen=pg.mkPen(edge, width=1),
                label=period.name,
                labelOpts={"position": 0.975, "color": c.accent if strong else c.muted_ink,
                           "anchors": [(0, 0), (0, 0)], "movable": False},
            )  # fmt: skip
            font = body_font(8.5)
            font.setWeight(QFont.Weight.DemiBold if strong else QFont.Weight.Normal)
            label.label.setFont(font)
            label.setZValue(-10)
            self.plot.addItem(label, ignoreBounds=True)
            self._period_items.append(label)
            if strong:
                closing = pg.InfiniteLine(pos=end, angle=90, movable=False, pen=pg.mkPen(edge, width=1))
                closing.setZValue(-10)
                self.plot.addItem(closing, ignoreBounds=True)
                self._period_items.append(closing)

    # ------------------------------------------------------------------ ranges

    def show_window(self, start: dt.date | None, end: dt.date | None) -> None:
        """Show ``start``..``end`` (None: the whole series) with the y range fitted to it."""
        if self._x.size == 0 and self._raw_x.size == 0:
            self.plot.setXRange(date_seconds(start or dt.date.today()), date_seconds(end or dt.date.today()) + _DAY)
            return
        xs = np.concatenate((self._x, self._raw_x))
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
        parts = []
        if series is not None:
            inside = (self._x >= x0) & (self._x <= x1)
            parts += [series.values[inside], series.moving_average[inside]]
            if self._raw_x.size:
                parts.append(series.raw_values[(self._raw_x >= x0) & (self._raw_x <= x1)])
        if self._target is not None:
            parts.append(np.array([self._target]))
        values = np.concatenate(parts) if parts else np.array([])
        values = values[np.isfinite(values)]
        if values.size == 0:
            return
        lo, hi = float(values.min()), float(values.max())
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
