"""Drag and drop on the editable board canvas (mixed into ``EditableBoardCanvas``).

A pressed card or key-result row gives drag data (``mime_for``); while a drag
hovers, ``drop_target`` says where it would land — a marker line — or why it
cannot (a pace lane, a closed period: the lane is tinted and the reason written
on it); a drop asks ``drop_handler`` (the view) to move the rows, or reports the
refusal through ``drop_refused``.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent, QPainter, QPen

from okrdesk.domain.entities import Status
from okrdesk.ui import icons, theme
from okrdesk.ui.okr_board.drag_drop import KEY_RESULT, OBJECTIVE, BoardDrag, DropTarget, decode_drag, encode_drag
from okrdesk.ui.okr_board.grouping import PACE_REORDER, Grouping
from okrdesk.ui.okr_board.hits import Hit


class BoardDrops:
    """Drag data, drop targets, drop events and the drop marker of the board canvas."""

    def mime_for(self, hit: Hit) -> QMimeData | None:
        """The drag data for a pressed card or key-result row (None for other spots and
        for read-only, closed objectives)."""
        if hit.objective_id is not None and self.is_locked(hit.objective_id):
            return None
        if hit.kind == "kr" and hit.key_result_id is not None:
            row = next(line.row for line in self.layout_of(hit.objective_id).kr_lines
                       if line.row.kr.id == hit.key_result_id)
            return encode_drag(BoardDrag(KEY_RESULT, (hit.key_result_id,), self.workspace_key),
                               f"{row.kr.ref} {row.kr.title}")
        if hit.kind in ("card", "title") and hit.objective_id is not None:
            objective = self.layout_of(hit.objective_id).card.objective
            return encode_drag(BoardDrag(OBJECTIVE, (hit.objective_id,), self.workspace_key),
                               f"{objective.ref} {objective.title}")
        return None

    def drop_target(self, drag: BoardDrag, pos: QPoint | QPointF) -> DropTarget | None:
        """Where ``drag`` would land at a viewport position (None: not here)."""
        pos = QPointF(pos)
        if drag.kind == OBJECTIVE:
            column = self.column_at(pos)
            if column is None:
                return None
            moving = drag.ids[0]
            lane = self.column_lane(column)
            if lane.refusal:  # a pace lane, a closed period: say why, mark nothing
                reason = lane.refusal
                if lane.kind == Grouping.PACE and self._where.get(moving, (None,))[0] == column:
                    reason = PACE_REORDER
                return DropTarget(OBJECTIVE, 0, column=column, marker=None, refusal=reason)
            ids = [i for i in self.column_card_ids(column) if i != moving]
            index = sum(1 for i in ids if self.card_rect(i).center().y() < pos.y())
            x = self._column_x(column) - self._offset().x()
            if index < len(ids):
                y = self.card_rect(ids[index]).top() - 6
            elif ids:
                y = self.card_rect(ids[-1]).bottom() + 6
            else:
                y = self.add_slot_rect(column).top() - 6
            marker = QRectF(x, y - 1.5, self._style.width, 3)
            return DropTarget(OBJECTIVE, index, team_id=lane.team_id, period_id=lane.period_id,
                              column=column, marker=marker, lane=lane.kind.value)
        oid = self.card_at(pos)
        if oid is None:
            return None
        moving = drag.ids[0]
        ids = [i for i in self.key_result_ids(oid) if i != moving]
        if self.is_collapsed(oid):
            return DropTarget(KEY_RESULT, len(ids), objective_id=oid, marker=None)
        index = sum(1 for i in ids if self.kr_rect(oid, i).center().y() < pos.y())
        card = self.card_rect(oid)
        if index < len(ids):
            y = self.kr_rect(oid, ids[index]).top() - 5
        elif ids:
            y = self.kr_rect(oid, ids[-1]).bottom() + 5
        else:
            y = card.top() + self.layout_of(oid).header_height + 6
        marker = QRectF(card.left() + 12, y - 1.5, card.width() - 24, 3)
        return DropTarget(KEY_RESULT, index, objective_id=oid, marker=marker)

    def drop_mime_data(self, mime: QMimeData, pos: QPoint | QPointF) -> bool:
        """Drop ``mime`` at a viewport position: the view moves the rows. Returns
        whether something was moved (False for foreign data or an impossible spot)."""
        drag = decode_drag(mime)
        if drag is None or self.drop_handler is None or not self.editable:
            return False
        if drag.workspace and self.workspace_key and drag.workspace != self.workspace_key:
            return False  # ids of another workspace mean other rows here
        target = self.drop_target(drag, pos)
        if target is None:
            return False
        if target.refusal:
            self.drop_refused.emit(target.refusal)
            return False
        return self.drop_handler(drag, target)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        """Accept board drags only."""
        if self.editable and decode_drag(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt API)
        """Show where the drop would land."""
        drag = decode_drag(event.mimeData())
        target = self.drop_target(drag, event.position()) if drag is not None else None
        self._drop_target = target
        self.last_refusal = target.refusal if target is not None else ""
        self.viewport().update()
        if target is None or target.refusal:
            event.ignore()
        else:
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802 (Qt API)
        """Hide the drop marker."""
        self._drop_target = None
        self.viewport().update()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        """Move the dropped rows through the view's handler."""
        self._drop_target = None
        self.viewport().update()
        if self.drop_mime_data(event.mimeData(), event.position()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def _paint_refusal(self, painter: QPainter, target: DropTarget) -> None:
        """A lane that refuses the dragged card: tinted, with the reason written on it."""
        column = target.column
        assert column is not None
        x = self._column_x(column) - self._offset().x()
        lane = QRectF(x - 10, 0, self._style.width + 20, self.viewport().height())
        colour = theme.status_colour(Status.RED)
        tint = QColor(colour)
        tint.setAlpha(22)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tint)
        painter.drawRoundedRect(lane, 12, 12)
        box = QRectF(x + 8, 104, self._style.width - 16, 92)
        painter.setBrush(theme.qcolor("surface"))
        painter.setPen(QPen(colour, 1.2))
        painter.drawRoundedRect(box, 8, 8)
        painter.drawPixmap(QPointF(box.left() + 12, box.center().y() - 9), icons.pixmap("octagon-alert", 18, colour.name()))
        painter.setPen(self._style.ink)
        painter.setFont(self._style.small)
        painter.drawText(box.adjusted(40, 8, -12, -8), int(Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap),
                         target.refusal)

    def report_refused_release(self, action: Qt.DropAction, cursor: QPoint) -> None:
        """After one of our own drags ended: when it was let go over a lane that refused it
        (``cursor`` in viewport coordinates), say why in words that outlast the drag."""
        refusal, self.last_refusal = self.last_refusal, ""
        if action == Qt.DropAction.IgnoreAction and refusal and self.viewport().rect().contains(cursor):
            self.drop_refused.emit(refusal)

    @property
    def drop_marker(self) -> DropTarget | None:
        """The drop target shown while a drag hovers (None otherwise)."""
        return self._drop_target

    def show_drop_marker(self, target: DropTarget | None) -> None:
        """Show (or hide) a drop marker, as during a drag (screenshots, tests)."""
        self._drop_target = target
        self.viewport().update()
