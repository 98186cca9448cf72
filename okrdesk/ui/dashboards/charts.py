"""Painted dashboard charts: objective scores by team, and objectives by pace.

Plain QPainter: a dozen bars and three numbers read better without a plotting
library's axes, and they follow the theme and the font like the rest of the app.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from okrdesk import palette
from okrdesk.domain.entities import Pace, Status
from okrdesk.domain.scoring import GREEN_FROM, RED_BELOW, score_band
from okrdesk.ui import theme
from okrdesk.ui.dashboards.panel import DashFonts, colour
from okrdesk.ui.okr_board.formatting import format_score
from okrdesk.ui.widgets.progress import paint_progress

ROW_HEIGHT = 30.0
COMPACT_ROW_HEIGHT = 22.0  # from COMPACT_FROM teams on, so a firm's chart stays on one screen
COMPACT_FROM = 11
AXIS_HEIGHT = 22.0


class TeamScoreChart(QWidget):
    """Horizontal bars of each team's mean objective score, best first, band-coloured."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, float | None, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_scores(self, rows: list[tuple[str, float | None, int]]) -> None:
        """(team name, mean score, objective count) per team; sorted here, best first."""
        self._rows = sorted(rows, key=lambda r: (-(r[1] if r[1] is not None else -1.0), r[0].casefold()))
        self.setFixedHeight(int(self.sizeHint().height()))
        self.update()

    def rows(self) -> list[tuple[str, float | None, int]]:
        """The bars in drawing order."""
        return list(self._rows)

    def row_height(self) -> float:
        """Height of one bar row: tighter when there are many teams."""
        return COMPACT_ROW_HEIGHT if len(self._rows) >= COMPACT_FROM else ROW_HEIGHT

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """One row per team plus the threshold axis."""
        return QSize(480, int(AXIS_HEIGHT + max(1, len(self._rows)) * self.row_height() + 4))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Names, bars with thresholds at 0.4 and 0.7, and symbol + score labels."""
        fonts = DashFonts.of(self)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        width = float(self.width())
        name_fm = QFontMetricsF(fonts.body)
        name_w = min(200.0, max((name_fm.horizontalAdvance(r[0]) for r in self._rows), default=80.0) + 12)
        label_w = 70.0
        bar_left = name_w + 8
        bar_w = max(40.0, width - bar_left - label_w - 8)
        top = AXIS_HEIGHT
        row_h = self.row_height()
        bar_h = 12.0 if row_h == ROW_HEIGHT else 10.0
        # Thresholds: dashed lines at the band edges, labelled on the axis.
        painter.setFont(fonts.small)
        for mark, text in ((0.0, "0"), (RED_BELOW, "0.4"), (GREEN_FROM, "0.7 success"), (1.0, "1.0")):
            x = bar_left + bar_w * mark
            pen = QPen(colour("border_strong") if mark in (RED_BELOW, GREEN_FROM) else colour("border"), 1)
            if mark in (RED_BELOW, GREEN_FROM):
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, top - 2), QPointF(x, top + len(self._rows) * row_h))
            painter.setPen(colour("muted_ink"))
            align = Qt.AlignmentFlag.AlignLeft if mark == 0.0 else (Qt.AlignmentFlag.AlignRight if mark == 1.0 else Qt.AlignmentFlag.AlignHCenter)
            label_rect = QRectF(x - 60 if mark != 0.0 else x, 0, 120 if 0 < mark < 1 else 60, AXIS_HEIGHT - 6)
            if mark == 1.0:
                label_rect = QRectF(x - 60, 0, 60, AXIS_HEIGHT - 6)
            painter.drawText(label_rect, align | Qt.AlignmentFlag.AlignVCenter, text)
        if not self._rows:
            painter.setPen(colour("muted_ink"))
            painter.drawText(QRectF(0, top, width, row_h), Qt.AlignmentFlag.AlignCenter, "No scored objectives yet")
        for i, (name, score, count) in enumerate(self._rows):
            y = top + i * row_h
            painter.setFont(fonts.body)
            painter.setPen(colour("ink"))
            painter.drawText(
                QRectF(0, y, name_w, row_h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                name_fm.elidedText(name, Qt.TextElideMode.ElideRight, name_w - 8),
            )
            band = score_band(score)
            bar = QRectF(bar_left, y + row_h / 2 - bar_h / 2, bar_w, bar_h)
            paint_progress(painter, bar, score, band, track=colour("hover"))
            symbol = palette.STATUS_SYMBOLS[band] + " " if band is not None else ""
            painter.setFont(fonts.number_strong)
            painter.setPen(theme.status_colour(band))
            painter.drawText(
                QRectF(width - label_w, y, label_w, row_h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                f"{symbol}{format_score(score)}",
            )
        painter.end()


class PaceSummary(QWidget):
    """Three big numbers: objectives on track, at risk and off track, with symbol and word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counts: dict[Pace, int] = {p: 0 for p in Pace}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(112)

    def set_counts(self, counts: dict[Pace, int]) -> None:
        """Objective counts per pace."""
        self._counts = {p: int(counts.get(p, 0)) for p in (Pace.ON_TRACK, Pace.AT_RISK, Pace.OFF_TRACK)}
        self.setAccessibleName(self.text())
        self.update()

    def counts(self) -> dict[Pace, int]:
        """The counts shown."""
        return dict(self._counts)

    def text(self) -> str:
        """The three numbers as a sentence, e.g. "12 on track, 5 at risk, 3 off track"."""
        return ", ".join(f"{n} {palette.PACE_WORDS[p].lower()}" for p, n in self._counts.items())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """Three equal blocks with a tinted background each."""
        fonts = DashFonts.of(self)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        total = sum(self._counts.values())
        gap = 12.0
        block_w = (self.width() - 2 * gap) / 3
        for i, (pace, count) in enumerate(self._counts.items()):
            status: Status = palette.PACE_STATUS[pace]
            block = QRectF(i * (block_w + gap), 0, block_w, self.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.status_tint(status))
            painter.drawRoundedRect(block, 10, 10)
            painter.setFont(fonts.huge)
            painter.setPen(theme.status_colour(status))
            painter.drawText(block.adjusted(0, 8, 0, -44), Qt.AlignmentFlag.AlignCenter, str(count))
            painter.setFont(fonts.strong)
            painter.drawText(
                block.adjusted(0, block.height() - 46, 0, -24), Qt.AlignmentFlag.AlignCenter,
                f"{palette.STATUS_SYMBOLS[status]} {palette.PACE_WORDS[pace]}",
            )
            painter.setFont(fonts.small)
            painter.setPen(colour("muted_ink"))
            share = f"{round(100 * count / total)}% of objectives" if total else "no objectives"
            painter.drawText(block.adjusted(0, block.height() - 26, 0, -6), Qt.AlignmentFlag.AlignCenter, share)
        painter.end()
