"""Painted dashboard lists: objectives (at risk, or a team's), KPI movers, a team scorecard.

Each list paints fixed-height rows with aligned columns; numbers are
right-aligned in tabular figures, statuses are badges (colour + symbol + word).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from okrdesk.domain.entities import Pace
from okrdesk.store.readmodels.okrs import ObjectiveCard
from okrdesk.store.readmodels.tree import NodeRow
from okrdesk.ui import theme
from okrdesk.ui.dashboards.overview_data import SCORECARD_SORT_KEYS, Mover, sort_scorecard
from okrdesk.ui.dashboards.panel import DashFonts, colour
from okrdesk.ui.dashboards.tiles import change_colour, paint_change
from okrdesk.ui.okr_board.formatting import MISSING, format_change, format_score, format_value
from okrdesk.ui.widgets.sparkline import paint_sparkline
from okrdesk.ui.widgets.status_badge import badge_text, badge_width, paint_status_badge

ROW = 38.0
HEAD = 24.0
_PACES = (Pace.ON_TRACK, Pace.AT_RISK, Pace.OFF_TRACK)
#: Below these list widths the objective list drops its Owner, then its Team column.
OWNER_FROM_WIDTH = 560.0
TEAM_FROM_WIDTH = 420.0
#: The scorecard keeps its metric names at least this wide, dropping columns to make room.
SCORECARD_NAME_MIN = 200.0


def _elide(fm: QFontMetricsF, text: str, width: float) -> str:
    return fm.elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, width))


class _RowList(QWidget):
    """Fixed-height rows under a caption line; subclasses paint one row each."""

    row_height = ROW

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _count(self) -> int:
        raise NotImplementedError

    def _empty_text(self) -> str:
        return "Nothing to show"

    def _refit(self) -> None:
        self.setFixedHeight(int(HEAD + max(1, self._count()) * self.row_height))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Caption plus one row per entry."""
        return QSize(420, int(HEAD + max(1, self._count()) * self.row_height))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Narrow: the columns adapt to the width they get."""
        return QSize(240, int(HEAD + max(1, self._count()) * self.row_height))

    def row_at(self, y: float) -> int | None:
        """Index of the entry painted at height ``y`` (None: the caption or below the rows)."""
        if y < HEAD:
            return None
        index = int((y - HEAD) // self.row_height)
        return index if index < self._count() else None

    def row_tooltip(self, index: int) -> str:
        """The whole text of entry ``index`` (the painted row may be shortened)."""
        return ""

    def event(self, event: QEvent) -> bool:
        """Tooltips spell out the hovered row in full."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.row_at(event.pos().y())
            text = self.row_tooltip(index) if index is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def _paint_separators(self, painter: QPainter) -> None:
        painter.setPen(QPen(colour("border"), 1))
        for i in range(1, self._count()):
            y = HEAD + i * self.row_height + 0.5
            painter.drawLine(QPointF(0, y), QPointF(self.width(), y))

    def _paint_caption(self, painter: QPainter, fonts: DashFonts, columns: Sequence[tuple[QRectF, str, bool]]) -> None:
        painter.setFont(fonts.small)
        painter.setPen(colour("muted_ink"))
        for rect, text, right in columns:
            align = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            painter.drawText(rect, align | Qt.AlignmentFlag.AlignTop, text)

    def _paint_empty(self, painter: QPainter, fonts: DashFonts) -> None:
        painter.setFont(fonts.body)
        painter.setPen(colour("muted_ink"))
        painter.drawText(QRectF(0, HEAD, self.width(), self.row_height), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._empty_text())


