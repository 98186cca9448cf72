"""The view switcher: a slim bar on the left with one checkable action per view."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QSizePolicy, QToolBar, QToolButton, QWidget

from okrdesk.ui import icons
from okrdesk.ui.views_registry import ViewSpec


class NavBar(QToolBar):
    """Emits ``view_requested(key)``; Ctrl+1 … Ctrl+4 select the views in order."""

    view_requested = Signal(str)

    def __init__(self, specs: list[ViewSpec], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Views"), parent)
        self.setObjectName("NavBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.setOrientation(Qt.Orientation.Vertical)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.setIconSize(QSize(22, 22))
        self.toggleViewAction().setVisible(False)
        self.specs = specs
        self.setFixedWidth(104)

        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions_by_key: dict[str, QAction] = {}
        for number, spec in enumerate(specs, start=1):
            action = QAction(icons.icon(spec.icon), spec.title, self)
            action.setCheckable(True)
            action.setData(spec.key)
            if number <= 9:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
                shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(f"{spec.tooltip} ({shortcut})")
            else:
                action.setToolTip(spec.tooltip)
            action.setStatusTip(spec.tooltip)
            action.triggered.connect(lambda _=False, k=spec.key: self.view_requested.emit(k))
            self.group.addAction(action)
            self.addAction(action)
            self.actions_by_key[spec.key] = action
            button = self.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setAccessibleName(spec.title)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                button.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_current(self, key: str) -> None:
        """Check the action of view ``key`` without emitting ``view_requested``."""
        action = self.actions_by_key.get(key)
        if action is not None:
            action.setChecked(True)

    def set_views_enabled(self, enabled: bool) -> None:
        """Enable the switcher only while a workspace is open."""
        for action in self.actions_by_key.values():
            action.setEnabled(enabled)

    def refresh_icons(self) -> None:
        """Redraw the icons in the current theme's colours."""
        for spec in self.specs:
            self.actions_by_key[spec.key].setIcon(icons.icon(spec.icon))
