"""A dashboard's Export button: PNG picture or PDF print-out of the page shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QScrollArea, QToolButton, QWidget

from okrdesk.ui import icons
from okrdesk.ui.dashboards.export import save_widget_pdf, save_widget_png


class DashboardExport:
    """Owns the Export tool button and its two actions; draws ``content`` (the
    scroll area's widget, all of it, not just what is scrolled into view)."""

    def __init__(self, owner: QWidget, scroll: QScrollArea, title: Callable[[], str]) -> None:
        self.owner = owner
        self.scroll = scroll
        self.title = title
        self.button = QToolButton(owner)
        self.button.setText("Export")
        self.button.setIcon(icons.icon("download"))
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setAccessibleName("Export or print this dashboard")
        menu = QMenu(self.button)
        self.png_action = menu.addAction(icons.icon("download"), "PNG picture…")
        self.png_action.setToolTip("Save this dashboard as a PNG picture")
        self.pdf_action = menu.addAction(icons.icon("download"), "Print to PDF (A4 landscape)…")
        self.pdf_action.setToolTip("Print this dashboard to a PDF file, fitted to A4 landscape pages")
        self.button.setMenu(menu)
        self.png_action.triggered.connect(lambda: self.export_png())
        self.pdf_action.triggered.connect(lambda: self.export_pdf())

    def _default_name(self, suffix: str) -> str:
        stem = "-".join(self.title().lower().split()) or "dashboard"
        return f"{stem}.{suffix}"

    def _ask(self, path: str | Path | None, caption: str, suffix: str, kinds: str) -> Path | None:
        if path is not None:
            return Path(path)
        chosen, _ = QFileDialog.getSaveFileName(self.owner, caption, self._default_name(suffix), kinds)
        return Path(chosen) if chosen else None

    def _drawn(self, action):
        """Run ``action`` on the content laid out at its full height, without the Export button."""
        content = self.scroll.widget()
        self.button.setVisible(False)
        layout = content.layout()
        layout.activate()
        width = content.width()
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        content.resize(width, max(needed, layout.totalMinimumSize().height(), self.scroll.viewport().height()))
        try:
            return action(content)
        finally:
            self.button.setVisible(True)

    def export_png(self, path: str | Path | None = None) -> Path | None:
        """Save the page shown as PNG; asks for a file when ``path`` is None."""
        target = self._ask(path, "Export dashboard as PNG", "png", "PNG pictures (*.png)")
        if target is None:
            return None
        if not self._drawn(lambda content: save_widget_png(content, target)):
            QMessageBox.warning(self.owner, "Export dashboard", f"Could not write the picture {target}.")
            return None
        return target

    def export_pdf(self, path: str | Path | None = None) -> Path | None:
        """Print the page shown to an A4-landscape PDF; asks for a file when ``path`` is None."""
        target = self._ask(path, "Print dashboard to PDF", "pdf", "PDF files (*.pdf)")
        if target is None:
            return None
        try:
            self._drawn(lambda content: save_widget_pdf(content, target, self.title()))
        except OSError as exc:
            QMessageBox.warning(self.owner, "Print dashboard", str(exc))
            return None
        return target
