"""What-if on the Canvas: type a value over a box, or use the box's context menu.

While what-if is on, double-clicking a box opens a small editor over its value
(Enter sets it, in the user's locale; an empty value restores the actual one;
Esc or clicking elsewhere cancels), and right-clicking a box offers "Set what-if
value…", "Restore actual value", "Goal seek…" and "Root cause…". The boxes
themselves are tinted by the canvas scene from the what-if tree it draws
(``canvas/scene.py``, ``NodeItem.set_whatif``). With what-if off the canvas
behaves as always: this controller lets every event through.

When only what-if values change, ``show_values`` redraws just the boxes whose
row or tint changed, in place, instead of building the whole scene again (on a
firm tree unfolded that is a few milliseconds instead of about a second).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QMenu, QWidget

from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.store.readmodels.whatif import WhatIfTree
from okrdesk.ui import theme
from okrdesk.ui.kpi_tree import formatting as fmt

EDITOR_MIN_WIDTH = 140
EDITOR_MIN_HEIGHT = 30


class ValueEditor(QLineEdit):
    """The line edit put over a box's value; Esc cancels, losing focus cancels too."""

    def __init__(self, node_id: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.node_id = node_id
        self.setObjectName("CanvasWhatIfEditor")
        self.setAccessibleName("What-if value")
        c = theme.current()
        self.setStyleSheet(f"QLineEdit#CanvasWhatIfEditor {{ background: {c.surface}; color: {c.ink};"
                           f" border: 2px solid {c.accent}; border-radius: 6px; padding: 2px 6px; }}")
        self.cancelled = False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.cancel()

    def cancel(self) -> None:
        """Close without setting anything."""
        if not self.cancelled:
            self.cancelled = True
            self.hide()
            self.deleteLater()


class CanvasWhatIf(QObject):
    """Double-click and context menu of the canvas boxes while what-if is on."""

    def __init__(self, mode, canvas) -> None:
        super().__init__(canvas)
        self.mode = mode
        self.canvas = canvas
        self.editor: ValueEditor | None = None
        canvas.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if not self.mode.active:
            return False
        if event.type() == QEvent.Type.MouseButtonDblClick and event.button() == Qt.MouseButton.LeftButton:
            node_id = self._node_at(event.position().toPoint())
            if node_id is not None:
                self.edit(node_id)
                return True
        elif event.type() == QEvent.Type.ContextMenu:
            node_id = self._node_at(event.pos())
            if node_id is not None:
                self.menu(node_id).popup(event.globalPos())
                return True
        return False

    def show_values(self, tree: TreeReadModel) -> bool:
        """Show ``tree`` on the canvas in place when it differs from the tree drawn only in
        values (both are the same actual tree, with or without what-if values); False when
        the canvas must be built again (another actual tree)."""
        scene = self.canvas.scene
        drawn = scene.tree
        if drawn is None or tree is drawn:
            return tree is drawn
        if _actual(drawn) is not _actual(tree):
            return False
        changed = []
        for node_id, item in scene.items_by_id.items():
            row, mark = tree.row(node_id), _mark(tree, node_id)
            if row != item.row or mark != _mark(drawn, node_id):
                changed.append((item, row, mark))
        statuses_moved = any(row.status != item.row.status for item, row, _ in changed)
        for item, row, mark in changed:
            item.show_row(row)
            if mark is not None:
                item.set_whatif(mark)
        if statuses_moved and scene.overview is not None:  # the far zoomed-out picture colours by status
            scene.overview.set_statuses({i: tree.row(i).status for i in scene.items_by_id})
        scene.tree = tree
        return True

    def _node_at(self, pos: QPoint) -> int | None:
        item = self.canvas.scene.node_at(self.canvas.view.mapToScene(pos))
        return item.node_id if item is not None else None

    # ------------------------------------------------------------------ editing

    def edit(self, node_id: int) -> ValueEditor | None:
        """Open the value editor over ``node_id``'s box (selecting it)."""
        scene, view = self.canvas.scene, self.canvas.view
        item = scene.items_by_id.get(node_id)
        if item is None:
            return None
        scene.select_ids([node_id], notify=True)
        if self.editor is not None and not self.editor.cancelled:
            self.editor.cancel()
        rect = view.mapFromScene(item.mapToScene(item.value_rect())).boundingRect()
        rect.setWidth(max(rect.width(), EDITOR_MIN_WIDTH))
        rect.setHeight(max(rect.height(), EDITOR_MIN_HEIGHT))
        editor = ValueEditor(node_id, view.viewport())
        editor.setGeometry(rect)
        tree = scene.tree
        editor.setText(fmt.edit_number(tree.row(node_id).value) if tree is not None else "")
        editor.selectAll()
        editor.returnPressed.connect(lambda: self._commit(editor))
        editor.show()
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.editor = editor
        return editor

    def _commit(self, editor: ValueEditor) -> None:
        if editor.cancelled:
            return
        problem = self.mode.edit_value(editor.node_id, editor.text())
        if problem:
            self.canvas.show_hint(problem)  # the editor stays open to correct the value
            return
        editor.cancel()
        self.canvas.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ menu

    def menu(self, node_id: int) -> QMenu:
        """The context menu of a box in what-if mode."""
        menu = QMenu(self.canvas.view)
        entries = (
            ("Set what-if value…", lambda: self.edit(node_id), True),
            ("Restore actual value", lambda: self.mode.clear(node_id), node_id in self.mode.overrides),
            (None, None, True),
            ("Goal seek…", lambda: self.mode.open_goal_seek(node_id), True),
            ("Root cause…", lambda: self.mode.open_root_cause(node_id), True),
        )
        for text, slot, enabled in entries:
            if text is None:
                menu.addSeparator()
                continue
            action = QAction(text, menu)
            action.setEnabled(enabled)
            action.triggered.connect(lambda _=False, run=slot: run())
            menu.addAction(action)
        return menu


def _actual(tree: TreeReadModel) -> TreeReadModel:
    return tree.actual if isinstance(tree, WhatIfTree) else tree


def _mark(tree: TreeReadModel, node_id: int) -> bool | None:
    """None: the box shows an actual value; True: a what-if value of its own; False: recomputed."""
    if not isinstance(tree, WhatIfTree) or node_id not in tree.affected:
        return None
    return node_id in tree.overridden
