"""A branch dashboard's tile: name, value, status, change and a mini trend chart, painted.

The mini chart draws the node's latest buckets as a line with its target
dashed, the first and last bucket's month under it and the latest value as a
dot: small multiples of one scale each, readable at a glance and cheap to paint
(50 tiles open in a few tens of milliseconds; no pyqtgraph needed).
"""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from okrdesk.domain.entities import Grain
from okrdesk.ui import theme
from okrdesk.ui.dashboards.branch_data import BranchTileData
from okrdesk.ui.dashboards.panel import DashFonts, colour
from okrdesk.ui.dashboards.tiles import bucket_label, paint_change, paint_heading
from okrdesk.ui.okr_board.formatting import format_value
from okrdesk.ui.widgets.status_badge import badge_text, badge_width, paint_status_badge

BRANCH_TILE_HEIGHT = 196
BRANCH_TILE_MIN_WIDTH = 250


def _month(day: dt.date, grain: Grain) -> str:
    if grain == Grain.QUARTER:
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if grain == Grain.YEAR:
        return str(day.year)
    return f"{day:%b %Y}"


def paint_mini_trend(painter: QPainter, rect: QRectF, data: BranchTileData, grain: Grain, line: QColor) -> None:
    """The tile's chart: line, dashed target, end dot, first/last bucket under it."""
    points = [(d, v) for d, v in data.trend if math.isfinite(v)]
    fonts_h = 14.0
    plot = QRectF(rect.left(), rect.top(), rect.width(), rect.height() - fonts_h)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(colour("border"), 1))
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
    if len(points) < 2:
        painter.setPen(colour("muted_ink"))
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "Not enough values for a trend")
        painter.restore()
        return
    values = [v for _, v in points]
    target = data.row.node.target
    lo, hi = min(values), max(values)
    if target is not None and math.isfinite(target):
        lo, hi = min(lo, target), max(hi, target)
    if hi == lo:
        lo, hi = lo - 1.0, hi + 1.0
    pad = (hi - lo) * 0.08
    lo, hi = lo - pad, hi + pad
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)

    def at(day: dt.date, value: float) -> QPointF:
        return QPointF(plot.left() + (day - first).days / span * plot.width(),
                       plot.bottom() - (value - lo) / (hi - lo) * plot.height())

    if target is not None and math.isfinite(target):
        pen = QPen(colour("muted_ink"), 1, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        y = at(first, target).y()
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
    polygon = QPolygonF([at(d, v) for d, v in points])
    pen = QPen(line, 1.5)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.drawPolyline(polygon)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(line)
    painter.drawEllipse(polygon.at(polygon.size() - 1), 2.8, 2.8)
    painter.setPen(colour("muted_ink"))  # the caller has set the small font
    labels = QRectF(rect.left(), plot.bottom() + 1, rect.width(), fonts_h)
    painter.drawText(labels, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, _month(first, grain))
    painter.drawText(labels, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _month(last, grain))
    painter.restore()


class BranchTile(QWidget):
    """One node of a branch, painted; the tooltip spells out value, target and status."""

    def __init__(self, data: BranchTileData, grain: Grain, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.grain = grain
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(BRANCH_TILE_MIN_WIDTH)
        row = data.row
        node = row.node
        target = f" · target {format_value(node.target, node.unit)}" if node.target is not None else ""
        self.setToolTip(f"{node.name} ({node.code})\n{format_value(row.value, node.unit)}{target}\n{badge_text(row.status)}")
        self.setAccessibleName(f"{node.name}: {format_value(row.value, node.unit)}, {badge_text(row.status)}")

    def value_text(self) -> str:
        """The value as painted, with its unit."""
        return format_value(self.data.row.value, self.data.row.node.unit)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """A comfortable tile."""
        return QSize(280, BRANCH_TILE_HEIGHT)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Surface, name and code, value with badge, change, mini trend."""
        fonts = DashFonts.of(self)
        row = self.data.row
        node = row.node
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(16, 24, 40, 12))
        painter.drawRoundedRect(rect.translated(0, 1.5), 10, 10)
        painter.setBrush(colour("surface"))
        painter.setPen(QPen(colour("border"), 1))
        painter.drawRoundedRect(rect, 10, 10)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.status_colour(row.status))
        painter.drawRoundedRect(QRectF(rect.left(), rect.top() + 14, 3.5, rect.height() - 28), 1.75, 1.75)

        inner = rect.adjusted(16, 12, -14, -12)
        paint_heading(painter, inner, node, fonts, sub_top=19, sub_height=16)
        value_rect = QRectF(inner.left(), inner.top() + 38, inner.width(), 30)
        painter.setFont(fonts.big)
        painter.setPen(colour("ink"))
        painter.drawText(value_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         QFontMetricsF(fonts.big).elidedText(self.value_text(), Qt.TextElideMode.ElideRight,
                                                             value_rect.width()))
        badge_w = badge_width(fonts.small, row.status)
        change_row = QRectF(inner.left(), value_rect.bottom() + 2, inner.width(), 22)
        paint_change(painter, QRectF(change_row.left(), change_row.top(), change_row.width() - badge_w - 8, 22),
                     row, fonts, bucket_label(row.bucket, self.grain))
        paint_status_badge(painter, QRectF(change_row.right() - badge_w, change_row.top(), badge_w, 22),
                           row.status, font=fonts.small)
        chart = QRectF(inner.left(), value_rect.bottom() + 28, inner.width(), inner.bottom() - value_rect.bottom() - 28)
        line = theme.status_colour(row.status) if row.status else colour("accent")
        painter.setFont(fonts.small)
        paint_mini_trend(painter, chart, self.data, self.grain, line)
        painter.end()
