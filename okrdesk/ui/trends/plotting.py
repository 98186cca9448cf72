"""What every pyqtgraph chart of okrdesk shares: date and value axes, pens, tuned series items.

CRAFT.md's pyqtgraph notes, in one place: one ``PlotDataItem`` per series,
updated with ``setData``; clip-to-view and peak downsampling switched on before
any data is added; x as float64 epoch seconds (UTC) on a ``DateAxisItem``;
cosmetic 1 px pens; no OpenGL; antialiasing only for small series.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsItem

from okrdesk.ui import theme
from okrdesk.ui.fonts import body_font
from okrdesk.ui.kpi_tree import formatting as fmt

DAY = 86_400.0
SMALL_SERIES = 5_000  # antialias lines up to this many points
SYMBOL_LIMIT = 400  # draw a dot on every point up to this many points

pg.setConfigOptions(useOpenGL=False, antialias=False)


def epoch_seconds(dates: np.ndarray) -> np.ndarray:
    """``datetime64`` dates (any unit; plain dates are taken as days) as float64 seconds since 1970 (UTC)."""
    arr = np.asarray(dates)
    if arr.dtype.kind != "M":
        arr = arr.astype("datetime64[D]")
    return arr.astype("datetime64[s]").astype(np.int64).astype(np.float64)


def date_seconds(day: dt.date) -> float:
    """One date as float64 epoch seconds."""
    return float((day - dt.date(1970, 1, 1)).days) * DAY


def seconds_date(seconds: float) -> dt.date:
    """Epoch seconds back to a date."""
    return dt.date(1970, 1, 1) + dt.timedelta(days=math.floor(seconds / DAY))


def alpha(colour: str | QColor, value: int) -> QColor:
    """``colour`` with opacity ``value`` (0–255)."""
    c = QColor(colour)
    c.setAlpha(value)
    return c


def cosmetic_pen(colour: str | QColor, style: Qt.PenStyle = Qt.PenStyle.SolidLine, width: float = 1) -> QPen:
    """A pen of ``width`` screen pixels whatever the zoom."""
    pen = pg.mkPen(colour, width=width, style=style)
    pen.setCosmetic(True)
    return pen


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


def tune_plot(plot: pg.PlotItem) -> None:
    """Clip to view and peak downsampling for every item added later; calm axes and grid."""
    c = theme.current()
    plot.setClipToView(True)
    plot.setDownsampling(auto=True, mode="peak")
    plot.hideButtons()
    plot.setMenuEnabled(False)
    plot.showGrid(x=False, y=True, alpha=0.12)
    font = body_font(9.0)
    for name in ("bottom", "left"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(c.border_strong, width=1))
        axis.setTextPen(pg.mkPen(c.muted_ink))
        axis.setTickFont(font)
        axis.setStyle(tickLength=-6, tickTextOffset=8)
    plot.getAxis("left").setWidth(72)
    plot.getAxis("bottom").setHeight(36)
    # The left axis draws the grid lines across the plot; panning sideways does not
    # change it, so keep it as a pixmap instead of replaying its drawing every frame.
    plot.getAxis("left").setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def opaque_tint(colour: str | QColor, over: str | QColor, share: float) -> QColor:
    """``colour`` laid over ``over`` at ``share`` opacity, as one opaque colour
    (an opaque fill is much cheaper to paint every frame than a translucent one)."""
    top, bottom = QColor(colour), QColor(over)
    mix = lambda a, b: round(a * share + b * (1 - share))  # noqa: E731
    return QColor(mix(top.red(), bottom.red()), mix(top.green(), bottom.green()), mix(top.blue(), bottom.blue()))


def date_plot_item() -> pg.PlotItem:
    """A tuned ``PlotItem`` with a UTC date axis below and a locale value axis on the left."""
    plot = pg.PlotItem(axisItems={"bottom": UtcDateAxis("bottom"),
                                  "left": ValueAxis("left")})
    tune_plot(plot)
    return plot


def series_item(name: str, colour: str, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> pg.PlotDataItem:
    """One line series: a cosmetic 1 px pen, clip-to-view and peak downsampling set before data."""
    item = pg.PlotDataItem(name=name, pen=cosmetic_pen(colour, style))
    item.setClipToView(True)
    item.setDownsampling(auto=True, method="peak")
    return item


def set_line_data(item: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, colour: str | None = None) -> None:
    """``setData`` with dots on small series only and antialiasing only when cheap."""
    small = x.size <= SMALL_SERIES
    if colour is not None and x.size <= SYMBOL_LIMIT:
        item.setSymbol("o")
        item.setSymbolSize(6)
        item.setSymbolPen(pg.mkPen(theme.current().surface, width=1))
        item.setSymbolBrush(QColor(colour))
    else:
        item.setSymbol(None)
    item.setData(x, y, antialias=small, connect="finite")


# Tick steps of the date axis, finest first: (unit, count, label format).
_DATE_STEPS: tuple[tuple[str, int, str], ...] = (
    ("m", 1, "%H:%M"), ("m", 5, "%H:%M"), ("m", 15, "%H:%M"), ("m", 30, "%H:%M"),
    ("h", 1, "%H:%M"), ("h", 3, "%H:%M"), ("h", 6, "%H:%M"), ("h", 12, "%d %b %H:%M"),
    ("D", 1, "%d %b"), ("D", 2, "%d %b"), ("D", 7, "%d %b"), ("D", 14, "%d %b"),
    ("M", 1, "%b %Y"), ("M", 3, "%b %Y"), ("M", 6, "%b %Y"),
    ("Y", 1, "%Y"), ("Y", 2, "%Y"), ("Y", 5, "%Y"), ("Y", 10, "%Y"), ("Y", 20, "%Y"), ("Y", 50, "%Y"),
    ("Y", 100, "%Y"), ("Y", 200, "%Y"), ("Y", 500, "%Y"), ("Y", 1000, "%Y"),
)
_APPROX_SECONDS = {"m": 60.0, "h": 3600.0, "D": DAY, "M": 30.44 * DAY, "Y": 365.25 * DAY}
#: Pixels a date label needs, gap included.
DATE_LABEL_PX = 120


def date_ticks(x0: float, x1: float, pixels: float) -> tuple[np.ndarray, str]:
    """Tick positions (epoch seconds, UTC) between ``x0`` and ``x1`` on an axis of
    ``pixels``, on calendar boundaries (whole years, months, days, hours, minutes),
    and the ``strftime`` format of their labels."""
    span = max(x1 - x0, 1.0)
    wanted = max(pixels / DATE_LABEL_PX, 1.0)
    unit, count, form = _DATE_STEPS[-1]
    for step in _DATE_STEPS:
        if span / (_APPROX_SECONDS[step[0]] * step[1]) <= wanted:
            unit, count, form = step
            break
    lo = np.datetime64(int(np.floor(x0)), "s").astype(f"datetime64[{unit}]")
    hi = np.datetime64(int(np.ceil(x1)), "s").astype(f"datetime64[{unit}]") + np.timedelta64(1, unit)
    first = lo.astype(np.int64)
    if unit == "Y":
        first -= (first + 1970) % count  # whole decades, centuries …
    elif unit == "D" and count >= 7:
        first -= (first - 4) % count  # weeks start on Monday (1970-01-05 was one)
    else:
        first -= first % count
    ticks = np.arange(first, hi.astype(np.int64) + 1, count).astype(f"datetime64[{unit}]")
    seconds = ticks.astype("datetime64[s]").astype(np.int64).astype(np.float64)
    return seconds[(seconds >= x0) & (seconds <= x1)], form


class UtcDateAxis(pg.AxisItem):
    """A date axis in UTC: ticks on calendar boundaries, computed with NumPy (no per-tick
    time-zone lookups, so it costs well under a millisecond a frame even when panning)."""

    def __init__(self, orientation: str = "bottom", **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self._format = "%Y"
        self.enableAutoSIPrefix(False)

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph API)
        """One level of ticks on calendar boundaries."""
        ticks, self._format = date_ticks(float(minVal), float(maxVal), float(size))
        spacing = float(np.diff(ticks).mean()) if ticks.size > 1 else max(maxVal - minVal, 1.0)
        return [(spacing, ticks.tolist())]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph API)
        """Labels in the format of the chosen step ("2027", "Mar 2027", "14 Mar", "09:30")."""
        out = []
        for v in values:
            stamp = np.datetime64(int(round(v)), "s")
            year = int(stamp.astype("datetime64[Y]").astype(np.int64)) + 1970
            if 1 <= year <= 9999:
                out.append(stamp.astype(dt.datetime).strftime(self._format))
            else:
                out.append(str(year))
        return out
