"""The white, rounded panel every dashboard block sits in, and the fonts they share."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from okrdesk.ui import theme
from okrdesk.ui.widgets.elided_label import ElidedLabel


def derived_font(base: QFont, delta: float, weight: QFont.Weight = QFont.Weight.Normal, *, tabular: bool = False) -> QFont:
    """``base`` grown by ``delta`` points, with ``weight`` and optionally tabular digits."""
    font = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(max(6.0, size + delta))
    font.setWeight(weight)
    if tabular:
        font.setFeature(QFont.Tag("tnum"), 1)
    return font


@dataclass
class DashFonts:
    """The font roles of the dashboards, derived from a widget's font."""

    body: QFont
    small: QFont
    strong: QFont
    number: QFont
    number_strong: QFont
    big: QFont
    huge: QFont
    heading: QFont

    @classmethod
    def of(cls, widget: QWidget) -> DashFonts:
        """Fonts scaled from ``widget.font()`` (so presentation mode scales them too)."""
        base = widget.font()
        return cls(
            body=derived_font(base, 0),
            small=derived_font(base, -1),
            strong=derived_font(base, 0, QFont.Weight.DemiBold),
            number=derived_font(base, 0, tabular=True),
            number_strong=derived_font(base, 0, QFont.Weight.DemiBold, tabular=True),
            big=derived_font(base, 9, QFont.Weight.DemiBold, tabular=True),
            huge=derived_font(base, 17, QFont.Weight.DemiBold, tabular=True),
            heading=derived_font(base, 2, QFont.Weight.DemiBold),
        )


def colour(name: str) -> QColor:
    """A named colour of the current theme."""
    return theme.qcolor(name)


class Panel(QWidget):
    """A titled surface with a thin border; ``body`` is the content widget."""

    def __init__(self, title: str, body: QWidget, caption: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = body
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        fonts = DashFonts.of(self)
        self.title_label = QLabel(title, self)
        self.title_label.setFont(fonts.heading)
        self.caption_label = ElidedLabel(caption, self)
        self.caption_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.caption_label.setFont(fonts.small)
        self.caption_label.setObjectName("Muted")
        self.caption_label.setVisible(bool(caption))
        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(self.title_label)
        head.addStretch(1)
        head.addWidget(self.caption_label, 100)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(head)
        layout.addWidget(body, 1)
        self._refresh_label_colours()

    def set_caption(self, text: str) -> None:
        """The grey text at the right of the title."""
        self.caption_label.setText(text)
        self.caption_label.setVisible(bool(text))

    def _refresh_label_colours(self) -> None:
        self.title_label.setStyleSheet(f"color: {theme.current().ink};")
        self.caption_label.setStyleSheet(f"color: {theme.current().muted_ink};")

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Surface, border and a faint shadow."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(16, 24, 40, 12))
        painter.drawRoundedRect(rect.translated(0, 1.5), 10, 10)
        painter.setBrush(colour("surface"))
        painter.setPen(QPen(colour("border"), 1))
        painter.drawRoundedRect(rect, 10, 10)
        painter.end()
