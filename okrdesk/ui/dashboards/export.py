"""A dashboard as a picture or a print-ready PDF (no QPrinter: ``QPdfWriter`` at 300 dpi).

The PDF is A4 landscape. The widget is drawn with its own painting code
straight into the PDF (text and lines stay vector), scaled to the page width;
a dashboard a little taller than a page is shrunk to fit one page, a much
taller one (a large branch) continues on further pages.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint, QRect
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QRegion
from PySide6.QtWidgets import QWidget

PDF_RESOLUTION = 300
PDF_MARGIN_MM = 10.0
#: A widget up to this many pages tall is shrunk onto one page instead of split.
SHRINK_TO_ONE_PAGE = 1.5


def save_widget_png(widget: QWidget, path: str | Path) -> bool:
    """Save ``widget`` as drawn on screen (its whole area, scrolled-away parts too)."""
    return widget.grab().save(str(path), "PNG")


def save_widget_pdf(widget: QWidget, path: str | Path, title: str = "") -> int:
    """Print ``widget`` to an A4-landscape PDF at ``path``; returns the number of pages.

    OSError naming the file when it cannot be written.
    """
    target = Path(path)
    writer = QPdfWriter(str(target))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(PDF_MARGIN_MM, PDF_MARGIN_MM, PDF_MARGIN_MM, PDF_MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(title)
    writer.setCreator("okrdesk")
    page = writer.pageLayout().paintRectPixels(PDF_RESOLUTION)
    width, height = max(widget.width(), 1), max(widget.height(), 1)
    scale = page.width() / width
    if height * scale > page.height() * SHRINK_TO_ONE_PAGE:
        slice_height = int(page.height() / scale)
    else:
        scale = min(scale, page.height() / height)
        slice_height = height
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"Could not write the PDF file {target}.")
    breaks = page_breaks(widget) if slice_height < height else []
    pages = 0
    try:
        top = 0
        while top < height:
            if pages:
                writer.newPage()
            bottom = min(top + slice_height, height)
            if bottom < height:
                # End the page above the first tile or panel it would cut, if one starts
                # in the lower half of the page.
                fitting = [b for b in breaks if top + slice_height // 2 < b <= bottom]
                bottom = max(fitting) if fitting else bottom
            painter.save()
            painter.scale(scale, scale)
            widget.render(painter, QPoint(0, 0), QRegion(QRect(0, top, width, bottom - top)))
            painter.restore()
            pages += 1
            top = bottom
    finally:
        painter.end()
    if not target.exists() or target.stat().st_size == 0:
        raise OSError(f"Could not write the PDF file {target}.")
    return pages


def page_breaks(widget: QWidget) -> list[int]:
    """Where a page may end without cutting a child: the top edges of visible children
    (in ``widget``'s coordinates), ascending."""
    tops = {
        child.mapTo(widget, QPoint(0, 0)).y()
        for child in widget.findChildren(QWidget)
        if child.isVisibleTo(widget) and child.height() > 0
    }
    return sorted(t for t in tops if t > 0)
