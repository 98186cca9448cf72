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

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QCursor, QDrag, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from okrdesk.ui import theme
from okrdesk.ui.okr_board.board_canvas import BoardCanvas
from okrdesk.ui.okr_board.board_drops import BoardDrops
from okrdesk.ui.okr_board.drag_drop import BoardDrag, DropTarget
from okrdesk.ui.okr_board.hits import Hit, Selection

__all__ = ["EditableBoardCanvas", "Hit", "Selection"]

DropHandler = Callable[[BoardDrag, DropTarget], bool]


class EditableBoardCanvas(BoardDrops, BoardCanvas):
    """``BoardCanvas`` plus selection, editing requests and drag and drop (``BoardDrops``)."""

    selection_changed = Signal()
    check_in_requested = Signal(int)  # key result id
    edit_objective_requested = Signal(int)
    edit_key_result_requested = Signal(int)
    add_objective_requested = Signal(int)  # column index
    add_key_result_requested = Signal(int)  # objective id
    rename_requested = Signal(int, str)  # objective id, new title
    rename_key_result_requested = Signal(int, str)  # key result id, new title
    context_requested = Signal(object, QPoint)  # Hit, global position
    drop_refused = Signal(str)  # why a drop could not land where it was let go

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drop_handler: DropHandler | None = None
        self.workspace_key = ""
        self.selected: Selection | None = None
        self._press: tuple[QPointF, Hit] | None = None
        self._drop_target: DropTarget | None = None
        self.last_refusal = ""  # why the lane under the last drag refused it ("" when it did not)
        self._rename_edit: QLineEdit | None = None
        self._renaming: tuple[int, int | None, str] | None = None  # objective, key result, old title

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
                    self.last_refusal = ""
                    action = drag.exec(Qt.DropAction.MoveAction)
                    self.report_refused_release(action, self.viewport().mapFromGlobal(QCursor.pos()))
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

    def start_rename(self, objective_id: int, key_result_id: int | None = None) -> QLineEdit:
        """Put a line edit over the card's title (or over one of its key results' titles);
        Enter keeps, Escape cancels."""
        self.finish_rename(commit=False)
        self.ensure_visible(objective_id)
        lay = self.layout_of(objective_id)
        origin = self.card_rect(objective_id).topLeft()
        if key_result_id is not None:
            self.set_collapsed(objective_id, False)
            index = self.key_result_ids(objective_id).index(key_result_id)
            rect = lay.kr_title_rect(index).translated(origin)
            title, name, font = lay.kr_lines[index].row.kr.title, "Key result title", lay.style.body
        else:
            rect = lay.title_rect().translated(origin)
            title, name, font = lay.card.objective.title, "Objective title", lay.style.title
        edit = QLineEdit(title, self.viewport())
        edit.setObjectName("InlineRename")
        edit.setAccessibleName(name)
        edit.setFont(font)
        edit.setGeometry(rect.adjusted(-4, -3, 4, 3).toRect().adjusted(0, 0, 0, max(0, 30 - int(rect.height()))))
        edit.selectAll()
        edit.returnPressed.connect(lambda: self.finish_rename(commit=True))
        edit.editingFinished.connect(lambda: self.finish_rename(commit=True))
        edit.installEventFilter(self)
        self._rename_edit = edit
        self._renaming = (objective_id, key_result_id, title)
        edit.show()
        edit.setFocus()
        return edit

    @property
    def rename_editor(self) -> QLineEdit | None:
        """The inline title editor while a rename is under way."""
        return self._rename_edit

    def finish_rename(self, commit: bool) -> None:
        """Close the inline editor; ``commit`` asks for the rename when the title changed."""
        edit, renaming = self._rename_edit, self._renaming
        if edit is None or renaming is None:
            return
        self._rename_edit = None
        self._renaming = None
        oid, kr_id, old = renaming
        text = edit.text().strip()
        edit.hide()
        edit.deleteLater()
        self.setFocus()
        if not commit or not text or text == old or oid not in self._where:
            return
        if kr_id is None:
            self.rename_requested.emit(oid, text)
        else:
            self.rename_key_result_requested.emit(kr_id, text)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        """Escape in the inline editor cancels the rename."""
        if watched is self._rename_edit and event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self.finish_rename(commit=False)
            return True
        return super().eventFilter(watched, event)

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
