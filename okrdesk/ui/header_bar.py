"""The bar above the views: the view's title, the period, search, undo/redo, checks."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QToolBar, QToolButton, QWidget

from okrdesk.paths import resource_path
from okrdesk.ui import icons
from okrdesk.ui.checks_button import ChecksButton
from okrdesk.ui.fonts import title_font
from okrdesk.ui.period_selector import PeriodSelector

SEARCH_DELAY_MS = 150  # let a fast typist finish a word before filtering big views


class HeaderBar(QToolBar):
    """Holds the shared controls; ``search_changed(text)`` fires shortly after typing."""

    search_changed = Signal(str)

    def __init__(self, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Header"), parent)
        self.setObjectName("HeaderBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.setIconSize(QSize(18, 18))
        self.toggleViewAction().setVisible(False)

        self.brand = QWidget()
        self.brand.setObjectName("Brand")
        mark = QLabel()
        mark.setPixmap(QIcon(str(resource_path("okrdesk.svg"))).pixmap(QSize(22, 22)))
        wordmark = QLabel("okrdesk")
        wordmark.setObjectName("Wordmark")
        wordmark.setFont(title_font(2))
        brand_row = QHBoxLayout(self.brand)
        brand_row.setContentsMargins(8, 0, 0, 0)
        brand_row.setSpacing(8)
        brand_row.addWidget(mark)
        brand_row.addWidget(wordmark)
        brand_row.addStretch(1)
        self.addWidget(self.brand)
        self.title = QLabel()
        self.title.setObjectName("ViewTitle")
        self.title.setFont(title_font(1))
        self.addWidget(self.title)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)

        self.period = PeriodSelector()
        self._workspace_actions = [self.addWidget(self.period)]

        self.search = QLineEdit()
        self.search.setObjectName("SearchBox")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self.search.setMaximumWidth(360)
        find = QKeySequence(QKeySequence.StandardKey.Find).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.search.setPlaceholderText(self.tr("Search ({key})").format(key=find))
        self.search.setToolTip(self.tr("Filter the current view by code, name or owner"))
        self.search.setAccessibleName(self.tr("Search"))
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self._workspace_actions.append(self.addWidget(self.search))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.search_changed.emit(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.addSeparator()
        self.undo_action = undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.undo_action.setIcon(icons.icon("undo-2"))
        self.redo_action = undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        self.redo_action.setIcon(icons.icon("redo-2"))
        for action, name in ((self.undo_action, self.tr("Undo")), (self.redo_action, self.tr("Redo"))):
            self.addAction(action)
            self._label_button(action, name)

    def add_toggle(self, action: QAction, name: str) -> None:
        """Add an icon-only toggle (e.g. the quality panel) with an accessible name."""
        self.addAction(action)
        self._label_button(action, name)

    def add_checks_toggle(self, action: QAction) -> ChecksButton:
        """Add the quality dock's "Checks" toggle, which shows the number of suggestions."""
        self.checks_button = ChecksButton(action)
        self.addWidget(self.checks_button)
        return self.checks_button

    def set_workspace_controls_visible(self, visible: bool) -> None:
        """Show the period selector and the search box only while a workspace is open."""
        for action in self._workspace_actions:
            action.setVisible(visible)

    def flush_search(self) -> None:
        """Send the pending search text now (Enter pressed, or a test)."""
        if self._search_timer.isActive():
            self._search_timer.stop()
            self.search_changed.emit(self.search.text())

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected (Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_brand_width(self, width: int) -> None:
        """Line the view title up with the views, past the switcher's width."""
        # brand + the bar's spacing end where the switcher ends (+ the views' margin)
        self.brand.setFixedWidth(max(self.brand.sizeHint().width(), width + 6))

    def refresh_icons(self) -> None:
        """Redraw the icons in the current theme's colours."""
        self.undo_action.setIcon(icons.icon("undo-2"))
        self.redo_action.setIcon(icons.icon("redo-2"))

    def _label_button(self, action: QAction, name: str) -> None:
        button = self.widgetForAction(action)
        if isinstance(button, QToolButton):
            button.setAccessibleName(name)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