class ObjectiveList(_RowList):
    """Objectives with pace badge, title, team, owner and score (the at-risk list)."""

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cards: list[ObjectiveCard] = []
        self._empty = empty_text
        self._refit()

    def set_cards(self, cards: Sequence[ObjectiveCard]) -> None:
        """The objectives to list, in order."""
        self._cards = list(cards)
        self.setToolTip("")
        self._refit()

    def cards(self) -> list[ObjectiveCard]:
        """The objectives listed."""
        return list(self._cards)

    def _count(self) -> int:
        return len(self._cards)

    def row_tooltip(self, index: int) -> str:
        """Title, team, owner, pace and score of objective ``index``."""
        card = self._cards[index]
        pace = badge_text(card.pace)
        return (f"{card.objective.title}\n{card.team_name} · {card.owner_name or MISSING}\n"
                f"{pace} · score {format_score(card.score)}")

    def _empty_text(self) -> str:
        return self._empty

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Caption line, then one row per objective."""
        fonts = DashFonts.of(self)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        w = float(self.width())
        badge_col = max(badge_width(fonts.small, p) for p in (None, *_PACES)) + 8
        score_col = 56.0
        owner_col = min(170.0, w * 0.17) if w >= OWNER_FROM_WIDTH else 0.0
        team_col = min(170.0, w * 0.2) if w >= TEAM_FROM_WIDTH else 0.0
        gaps = 8.0 * (1 + (team_col > 0) + (owner_col > 0))
        title_col = w - badge_col - team_col - owner_col - score_col - gaps
        x_title = badge_col
        x_team = x_title + title_col + 8
        x_owner = x_team + (team_col + 8 if team_col else 0)
        columns = [
            (QRectF(0, 0, badge_col, HEAD), "Pace", False),
            (QRectF(x_title, 0, title_col, HEAD), "Objective", False),
            (QRectF(w - score_col, 0, score_col, HEAD), "Score", True),
        ]
        if team_col:
            columns.append((QRectF(x_team, 0, team_col, HEAD), "Team", False))
        if owner_col:
            columns.append((QRectF(x_owner, 0, owner_col, HEAD), "Owner", False))
        self._paint_caption(painter, fonts, columns)
        if not self._cards:
            self._paint_empty(painter, fonts)
        self._paint_separators(painter)
        body_fm = QFontMetricsF(fonts.body)
        for i, card in enumerate(self._cards):
            y = HEAD + i * ROW
            paint_status_badge(painter, QRectF(0, y + (ROW - 22) / 2, badge_col - 8, 22), card.pace, font=fonts.small)
            painter.setFont(fonts.body)
            painter.setPen(colour("ink"))
            painter.drawText(QRectF(x_title, y, title_col, ROW), Qt.AlignmentFlag.AlignVCenter, _elide(body_fm, card.objective.title, title_col))
            painter.setPen(colour("muted_ink"))
            if team_col:
                painter.drawText(QRectF(x_team, y, team_col, ROW), Qt.AlignmentFlag.AlignVCenter, _elide(body_fm, card.team_name, team_col))
            if owner_col:
                painter.drawText(QRectF(x_owner, y, owner_col, ROW), Qt.AlignmentFlag.AlignVCenter, _elide(body_fm, card.owner_name or MISSING, owner_col))
            painter.setFont(fonts.number_strong)
            painter.setPen(theme.status_colour(card.band))
            painter.drawText(QRectF(w - score_col, y, score_col, ROW), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, format_score(card.score))
        painter.end()


class MoversList(_RowList):
    """KPIs that rose or fell most this bucket: name, value, coloured change."""

    row_height = 34.0

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._movers: list[Mover] = []
        self._empty = empty_text
        self._refit()

    def set_movers(self, movers: Sequence[Mover]) -> None:
        """The movers to list, biggest first."""
        self._movers = list(movers)
        self._refit()

    def movers(self) -> list[Mover]:
        """The movers listed."""
        return list(self._movers)

    def _count(self) -> int:
        return len(self._movers)

    def row_tooltip(self, index: int) -> str:
        """Name, code, value and change of mover ``index``."""
        mover = self._movers[index]
        node = mover.row.node
        return f"{node.name} ({node.code})\n{format_value(mover.row.value, node.unit)} · {format_change(mover.change)}"

    def _empty_text(self) -> str:
        return self._empty

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Caption, then name (with code), value and change per row."""
        fonts = DashFonts.of(self)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        w = float(self.width())
        change_col = 84.0
        value_col = min(130.0, w * 0.3)
        name_col = w - change_col - value_col - 16
        self._paint_caption(painter, fonts, [
            (QRectF(0, 0, name_col, HEAD), "KPI", False),
            (QRectF(name_col + 8, 0, value_col, HEAD), "Value", True),
            (QRectF(w - change_col, 0, change_col, HEAD), "Change", True),
        ])
        if not self._movers:
            self._paint_empty(painter, fonts)
        self._paint_separators(painter)
        body_fm = QFontMetricsF(fonts.body)
        for i, mover in enumerate(self._movers):
            y = HEAD + i * self.row_height
            node = mover.row.node
            painter.setFont(fonts.body)
            painter.setPen(colour("ink"))
            painter.drawText(QRectF(0, y, name_col, self.row_height), Qt.AlignmentFlag.AlignVCenter, _elide(body_fm, node.name, name_col))
            painter.setFont(fonts.number)
            painter.setPen(colour("muted_ink"))
            painter.drawText(QRectF(name_col + 8, y, value_col, self.row_height), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             format_value(mover.row.value, node.unit))
            painter.setFont(fonts.number_strong)
            painter.setPen(change_colour(mover.good))
            painter.drawText(QRectF(w - change_col, y, change_col, self.row_height), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             format_change(mover.change))
        painter.end()


