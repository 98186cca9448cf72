"""Painting of the Outline's cells: comfortable rows, status pills, sparklines, formula
and warning marks.

Every visible cell is painted on every frame (about 270 on a full-height window), so
the delegate paints straight from the Outline model's cached cell looks
(``OutlineModel.looks``: text, font and colour per column, built once per row) with a
handful of painter calls, instead of the style's item painting, which asks the model
for ten roles per cell and runs the style sheet's rules: a frame after an edit cost
about 35 ms that way on the stress demo, most of an edit's budget.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from okrdesk import palette
from okrdesk.domain.entities import FormulaKind, Status
from okrdesk.ui import icons, theme
from okrdesk.ui.kpi_tree.outline_model import STATUS_ROLE, Column, OutlineModel
from okrdesk.ui.widgets.sparkline import paint_sparkline
from okrdesk.ui.widgets.status_badge import badge_width, paint_status_badge

Index = QModelIndex | QPersistentModelIndex

ROW_PADDING = 18  # vertical space added to the text height: generous, readable rows
#: Text inset from the cell's left and right edges (the cell padding plus the text margin).
TEXT_INSET = 11
_MARK_SIZE = 14
_SPARK_INSET_X, _SPARK_INSET_Y = 8, 7
_SELECTED = QStyle.StateFlag.State_Selected
_HOVER = QStyle.StateFlag.State_MouseOver
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine)
_ALIGN = [_RIGHT if column in (Column.VALUE, Column.CHANGE, Column.TARGET) else _LEFT for column in Column]
_ELIDE = Qt.TextElideMode.ElideRight
#: Sparklines kept as pictures (the rows seen last), and text widths measured.
_SPARKLINES_KEPT = 600
_WIDTHS_KEPT = 20_000

#: (node id, column) -> (background tint or None, text replacing the cell's or None): what-if
#: mode marks the rows it changed (whatif_mode.py).
Overlay = Callable[[int, int], tuple[QColor | None, str | None] | None]


class OutlineDelegate(QStyledItemDelegate):
    """Text cells with generous row height; the Status, Trend, Kind and Value columns get extras.

    * Status: a pill with colour, symbol and word (never colour alone).
    * Trend: the last twelve buckets as a sparkline.
    * Kind: a small "ƒ" after the word on formula nodes.
    * Value: a warning triangle at the left edge on formula errors and mismatches.

    Rows are separated by a hairline; the selected row is tinted, the hovered one shaded.
    ``attach`` gives it the model and the function mapping a view index to a node id.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model: OutlineModel | None = None
        self._node_of: Callable[[Index], int | None] | None = None
        self.overlay: Overlay | None = None
        self._metrics: dict[int, QFontMetrics] = {}  # by id() of the model's few fonts
        self._widths: dict[tuple[str, int], int] = {}
        self._pills: dict[tuple, QPixmap] = {}
        self._sparklines: OrderedDict[int, tuple[tuple, tuple, QPixmap]] = OrderedDict()
        self._formula_colour = QColor(palette.ACCENT)
        self._warning_colour = palette.STATUS_COLOURS[Status.AMBER]
        self._series_colour = QColor(palette.SERIES_COLOURS[0])
        self._colours(theme.current())
        theme.notifier().changed.connect(self._colours)

    def attach(self, model: OutlineModel, node_of: Callable[[Index], int | None]) -> None:
        """Paint the rows of ``model``; ``node_of`` maps a view index to its node id."""
        self._model, self._node_of = model, node_of

    def _colours(self, colours: theme.ThemeColours) -> None:
        self._pills.clear()
        self._ink = QColor(colours.ink)
        self._selected = QColor(colours.accent_tint)
        self._hover = QColor(colours.hover)
        self._line = QColor(colours.hover)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget | None:  # noqa: N802
        """An inline editor only where the model allows editing (Qt's flags allow it in
        every cell but the first: outline_model.py)."""
        if self._model is not None and not self._model.column_editable(index.column()):
            return None
        return super().createEditor(parent, option, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        """The style's size with extra vertical padding; the status column fits its pill."""
        size = super().sizeHint(option, index)
        height = option.fontMetrics.height() + ROW_PADDING
        if index.column() == Column.STATUS:
            size.setWidth(int(badge_width(option.font, index.data(STATUS_ROLE))) + 16)
        return QSize(size.width() + 8, max(size.height(), height))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Background, hairline, then the cell's text, pill, sparkline or mark."""
        model, node_of = self._model, self._node_of
        nid = node_of(index) if node_of is not None else None
        looks = model.looks(nid) if model is not None and nid is not None else None
        if looks is None:
            super().paint(painter, option, index)
            return
        column = index.column()
        rect: QRect = option.rect
        state = option.state
        selected = bool(state & _SELECTED)
        if selected:
            painter.fillRect(rect, self._selected)
        elif state & _HOVER:
            painter.fillRect(rect, self._hover)
        overlay = self.overlay(nid, column) if self.overlay is not None else None
        if overlay is not None and overlay[0] is not None:
            painter.fillRect(rect, overlay[0])
        painter.fillRect(rect.x(), rect.bottom(), rect.width(), 1, self._line)
        if column == Column.STATUS:
            self._paint_status(painter, option, model.row_by_id(nid).status)
            return
        if column == Column.TREND:
            self._paint_trend(painter, rect, nid, model.row_by_id(nid).sparkline)
            return
        text, font, colour = looks[column]
        if overlay is not None and overlay[1] is not None:
            text = overlay[1]
        box = rect.adjusted(TEXT_INSET, 0, -TEXT_INSET, -1)
        if text:
            if self._width(text, font) > box.width():
                text = self._font_metrics(font).elidedText(text, _ELIDE, box.width())
            painter.setFont(font)
            painter.setPen(self._ink if selected or colour is None else colour)
            painter.drawText(box, _ALIGN[column], text)
        if column == Column.KIND and model.row_by_id(nid).node.formula != FormulaKind.NONE:
            self._paint_formula_mark(painter, option, text, font)
        elif column == Column.VALUE and model.has_problem(nid):
            self._paint_warning(painter, rect)

    def _font_metrics(self, font: QFont) -> QFontMetrics:
        metrics = self._metrics.get(id(font))
        if metrics is None:
            metrics = self._metrics[id(font)] = QFontMetrics(font)
        return metrics

    def _width(self, text: str, font: QFont) -> int:
        """The advance of ``text`` in ``font`` (one of the model's fonts), measured once."""
        key = (text, id(font))
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) > _WIDTHS_KEPT:
                self._widths.clear()
            width = self._widths[key] = self._font_metrics(font).horizontalAdvance(text)
        return width

    def _paint_status(self, painter: QPainter, option: QStyleOptionViewItem, status: Status | None) -> None:
        """The status pill, drawn once per status and cell size, then copied."""
        rect = option.rect
        pill_height = min(rect.height() - 8, option.fontMetrics.height() + 8)
        ratio = painter.device().devicePixelRatioF()
        key = (status, rect.width(), pill_height, ratio, option.font.key())
        pixmap = self._pills.get(key)
        if pixmap is None:
            pixmap = self._pills[key] = self._picture(rect.width() - 10, pill_height, ratio)
            font = QFont(option.font)
            if font.pointSizeF() > 0:
                font.setPointSizeF(max(7.0, font.pointSizeF() * 0.92))
            picture = QPainter(pixmap)
            paint_status_badge(picture, QRectF(0, 0, rect.width() - 10, pill_height), status, font=font)
            picture.end()
        painter.drawPixmap(QPointF(rect.left() + 6, rect.top() + (rect.height() - pill_height) / 2), pixmap)

    def _paint_trend(self, painter: QPainter, rect: QRect, nid: int, values: tuple) -> None:
        """The row's sparkline, drawn once per row and cell size, then copied."""
        box = QRectF(rect).adjusted(_SPARK_INSET_X, _SPARK_INSET_Y, -_SPARK_INSET_X, -_SPARK_INSET_Y)
        if not values or box.width() <= 4 or box.height() <= 4:
            return
        ratio = painter.device().devicePixelRatioF()
        size = (rect.width(), rect.height(), ratio)
        kept = self._sparklines.get(nid)
        if kept is not None and kept[0] is values and kept[1] == size:
            self._sparklines.move_to_end(nid)
            pixmap = kept[2]
        else:
            margin = 3  # room for the line's width and the last point's dot
            pixmap = self._picture(box.width() + 2 * margin, box.height() + 2 * margin, ratio)
            picture = QPainter(pixmap)
            paint_sparkline(picture, QRectF(margin, margin, box.width(), box.height()), values, self._series_colour)
            picture.end()
            self._sparklines[nid] = (values, size, pixmap)
            if len(self._sparklines) > _SPARKLINES_KEPT:
                self._sparklines.popitem(last=False)
        painter.drawPixmap(QPointF(box.left() - 3, box.top() - 3), pixmap)

    @staticmethod
    def _picture(width: float, height: float, ratio: float) -> QPixmap:
        """A transparent pixmap of ``width`` × ``height`` logical pixels at ``ratio``."""
        pixmap = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        return pixmap

    def _paint_formula_mark(self, painter: QPainter, option: QStyleOptionViewItem, text: str, font: QFont) -> None:
        metrics = self._font_metrics(font)
        x = option.rect.left() + 10 + metrics.horizontalAdvance(text) + 6
        rect = QRectF(x, option.rect.top(), metrics.horizontalAdvance("ƒ") + 8, option.rect.height())
        if rect.right() > option.rect.right():
            return
        painter.save()
        mark = QFont(font)
        mark.setItalic(True)
        mark.setWeight(QFont.Weight.DemiBold)
        painter.setFont(mark)
        painter.setPen(self._formula_colour)
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, "ƒ")
        painter.restore()

    def _paint_warning(self, painter: QPainter, rect: QRect) -> None:
        pix = icons.pixmap("triangle-alert", _MARK_SIZE, self._warning_colour)
        y = rect.top() + (rect.height() - _MARK_SIZE) // 2
        painter.drawPixmap(rect.left() + 8, y, pix)
