"""A one-line label that shortens its text with "…" instead of forcing its parent wider.

When the text is cut, the whole text is the tooltip, so nothing is lost.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyle, QStyleOption, QWidget


class ElidedLabel(QLabel):
    """A QLabel for plain one-line text that elides at the right when narrow."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, min_chars: int = 6) -> None:
        super().__init__(text, parent)
        self._min_chars = min_chars
        self._own_tooltip = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._sync_tooltip()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        """Show ``text`` (elided when it does not fit)."""
        super().setText(text)
        self._sync_tooltip()

    def set_help(self, tooltip: str) -> None:
        """A tooltip of its own, shown whether or not the text is cut."""
        self._own_tooltip = tooltip
        self._sync_tooltip()

    def is_elided(self) -> bool:
        """Whether the text is shortened at the current width."""
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def displayed_text(self) -> str:
        """The text as painted at the current width."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """A few characters wide: the label gives way before anything else."""
        hint = super().minimumSizeHint()
        fm = self.fontMetrics()
        wanted = min(fm.horizontalAdvance(self.text()), fm.averageCharWidth() * self._min_chars)
        margins = self.contentsMargins()
        return QSize(wanted + margins.left() + margins.right(), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        """Refresh the tooltip: it is needed only while the text is cut."""
        super().resizeEvent(event)
        self._sync_tooltip()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Style sheet background, then the elided text."""
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        rect = self.contentsRect()
        self.style().drawItemText(
            painter, rect, int(self.alignment()), self.palette(), self.isEnabled(),
            self.displayed_text(), self.foregroundRole(),
        )  # fmt: skip
        painter.end()

    def _sync_tooltip(self) -> None:
        if self._own_tooltip:
            self.setToolTip(self._own_tooltip)
        else:
            self.setToolTip(self.text() if self.is_elided() else "")
