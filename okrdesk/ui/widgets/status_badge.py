"""A status shown as colour + symbol + word, never colour alone.

``paint_status_badge`` draws a pill (light tint, coloured symbol and word)
into any painter; ``StatusBadge`` is the same pill as a small widget. Both
accept a KPI ``Status``, an OKR ``Pace`` or None ("No data").
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from okrdesk import palette
from okrdesk.domain.entities import Pace, Status
from okrdesk.ui import theme

NO_DATA_WORD = "No data"
NO_DATA_SYMBOL = "\u25cb"  # hollow circle

_PAD_X = 8.0
_GAP = 5.0


def badge_parts(status: Status | Pace | None) -> tuple[str, str, QColor, QColor]:
    """(symbol, word, colour, tint) for a status, a pace or None."""
    if status is None:
        return NO_DATA_SYMBOL, NO_DATA_WORD, theme.status_colour(None), theme.status_tint(None)
    if isinstance(status, Pace):
        band = palette.PACE_STATUS[status]
        word = palette.PACE_WORDS[status]
    else:
        band = Status(status)
        word = palette.STATUS_WORDS[band]
    return (
        palette.STATUS_SYMBOLS[band],
        word,
        theme.status_colour(band),
        theme.status_tint(band),
    )


def badge_text(status: Status | Pace | None) -> str:
    """The symbol and word of a badge as plain text, e.g. "▲ At risk" (tooltips, tests)."""
    symbol, word, _, _ = badge_parts(status)
    return f"{symbol} {word}"


def badge_width(font: QFont, status: Status | Pace | None) -> float:
    """Width in pixels a badge needs in ``font``."""
    symbol, word, _, _ = badge_parts(status)
    metrics = QFontMetricsF(font)
    return _PAD_X * 2 + metrics.horizontalAdvance(symbol) + _GAP + metrics.horizontalAdvance(word)


def paint_status_badge(
    painter: QPainter,
    rect: QRectF,
    status: Status | Pace | None,
    *,
    font: QFont | None = None,
    align_right: bool = False,
) -> QRectF:
    """Draw the badge of ``status`` inside ``rect`` (left-aligned unless ``align_right``).

    The pill is as wide as its text needs (at most ``rect``'s width) and as high
    as ``rect``. Returns the rectangle actually painted.
    """
    symbol, word, colour, tint = badge_parts(status)
    painter.save()
    if font is not None:
        painter.setFont(font)
    metrics = QFontMetricsF(painter.font())
    width = min(rect.width(), badge_width(painter.font(), status))
    left = rect.right() - width if align_right else rect.left()
    pill = QRectF(left, rect.top(), width, rect.height())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(tint)
    radius = pill.height() / 2
    painter.drawRoundedRect(pill, radius, radius)
    painter.setPen(colour)
    word_font = QFont(painter.font())
    symbol_font = QFont(word_font)
    size = word_font.pointSizeF()
    if size > 0:
        symbol_font.setPointSizeF(size * 0.8)
    else:
        symbol_font.setPixelSize(max(1, round(word_font.pixelSize() * 0.8)))
    symbol_rect = QRectF(pill.left() + _PAD_X, pill.top(), metrics.horizontalAdvance(symbol), pill.height())
    painter.setFont(symbol_font)
    painter.drawText(symbol_rect, Qt.AlignmentFlag.AlignCenter, symbol)
    painter.setFont(word_font)
    word_rect = QRectF(symbol_rect.right() + _GAP, pill.top(), pill.right() - symbol_rect.right() - _GAP - _PAD_X + 1, pill.height())
    elided = metrics.elidedText(word, Qt.TextElideMode.ElideRight, word_rect.width() + 1)
    painter.drawText(word_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)
    painter.restore()
    return pill


class StatusBadge(QWidget):
    """A pill showing a status or pace with its colour, symbol and word."""

    def __init__(self, status: Status | Pace | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._status = status
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._refresh()

    def status(self) -> Status | Pace | None:
        """The status shown."""
        return self._status

    def set_status(self, status: Status | Pace | None) -> None:
        """Show ``status`` (None: "No data")."""
        self._status = status
        self._refresh()

    def text(self) -> str:
        """Symbol and word as plain text."""
        return badge_text(self._status)

    def _refresh(self) -> None:
        self.setAccessibleName(self.text())
        self.setToolTip(self.text())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Text width plus padding, a comfortable pill height."""
        metrics = QFontMetricsF(self.font())
        return QSize(int(badge_width(self.font(), self._status)) + 2, int(metrics.height() + 8))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Paint the pill over the whole widget."""
        painter = QPainter(self)
        paint_status_badge(painter, QRectF(self.rect()), self._status, font=self.font())
        painter.end()
