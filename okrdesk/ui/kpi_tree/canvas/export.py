"""The whole canvas to a PNG, an SVG or a PDF, at print quality.

Exports draw every box in full detail whatever the zoom on screen (no
simplified boxes, no selection halo, no item caches), on the canvas
background, around the whole tree rather than the visible part.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from okrdesk.ui.kpi_tree.canvas.node_item import NodeItem
from okrdesk.ui.kpi_tree.canvas.scene import KpiCanvasScene

PADDING = 40.0
PNG_SCALE = 2.0  # twice the screen size: sharp on paper and on high-density screens
PNG_MAX_SIDE = 16_000
PNG_MAX_PIXELS = 48_000_000  # readers refuse images past 256 MB
PDF_DPI = 300
MM_PER_PX = 25.4 / 96.0
PDF_MAX_MM = 5000.0  # PDF pages stop at 200 inches
PDF_MARGIN_MM = 10.0


def tree_rect(scene: KpiCanvasScene) -> QRectF:
    """The part of the scene an export shows: every box and line, with a margin."""
    if scene.layout is None:
        raise ValueError("There is no KPI tree to export: the canvas is empty.")
    return QRectF(0, 0, scene.layout.width, scene.layout.height).adjusted(-PADDING, -PADDING - 20, PADDING, PADDING + 20)


@contextmanager
def print_mode(scene: KpiCanvasScene) -> Iterator[None]:
    """Boxes in full detail and without caches while the scene is drawn to a file."""
    overview = scene.overview_on
    scene.set_overview(False)
    items = scene.items()
    caches = [(item, item.cacheMode()) for item in items]
    for item in items:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        if isinstance(item, NodeItem):
            item.full_detail = True  # its fold toggle reads the same flag
    try:
        yield
    finally:
        for item, mode in caches:
            if isinstance(item, NodeItem):
                item.full_detail = False
            item.setCacheMode(mode)
        scene.set_overview(overview)


def _checked(path: str | os.PathLike[str]) -> Path:
    out = Path(path)
    if not out.parent.is_dir():
        raise FileNotFoundError(f"The folder '{out.parent}' for {out.name} does not exist.")
    return out


def png_scale(source: QRectF) -> float:
    """The scale of a PNG export: PNG_SCALE, less when the tree is too big for one image."""
    scale = PNG_SCALE
    scale = min(scale, PNG_MAX_SIDE / max(source.width(), 1.0), PNG_MAX_SIDE / max(source.height(), 1.0))
    area = source.width() * source.height()
    if area * scale * scale > PNG_MAX_PIXELS:
        scale = math.sqrt(PNG_MAX_PIXELS / area)
    return scale


def export_png(scene: KpiCanvasScene, path: str | os.PathLike[str]) -> QSize:
    """Write the whole tree as a PNG; returns the image size in pixels."""
    out = _checked(path)
    source = tree_rect(scene)
    scale = png_scale(source)
    size = QSize(max(1, round(source.width() * scale)), max(1, round(source.height() * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(round(96 * scale / 0.0254))
    image.setDotsPerMeterY(round(96 * scale / 0.0254))
    image.fill(scene._colours.background)
    painter = QPainter(image)
    try:
        _draw(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    finally:
        painter.end()
    if not image.save(str(out), "PNG"):
        raise OSError(f"Could not write the image '{out}'.")
    return size


def export_svg(scene: KpiCanvasScene, path: str | os.PathLike[str], title: str = "KPI tree") -> QSizeF:
    """Write the whole tree as a scalable SVG; returns its size in CSS pixels."""
    out = _checked(path)
    source = tree_rect(scene)
    generator = QSvgGenerator()
    generator.setFileName(str(out))
    generator.setSize(source.size().toSize())
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(title)
    generator.setDescription("Drawn by okrdesk")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"Could not write the SVG '{out}'.")
    try:
        painter.fillRect(QRectF(0, 0, source.width(), source.height()), scene._colours.background)
        _draw(scene, painter, QRectF(0, 0, source.width(), source.height()), source)
    finally:
        painter.end()
    return source.size()


def export_pdf(scene: KpiCanvasScene, path: str | os.PathLike[str], title: str = "KPI tree") -> QSizeF:
    """Write the whole tree on one vector PDF page sized to it; returns the page size in mm."""
    out = _checked(path)
    source = tree_rect(scene)
    width_mm = source.width() * MM_PER_PX
    height_mm = source.height() * MM_PER_PX
    shrink = min(1.0, PDF_MAX_MM / width_mm, PDF_MAX_MM / height_mm)
    page = QSizeF(max(width_mm * shrink, 100.0) + 2 * PDF_MARGIN_MM, max(height_mm * shrink, 60.0) + 2 * PDF_MARGIN_MM)
    writer = QPdfWriter(str(out))
    writer.setTitle(title)
    writer.setCreator("okrdesk")
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(page, QPageSize.Unit.Millimeter, "KPI tree"),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                                     QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"Could not write the PDF '{out}'.")
    try:
        dots = PDF_DPI / 25.4
        full = QRectF(0, 0, page.width() * dots, page.height() * dots)
        painter.fillRect(full, scene._colours.background)
        margin = PDF_MARGIN_MM * dots
        _draw(scene, painter, full.adjusted(margin, margin, -margin, -margin), source)
    finally:
        painter.end()
    return page


def _draw(scene: KpiCanvasScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    with print_mode(scene):
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
