"""One KPI node as a box on the canvas, and the small toggle that folds its branch.

Everything a box shows is worked out once, when the item is made (strings,
elisions, colours); ``paint`` only draws. Items cache their pixels at device
resolution (``DeviceCoordinateCache``), so panning blits pixmaps and runs no
Python. Zoomed out, boxes draw simplified: below ``FULL_LOD`` only the name,
below ``NAME_LOD`` a coloured block.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from okrdesk import palette
from okrdesk.domain.entities import NodeKind, Status
from okrdesk.store.readmodels.tree import NodeRow
from okrdesk.ui.kpi_tree import formatting as fmt
from okrdesk.ui.kpi_tree.canvas import style
from okrdesk.ui.widgets.sparkline import paint_sparkline

PAD_LEFT = 18.0
PAD_RIGHT = 14.0

#: Drop feedback a box can show while something is dragged over it.
DROP_NONE, DROP_ACCEPT, DROP_REFUSE = 0, 1, 2


def compact_value(value: float | None, unit: str) -> str:
    """A value short enough for a box: "408.8K €", "$1.23M", "74.6%" (the tooltip has it in full)."""
    if value is None or abs(value) < 1_000:
        return fmt.format_value(value, unit)
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= size:
            scaled = value / size
            decimals = 0 if abs(scaled) >= 100 else (1 if abs(scaled) >= 10 else 2)
            return fmt.with_unit(fmt.format_number(scaled, decimals) + suffix, unit)
    return fmt.format_value(value, unit)


def _lod(option: QStyleOptionGraphicsItem, painter: QPainter) -> float:
    return option.levelOfDetailFromTransform(painter.worldTransform())


class NodeItem(QGraphicsItem):
    """A box: status bar and word, code, name, value with unit, change, sparkline."""

    def __init__(self, row: NodeRow, colours: style.CanvasColours, *, has_children: bool = False,
                 hidden_count: int = 0) -> None:
        """``has_children``: give the box a fold toggle; ``hidden_count``: how many
        nodes its folded branch hides (0: the branch is open)."""
        super().__init__()
        self.row = row
        self.node_id = row.node.id
        self.kind = NodeKind(row.node.kind)
        self.width, self.height = style.box_size(self.kind)
        self._colours = colours
        self.drop_state = DROP_NONE
        self.whatif_fill: QColor | None = None  # set by set_whatif: the box shows a what-if value
        self.full_detail = False  # exports draw every box in full whatever the scale
        self._bounds = QRectF(-style.HALO, -style.HALO, self.width + 2 * style.HALO,
                              self.height + 2 * style.HALO)
        self._shape_rect = QRectF(0.0, 0.0, self.width, self.height)
        self._prepare_text(row)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(2.0)
        self.setAcceptHoverEvents(False)
        self.setToolTip(self._tooltip(row))
        self._press: QPointF | None = None
        self.toggle: BranchToggle | None = None
        self.set_branch(has_children, hidden_count)

    def set_branch(self, has_children: bool, hidden_count: int) -> None:
        """Give the box a fold toggle (showing ``hidden_count`` folded nodes) or none."""
        toggle = self.toggle
        if toggle is not None and has_children and toggle.hidden_count == hidden_count:
            return
        if toggle is None and not has_children:
            return
        if toggle is not None:
            toggle.setParentItem(None)
            if toggle.scene() is not None:
                toggle.scene().removeItem(toggle)
        self.toggle = BranchToggle(self, hidden_count) if has_children else None
        self.update()

    def same_look(self, row: NodeRow) -> bool:
        """Whether ``row`` shows exactly as the box's row does (a node that only moved)."""
        old = self.row
        return (old.node is row.node and old.value == row.value and old.previous == row.previous
                and old.change == row.change and old.status == row.status and old.sparkline == row.sparkline
                and old.error == row.error and old.mismatch == row.mismatch and old.owner_name == row.owner_name)

    # ------------------------------------------------------------------ text

    def _prepare_text(self, row: NodeRow) -> None:
        c = self._colours
        kpi = self.kind == NodeKind.KPI
        self.name_font = style.font(16 if kpi else 14, 650 if kpi else 600)
        self.value_font = style.font(24 if kpi else 21, 650)
        self.small_font = style.font(11, 500)
        self.status_font = style.font(11, 600)
        self.change_font = style.font(12, 600)
        self.big_name_font = style.font(26, 650)
        inner = self.width - PAD_LEFT - PAD_RIGHT
        status = row.status
        self.status_colour = c.status(status)
        self.status_tint = c.status_tint(status)
        self.status_text = (f"{palette.STATUS_SYMBOLS[status]} {palette.STATUS_WORDS[status]}"
                            if status is not None else "○ No status")
        status_width = QFontMetricsF(self.status_font).horizontalAdvance(self.status_text)
        code_room = inner - status_width - 10 - (34 if kpi else 0)
        self.code_text = QFontMetricsF(self.small_font).elidedText(row.node.code, Qt.TextElideMode.ElideRight, code_room)
        self.name_text = QFontMetricsF(self.name_font).elidedText(row.node.name, Qt.TextElideMode.ElideRight, inner)
        room = inner - style.SPARK_WIDTH - 10
        metrics = QFontMetricsF(self.value_font)
        text = fmt.format_value(row.value, row.node.unit)
        if metrics.horizontalAdvance(text) > room:
            text = compact_value(row.value, row.node.unit)
        self.value_text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        self.change_text = fmt.format_change(row.change) if row.change is not None else ""
        good = fmt.change_tone(row)
        self.change_colour = c.muted if good is None else (c.good if good else c.bad)
        self.sparkline = row.sparkline
        self.problem = bool(row.error or row.mismatch)

    @staticmethod
    def _tooltip(row: NodeRow) -> str:
        lines = [f"{row.node.code} · {row.node.name}", fmt.format_value(row.value, row.node.unit)]
        if row.change is not None:
            lines[-1] += f"   {fmt.format_change(row.change)} vs previous"
        if row.owner_name:
            lines.append(f"Owner: {row.owner_name}")
        if row.error:
            lines.append(f"Formula error: {row.error}")
        elif row.mismatch:
            lines.append("The formula and this node's own measurements disagree.")
        return "\n".join(lines)

    def show_row(self, row: NodeRow) -> None:
        """Show another row of the same node (new values; same place, size and branch toggle)."""
        self.row = row
        self.whatif_fill = None
        self._prepare_text(row)
        self.setToolTip(self._tooltip(row))
        self.update()

    def set_whatif(self, overridden: bool) -> None:
        """Show the box's value as a what-if: tinted amber when it is a value of its own,
        accent when recomputed from one; the change line is the delta against actual
        (the what-if row's ``previous`` is the actual value)."""
        row, c = self.row, self._colours
        self.whatif_fill = c.status_tint(Status.AMBER) if overridden else c.accent_tint
        self.change_text = fmt.format_delta(row.value, row.previous, row.node.unit) + " vs actual"
        good = fmt.change_tone(row)
        self.change_colour = c.muted if good is None else (c.good if good else c.bad)
        what = "What-if value" if overridden else "Recomputed from what-if values"
        self.setToolTip(f"{self.toolTip()}\n{what}; actual {fmt.format_value(row.previous, row.node.unit)}")
        self.update()

    # ------------------------------------------------------------------ geometry

    def value_rect(self) -> QRectF:
        """Where the value is written (item coordinates), for an editor put over it."""
        kpi = self.kind == NodeKind.KPI
        top = self._shape_rect.top() + (14 if kpi else 12) + (22 if kpi else 20) + (30 if kpi else 28)
        return QRectF(self._shape_rect.left() + PAD_LEFT, top,
                      self.width - PAD_LEFT - PAD_RIGHT - style.SPARK_WIDTH - 8, 30)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self._shape_rect, style.CORNER, style.CORNER)
        return path

    def set_drop_state(self, state: int) -> None:
        """Show (or clear) the accept/refuse highlight of a drag over this box."""
        if state != self.drop_state:
            self.drop_state = state
            self.update()

    # ------------------------------------------------------------------ painting

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        lod = 1.0 if self.full_detail else _lod(option, painter)
        c = self._colours
        rect = self._shape_rect
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        selected = self.isSelected() and not self.full_detail
        fill = c.measure_surface if self.kind == NodeKind.MEASURE else c.surface
        if self.whatif_fill is not None:
            fill = self.whatif_fill
        if self.drop_state == DROP_REFUSE:
            fill = c.refused_tint
        elif self.drop_state == DROP_ACCEPT:
            fill = c.accent_tint
        if lod < style.NAME_LOD:
            self._paint_block(painter, rect, selected)
            return
        self._paint_frame(painter, rect, fill, selected, lod)
        if lod < style.FULL_LOD:
            self._paint_name_only(painter, rect)
            return
        self._paint_full(painter, rect)

    def _paint_block(self, painter: QPainter, rect: QRectF, selected: bool) -> None:
        painter.setPen(QPen(self._colours.accent, 8.0) if selected else Qt.PenStyle.NoPen)
        painter.setBrush(self.status_tint if self.row.status is not None else self._colours.surface)
        painter.drawRect(rect)
        painter.fillRect(QRectF(rect.left(), rect.top(), style.STATUS_BAR * 2.5, rect.height()), self.status_colour)

    def _paint_frame(self, painter: QPainter, rect: QRectF, fill: QColor, selected: bool, lod: float) -> None:
        c = self._colours
        if selected or self.drop_state:
            halo = c.refused if self.drop_state == DROP_REFUSE else c.accent
            glow = QColor(halo)
            glow.setAlpha(60)
            painter.setPen(QPen(glow, 2 * style.HALO - 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect, style.CORNER, style.CORNER)
        else:  # a soft shadow under the card
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(15, 23, 42, 18))
            painter.drawRoundedRect(rect.translated(0, 2), style.CORNER, style.CORNER)
        if self.drop_state == DROP_REFUSE:
            pen = QPen(c.refused, 2.5)
        elif selected or self.drop_state == DROP_ACCEPT:
            pen = QPen(c.accent, 2.2)
        elif self.kind == NodeKind.KPI:
            pen = QPen(c.kpi_border, 1.6)
        else:
            pen = QPen(c.border, 1.0)
        pen.setCosmetic(lod < 1.0 and not self.full_detail)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, style.CORNER, style.CORNER)
        # The status bar down the left edge, clipped to the rounded corners.
        bar = QPainterPath()
        bar.addRoundedRect(rect, style.CORNER, style.CORNER)
        strip = QPainterPath()
        strip.addRect(QRectF(rect.left(), rect.top(), style.STATUS_BAR, rect.height()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.status_colour)
        painter.drawPath(bar.intersected(strip))

    def _paint_name_only(self, painter: QPainter, rect: QRectF) -> None:
        painter.setPen(self._colours.ink)
        painter.setFont(self.big_name_font)
        text_rect = rect.adjusted(PAD_LEFT, 8, -PAD_RIGHT, -8)
        painter.setClipRect(text_rect)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                         self.row.node.name)

    def _paint_full(self, painter: QPainter, rect: QRectF) -> None:
        c = self._colours
        kpi = self.kind == NodeKind.KPI
        left = rect.left() + PAD_LEFT
        right = rect.right() - PAD_RIGHT
        top = rect.top() + (14 if kpi else 12)
        # Row 1: (KPI chip) code ........ status symbol and word
        x = left
        if kpi:
            chip = QRectF(x, top, 30, 16)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(c.ink)
            painter.drawRoundedRect(chip, 4, 4)
            painter.setPen(c.surface)
            painter.setFont(style.font(10, 700))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, "KPI")
            x += 36
        painter.setFont(self.small_font)
        painter.setPen(c.muted)
        painter.drawText(QRectF(x, top, right - x, 16), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.code_text)
        painter.setFont(self.status_font)
        painter.setPen(self.status_colour)
        painter.drawText(QRectF(left, top, right - left, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         self.status_text)
        # Row 2: the name.
        name_top = top + (22 if kpi else 20)
        painter.setFont(self.name_font)
        painter.setPen(c.ink)
        painter.drawText(QRectF(left, name_top, right - left, 22), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.name_text)
        # Row 3: value with unit, the change below it, the sparkline on the right.
        value_top = name_top + (30 if kpi else 28)
        painter.setFont(self.value_font)
        painter.setPen(c.ink)
        painter.drawText(QRectF(left, value_top, right - left - style.SPARK_WIDTH - 8, 30),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.value_text)
        if self.problem:
            painter.setFont(self.status_font)
            painter.setPen(c.status(Status.AMBER))
            painter.drawText(QRectF(left, value_top + 30, right - left, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "⚠ check formula")
        if self.change_text:
            painter.setFont(self.change_font)
            painter.setPen(self.change_colour)
            painter.drawText(QRectF(left, value_top + 30, right - left, 16),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.change_text)
        if self.sparkline:
            spark = QRectF(right - style.SPARK_WIDTH, value_top + 2, style.SPARK_WIDTH, style.SPARK_HEIGHT)
            paint_sparkline(painter, spark, self.sparkline, c.accent)

    # ------------------------------------------------------------------ dragging

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt API
        self._press = event.screenPos() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._press is None:
            return
        distance = (event.screenPos() - self._press).manhattanLength()
        if distance >= QApplication.startDragDistance():
            self._press = None
            scene = self.scene()
            if scene is not None and hasattr(scene, "start_drag"):
                scene.start_drag(self, event.widget())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt API
        self._press = None
        super().mouseReleaseEvent(event)


class BranchToggle(QGraphicsItem):
    """The small round button under a box that folds or unfolds its branch.

    Shows "−" when open, "+N" (N hidden nodes) when folded.
    """

    def __init__(self, box: NodeItem, hidden_count: int) -> None:
        super().__init__(box)
        self.box = box
        self.hidden_count = hidden_count
        self.folded = hidden_count > 0
        self.label = f"+{hidden_count:,}" if self.folded else "−"
        metrics = QFontMetricsF(style.font(11, 700))
        width = max(2 * style.TOGGLE_RADIUS, metrics.horizontalAdvance(self.label) + 12)
        r = style.TOGGLE_RADIUS
        self._rect = QRectF(-width / 2, -r, width, 2 * r)
        self.setPos(box.width / 2, box.height)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Show this branch" if self.folded else "Fold this branch")
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if not self.box.full_detail and _lod(option, painter) < style.NAME_LOD:
            return
        if self.box.full_detail and not self.folded:
            return  # an open branch needs no button on paper
        c = self.box._colours
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(c.accent if self.folded else c.border, 1.2))
        painter.setBrush(QBrush(c.accent if self.folded else c.surface))
        r = style.TOGGLE_RADIUS
        painter.drawRoundedRect(self._rect, r, r)
        painter.setPen(c.surface if self.folded else c.muted)
        painter.setFont(style.font(11 if self.folded else 15, 700))
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self.label)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt API
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._rect.contains(event.pos()):
            scene = self.scene()
            if scene is not None and hasattr(scene, "toggle_branch"):
                scene.toggle_branch(self.box.node_id)
        event.accept()
