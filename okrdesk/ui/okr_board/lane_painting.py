"""Painting a board column's furniture: its sticky header, its "+ Objective" slot and
the note of an empty column (the cards themselves are painted by ``card``)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from okrdesk import palette
from okrdesk.domain.entities import Status
from okrdesk.ui import theme
from okrdesk.ui.okr_board.card import CardStyle
from okrdesk.ui.okr_board.formatting import format_score
from okrdesk.ui.okr_board.grouping import Lane

LANE_PADDING = 10.0
EMPTY_TEXTS = {"team": "No objectives this period", "pace": "No objectives at this pace",
               "period": "No objectives in this period"}


def paint_add_slot(painter: QPainter, rect: QRectF, st: CardStyle) -> None:
    """The dashed "+ Objective" slot at the foot of a column."""
    pen = QPen(st.border, 1.2, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), st.radius, st.radius)
    painter.setFont(st.body)
    painter.setPen(st.muted)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "+  Objective")


def paint_empty_lane(painter: QPainter, rect: QRectF, lane: Lane, st: CardStyle) -> None:
    """What an empty column says, in ``rect`` (below its header)."""
    painter.setFont(st.small)
    painter.setPen(st.muted)
    painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, EMPTY_TEXTS[lane.kind.value])


def paint_lane_header(painter: QPainter, rect: QRectF, lane: Lane, count: int, average: float | None,
                      band: Status | None, st: CardStyle, *, scrolled: bool) -> None:
    """A column's sticky header: its name (a pace lane's in its colour), the number of
    objectives with the lane's note, and the average score with its band symbol;
    ``scrolled``: cards pass under it, so a hairline separates them."""
    # Opaque band so cards scroll underneath the header.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(theme.current().canvas))
    painter.drawRect(QRectF(rect.left() - 1, 0, rect.width() + 2, rect.top()))
    painter.setBrush(QColor(theme.current().hover))
    painter.drawRoundedRect(rect, 12, 12)
    painter.drawRect(rect.adjusted(0, 12, 0, 0))
    inner = rect.adjusted(LANE_PADDING + 6, 12, -LANE_PADDING - 6, -8)
    score_width = 92.0
    painter.setFont(st.title)
    painter.setPen(st.ink)
    fm = QFontMetricsF(st.title)
    name = fm.elidedText(lane.name, Qt.TextElideMode.ElideRight, inner.width() - score_width - 8)
    if lane.pace is not None:  # a pace lane's title is its badge: symbol and word in its colour
        painter.setPen(theme.status_colour(lane.pace))
    painter.drawText(QRectF(inner.left(), inner.top(), inner.width() - score_width, fm.lineSpacing()),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
    painter.setFont(st.small)
    painter.setPen(st.muted)
    caption = f"{count} objective{'s' if count != 1 else ''}"
    if lane.note:
        caption = f"{caption} \u00b7 {lane.note}"
    caption = QFontMetricsF(st.small).elidedText(caption, Qt.TextElideMode.ElideRight, inner.width() - score_width)
    painter.drawText(
        QRectF(inner.left(), inner.top() + fm.lineSpacing() + 2, inner.width() - score_width, 18),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        caption,
    )
    # Average score: symbol + number in the band colour, caption below.
    score_rect = QRectF(inner.right() - score_width, inner.top(), score_width, fm.lineSpacing())
    if average is not None:
        symbol = palette.STATUS_SYMBOLS[band] if band else ""
        painter.setFont(st.ring)
        painter.setPen(theme.status_colour(band))
        painter.drawText(score_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         f"{symbol} {format_score(average)}")
        painter.setFont(st.small)
        painter.setPen(st.muted)
        painter.drawText(
            QRectF(score_rect.left(), score_rect.bottom() + 2, score_width, 18),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            "avg. score",
        )
    if scrolled:
        painter.setPen(QPen(st.border, 1))
        painter.drawLine(QPointF(rect.left() + 8, rect.bottom()), QPointF(rect.right() - 8, rect.bottom()))
