"""What the window shows with no workspace open: how to start, and recent workspaces."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from okrdesk.ui.empty_state import EmptyState
from okrdesk.ui.recent_files import RecentFiles


class StartPage(QWidget):
    """Buttons for New, Open and the demo; one link per recent workspace."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, recent: RecentFiles, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recent = recent
        self.empty = EmptyState(
            "target",
            self.tr("No workspace open"),
            self.tr(
                "A workspace is one file holding your KPI tree, OKRs and their history. "
                "Create a new one, open an existing file, or explore the demo."
            ),
            icon_size=48,
        )
        self.empty.add_button(self.tr("New Workspace…"), self.new_requested.emit, primary=True)
        self.empty.add_button(self.tr("Open…"), self.open_requested.emit)
        self.empty.add_button(self.tr("Open the Demo"), self.demo_requested.emit)
        self.recent_box = QVBoxLayout()
        self.recent_box.setSpacing(2)
        self.recent_box.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty, 1)
        layout.addLayout(self.recent_box)
        layout.addSpacing(40)
        recent.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """List the recent workspaces as links."""
        while self.recent_box.count():
            item = self.recent_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for entry in self.recent.entries()[:5]:
            label = entry if "://" in entry else Path(entry).name
            button = QPushButton(label)
            button.setProperty("flat", True)
            button.setToolTip(entry)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, e=entry: self.recent_requested.emit(e))
            self.recent_box.addWidget(button)