class ScorecardTable(_RowList):
    """A team's metrics: name and code, value, target, status badge, change, sparkline.

    Clicking a column caption sorts by it (again: the other way round); the
    sorted column's caption carries an arrow.
    """

    row_height = 44.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._given: list[NodeRow] = []
        self._rows: list[NodeRow] = []
        self._sort: tuple[str | None, bool] = (None, False)
        self._captions: list[tuple[QRectF, str]] = []
        self.setMouseTracking(True)
        self._refit()

    def set_rows(self, rows: Sequence[NodeRow]) -> None:
        """The metrics to list, given in tree order (shown in the chosen sort order)."""
        self._given = list(rows)
        self._rows = sort_scorecard(self._given, *self._sort)
        self._refit()

    def sort_by(self, key: str | None, descending: bool = False) -> None:
        """Sort by column ``key`` (see ``sort_scorecard``; None: tree order)."""
        self._rows = sort_scorecard(self._given, key, descending)
        self._sort = (key, descending)
        self.update()

    def sort_order(self) -> tuple[str | None, bool]:
        """(column key or None, descending)."""
        return self._sort

    def caption_key_at(self, x: float, y: float) -> str | None:
        """The sortable column whose caption is at (x, y), if any."""
        if y >= HEAD:
            return None
        return next((key for rect, key in self._captions if rect.left() <= x <= rect.right()), None)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """A click on a caption sorts by that column, a second one reverses."""
        key = self.caption_key_at(event.position().x(), event.position().y())
        if key is None:
            super().mousePressEvent(event)
            return
        current, descending = self._sort
        self.sort_by(key, not descending if key == current else False)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """A pointing hand over the sortable captions."""
        over = self.caption_key_at(event.position().x(), event.position().y()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def rows(self) -> list[NodeRow]:
        """The metrics listed."""
        return list(self._rows)

    def _count(self) -> int:
        return len(self._rows)

    def row_tooltip(self, index: int) -> str:
        """Name, code, value, target and status of metric ``index``."""
        row = self._rows[index]
        node = row.node
        return (f"{node.name} ({node.code})\n{format_value(row.value, node.unit)} · target "
                f"{format_value(node.target, node.unit)}\n{badge_text(row.status)}")

    def columns_for(self, width: float, badge_col: float) -> list[str]:
        """The optional columns shown at ``width``, dropping Trend, then Target, then Change
        while the metric names would get less than ``SCORECARD_NAME_MIN``."""
        wanted = {"value": 140.0, "badge": badge_col + 16, "change": 104.0, "target": 148.0, "spark": 148.0}
        shown = list(wanted)
        for dropped in ("spark", "target", "change"):
            if width - sum(wanted[k] for k in shown) - 8 >= SCORECARD_NAME_MIN:
                break
            shown.remove(dropped)
        return shown

    def _empty_text(self) -> str:
        return "This team owns no KPI nodes yet: set the team of its metrics in the KPI tree."

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Caption, then one metric per row."""
        fonts = DashFonts.of(self)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        w = float(self.width())
        badge_col = max(badge_width(fonts.small, None), 110.0) + 8
        shown = self.columns_for(w, badge_col)
        spark_col = 140.0 if "spark" in shown else 0.0
        change_col = 96.0 if "change" in shown else 0.0
        target_col = 140.0 if "target" in shown else 0.0
        value_col = 140.0
        x_spark = w - spark_col
        x_change = x_spark - (change_col + 8 if change_col else 0)
        x_badge = x_change - badge_col
        x_target = x_badge - 24 - target_col
        x_value = (x_target - 8 if target_col else x_badge - 24) - value_col
        name_col = x_value - 8
        sortable = [
            (QRectF(0, 0, name_col, HEAD), "metric", False),
            (QRectF(x_value, 0, value_col, HEAD), "value", True),
            (QRectF(x_badge, 0, badge_col, HEAD), "status", False),
        ]
        if target_col:
            sortable.append((QRectF(x_target, 0, target_col, HEAD), "target", True))
        if change_col:
            sortable.append((QRectF(x_change, 0, change_col, HEAD), "change", False))
        self._captions = [(rect, key) for rect, key, _ in sortable]
        sorted_key, descending = self._sort
        arrow = " \u25bc" if descending else " \u25b2"
        columns = [(rect, SCORECARD_SORT_KEYS[key] + (arrow if key == sorted_key else ""), right)
                   for rect, key, right in sortable]
        if spark_col:
            columns.append((QRectF(x_spark, 0, spark_col, HEAD), "Last 12 periods", False))
        self._paint_caption(painter, fonts, columns)
        if not self._rows:
            self._paint_empty(painter, fonts)
        self._paint_separators(painter)
        body_fm = QFontMetricsF(fonts.body)
        h = self.row_height
        for i, row in enumerate(self._rows):
            y = HEAD + i * h
            node = row.node
            painter.setFont(fonts.body)
            painter.setPen(colour("ink"))
            painter.drawText(QRectF(0, y, name_col, h / 2 + 4), Qt.AlignmentFlag.AlignBottom, _elide(body_fm, node.name, name_col))
            painter.setFont(fonts.small)
            painter.setPen(colour("muted_ink"))
            painter.drawText(QRectF(0, y + h / 2 + 4, name_col, h / 2 - 4), Qt.AlignmentFlag.AlignTop, _elide(QFontMetricsF(fonts.small), node.code, name_col))
            painter.setFont(fonts.number_strong)
            painter.setPen(colour("ink"))
            painter.drawText(QRectF(x_value, y, value_col, h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, format_value(row.value, node.unit))
            painter.setFont(fonts.number)
            painter.setPen(colour("muted_ink"))
            if target_col:
                painter.drawText(QRectF(x_target, y, target_col, h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, format_value(node.target, node.unit))
            paint_status_badge(painter, QRectF(x_badge, y + (h - 22) / 2, badge_col - 8, 22), row.status, font=fonts.small)
            if change_col:
                paint_change(painter, QRectF(x_change, y, change_col, h), row, fonts)
            if spark_col and sum(v is not None for v in row.sparkline) >= 2:
                paint_sparkline(painter, QRectF(x_spark, y + 9, spark_col - 8, h - 18), row.sparkline,
                                theme.status_colour(row.status) if row.status else colour("accent"))
        painter.end()

