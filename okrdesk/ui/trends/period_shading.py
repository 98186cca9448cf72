"""OKR periods behind a trend chart: every other period lightly shaded, names at the top.

The names hide themselves when the periods are too narrow on screen for them
(a long history shown whole), and come back when zoomed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtGui import QFont

from okrdesk.domain.entities import Period
from okrdesk.ui import theme
from okrdesk.ui.fonts import body_font
from okrdesk.ui.trends.plotting import alpha as _alpha
from okrdesk.ui.trends.plotting import date_seconds


class PeriodShading:
    """The period items of one ``PlotItem``."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self._colours = theme.current()
        self._period_items: list[pg.GraphicsObject] = []
        self._period_labels: list[tuple[pg.TextItem, float]] = []

    def label_items(self) -> list[pg.TextItem]:
        """The periods' name labels, oldest first."""
        return [label for label, _ in self._period_labels]

    def set_periods(self, periods: Sequence[Period], highlighted: Period | None = None) -> None:
        """Shade OKR ``periods`` lightly, with their names at the top; ``highlighted`` a little more."""
        for item in self._period_items:
            self.plot.removeItem(item)
        self._period_items = []
        self._period_labels = []
        c = self._colours
        for i, period in enumerate(sorted(periods, key=lambda p: p.start)):
            start = date_seconds(period.start)
            end = date_seconds(period.end + dt.timedelta(days=1))
            strong = highlighted is not None and period.id == highlighted.id
            if i % 2 == 0:
                shade = pg.LinearRegionItem(
                    values=(start, end), orientation="vertical", movable=False,
                    brush=_alpha(c.ink, 7), pen=pg.mkPen(None),
                )  # fmt: skip
                for line in shade.lines:
                    line.setPen(pg.mkPen(None))
                    line.setHoverPen(pg.mkPen(None))
                shade.setZValue(-15)
                self.plot.addItem(shade, ignoreBounds=True)
                self._period_items.append(shade)
            edge = _alpha(c.accent, 150) if strong else _alpha(c.ink, 30)
            label = pg.InfiniteLine(
                pos=start, angle=90, movable=False, pen=pg.mkPen(edge, width=1),
                label=period.name,
                labelOpts={"position": 0.975, "color": c.accent if strong else c.muted_ink,
                           "anchors": [(0, 0), (0, 0)], "movable": False},
            )  # fmt: skip
            font = body_font(8.5)
            font.setWeight(QFont.Weight.DemiBold if strong else QFont.Weight.Normal)
            label.label.setFont(font)
            label.setZValue(-10)
            self._period_labels.append((label.label, end - start))
            self.plot.addItem(label, ignoreBounds=True)
            self._period_items.append(label)
            if strong:
                closing = pg.InfiniteLine(pos=end, angle=90, movable=False, pen=pg.mkPen(edge, width=1))
                closing.setZValue(-10)
                self.plot.addItem(closing, ignoreBounds=True)
                self._period_items.append(closing)
        self.thin_labels()

    def thin_labels(self) -> None:
        """Hide the periods' names when they would overlap (a long history shown whole)."""
        labels = self._period_labels
        if not labels:
            return
        (x0, x1), _ = self.plot.viewRange()
        width = self.plot.getViewBox().width() or 1.0
        per_second = width / max(x1 - x0, 1.0)
        for text_item, seconds in labels:
            text_item.setVisible(seconds * per_second >= text_item.boundingRect().width() + 8)

