"""The board canvas with editing: selection, clicks, inline rename, drag and drop.

Mouse: a click selects a card or a key result; a click on a key-result row
(released without dragging) asks for its check-in; "+ Objective" and
"+ Key result" ask for the create dialogs; a double-click on a title renames
it inline, elsewhere on a card it opens the edit dialog. Dragging a card or a
key result starts a drag carrying ``application/x-okrdesk-board``; the drop
asks ``drop_handler`` (the view) to move it. The view owns the keyboard
actions (``selected`` tells it what they apply to).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from okrdesk.domain.entities import Status
from okrdesk.ui import theme
from okrdesk.ui.okr_board.board_canvas import BoardCanvas
from okrdesk.ui.okr_board.drag_drop import (
    KEY_RESULT,
    OBJECTIVE,
    BoardDrag,
    DropTarget,
    decode_drag,
    encode_drag,
)
from okrdesk.ui.okr_board.grouping import PACE_REORDER, Grouping

DropHandler = Callable[[BoardDrag, DropTarget], bool]


@dataclass(frozen=True)
class Hit:
    """What lies under a point of the board."""

    kind: str  # "card", "title", "chevron", "kr", "add_kr", "add_objective", "" (nothing)
    objective_id: int | None = None
    key_result_id: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Selection:
    """The selected card, and the selected key result in it (None: the card itself)."""

    objective_id: int
    key_result_id: int | None = None


class EditableBoardCanvas(BoardCanvas):
    """``BoardCanvas`` plus selection, editing requests and drag and drop."""

    selection_changed = Signal()
    check_in_requested = Signal(int)  # key result id
    edit_objective_requested = Signal(int)
    edit_key_result_requested = Signal(int)
    add_objective_requested = Signal(int)  # column index
    add_key_result_requested = Signal(int)  # objective id
    rename_requested = Signal(int, str)  # objective id, new title
    context_requested = Signal(object, QPoint)  # Hit, global position
    drop_refused = Signal(str)  # why a drop could not land where it was let go

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drop_handler: DropHandler | None = None
        self.workspace_key = ""
        self.selected: Selection | None = None
        self._press: tuple[QPointF, Hit] | None = None
        self._drop_target: DropTarget | None = None
        self._rename_edit: QLineEdit | None = None
        self._renaming: int | None = None

    def set_editable(self, editable: bool) -> None:
        """Turn the editing affordances and drops on or off (read-only workspaces)."""
        self.editable = editable
        self.viewport().setAcceptDrops(editable)

    # Hit testing ------------------------------------------------------------------------

    def hit_at(self, pos: QPoint | QPointF) -> Hit:
        """What is under a viewport position."""
        pos = QPointF(pos)
        oid = self.card_at(pos)
        if oid is None:
            column = self.column_at(pos)
            if column is not None and self.has_add_slot(column) and self.add_slot_rect(column).contains(pos):
                return Hit("add_objective", column=column)
            return Hit("", column=column)
        column = self._where[oid][0]
        lay = self.layout_of(oid)
        local = pos - self.card_rect(oid).topLeft()
        if lay.chevron_rect().adjusted(-4, -4, 4, 4).contains(local):
            return Hit("chevron", oid, column=column)
        if not self.is_collapsed(oid):
            for i, line in enumerate(lay.kr_lines):
                if lay.kr_rect(i).contains(local):
                    return Hit("kr", oid, line.row.kr.id, column)
            add = lay.add_kr_rect()
            if add is not None and add.contains(local):
                return Hit("add_kr", oid, column=column)
        if lay.title_rect().contains(local):
            return Hit("title", oid, column=column)
        return Hit("card", oid, column=column)

    def kr_rect(self, objective_id: int, key_result_id: int) -> QRectF:
        """A key-result row in viewport coordinates (KeyError when not shown)."""
        lay = self.layout_of(objective_id)
        for i, line in enumerate(lay.kr_lines):
            if line.row.kr.id == key_result_id:
                return lay.kr_rect(i).translated(self.card_rect(objective_id).topLeft())
        raise KeyError(f"key result {key_result_id} is not on card {objective_id}")

    def key_result_ids(self, objective_id: int) -> list[int]:
        """Key-result ids of a shown card, in order."""
        return [line.row.kr.id for line in self.layout_of(objective_id).kr_lines]

    # Selection --------------------------------------------------------------------------

    def select(self, selection: Selection | None) -> None:
        """Select a card or a key result (None clears) and scroll it into view."""
        if selection is not None and selection.objective_id not in self._where:
            selection = None
        if selection == self.selected:
            return
        self.selected = selection
        if selection is not None:
            self.ensure_visible(selection.objective_id)
        self.viewport().update()
        self.selection_changed.emit()

    def keep_selection(self) -> None:
        """After new columns: drop a selection whose card or key result has gone."""
        sel = self.selected
        if sel is None:
            return
        if sel.objective_id not in self._where or (
            sel.key_result_id is not None and sel.key_result_id not in self.key_result_ids(sel.objective_id)
        ):
            self.selected = None
            self.selection_changed.emit()

    def move_selection(self, key: int) -> bool:
        """Arrow keys: Up/Down walk a column's cards and their key results, Left/Right
        move between columns. Returns whether the key was used."""
        stops = self._stops()
        if not stops:
            return False
        if self.selected is None:
            self.select(Selection(stops[0][0][0]))
            return True
        sel = self.selected
        column = self._where[sel.objective_id][0]
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            col_stops = [s for s in stops if s[1] == column]
            here = next(i for i, s in enumerate(col_stops) if s[0] == (sel.objective_id, sel.key_result_id))
            step = 1 if key == Qt.Key.Key_Down else -1
            nxt = min(max(here + step, 0), len(col_stops) - 1)
            self.select(Selection(*col_stops[nxt][0]))
            return True
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = 1 if key == Qt.Key.Key_Right else -1
            c = column + step
            while 0 <= c < len(self._columns) and not self._columns[c].layouts:
                c += step
            if 0 <= c < len(self._columns):
                self.select(Selection(self._columns[c].layouts[0].card.objective.id))
            return True
        return False

    def _stops(self) -> list[tuple[tuple[int, int | None], int]]:
        stops = []
        for c, col in enumerate(self._columns):
            for lay in col.layouts:
                oid = lay.card.objective.id
                stops.append(((oid, None), c))
                if not self.is_collapsed(oid):
                    stops.extend(((oid, line.row.kr.id), c) for line in lay.kr_lines)
        return stops

    # Mouse --------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        """Select what was pressed; remember it for a click or a drag."""
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        hit = self.hit_at(event.position())
        if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton) and hit.objective_id:
            self.select(Selection(hit.objective_id, hit.key_result_id))
        self._press = (event.position(), hit) if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        """Start a drag once the pointer has moved far enough from a pressed card or row."""
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton and self.editable:
            start, hit = self._press
            if (event.position() - start).manhattanLength() >= QApplication.startDragDistance():
                self._press = None
                mime = self.mime_for(hit)
                if mime is not None:
                    drag = QDrag(self)
                    drag.setMimeData(mime)
                    drag.exec(Qt.DropAction.MoveAction)
                    return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        """A click (no drag): check in on a key-result row, or one of the "+" links."""
        pressed, self._press = self._press, None
        if pressed is not None and event.button() == Qt.MouseButton.LeftButton:
            hit = self.hit_at(event.position())
            if hit == pressed[1] and hit.kind == "kr":  # read-only cards show their history
                self.check_in_requested.emit(hit.key_result_id)
            elif hit == pressed[1] and self.editable:
                if hit.kind == "add_kr":
                    self.add_key_result_requested.emit(hit.objective_id)
                elif hit.kind == "add_objective":
                    self.add_objective_requested.emit(hit.column)
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        """Rename on the title, edit elsewhere on a card or a key-result row."""
        hit = self.hit_at(event.position())
        if not self.editable or hit.objective_id is None or hit.kind in ("chevron", "add_kr"):
            super().mouseDoubleClickEvent(event)
            return
        if hit.kind == "title" and not self.is_locked(hit.objective_id):
            self.start_rename(hit.objective_id)
        elif hit.kind == "kr":
            self.edit_key_result_requested.emit(hit.key_result_id)
        else:
            self.edit_objective_requested.emit(hit.objective_id)
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt API)
        """Ask the view for the menu of what is under the pointer."""
        self.context_requested.emit(self.hit_at(event.pos()), event.globalPos())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Arrow keys move the selection (without modifiers); other keys scroll."""
        if event.modifiers() == Qt.KeyboardModifier.NoModifier and self.move_selection(event.key()):
            event.accept()
            return
        super().keyPressEvent(event)

    # Inline rename ------------------------------------------------------------------------

    def start_rename(self, objective_id: int) -> QLineEdit:
        """Put a line edit over the card's title; Enter keeps, Escape cancels."""
        self.finish_rename(commit=False)
        self.ensure_visible(objective_id)
        lay = self.layout_of(objective_id)
        rect = lay.title_rect().translated(self.card_rect(objective_id).topLeft())
        edit = QLineEdit(lay.card.objective.title, self.viewport())
        edit.setObjectName("InlineRename")
        edit.setAccessibleName("Objective title")
        edit.setFont(lay.style.title)
        edit.setGeometry(rect.adjusted(-4, -3, 4, 3).toRect().adjusted(0, 0, 0, max(0, 30 - int(rect.height()))))
        edit.selectAll()
        edit.returnPressed.connect(lambda: self.finish_rename(commit=True))
        edit.editingFinished.connect(lambda: self.finish_rename(commit=True))
        edit.installEventFilter(self)
        self._rename_edit = edit
        self._renaming = objective_id
        edit.show()
        edit.setFocus()
        return edit

    @property
    def rename_editor(self) -> QLineEdit | None:
        """The inline title editor while a rename is under way."""
        return self._rename_edit

    def finish_rename(self, commit: bool) -> None:
        """Close the inline editor; ``commit`` asks for the rename when the title changed."""
        edit, oid = self._rename_edit, self._renaming
        if edit is None or oid is None:
            return
        self._rename_edit = None
        self._renaming = None
        text = edit.text().strip()
        edit.hide()
        edit.deleteLater()
        self.setFocus()
        if commit and text and oid in self._where and text != self.layout_of(oid).card.objective.title:
            self.rename_requested.emit(oid, text)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        """Escape in the inline editor cancels the rename."""
        if watched is self._rename_edit and event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self.finish_rename(commit=False)
            return True
        return super().eventFilter(watched, event)

    # Drag and drop ------------------------------------------------------------------------

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

    # Painting -----------------------------------------------------------------------------

    def paint_overlay(self, painter: QPainter) -> None:
        """Selection outline and the drop marker."""
        accent = theme.qcolor("accent")
        sel = self.selected
        if sel is not None and sel.objective_id in self._where:
            if sel.key_result_id is not None and not self.is_collapsed(sel.objective_id):
                try:
                    rect = self.kr_rect(sel.objective_id, sel.key_result_id).adjusted(-6, -3, 6, 3)
                except KeyError:
                    rect = None
                if rect is not None:
                    tint = QColor(accent)
                    tint.setAlpha(28)
                    painter.setPen(QPen(accent, 1.2))
                    painter.setBrush(tint)
                    painter.drawRoundedRect(rect, 6, 6)
            else:
                rect = self.card_rect(sel.objective_id).adjusted(-1.5, -1.5, 1.5, 1.5)
                painter.setPen(QPen(accent, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect, self._style.radius + 1, self._style.radius + 1)
        target = self._drop_target
        if target is not None and target.refusal and target.column is not None:
            self._paint_refusal(painter, target)
        if target is not None and target.marker is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            painter.drawRoundedRect(target.marker, 1.5, 1.5)

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
        box = QRectF(x + 8, 100, self._style.width - 16, 96)
        painter.setBrush(theme.qcolor("surface"))
        painter.setPen(QPen(colour, 1.2))
        painter.drawRoundedRect(box, 8, 8)
        painter.setPen(self._style.ink)
        painter.setFont(self._style.small)
        painter.drawText(box.adjusted(12, 8, -12, -8), int(Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap),
                         "\u26d4 " + target.refusal)

    @property
    def drop_marker(self) -> DropTarget | None:
        """The drop target shown while a drag hovers (None otherwise)."""
        return self._drop_target

    def show_drop_marker(self, target: DropTarget | None) -> None:
        """Show (or hide) a drop marker, as during a drag (screenshots, tests)."""
        self._drop_target = target
        self.viewport().update()
