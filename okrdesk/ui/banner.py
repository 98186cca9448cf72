"""A quiet, non-modal banner across the top of the window (e.g. network-drive warnings)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from okrdesk.ui import icons


class Banner(QFrame):
    """Shows one or more messages with an icon and a dismiss button; hidden when empty."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.icon_label = QLabel()
        self.icon_label.setPixmap(icons.pixmap("triangle-alert", 18))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setIcon(icons.icon("x"))
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss message"))
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 10, 12, 10)
        layout.setSpacing(12)
        layout.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        """Show ``messages`` (one per line); hide the banner when there are none."""
        self.text.setText("\n".join(messages))
        self.setVisible(bool(messages))

    def messages(self) -> list[str]:
        """The messages on display (empty when hidden)."""
        return self.text.text().splitlines() if self.isVisibleTo(self.parentWidget()) else []

    def dismiss(self) -> None:
        """Hide the banner until new messages arrive."""
        self.hide()
        self.dismissed.emit()
