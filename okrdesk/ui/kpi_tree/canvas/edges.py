"""Lines between boxes: formula connectors (solid, orthogonal, labelled with the
operator) and influence links (dashed curves with an arrow).

One ``ConnectorItem`` draws all the lines from a parent to its children, so a
tree of 5,000 nodes has about as many connector items as it has parents. Paths
are built once; ``paint`` only strokes them.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from okrdesk.domain.tree_layout import Box
from okrdesk.ui.kpi_tree.canvas import style

CORNER_RADIUS = 8.0
ARROW = 9.0


def connector_path(parent: Box, kids: list[Box], bus_y: float) -> QPainterPath:
    """The orthogonal lines from ``parent``'s bottom centre to each child's top centre,
    joined by a horizontal bus at ``bus_y``, with rounded elbows."""
    path = QPainterPath()
    px = parent.centre_x
    path.moveTo(px, parent.bottom)
    path.lineTo(px, bus_y)
    for kid in kids:
        cx = kid.centre_x
        path.moveTo(px, bus_y)
        if abs(cx - px) < 0.5:
            path.lineTo(cx, kid.y)
            continue
        step = CORNER_RADIUS if cx > px else -CORNER_RADIUS
        radius = min(CORNER_RADIUS, abs(cx - px), (kid.y - bus_y))
        step = math.copysign(radius, step)
        path.lineTo(cx - step, bus_y)
        path.quadTo(cx, bus_y, cx, bus_y + radius)
        path.lineTo(cx, kid.y)
    return path


class ConnectorItem(QGraphicsItem):
    """A parent's lines to its children, with the formula's operator in a small pill
    where the trunk meets the bus (Σ, ×, ÷, avg, w, ƒ)."""

    def __init__(self, parent_box: Box, kids: list[Box], operator: str, colours: style.CanvasColours,
                 level_gap: float) -> None:
        super().__init__()
        self.parent_box = parent_box
        self.operator = operator
        self.bus_y = parent_box.bottom + level_gap / 2.0
        self.path = connector_path(parent_box, kids, self.bus_y)
        self._colours = colours
        self._formula = bool(operator)
        metrics = QFontMetricsF(style.font(13, 700))
        width = max(24.0, metrics.horizontalAdvance(operator) + 14) if operator else 0.0
        self.label_rect = QRectF(parent_box.centre_x - width / 2, self.bus_y - 12, width, 24)
        self._bounds = self.path.boundingRect().united(self.label_rect).adjusted(-3, -3, 3, 3)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(0.0)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        c = self._colours
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(c.connector if self._formula else c.grid, 1.6 if self._formula else 1.4)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        pen.setCosmetic(lod < 0.6)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)
        if not self.operator or lod < style.NAME_LOD:
            return
        painter.setPen(QPen(c.connector, 1.2))
        painter.setBrush(c.surface)
        painter.drawRoundedRect(self.label_rect, 12, 12)
        painter.setPen(c.ink)
        painter.setFont(style.font(13, 700))
        painter.drawText(self.label_rect, Qt.AlignmentFlag.AlignCenter, self.operator)


def influence_path(source: Box, target: Box) -> tuple[QPainterPath, QPointF, QPointF]:
    """A smooth curve from ``source`` to ``target`` (box edges, not centres) and the
    curve's last control point and end, for the arrow head."""
    if abs(source.y - target.y) < 1.0:  # same row: arc over the top
        start = QPointF(source.centre_x, source.y)
        end = QPointF(target.centre_x, target.y)
        lift = min(140.0, 40.0 + abs(end.x() - start.x()) * 0.12)
        c1 = QPointF(start.x(), start.y() - lift)
        c2 = QPointF(end.x(), end.y() - lift)
    elif target.y < source.y:  # the driver sits below what it drives
        start = QPointF(source.centre_x + source.width * 0.25, source.y)
        end = QPointF(target.centre_x + target.width * 0.25, target.bottom)
        dy = (start.y() - end.y()) / 2.0
        c1 = QPointF(start.x(), start.y() - dy)
        c2 = QPointF(end.x(), end.y() + dy)
    else:
        start = QPointF(source.centre_x + source.width * 0.25, source.bottom)
        end = QPointF(target.centre_x + target.width * 0.25, target.y)
        dy = (end.y() - start.y()) / 2.0
        c1 = QPointF(start.x(), start.y() + dy)
        c2 = QPointF(end.x(), end.y() - dy)
    path = QPainterPath(start)
    path.cubicTo(c1, c2, end)
    return path, c2, end


def arrow_head(tip: QPointF, towards: QPointF, size: float = ARROW) -> QPolygonF:
    """A filled triangle at ``tip`` pointing away from ``towards``."""
    angle = math.atan2(tip.y() - towards.y(), tip.x() - towards.x())
    left = QPointF(tip.x() - size * math.cos(angle - 0.45), tip.y() - size * math.sin(angle - 0.45))
    right = QPointF(tip.x() - size * math.cos(angle + 0.45), tip.y() - size * math.sin(angle + 0.45))
    return QPolygonF([tip, left, right])


class InfluenceItem(QGraphicsItem):
    """An influence link: a dashed curve from the driver to the node it drives."""

    def __init__(self, source: Box, target: Box, tooltip: str, colours: style.CanvasColours,
                 link_id: int | None = None) -> None:
        super().__init__()
        self.link_id = link_id  # the influence link drawn (for its context menu)
        self.path, control, end = influence_path(source, target)
        self.arrow = arrow_head(end, control)
        self._colours = colours
        stroker = QPainterPathStroker()
        stroker.setWidth(10.0)
        self._shape = stroker.createStroke(self.path)
        self._bounds = self.path.boundingRect().united(self.arrow.boundingRect()).adjusted(-4, -4, 4, 4)
        self.setToolTip(tooltip)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(1.0)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        colour = self._colours.influence
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(colour, 1.8, Qt.PenStyle.CustomDashLine)
        pen.setDashPattern([5.0, 4.0])
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(self.arrow)
