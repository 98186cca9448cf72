"""Painting of the Outline's Value and Change cells in what-if mode."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem, QWidget

from okrdesk.domain.entities import Status
from okrdesk.ui import theme
from okrdesk.ui.kpi_tree.delegates import OutlineDelegate
from okrdesk.ui.kpi_tree.outline_model import NODE_ID_ROLE, Column


class WhatIfDelegate(OutlineDelegate):
    """Value and Change cells of what-if rows: tinted, and the change read as "Δ" against actual."""

    def __init__(self, mode, parent: QWidget | None = None) -> None:  # mode: a WhatIfMode
        super().__init__(parent)
        self.mode = mode

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        """Tint the cell (amber for a what-if value, accent for a recomputed one) and write
        the change as "Δ +4.2%" against actual."""
        nid = index.data(NODE_ID_ROLE) if index.isValid() else None  # a proxy index: ask for the id
        shown = self.mode.shown
        if nid is None or shown is None or nid not in shown.affected:
            super().paint(painter, option, index)
            return
        c = theme.current()
        tint = c.status_tints[Status.AMBER] if nid in shown.overridden else c.accent_tint
        painter.fillRect(option.rect, QColor(tint))
        if index.column() != Column.CHANGE:
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setFont(index.data(Qt.ItemDataRole.FontRole) or option.font)
        colour = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(colour if isinstance(colour, QColor) else QColor(c.ink))
        painter.drawText(option.rect.adjusted(8, 0, -8, 0),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), self.mode.delta_text(nid))
        painter.restore()
