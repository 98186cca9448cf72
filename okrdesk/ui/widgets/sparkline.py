"""A tiny trend line painted straight into a cell or a card.

``paint_sparkline`` is cheap enough to run for every visible row on every paint:
it builds one ``QPolygonF`` and draws it. Gaps (None) are skipped and the line
joins the points on either side, as spreadsheet sparklines do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from okrdesk import palette

#: Item data role under which a model hands a sequence of floats/None to the delegate.
SPARKLINE_ROLE = Qt.ItemDataRole.UserRole + 40
#: Optional role with a colour (QColor or hex string) for the line; default is the first series colour.
SPARKLINE_COLOUR_ROLE = Qt.ItemDataRole.UserRole + 41


def paint_sparkline(
    painter: QPainter,
    rect: QRectF,
    values: Sequence[float | None],
    colour: QColor,
    *,
    highlight_last: bool = True,
) -> None:
    """Draw ``values`` (oldest first, None for gaps) as a line filling ``rect``.

    The vertical scale spans the finite values; a flat series is drawn across the
    middle. With ``highlight_last`` the newest value gets a small dot. Nothing is
    drawn when fewer than one finite value is present.
    """
    n = len(values)
    if n == 0:
        return
    lo = math.inf
    hi = -math.inf
    count = 0
    for v in values:
        if v is not None and math.isfinite(v):
            count += 1
            if v < lo:
                lo = v
            if v > hi:
                hi = v
    if count == 0:
        return
    left, top, width, height = rect.left(), rect.top(), rect.width(), rect.height()
    span = hi - lo
    step = width / (n - 1) if n > 1 else 0.0
    polygon = QPolygonF()
    polygon.reserve(count)
    for i, v in enumerate(values):
        if v is None or not math.isfinite(v):
            continue  # a gap: the line joins the neighbouring points
        y = top + height / 2 if span == 0 else top + height - (v - lo) / span * height
        polygon.append(QPointF(left + i * step, y))

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(colour, 1.5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    if polygon.size() > 1:
        painter.drawPolyline(polygon)
    if highlight_last:
        last = polygon.at(polygon.size() - 1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(last, 2.5, 2.5)
    painter.restore()


class SparklineDelegate(QStyledItemDelegate):
    """Paints the sequence stored under ``SPARKLINE_ROLE`` as a sparkline.

    The cell background (selection, hover) is drawn by the style first, so the
    delegate fits any theme. The colour comes from ``SPARKLINE_COLOUR_ROLE`` when
    the model provides one.
    """

    def __init__(self, parent: QWidget | None = None, *, colour: str = palette.SERIES_COLOURS[0]) -> None:
        super().__init__(parent)
        self._colour = QColor(colour)
        self._padding_x = 8.0
        self._padding_y = 7.0

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Draw the cell background, then the sparkline inset by a small margin."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        values = index.data(SPARKLINE_ROLE)
        if not values:
            return
        colour = index.data(SPARKLINE_COLOUR_ROLE)
        colour = QColor(colour) if colour is not None else self._colour
        r = QRectF(option.rect).adjusted(self._padding_x, self._padding_y, -self._padding_x, -self._padding_y)
        if r.width() > 4 and r.height() > 4:
            paint_sparkline(painter, r, values, colour)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """A comfortable default width for twelve points."""
        return QSize(110, max(option.rect.height(), 28))
