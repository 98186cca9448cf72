"""The Trends view's exports: the chart as PNG or A4 PDF, the values as CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QFileDialog, QMessageBox

from okrdesk.store.readmodels.trend import write_trend_csv
from okrdesk.ui import theme
from okrdesk.ui.trends.plotting import seconds_date
from okrdesk.ui.trends.trend_pdf import date_range_text, save_chart_pdf

if TYPE_CHECKING:
    from okrdesk.ui.trends.view import TrendsView


class TrendExport:
    """Writes what the Trends view shows to files, asking for a name when none is given."""

    def __init__(self, view: TrendsView) -> None:
        self.view = view

    def _default_name(self, suffix: str) -> str:
        v = self.view
        node_id = v.selected_node_id()
        row = v.read_model.row(node_id) if v.read_model and node_id is not None else None
        stem = row.node.code.replace(".", "-").lower() if row is not None else "trend"
        return f"{stem}-trend.{suffix}"

    def _ask(self, path: str | Path | None, title: str, suffix: str, kinds: str) -> Path | None:
        if path is not None:
            return Path(path)
        chosen, _ = QFileDialog.getSaveFileName(self.view, title, self._default_name(suffix), kinds)
        return Path(chosen) if chosen else None

    def export_png(self, path: str | Path | None = None) -> Path | None:
        """Save the chart under its heading (code, name, latest value, status) as PNG;
        asks for a file when ``path`` is None."""
        v = self.view
        target = self._ask(path, "Export chart as PNG", "png", "PNG pictures (*.png)")
        if target is None:
            return None
        if not self.chart_picture().save(str(target), "PNG"):
            QMessageBox.warning(v, "Export chart", f"Could not write the picture {target}.")
            return None
        return target

    def chart_picture(self) -> QPixmap:
        """The heading and the chart as drawn on screen, stacked on the panel's background
        (the tool row, read-out and key-result panel left out)."""
        v = self.view
        panel = v.chart_panel
        margins = panel.contentsMargins()
        parts = [v.code_label, v.name_label, v.value_label, v.badge]
        heading = QRect()
        for widget in parts:
            if widget.isVisible():
                heading = heading.united(QRect(widget.mapTo(panel, QPoint(0, 0)), widget.size()))
        heading = QRect(margins.left(), margins.top(), panel.width() - margins.left() - margins.right(),
                        heading.bottom() - margins.top() + 1)
        top = panel.grab(heading)
        chart = v.chart.grab()
        ratio = chart.devicePixelRatio()
        gap = 12
        width = max(heading.width(), v.chart.width()) + margins.left() + margins.right()
        height = margins.top() + heading.height() + gap + v.chart.height() + margins.bottom()
        picture = QPixmap(round(width * ratio), round(height * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(QColor(theme.current().surface))
        painter = QPainter(picture)
        painter.drawPixmap(margins.left(), margins.top(), top)
        painter.drawPixmap(margins.left(), margins.top() + heading.height() + gap, chart)
        painter.end()
        return picture

    def pdf_heading(self) -> tuple[str, str]:
        """The PDF's title (the KPI's name) and details line (code, kind, unit, direction,
        grain, the dates shown, latest value and status)."""
        v = self.view
        x0, x1 = v.chart.x_window()
        first, last = seconds_date(x0), seconds_date(x1) - dt.timedelta(days=1)
        details = [v.code_label.text(), date_range_text(first, max(first, last))]
        if v.series is not None and v.series.latest() is not None:
            details.append(f"latest {v.value_label.text()} ({v.badge.text()})")
        return v.name_label.text(), "  ·  ".join(details)

    def export_pdf(self, path: str | Path | None = None) -> Path | None:
        """Print the chart to an A4-landscape PDF with the KPI's name, unit and date range;
        asks for a file when ``path`` is None."""
        v = self.view
        if v.read_model is None or v.selected_node_id() is None:
            return None
        target = self._ask(path, "Export chart as PDF", "pdf", "PDF files (*.pdf)")
        if target is None:
            return None
        title, details = self.pdf_heading()
        try:
            save_chart_pdf(v.chart.plot_widget, target, title, details)
        except OSError as exc:
            QMessageBox.warning(v, "Export chart", str(exc))
            return None
        return target

    def export_csv(self, path: str | Path | None = None) -> Path | None:
        """Save date, value, bucketed and moving average as CSV; asks for a file when ``path`` is None."""
        v = self.view
        if v.series is None:
            return None
        target = self._ask(path, "Export values as CSV", "csv", "CSV files (*.csv)")
        if target is None:
            return None
        try:
            write_trend_csv(target, v.series, v.forecast)
        except OSError as exc:
            QMessageBox.warning(v, "Export values", str(exc))
            return None
        return target
