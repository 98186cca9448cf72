"""Painting of the Outline's cells: comfortable rows, status pills, formula and warning marks."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from okrdesk import palette
from okrdesk.domain.entities import Status
from okrdesk.ui import icons
from okrdesk.ui.kpi_tree.outline_model import FORMULA_ROLE, PROBLEM_ROLE, STATUS_ROLE, Column
from okrdesk.ui.widgets.status_badge import badge_width, paint_status_badge

Index = QModelIndex | QPersistentModelIndex

ROW_PADDING = 18  # vertical space added to the text height: generous, readable rows
_MARK_SIZE = 14


class OutlineDelegate(QStyledItemDelegate):
    """Text cells with generous row height; the Status, Kind and Value columns get extras.

    * Status: a pill with colour, symbol and word (never colour alone).
    * Kind: a small "ƒ" after the word on formula nodes.
    * Value: a warning triangle at the left edge on formula errors and mismatches.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._formula_colour = QColor(palette.ACCENT)
        self._warning_colour = palette.STATUS_COLOURS[Status.AMBER]

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        """The style's size with extra vertical padding; the status column fits its pill."""
        size = super().sizeHint(option, index)
        height = option.fontMetrics.height() + ROW_PADDING
        if index.column() == Column.STATUS:
            size.setWidth(int(badge_width(option.font, index.data(STATUS_ROLE))) + 16)
        return QSize(size.width() + 8, max(size.height(), height))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Paint the cell, with the column's extra mark."""
        column = index.column()
        if column == Column.STATUS:
            self._paint_status(painter, option, index)
            return
        super().paint(painter, option, index)
        if column == Column.KIND and index.data(FORMULA_ROLE):
            self._paint_formula_mark(painter, option, index)
        elif column == Column.VALUE and index.data(PROBLEM_ROLE):
            self._paint_warning(painter, option)

    def _paint_status(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = QRectF(option.rect)
        pill_height = min(rect.height() - 8, option.fontMetrics.height() + 8)
        pill = QRectF(rect.left() + 6, rect.center().y() - pill_height / 2, rect.width() - 10, pill_height)
        font = QFont(option.font)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.92)) if font.pointSizeF() > 0 else None
        paint_status_badge(painter, pill, index.data(STATUS_ROLE), font=font)

    def _paint_formula_mark(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        metrics = option.fontMetrics
        x = option.rect.left() + 10 + metrics.horizontalAdvance(text) + 6
        rect = QRectF(x, option.rect.top(), metrics.horizontalAdvance("ƒ") + 8, option.rect.height())
        if rect.right() > option.rect.right():
            return
        painter.save()
        font = QFont(option.font)
        font.setItalic(True)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(self._formula_colour)
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, "ƒ")
        painter.restore()

    def _paint_warning(self, painter: QPainter, option: QStyleOptionViewItem) -> None:
        pix = icons.pixmap("triangle-alert", _MARK_SIZE, self._warning_colour)
        y = option.rect.top() + (option.rect.height() - _MARK_SIZE) // 2
        painter.drawPixmap(option.rect.left() + 8, y, pix)
