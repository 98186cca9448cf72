"""The scrolling surface of the OKR board: team columns of painted cards.

One ``QAbstractScrollArea`` paints everything: column lanes (teams, paces or
periods: ``grouping.Lane``), sticky column headers and only the cards that
intersect the viewport. Card texts are measured
once per card (``measure_card``) and each card is painted once into a pixmap
kept in a small LRU cache, so scrolling mostly blits pixmaps. Clicking a card's chevron collapses or expands it.
"""

from __future__ import annotations

import bisect
import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from okrdesk.domain.entities import Status
from okrdesk.domain.scoring import score_band
from okrdesk.store.readmodels.okrs import ObjectiveCard
from okrdesk.ui import theme
from okrdesk.ui.okr_board.card import CardLayout, CardStyle, measure_card, paint_card
from okrdesk.ui.okr_board.formatting import format_kr_value, format_score
from okrdesk.ui.okr_board.grouping import Lane
from okrdesk.ui.okr_board.lane_painting import LANE_PADDING, paint_add_slot, paint_empty_lane, paint_lane_header
from okrdesk.ui.widgets.status_badge import badge_text

MARGIN = 20.0
COLUMN_GAP = 16.0
HEADER_HEIGHT = 68.0
CARD_GAP = 12.0
#: Memory for painted cards kept between repaints (bytes); ~100 cards at 100 % scale.
PIXMAP_BUDGET = 64 * 1024 * 1024
WARM_BATCH = 4  # cards painted ahead per idle tick
ADD_SLOT_HEIGHT = 40.0  # the "+ Objective" slot under a column's cards (editable boards)


@dataclass
class Column:
    """One lane's column: its cards (measured) and their vertical positions."""

    lane: Lane
    layouts: list[CardLayout]
    average: float | None
    band: Status | None
    tops: list[float]  # card tops in content coordinates
    bottom: float = 0.0


def column_average(cards: list[ObjectiveCard]) -> float | None:
    """Mean score of the cards that have one."""
    scores = [c.score for c in cards if c.score is not None]
    return sum(scores) / len(scores) if scores else None


