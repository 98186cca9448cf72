"""A KPI tile: name, status badge, value with unit, change vs the previous bucket, sparkline."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from okrdesk.domain.entities import Grain, Status
from okrdesk.store.readmodels.tree import NodeRow
from okrdesk.ui import theme
from okrdesk.ui.dashboards.panel import DashFonts, colour
from okrdesk.ui.kpi_tree.formatting import change_tone
from okrdesk.ui.okr_board.formatting import MISSING, format_change, format_value
from okrdesk.ui.widgets.sparkline import paint_sparkline
from okrdesk.ui.widgets.status_badge import badge_text, badge_width, paint_status_badge

TILE_HEIGHT = 148
TILE_MIN_WIDTH = 220


def change_colour(good: bool | None) -> QColor:
    """Green for good news, red for bad, grey when it cannot be judged."""
    if good is None:
        return colour("muted_ink")
    return theme.status_colour(Status.GREEN if good else Status.RED)


def bucket_label(bucket: dt.date | None, grain: Grain) -> str:
    """A short name of the bucket before ``bucket`` for "vs …" captions ("vs Jan", "vs Q4", "vs 2026")."""
    if bucket is None:
        return ""
    if grain == Grain.MONTH:
        prev = bucket.replace(day=1) - dt.timedelta(days=1)
        return f"vs {prev:%b}"
    if grain == Grain.QUARTER:
        prev = bucket - dt.timedelta(days=1)
        return f"vs Q{(prev.month - 1) // 3 + 1}"
    if grain == Grain.YEAR:
        return f"vs {bucket.year - 1}"
    return "vs previous week"


def paint_change(painter: QPainter, rect: QRectF, row: NodeRow, fonts: DashFonts, caption: str = "") -> None:
    """The coloured change text followed by a muted caption, left-aligned in ``rect``."""
    good = change_tone(row)
    text = format_change(row.change)
    painter.setFont(fonts.number_strong)
    painter.setPen(change_colour(good) if row.change is not None else colour("muted_ink"))
    width = QFontMetricsF(fonts.number_strong).horizontalAdvance(text)
    painter.drawText(QRectF(rect.left(), rect.top(), width + 2, rect.height()), Qt.AlignmentFlag.AlignVCenter, text)
    caption_w = QFontMetricsF(fonts.small).horizontalAdvance(caption)
    if caption and text != MISSING and caption_w <= rect.width() - width - 8:
        painter.setFont(fonts.small)
        painter.setPen(colour("muted_ink"))
        painter.drawText(
            QRectF(rect.left() + width + 8, rect.top(), rect.width() - width - 8, rect.height()),
            Qt.AlignmentFlag.AlignVCenter,
            caption,
        )


def paint_heading(painter: QPainter, inner: QRectF, node, fonts: DashFonts,  # noqa: ANN001
                  sub_top: float, sub_height: float) -> None:
    """A tile's first two lines: the node's name, then its code and target (both elided)."""
    painter.setFont(fonts.strong)
    painter.setPen(colour("ink"))
    name_fm = QFontMetricsF(fonts.strong)
    painter.drawText(QRectF(inner.left(), inner.top(), inner.width(), 20), Qt.AlignmentFlag.AlignVCenter,
                     name_fm.elidedText(node.name, Qt.TextElideMode.ElideRight, inner.width()))
    painter.setFont(fonts.small)
    painter.setPen(colour("muted_ink"))
    sub = node.code + (f"  ·  target {format_value(node.target, node.unit)}" if node.target is not None else "")
    painter.drawText(QRectF(inner.left(), inner.top() + sub_top, inner.width(), sub_height),
                     Qt.AlignmentFlag.AlignVCenter,
                     QFontMetricsF(fonts.small).elidedText(sub, Qt.TextElideMode.ElideRight, inner.width()))


class KpiTile(QWidget):
    """One headline KPI, painted; the tooltip spells out value, target and status."""

    def __init__(self, row: NodeRow, grain: Grain, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.grain = grain
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(TILE_MIN_WIDTH)
        node = row.node
        target = f" · target {format_value(node.target, node.unit)}" if node.target is not None else ""
        self.setToolTip(
            f"{node.name} ({node.code})\n{format_value(row.value, node.unit)}{target}\n{badge_text(row.status)}"
        )
        self.setAccessibleName(f"{node.name}: {format_value(row.value, node.unit)}, {badge_text(row.status)}")

    def value_text(self) -> str:
        """The value as painted, with its unit."""
        return format_value(self.row.value, self.row.node.unit)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """A comfortable tile."""
        return QSize(240, TILE_HEIGHT)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Surface, name and badge, value, change and sparkline."""
        fonts = DashFonts.of(self)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(16, 24, 40, 12))
        painter.drawRoundedRect(rect.translated(0, 1.5), 10, 10)
        painter.setBrush(colour("surface"))
        painter.setPen(QPen(colour("border"), 1))
        painter.drawRoundedRect(rect, 10, 10)
        # A thin status stripe on the left edge (the badge carries symbol and word).
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.status_colour(self.row.status))
        painter.drawRoundedRect(QRectF(rect.left(), rect.top() + 14, 3.5, rect.height() - 28), 1.75, 1.75)

        inner = rect.adjusted(18, 14, -16, -14)
        node = self.row.node
        # Name (full width) and the code with the target.
        paint_heading(painter, inner, node, fonts, sub_top=20, sub_height=18)
        # Value, with the sparkline at its right.
        value_rect = QRectF(inner.left(), inner.top() + 42, inner.width(), 40)
        big_fm = QFontMetricsF(fonts.big)
        value = self.value_text()
        value_w = big_fm.horizontalAdvance(value)
        spark_w = min(96.0, max(0.0, inner.width() - value_w - 12))
        if spark_w < 40:
            spark_w = 0.0
        painter.setFont(fonts.big)
        painter.setPen(colour("ink"))
        painter.drawText(value_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         big_fm.elidedText(value, Qt.TextElideMode.ElideRight, inner.width()))
        values = self.row.sparkline
        if spark_w and sum(v is not None for v in values) >= 2:
            spark = QRectF(inner.right() - spark_w, value_rect.top() + 6, spark_w, value_rect.height() - 12)
            paint_sparkline(painter, spark, values, theme.status_colour(self.row.status) if self.row.status else colour("accent"))
        # Change (left) and status badge (right) on the bottom line.
        badge_w = badge_width(fonts.small, self.row.status)
        bottom = QRectF(inner.left(), inner.bottom() - 22, inner.width(), 22)
        paint_change(painter, QRectF(bottom.left(), bottom.top(), bottom.width() - badge_w - 8, bottom.height()),
                     self.row, fonts, bucket_label(self.row.bucket, self.grain))
        paint_status_badge(painter, QRectF(bottom.right() - badge_w, bottom.top(), badge_w, 22), self.row.status, font=fonts.small)
        painter.end()
