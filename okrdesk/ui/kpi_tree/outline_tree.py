"""The Outline's tree widget: calm, roomy rows painted by ``OutlineDelegate``; editing,
drag and drop switched on by the view when the workspace is writable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from okrdesk.ui.kpi_tree.delegates import OutlineDelegate

INDENTATION = 18


class OutlineTree(QTreeView):
    """The Outline's tree widget: calm, roomy rows, no alternating colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KpiOutline")
        self.setAlternatingRowColors(False)
        self.setUniformRowHeights(True)
        self.setIndentation(INDENTATION)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAllColumnsShowFocus(True)
        self.setAnimated(False)
        self.delegate = OutlineDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setAccessibleName("KPI tree outline")
        self.drop_refused: Callable[[str], None] | None = None

    def enable_editing(self) -> None:
        """Inline editing (double-click, F2) and drag and drop of rows."""
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt API)
        """Tab and Shift+Tab indent and outdent (their shortcuts) instead of moving focus."""
        if self.dragEnabled():
            return False
        return super().focusNextPrevChild(next)

    def dragMoveEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """Refused drops (onto a dragged node or its descendants) say why in the status line."""
        super().dragMoveEvent(event)
        if not event.isAccepted() and self.drop_refused is not None:
            source = getattr(self.model(), "model", self.model())  # OutlineFront: the Outline model
            reason = getattr(source, "refusal", "")
            if reason:
                self.drop_refused(reason)
