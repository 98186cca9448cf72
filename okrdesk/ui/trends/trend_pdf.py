"""A trend chart printed to one A4-landscape PDF page, in vector form.

The page carries a heading (the KPI's name, then its code, unit, bucket grain
and the date range shown) and below it the chart's pyqtgraph scene rendered
straight into the PDF: lines, bands, text and axes stay vector. The items are
switched to pyqtgraph's export mode while drawing, so that scatter symbols
(measurement dots, key-result diamonds) are drawn as paths rather than copied
from the on-screen pixmap atlas, and items cached as pixmaps on screen (the
left axis with its grid) draw themselves afresh. The writer has the screen's logical
resolution: pyqtgraph's axes are recorded as QPictures, which rescale to the
resolution they are replayed on, so any other would shift the axes against
the data. The chart keeps its on-screen proportions, scaled to the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QGraphicsWidget

from okrdesk.ui import theme
from okrdesk.ui.fonts import body_font, title_font

PDF_MARGIN_MM = 12.0


def date_range_text(start: dt.date, end: dt.date) -> str:
    """"1 Jan 2025 – 31 Mar 2027" (days, so that a printed range is exact)."""
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def save_chart_pdf(view: QGraphicsView, path: str | Path, title: str, details: str) -> None:
    """Print ``view`` (a pyqtgraph ``PlotWidget``) under a two-line heading to an A4-landscape PDF.

    OSError naming the file when it cannot be written.
    """
    target = Path(path)
    writer = QPdfWriter(str(target))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(PDF_MARGIN_MM, PDF_MARGIN_MM, PDF_MARGIN_MM, PDF_MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    # pyqtgraph's axes replay a QPicture, which rescales to the device's resolution:
    # the page must have the screen's, or the axes drift from the data.
    writer.setResolution(view.logicalDpiX())
    writer.setTitle(title)
    writer.setCreator("okrdesk")
    # The painter's origin is the top-left corner inside the margins.
    paintable = writer.pageLayout().paintRectPixels(writer.resolution())
    page = QRectF(0, 0, paintable.width(), paintable.height())
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"Could not write the PDF file {target}.")
    try:
        top = _paint_heading(painter, page, title, details)
        area = QRectF(page.left(), top, page.width(), page.bottom() - top)
        with _shaped_like(view, area):
            source = QRectF(view.viewport().rect())
            _render_for_export(view, painter, _fitted(source, area), source)
    finally:
        painter.end()
    if not target.exists() or target.stat().st_size == 0:
        raise OSError(f"Could not write the PDF file {target}.")


def _paint_heading(painter: QPainter, page: QRectF, title: str, details: str) -> float:
    """Draw the title and the details line at the top of ``page``; returns where the chart may start."""
    colours = theme.LIGHT  # the page is white whatever the screen theme
    big = title_font(1)
    small = body_font(9.5)
    y = page.top()
    for text, font, colour in ((title, big, colours.ink), (details, small, colours.muted_ink)):
        if not text:
            continue
        painter.setFont(font)
        painter.setPen(QColor(colour))
        metrics = QFontMetricsF(font, painter.device())
        line = QRectF(page.left(), y, page.width(), metrics.height())
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight, page.width()))
        y += metrics.height() * 1.25
    return y + QFontMetricsF(small, painter.device()).height() * 0.5


@contextmanager
def _shaped_like(view: QGraphicsView, area: QRectF) -> Iterator[None]:
    """Make ``view`` as tall as ``area``'s proportions ask for at its width while drawing
    (a wide screen chart would leave the lower third of the page empty), then put it back.
    The chart lays itself out again for the new height before it is drawn."""
    old = view.size()
    viewport = view.viewport().size()
    extra = view.height() - viewport.height()
    wanted = round(viewport.width() * area.height() / max(area.width(), 1.0)) + extra
    if wanted <= old.height():
        yield
        return
    view.resize(old.width(), wanted)
    _settle(view)
    try:
        yield
    finally:
        view.resize(old)
        _settle(view)


def _settle(view: QGraphicsView) -> None:
    """Apply the pending layout of ``view``'s scene items (pyqtgraph lays out lazily)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    for item in view.scene().items():
        # QGraphicsWidget.layout(item): pyqtgraph shadows ``layout`` with an attribute.
        layout = QGraphicsWidget.layout(item) if isinstance(item, QGraphicsWidget) else None
        if layout is not None:
            layout.activate()


def _fitted(source: QRectF, area: QRectF) -> QRectF:
    """The largest rectangle of ``source``'s proportions inside ``area``, centred across, at its top."""
    scale = min(area.width() / max(source.width(), 1.0), area.height() / max(source.height(), 1.0))
    width, height = source.width() * scale, source.height() * scale
    return QRectF(area.left() + (area.width() - width) / 2, area.top(), width, height)


def _render_for_export(view: QGraphicsView, painter: QPainter, target: QRectF, source: QRectF) -> None:
    """Render with every item in pyqtgraph's export mode and none cached as a pixmap
    (the left axis keeps its grid as a pixmap on screen), then put both back."""
    items = view.scene().items()
    exporting = [item for item in items if hasattr(item, "setExportMode")]
    cached = [(item, item.cacheMode()) for item in items
              if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    options = {"antialias": True, "painter": painter}
    for item in exporting:
        item.setExportMode(True, options)
    for item, _ in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        view.render(painter, target, source.toRect(), Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        for item in exporting:
            item.setExportMode(False)
        for item, mode in cached:
            item.setCacheMode(mode)
