"""The whole tree as one item, for when the view is zoomed far out.

Below ``style.OVERVIEW_SCALE`` boxes are a few pixels wide: drawing thousands of
items (even from their caches) costs more than it shows. The scene then hides
them and shows this item instead, which draws every box with one ``drawRects``
call per status colour and every connector with one path: a handful of Qt calls
per frame, whatever the size of the tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from okrdesk.domain.entities import Status
from okrdesk.domain.tree_layout import Box
from okrdesk.ui.kpi_tree.canvas import style


class OverviewItem(QGraphicsItem):
    """Every visible box as a status-coloured block, every connector as a thin line."""

    def __init__(self, boxes: dict[int, Box], status_of: dict[int, Status | None],
                 edges: Iterable[tuple[Box, list[Box]]], colours: style.CanvasColours,
                 selected: Callable[[], Iterable[int]]) -> None:
        super().__init__()
        self._colours = colours
        self._boxes = boxes
        self._selected = selected
        self._groups: list = []
        self.set_statuses(status_of)
        path = QPainterPath()
        for parent, kids in edges:
            bus = parent.bottom + style.LEVEL_GAP / 2.0
            path.moveTo(parent.centre_x, parent.bottom)
            path.lineTo(parent.centre_x, bus)
            path.moveTo(kids[0].centre_x, bus)
            path.lineTo(kids[-1].centre_x, bus)
            for kid in kids:
                path.moveTo(kid.centre_x, bus)
                path.lineTo(kid.centre_x, kid.y)
        self._edges = path
        bounds = QRectF()
        for box in boxes.values():
            bounds = bounds.united(QRectF(box.x, box.y, box.width, box.height))
        self._bounds = bounds.adjusted(-20, -20, 20, 20)
        self.setZValue(3.0)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_statuses(self, status_of: dict[int, Status | None]) -> None:
        """Colour every block by its node's status (node id -> status)."""
        self.status_of = dict(status_of)
        groups: dict[Status | None, list[QRectF]] = {}
        for node_id, box in self._boxes.items():
            groups.setdefault(status_of.get(node_id), []).append(QRectF(box.x, box.y, box.width, box.height))
        self._groups = [(self._colours.status(status), rects) for status, rects in groups.items()]
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        pen = QPen(self._colours.connector, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawPath(self._edges)
        painter.setPen(Qt.PenStyle.NoPen)
        for colour, rects in self._groups:
            painter.setBrush(colour)
            painter.drawRects(rects)
        chosen = [self._boxes[i] for i in self._selected() if i in self._boxes]
        if chosen:
            ring = QPen(self._colours.accent, 3.0)
            ring.setCosmetic(True)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for box in chosen:
                painter.drawRect(QRectF(box.x, box.y, box.width, box.height).adjusted(-30, -30, 30, 30))
