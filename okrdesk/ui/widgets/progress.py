"""Progress bars and score rings painted straight into cards, rows and charts.

Both painters take a fraction in [0, 1] (None: no progress yet, only the
track is drawn) and an optional status that picks the fill colour from
the theme (``okrdesk.palette``); without a status the fill is the neutral grey.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from okrdesk.ui import theme
from okrdesk.domain.entities import Pace, Status


def status_colour(status: Status | Pace | None) -> QColor:
    """The colour of a status or pace in the current theme (grey for None)."""
    return theme.status_colour(status)


def track_colour() -> QColor:
    """The colour of the unfilled part of bars and rings in the current theme."""
    return theme.qcolor("border")


def _clamped(fraction: float | None) -> float | None:
    if fraction is None or not math.isfinite(fraction):
        return None
    return min(1.0, max(0.0, float(fraction)))


def paint_progress(
    painter: QPainter,
    rect: QRectF,
    fraction: float | None,
    status: Status | Pace | None,
    *,
    track: QColor | None = None,
    marker: float | None = None,
) -> None:
    """Draw a slim rounded progress bar filling ``rect``.

    ``fraction`` is clamped to [0, 1]; None draws the empty track only. The fill
    takes the colour of ``status`` (a score band or a pace). ``marker`` (a
    fraction, e.g. the expected progress) draws a thin tick across the bar.
    """
    rect = QRectF(rect)
    thickness = rect.height()
    radius = thickness / 2
    y = rect.center().y()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    # Round-capped thick lines: the same look as rounded rectangles, much cheaper to fill.
    pen = QPen(track if track is not None else track_colour(), thickness)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(rect.left() + radius, y), QPointF(rect.right() - radius, y))
    share = _clamped(fraction)
    if share is not None and share > 0:
        pen.setColor(status_colour(status))
        painter.setPen(pen)
        end = rect.left() + radius + max(0.0, (rect.width() - thickness) * share)
        painter.drawLine(QPointF(rect.left() + radius, y), QPointF(end, y))
    tick = _clamped(marker)
    if tick is not None:
        x = rect.left() + rect.width() * tick
        pen = QPen(theme.qcolor("muted_ink"), 1.2)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, rect.top() - 2), QPointF(x, rect.bottom() + 2))
    painter.restore()


def paint_score_ring(
    painter: QPainter,
    rect: QRectF,
    score: float | None,
    band: Status | None,
    text: str,
    *,
    font: QFont | None = None,
    thickness: float = 4.0,
    text_colour: QColor | None = None,
) -> None:
    """Draw a ring (a circular progress bar) with ``text`` centred inside it.

    The ring is the largest circle fitting ``rect``; the arc starts at twelve
    o'clock and runs clockwise over ``score`` of the circle in the band colour.
    """
    side = min(rect.width(), rect.height())
    circle = QRectF(
        rect.center().x() - side / 2 + thickness / 2,
        rect.center().y() - side / 2 + thickness / 2,
        side - thickness,
        side - thickness,
    )
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    pen = QPen(track_colour(), thickness)
    painter.setPen(pen)
    painter.drawEllipse(circle)
    share = _clamped(score)
    if share is not None and share > 0:
        pen = QPen(status_colour(band), thickness)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawArc(circle, 90 * 16, -round(share * 360 * 16))
    if font is not None:
        painter.setFont(font)
    painter.setPen(text_colour if text_colour is not None else theme.qcolor("ink"))
    painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
