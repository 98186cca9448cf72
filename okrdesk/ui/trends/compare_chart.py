"""Several KPIs on one chart: overlaid, indexed to 100, or stacked small multiples.

Every line is one tuned ``PlotDataItem`` (``plotting.series_item``) in its
``SERIES_COLOURS`` colour. Small multiples are one ``PlotItem`` per KPI in a
column, their date axes linked to the first one, so panning or zooming one
moves them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from okrdesk.store.readmodels.trend_compare import CompareLine, CompareMode, indexed, shared_unit
from okrdesk.ui import theme
from okrdesk.ui.fonts import body_font
from okrdesk.ui.trends.plotting import (
    DAY,
    alpha,
    cosmetic_pen,
    date_plot_item,
    date_seconds,
    epoch_seconds,
    series_item,
    set_line_data,
)

SMALL_MULTIPLE_MIN_HEIGHT = 120


class CompareChart(QWidget):
    """The comparison of a few KPIs (``set_lines``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        c = theme.current()
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(c.surface)
        self.canvas.ci.setSpacing(6)
        self.plots: list[pg.PlotItem] = []
        self.items: list[pg.PlotDataItem] = []
        self.lines: list[CompareLine] = []
        self.mode = CompareMode.OVERLAY
        self._notes: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    def notes(self) -> list[str]:
        """What the chart could not show, or how to read it ("mixed units", lines left out)."""
        return list(self._notes)

    def set_lines(self, lines: Sequence[CompareLine], mode: CompareMode, start: dt.date | None = None) -> None:
        """Draw ``lines`` in ``mode``; ``start`` is the index date (INDEXED) and otherwise
        where the x range begins (None: the whole history)."""
        self.mode = CompareMode(mode)
        self._notes = []
        if self.mode == CompareMode.INDEXED:
            if start is None:
                raise ValueError("an indexed comparison needs a start date")
            lines = [indexed(line, start) for line in lines]
            self._notes += [line.note for line in lines if line.note]
            lines = [line for line in lines if not line.note]
        self.lines = list(lines)
        self.canvas.clear()
        self.plots, self.items = [], []
        if self.mode == CompareMode.SMALL_MULTIPLES:
            self._small_multiples()
        else:
            self._one_axis(start)
        self._fit_x(start if self.mode != CompareMode.INDEXED else start)
        self.canvas.setMinimumHeight(
            SMALL_MULTIPLE_MIN_HEIGHT * len(self.plots) if self.mode == CompareMode.SMALL_MULTIPLES else 0
        )

    def _one_axis(self, start: dt.date | None) -> None:
        c = theme.current()
        plot = date_plot_item()
        self.canvas.addItem(plot, row=0, col=0)
        self.plots.append(plot)
        legend = plot.addLegend(offset=(12, 8), labelTextColor=c.muted_ink, labelTextSize="9pt")
        legend.setBrush(alpha(c.surface, 230))
        legend.setPen(pg.mkPen(c.border, width=1))
        if self.mode == CompareMode.INDEXED:
            base = pg.InfiniteLine(pos=100.0, angle=0, movable=False, pen=cosmetic_pen(c.faint_ink, Qt.PenStyle.DashLine))
            plot.addItem(base, ignoreBounds=True)
            plot.setLabel("left", f"Index ({start:%d %b %Y} = 100)" if start else "Index", color=c.muted_ink)
        else:
            unit = shared_unit(self.lines)
            if unit is None:
                self._notes.append("Units differ: compare them indexed to 100 or as small multiples")
            elif unit:
                plot.setLabel("left", unit, color=c.muted_ink)
        for line in self.lines:
            item = series_item(line.label, line.colour)
            plot.addItem(item)
            set_line_data(item, epoch_seconds(line.dates), line.values, line.colour)
            self.items.append(item)

    def _small_multiples(self) -> None:
        c = theme.current()
        first: pg.PlotItem | None = None
        for row, line in enumerate(self.lines):
            plot = date_plot_item()
            title = f"{line.label}" + (f"  ({line.unit})" if line.unit else "")
            plot.setTitle(title, color=c.ink, size="9pt", justify="left")
            plot.titleLabel.item.setFont(body_font(9.0))
            plot.getAxis("bottom").setHeight(24 if row < len(self.lines) - 1 else 36)
            self.canvas.addItem(plot, row=row, col=0)
            if first is None:
                first = plot
            else:
                plot.setXLink(first)
            item = series_item(line.label, line.colour)
            plot.addItem(item)
            set_line_data(item, epoch_seconds(line.dates), line.values, line.colour)
            self.plots.append(plot)
            self.items.append(item)

    def _fit_x(self, start: dt.date | None) -> None:
        xs = [epoch_seconds(line.dates[[0, -1]]) for line in self.lines if line.dates.size]
        if not xs or not self.plots:
            return
        both = np.concatenate(xs)
        x0, x1 = float(both.min()), float(both.max())
        if start is not None:
            x0 = max(x0, date_seconds(start))
        pad = max((x1 - x0) * 0.03, 15 * DAY)
        self.plots[0].setXRange(x0 - pad, x1 + pad, padding=0)
        for plot in self.plots:
            plot.enableAutoRange(axis="y")
            plot.setAutoVisible(y=True)

    def x_window(self) -> tuple[float, float]:
        """The x range of the first plot, in epoch seconds."""
        (x0, x1), _ = self.plots[0].viewRange()
        return x0, x1
