"""A key result's progress over its period, drawn with QPainter.

It draws a ``KrProgressData`` (``okrdesk.store.readmodels.kr_progress``): the
check-ins as a line with dots, the expected-pace line (dashed, start to target
across the period), the least-squares forecast to the period end (dotted)
inside its shaded prediction band, the target as a faint rule, and today as a
vertical marker. A legend names each series with its line style, so nothing
depends on colour alone. The Trends view reuses this widget.
"""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from okrdesk.store.readmodels.kr_progress import KrProgressData
from okrdesk.ui import theme
from okrdesk.ui.kpi_tree.formatting import format_number, with_unit

LEFT, RIGHT, TOP, BOTTOM = 58.0, 18.0, 34.0, 28.0


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values covering ``low``..``high``."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low]
    raw = (high - low) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


class KrProgressChart(QWidget):
    """Check-ins against the expected pace, with the forecast, for one key result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: KrProgressData | None = None
        self.setMinimumSize(360, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Key-result progress chart")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """A comfortable size inside a dialog."""
        return QSize(560, 260)

    def set_data(self, data: KrProgressData | None) -> None:
        """Show ``data`` (None: an empty chart with a note)."""
        self._data = data
        self.setToolTip(self._summary())
        self.update()

    @property
    def data(self) -> KrProgressData | None:
        """What the chart shows."""
        return self._data

    def _summary(self) -> str:
        d = self._data
        if d is None:
            return ""
        parts = [f"{len(d.points)} check-in{'s' if len(d.points) != 1 else ''}"]
        if d.forecast_value is not None:
            parts.append(f"forecast at period end: {with_unit(format_number(d.forecast_value, 2), d.unit)}")
        return " · ".join(parts)

    # Geometry -----------------------------------------------------------------------------

    def plot_rect(self) -> QRectF:
        """The area inside the axes."""
        return QRectF(LEFT, TOP, max(10.0, self.width() - LEFT - RIGHT), max(10.0, self.height() - TOP - BOTTOM))

    def to_point(self, day: dt.date, value: float) -> QPointF:
        """Widget coordinates of (day, value)."""
        d = self._data
        assert d is not None
        rect = self.plot_rect()
        span = max(1, (d.period_end - d.period_start).days)
        x = rect.left() + rect.width() * (day - d.period_start).days / span
        y = rect.bottom() - rect.height() * (value - d.y_min) / (d.y_max - d.y_min)
        return QPointF(x, y)

    # Painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Axes, band, expected line, forecast, check-ins, today, legend."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        colours = theme.current()
        painter.fillRect(self.rect(), QColor(colours.surface))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        painter.setFont(small)
        d = self._data
        if d is None:
            painter.setPen(theme.qcolor("muted_ink"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No period: nothing to chart")
            painter.end()
            return
        self._paint_axes(painter, d, small)
        accent = theme.qcolor("accent")
        muted = theme.qcolor("muted_ink")
        if d.forecast_band:
            upper = [self.to_point(day, high) for day, _, high in d.forecast_band]
            lower = [self.to_point(day, low) for day, low, _ in reversed(d.forecast_band)]
            path = QPainterPath(upper[0])
            for p in upper[1:] + lower:
                path.lineTo(p)
            path.closeSubpath()
            band = QColor(accent)
            band.setAlpha(34)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(band)
            painter.drawPath(path)
        if d.target is not None:
            painter.setPen(QPen(muted, 1, Qt.PenStyle.DotLine))
            y = self.to_point(d.period_start, d.target).y()
            rect = self.plot_rect()
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        if d.expected_line is not None:
            (d0, v0), (d1, v1) = d.expected_line
            painter.setPen(QPen(muted, 1.6, Qt.PenStyle.DashLine))
            painter.drawLine(self.to_point(d0, v0), self.to_point(d1, v1))
        if d.forecast_line is not None:
            (d0, v0), (d1, v1) = d.forecast_line
            painter.setPen(QPen(accent, 1.6, Qt.PenStyle.DotLine))
            painter.drawLine(self.to_point(d0, v0), self.to_point(d1, v1))
        if d.points:
            series = [self.to_point(p.date, p.value) for p in d.points]
            painter.setPen(QPen(accent, 2.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if len(series) > 1:
                path = QPainterPath(series[0])
                for p in series[1:]:
                    path.lineTo(p)
                painter.drawPath(path)
            painter.setBrush(QColor(colours.surface))
            for p in series:
                painter.drawEllipse(p, 3.6, 3.6)
        if d.today_inside:
            rect = self.plot_rect()
            x = self.to_point(d.today, d.y_min).x()
            painter.setPen(QPen(theme.qcolor("ink"), 1))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            painter.drawText(QRectF(x + 4, rect.top(), 60, 16), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "Today")
        self._paint_legend(painter, small, accent, muted)
        painter.end()

    def _paint_axes(self, painter: QPainter, d: KrProgressData, font: QFont) -> None:
        rect = self.plot_rect()
        grid = theme.qcolor("border")
        muted = theme.qcolor("muted_ink")
        fm = QFontMetricsF(font)
        for value in nice_ticks(d.y_min, d.y_max):
            y = self.to_point(d.period_start, value).y()
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.setPen(muted)
            step = abs(d.y_max - d.y_min) / 5
            places = 0 if step >= 5 else (1 if step >= 0.5 else 2)
            painter.drawText(QRectF(0, y - fm.height() / 2, LEFT - 8, fm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             format_number(value, places))
        month = dt.date(d.period_start.year, d.period_start.month, 1)
        while month <= d.period_end:
            day = max(month, d.period_start)
            x = self.to_point(day, d.y_min).x()
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, rect.bottom()), QPointF(x, rect.bottom() + 4))
            painter.setPen(muted)
            painter.drawText(QRectF(x - 2, rect.bottom() + 6, 80, fm.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, day.strftime("%d %b"))
            month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        painter.setPen(QPen(grid, 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())

    def _paint_legend(self, painter: QPainter, font: QFont, accent: QColor, muted: QColor) -> None:
        fm = QFontMetricsF(font)
        x = LEFT
        y = 10.0
        items = [("Check-ins", QPen(accent, 2.2), True), ("Expected pace", QPen(muted, 1.6, Qt.PenStyle.DashLine), False),
                 ("Forecast (95 % band)", QPen(accent, 1.6, Qt.PenStyle.DotLine), False)]
        for label, pen, dot in items:
            painter.setPen(pen)
            painter.drawLine(QPointF(x, y + 7), QPointF(x + 22, y + 7))
            if dot:
                painter.setBrush(QColor(theme.current().surface))
                painter.drawEllipse(QPointF(x + 11, y + 7), 3, 3)
            painter.setPen(theme.qcolor("ink"))
            painter.drawText(QRectF(x + 28, y, fm.horizontalAdvance(label) + 4, 14),
                             Qt.AlignmentFlag.AlignVCenter, label)
            x += 28 + fm.horizontalAdvance(label) + 18
