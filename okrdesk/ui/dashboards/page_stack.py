"""Pages of which only the one shown takes room.

A ``QStackedWidget`` is as tall as its tallest page, so a 100-tile branch would
leave metres of blank space under the company overview (and in its PDF). Here
only the current page is in the layout; the others are hidden and out of it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget


class PageStack(QWidget):
    """``addWidget`` pages, show one with ``setCurrentIndex`` (the API of QStackedWidget)."""

    currentChanged = Signal(int)  # noqa: N815 (Qt naming)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: list[QWidget] = []
        self._current = -1
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def addWidget(self, page: QWidget) -> int:  # noqa: N802 (Qt naming)
        """Append ``page``; the first page becomes current."""
        page.setParent(self)
        page.hide()
        self._pages.append(page)
        if self._current < 0:
            self.setCurrentIndex(0)
        return len(self._pages) - 1

    def count(self) -> int:
        """Number of pages."""
        return len(self._pages)

    def widget(self, index: int) -> QWidget:
        """Page ``index``."""
        return self._pages[index]

    def currentIndex(self) -> int:  # noqa: N802 (Qt naming)
        """Index of the page shown."""
        return self._current

    def currentWidget(self) -> QWidget | None:  # noqa: N802 (Qt naming)
        """The page shown."""
        return self._pages[self._current] if self._current >= 0 else None

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802 (Qt naming)
        """Show page ``index`` alone."""
        if index == self._current:
            return
        if not 0 <= index < len(self._pages):
            raise IndexError(f"no dashboard page {index} (there are {len(self._pages)})")
        old = self.currentWidget()
        if old is not None:
            self._layout.removeWidget(old)
            old.hide()
        self._current = index
        page = self._pages[index]
        self._layout.addWidget(page)
        page.show()
        self.currentChanged.emit(index)