class BoardCanvas(QAbstractScrollArea):
    """Columns of objective cards, scrolling both ways, painted on demand."""

    #: (objective id, collapsed) after a chevron click.
    collapsed_changed = Signal(int, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self.setAccessibleName("OKR board")
        self.editable = False  # set by the view: "+ Objective" slots, "+ Key result" links
        #: Whether an objective is read-only (closed): no "+ Key result", no drag, no rename.
        self.is_locked: Callable[[int], bool] = lambda _objective_id: False
        self._style = CardStyle.from_font(self.font())
        self._columns: list[Column] = []
        self._collapsed: set[int] = set()
        self._where: dict[int, tuple[int, int]] = {}  # objective id -> (column, index)
        self._hover_chevron: int | None = None
        self._content_width = 0.0
        self._content_height = 0.0
        self._pixmaps: OrderedDict[tuple[int, bool], QPixmap] = OrderedDict()
        self._pixmap_bytes = 0
        self._warm_queue: list[CardLayout] = []
        self._warm_timer = QTimer(self)
        self._warm_timer.setInterval(0)
        self._warm_timer.timeout.connect(self._warm_some)

    # Data ---------------------------------------------------------------------------------

    def set_columns(self, groups: list[tuple[Lane, list[ObjectiveCard]]]) -> None:
        """Show ``groups`` (lane, cards) as columns, measuring every card once; read-only
        (locked) cards are measured without their "+ Key result" link."""
        self._style = CardStyle.from_font(self.font(), editable=self.editable)
        locked_style = replace(self._style, editable=False)
        self._drop_pixmaps()
        self._columns = []
        self._where = {}
        for c, (lane, cards) in enumerate(groups):
            layouts = [measure_card(card, locked_style if self.is_locked(card.objective.id) else self._style)
                       for card in cards]
            average = column_average(cards)
            self._columns.append(Column(lane, layouts, average, score_band(average), []))
            for i, card in enumerate(cards):
                self._where[card.objective.id] = (c, i)
        self._relayout()
        # Paint the cards into the cache while the user is idle, nearest columns first.
        self._warm_queue = [lay for col in self._columns for lay in col.layouts]
        self._warm_timer.start()

    def columns(self) -> list[tuple[Lane, list[ObjectiveCard]]]:
        """The lanes and cards shown, in column order."""
        return [(col.lane, [lay.card for lay in col.layouts]) for col in self._columns]

    def card_count(self) -> int:
        """Number of cards on the board."""
        return sum(len(col.layouts) for col in self._columns)

    def layout_of(self, objective_id: int) -> CardLayout:
        """The measured layout of one card (KeyError when it is not shown)."""
        c, i = self._where[objective_id]
        return self._columns[c].layouts[i]

    # Collapse -----------------------------------------------------------------------------

    def is_collapsed(self, objective_id: int) -> bool:
        """Whether the card shows its header only."""
        return objective_id in self._collapsed

    def set_collapsed(self, objective_id: int, collapsed: bool) -> None:
        """Collapse (header only) or expand one card."""
        if collapsed == (objective_id in self._collapsed):
            return
        if collapsed:
            self._collapsed.add(objective_id)
        else:
            self._collapsed.discard(objective_id)
        self._relayout()
        self.collapsed_changed.emit(objective_id, collapsed)

    def set_all_collapsed(self, collapsed: bool) -> None:
        """Collapse or expand every card on the board."""
        ids = set(self._where)
        self._collapsed = (self._collapsed | ids) if collapsed else (self._collapsed - ids)
        self._relayout()

    # Geometry -----------------------------------------------------------------------------

    def _column_x(self, c: int) -> float:
        return MARGIN + c * (self._style.width + 2 * LANE_PADDING + COLUMN_GAP) + LANE_PADDING

    def _relayout(self) -> None:
        top0 = MARGIN + HEADER_HEIGHT + 4
        bottom = top0
        for col in self._columns:
            y = top0
            col.tops = []
            for lay in col.layouts:
                col.tops.append(y)
                y += lay.height(lay.card.objective.id in self._collapsed) + CARD_GAP
            if self.has_add_slot(col):
                y += ADD_SLOT_HEIGHT + CARD_GAP
            col.bottom = y
            bottom = max(bottom, y)
        lane = self._style.width + 2 * LANE_PADDING
        self._content_width = 2 * MARGIN + len(self._columns) * (lane + COLUMN_GAP) - COLUMN_GAP
        self._content_height = bottom + MARGIN
        self._update_scrollbars()
        self.viewport().update()

    def _update_scrollbars(self) -> None:
        view = self.viewport().size()
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setRange(0, max(0, int(self._content_width - view.width())))
        h.setPageStep(view.width())
        h.setSingleStep(40)
        v.setRange(0, max(0, int(self._content_height - view.height())))
        v.setPageStep(view.height())
        v.setSingleStep(40)

    def _offset(self) -> QPointF:
        return QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def has_add_slot(self, column: Column | int) -> bool:
        """Whether a column ends with a "+ Objective" slot: on editable boards, in lanes
        that take new objectives (not pace lanes, not closed periods)."""
        col = self._columns[column] if isinstance(column, int) else column
        return self.editable and not col.lane.refusal

    def add_slot_rect(self, column: int) -> QRectF:
        """The "+ Objective" slot of a column in viewport coordinates (editable boards)."""
        col = self._columns[column]
        top = col.bottom - ADD_SLOT_HEIGHT - CARD_GAP
        return QRectF(self._column_x(column), top, self._style.width, ADD_SLOT_HEIGHT).translated(-self._offset())

    def column_at(self, pos: QPoint | QPointF) -> int | None:
        """Index of the column (lane) under a viewport position, None between lanes."""
        x = QPointF(pos).x() + self._offset().x()
        lane = self._style.width + 2 * LANE_PADDING + COLUMN_GAP
        c = int((x - MARGIN) // lane)
        if not 0 <= c < len(self._columns):
            return None
        left = self._column_x(c) - LANE_PADDING
        return c if left <= x <= left + self._style.width + 2 * LANE_PADDING else None

    def column_lane(self, column: int) -> Lane:
        """The lane (team, pace or period) of a column."""
        return self._columns[column].lane

    def column_of(self, objective_id: int) -> int:
        """The column showing an objective's card (KeyError when it is not shown)."""
        return self._where[objective_id][0]

    def column_card_ids(self, column: int) -> list[int]:
        """Objective ids shown in a column, top to bottom."""
        return [lay.card.objective.id for lay in self._columns[column].layouts]

    def card_rect(self, objective_id: int) -> QRectF:
        """The card's rectangle in viewport coordinates (it may lie outside the viewport)."""
        c, i = self._where[objective_id]
        col = self._columns[c]
        lay = col.layouts[i]
        rect = QRectF(self._column_x(c), col.tops[i], self._style.width, lay.height(self.is_collapsed(objective_id)))
        return rect.translated(-self._offset())

    def chevron_rect(self, objective_id: int) -> QRectF:
        """The chevron of a card in viewport coordinates."""
        return self.layout_of(objective_id).chevron_rect().translated(self.card_rect(objective_id).topLeft())

    def ensure_visible(self, objective_id: int) -> None:
        """Scroll so that the card's header is below the sticky column headers."""
        rect = self.card_rect(objective_id).translated(self._offset())
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        view = self.viewport().size()
        if rect.left() < h.value() or rect.right() > h.value() + view.width():
            h.setValue(int(rect.left() - MARGIN - LANE_PADDING))
        header_bottom = MARGIN + HEADER_HEIGHT
        if rect.top() - header_bottom < v.value() or rect.top() + 80 > v.value() + view.height():
            v.setValue(int(rect.top() - header_bottom - CARD_GAP))

    def scroll_to_column(self, column: int) -> None:
        """Scroll sideways so that a column starts at the left edge (as far as possible)."""
        if 0 <= column < len(self._columns):
            self.horizontalScrollBar().setValue(int(self._column_x(column) - MARGIN - LANE_PADDING))

    def card_at(self, pos: QPoint | QPointF) -> int | None:
        """Objective id of the card under a viewport position (None over empty space/headers)."""
        if QPointF(pos).y() < MARGIN + HEADER_HEIGHT:
            return None
        p = QPointF(pos) + self._offset()
        lane = self._style.width + 2 * LANE_PADDING + COLUMN_GAP
        c = int((p.x() - MARGIN) // lane)
        if not 0 <= c < len(self._columns):
            return None
        x = self._column_x(c)
        if not x <= p.x() <= x + self._style.width:
            return None
        col = self._columns[c]
        i = bisect.bisect_right(col.tops, p.y()) - 1
        if i < 0:
            return None
        lay = col.layouts[i]
        oid = lay.card.objective.id
        if p.y() <= col.tops[i] + lay.height(oid in self._collapsed):
            return oid
        return None

    # Events -------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        """Keep the scroll ranges in step with the viewport."""
        super().resizeEvent(event)
        self._update_scrollbars()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 (Qt API)
        """Repaint after scrolling (the sticky headers move differently from the cards)."""
        self.viewport().update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        """Toggle a card when its chevron is clicked."""
        if event.button() == Qt.MouseButton.LeftButton:
            oid = self.card_at(event.position())
            if oid is not None and self.chevron_rect(oid).adjusted(-4, -4, 4, 4).contains(event.position()):
                self.set_collapsed(oid, not self.is_collapsed(oid))
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        """Highlight the chevron under the pointer."""
        oid = self.card_at(event.position())
        hover = oid if oid is not None and self.chevron_rect(oid).adjusted(-4, -4, 4, 4).contains(event.position()) else None
        if hover != self._hover_chevron:
            self._hover_chevron = hover
            shape = Qt.CursorShape.PointingHandCursor if hover is not None else Qt.CursorShape.ArrowCursor
            self.viewport().setCursor(shape)
            self.viewport().update()
        super().mouseMoveEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Tooltips: the full title, key-result details, or what the chevron does."""
        if event.type() == QEvent.Type.ToolTip:
            help_event: QHelpEvent = event  # type: ignore[assignment]
            text = self.tooltip_at(help_event.pos())
            if text:
                QToolTip.showText(help_event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, pos: QPoint | QPointF) -> str:
        """The tooltip for a viewport position ("" when there is nothing to explain)."""
        oid = self.card_at(pos)
        if oid is None:
            return ""
        lay = self.layout_of(oid)
        card = lay.card
        local = QPointF(pos) - self.card_rect(oid).topLeft()
        if lay.chevron_rect().adjusted(-4, -4, 4, 4).contains(local):
            return "Expand key results" if self.is_collapsed(oid) else "Collapse key results"
        if not self.is_collapsed(oid):
            for i, line in enumerate(lay.kr_lines):
                if lay.kr_rect(i).contains(local):
                    row = line.row
                    parts = [
                        row.kr.title,
                        f"{format_kr_value(row.current, row.kr.target, row.kr.unit, row.kr.kind, start=row.start)}"
                        f" · progress {format_score(row.progress)} · expected {format_score(row.expected)}",
                        f"Pace: {badge_text(row.pace)}"
                        + (f" (set by owner: {row.kr.override_reason})" if row.kr.pace_override else ""),
                    ]
                    if row.owner_name:
                        parts.append(f"Owner: {row.owner_name}")
                    if row.linked_code:
                        parts.append(f"Updates from KPI {row.linked_code}")
                    return "\n".join(parts)
        parts = [card.objective.title]
        if card.objective.description:
            parts.append(card.objective.description)
        parts.append(f"Score {format_score(card.score)} · {badge_text(card.pace)}")
        if card.parent_title:
            parts.append(f"Contributes to: {card.parent_title}")
        return "\n".join(parts)

    # Painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Paint lanes, visible cards, then the sticky headers over them."""
        colours = theme.current()
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(event.rect(), QColor(colours.canvas))
        off = self._offset()
        view_h = self.viewport().height()
        exposed = QRectF(event.rect()).translated(off)
        lane_colour = QColor(colours.hover)
        width = self._style.width
        for c, col in enumerate(self._columns):
            x = self._column_x(c)
            if x + width + LANE_PADDING < exposed.left() or x - LANE_PADDING > exposed.right():
                continue
            lane = QRectF(x - LANE_PADDING - off.x(), MARGIN, width + 2 * LANE_PADDING, view_h - MARGIN)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(lane_colour)
            painter.drawRoundedRect(lane.adjusted(0, 0, 0, 12), 12, 12)
            if not col.layouts and not self.has_add_slot(col):
                paint_empty_lane(painter, QRectF(lane.left(), MARGIN + HEADER_HEIGHT + 16, lane.width(), 40),
                                 col.lane, self._style)
            if self.has_add_slot(col):
                paint_add_slot(painter, self.add_slot_rect(c), self._style)
            first = max(0, bisect.bisect_right(col.tops, exposed.top()) - 1)
            for i in range(first, len(col.layouts)):
                top = col.tops[i]
                if top > exposed.bottom():
                    break
                lay = col.layouts[i]
                oid = lay.card.objective.id
                origin = QPointF(x - off.x(), top - off.y())
                collapsed = oid in self._collapsed
                if oid == self._hover_chevron:
                    paint_card(painter, origin, lay, collapsed, hovered_chevron=True)
                else:
                    painter.drawPixmap(origin, self._card_pixmap(lay, collapsed))
        painter.save()
        painter.setClipRect(QRectF(0, MARGIN + HEADER_HEIGHT, self.viewport().width(), view_h))
        self.paint_overlay(painter)
        painter.restore()
        for c, col in enumerate(self._columns):
            x = self._column_x(c)
            if x + width + LANE_PADDING < exposed.left() or x - LANE_PADDING > exposed.right():
                continue
            lane = QRectF(x - LANE_PADDING - off.x(), MARGIN, width + 2 * LANE_PADDING, view_h - MARGIN)
            paint_lane_header(painter, QRectF(lane.left(), MARGIN, lane.width(), HEADER_HEIGHT), col.lane,
                              len(col.layouts), col.average, col.band, self._style,
                              scrolled=self.verticalScrollBar().value() > 0)
        painter.end()

    def paint_overlay(self, painter: QPainter) -> None:
        """Paint over the cards, under the sticky headers (selection, drop marker);
        viewport coordinates. Nothing on a read-only board."""

    def _card_pixmap(self, lay: CardLayout, collapsed: bool) -> QPixmap:
        """The card painted once into a pixmap, kept in a small least-recently-used cache."""
        key = (lay.card.objective.id, collapsed)
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
            return pixmap
        ratio = self.devicePixelRatioF()
        size = QSize(math.ceil(self._style.width * ratio), math.ceil((lay.height(collapsed) + 3) * ratio))
        pixmap = QPixmap(size)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_card(painter, QPointF(0, 0), lay, collapsed)
        painter.end()
        self._pixmaps[key] = pixmap
        self._pixmap_bytes += size.width() * size.height() * 4
        while self._pixmap_bytes > PIXMAP_BUDGET and len(self._pixmaps) > 1:
            _, old = self._pixmaps.popitem(last=False)
            self._pixmap_bytes -= old.width() * old.height() * 4
        return pixmap

    def _warm_some(self) -> None:
        """Paint a few more cards into the cache; stop when done or the cache is three-quarters full."""
        for _ in range(WARM_BATCH):
            if not self._warm_queue or self._pixmap_bytes > PIXMAP_BUDGET * 3 // 4:
                self._warm_queue = []
                self._warm_timer.stop()
                return
            lay = self._warm_queue.pop(0)
            oid = lay.card.objective.id
            if oid in self._where:
                self._card_pixmap(lay, oid in self._collapsed)

    def _drop_pixmaps(self) -> None:
        self._pixmaps.clear()
        self._pixmap_bytes = 0

    def content_size(self) -> QRect:
        """The whole board's size (for rendering and tests)."""
        return QRect(0, 0, int(self._content_width), int(self._content_height))
