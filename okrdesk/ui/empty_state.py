"""Empty states that say what to do next: an icon, a title, a sentence, optional buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from okrdesk.ui import icons
from okrdesk.ui.fonts import title_font


class EmptyState(QWidget):
    """A centred block: icon, title, explanation and up to a few action buttons."""

    def __init__(
        self,
        icon_name: str,
        title: str,
        text: str,
        parent: QWidget | None = None,
        *,
        icon_size: int = 40,
        text_width: int = 420,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("EmptyState")
        from okrdesk.ui import theme

        self.icon = QLabel()
        self.icon.setPixmap(icons.pixmap(icon_name, icon_size, theme.current().faint_ink))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(title)
        self.title.setObjectName("EmptyTitle")
        self.title.setFont(title_font(2))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.text = QLabel(text)
        self.text.setObjectName("EmptyText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.text.setFixedWidth(text_width)
        # Layouts give a wrapped label its one-line height; reserve the wrapped height.
        self.text.setMinimumHeight(self.text.heightForWidth(text_width))
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(10)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addLayout(self.buttons)
        button_row.addStretch(1)

        column = QVBoxLayout()
        column.setSpacing(10)
        column.addWidget(self.icon)
        column.addSpacing(4)
        column.addWidget(self.title)
        column.addWidget(self.text, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(8)
        column.addLayout(button_row)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(1)
        outer.addLayout(column)
        outer.addStretch(2)

    def add_button(self, text: str, slot: Callable[[], object], *, primary: bool = False) -> QPushButton:
        """Add a button under the text; the first primary one is drawn in the accent colour."""
        button = QPushButton(text)
        button.setProperty("primary", primary)
        button.clicked.connect(lambda _=False: slot())
        self.buttons.addWidget(button)
        return button
