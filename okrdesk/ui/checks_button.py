"""The header's "Checks" toggle: shows and hides the quality dock and says how many
suggestions it holds, so a hidden dock is never forgotten."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAction, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolButton, QWidget

from okrdesk.ui import theme

_PILL_PAD = 6.0
_PILL_HEIGHT = 18.0


class ChecksButton(QToolButton):
    """An icon + "Checks" toggle with a count pill painted after the text.

    It mirrors ``action`` (the dock's toggle action) without taking over its text,
    so the dock's own title ("Quality checks (7)") stays what the menus show.
    """

    def __init__(self, action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChecksButton")
        self._action = action
        self._count: int | None = None
        self.setCheckable(True)
        self.setChecked(action.isChecked())
        self.setIcon(action.icon())
        self.setText(self.tr("Checks"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clicked.connect(self._clicked)
        action.toggled.connect(self.setChecked)
        action.changed.connect(lambda: self.setIcon(self._action.icon()))
        self._describe()

    def count(self) -> int | None:
        """The number shown in the pill (None: not checked yet, no pill)."""
        return self._count

    def set_count(self, count: int | None) -> None:
        """Show ``count`` suggestions (None: nothing checked yet)."""
        self._count = count
        self._describe()
        # A toolbar keeps the width it first gave its widgets; an explicit minimum makes it
        # make room for the wider pill (otherwise the label is cut: "Check7").
        self.setMinimumWidth(self.sizeHint().width())
        self.updateGeometry()
        self.update()

    def pill_text(self) -> str:
        """The text in the pill ("" when there is none)."""
        if self._count is None:
            return ""
        return "99+" if self._count > 99 else str(self._count)

    def _clicked(self, checked: bool) -> None:
        if self._action.isChecked() != checked:
            self._action.trigger()
        self.setChecked(self._action.isChecked())

    def _describe(self) -> None:
        if self._count is None:
            summary = self.tr("Quality checks")
        elif self._count == 0:
            summary = self.tr("Quality checks: all clear")
        elif self._count == 1:
            summary = self.tr("Quality checks: 1 suggestion")
        else:
            summary = self.tr("Quality checks: {n} suggestions").format(n=self._count)
        self.setAccessibleName(summary)
        self.setToolTip(self.tr("{summary} — show or hide the panel").format(summary=summary))

    def _pill_font(self) -> QFont:
        font = QFont(self.font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(max(7.0, size - 1.5))
        font.setWeight(QFont.Weight.DemiBold)
        return font

    def _pill_width(self) -> float:
        text = self.pill_text()
        if not text:
            return 0.0
        return max(_PILL_HEIGHT, QFontMetricsF(self._pill_font()).horizontalAdvance(text) + 2 * _PILL_PAD)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Room for icon, text and the pill."""
        hint = super().sizeHint()
        pill = self._pill_width()
        return QSize(hint.width() + int(pill + 2) if pill else hint.width(), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Never narrower than what ``sizeHint`` asks for."""
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """The button as usual, then the count pill at its right end."""
        super().paintEvent(event)
        pill_w = self._pill_width()
        if not pill_w:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = QRectF(self.width() - pill_w - 6, (self.height() - _PILL_HEIGHT) / 2, pill_w, _PILL_HEIGHT)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.qcolor("accent") if self._count else theme.qcolor("hover"))
        painter.drawRoundedRect(rect, _PILL_HEIGHT / 2, _PILL_HEIGHT / 2)
        painter.setFont(self._pill_font())
        painter.setPen(theme.qcolor("accent_text") if self._count else theme.qcolor("muted_ink"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.pill_text())
        painter.end()
