"""The status bar's permanent part: workspace name, path, read-only badge, counts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QStatusBar, QWidget

from okrdesk.ui import icons

# What the counts are called in the status bar, in the order shown (singular, plural).
COUNT_LABELS = (
    ("teams", "team", "teams"),
    ("kpi_nodes", "KPI node", "KPI nodes"),
    ("objectives", "objective", "objectives"),
    ("key_results", "key result", "key results"),
)


def format_counts(counts: Mapping[str, int] | Any) -> str:
    """"6 teams · 120 KPI nodes · 25 objectives · 1 key result" (known keys only)."""
    if not isinstance(counts, Mapping):
        counts = {k: getattr(counts, k) for k, _, _ in COUNT_LABELS if hasattr(counts, k)}
    parts = [
        f"{counts[key]:,} {QCoreApplication.translate('status', one if counts[key] == 1 else many)}"
        for key, one, many in COUNT_LABELS
        if key in counts
    ]
    return " \u00b7 ".join(parts)


class ElidedLabel(QLabel):
    """A one-line label that elides in the middle instead of widening the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)


class WorkspaceStatus(QWidget):
    """Lives in the status bar; ``show_workspace`` fills it, ``clear`` empties it."""

    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self.badge = QLabel(self.tr("Read-only"))
        self.badge.setObjectName("Badge")
        self.badge.setToolTip(self.tr("This workspace was opened read-only: edits are disabled."))
        self.lock = QLabel()
        self.lock.setPixmap(icons.pixmap("lock", 14))
        self.name = QLabel()
        self.name.setObjectName("WorkspaceName")
        self.path = ElidedLabel()
        self.path.setObjectName("Muted")
        self.counts = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(2)
        layout.addWidget(self.lock)
        layout.addWidget(self.badge)
        layout.addWidget(self.name)
        layout.addWidget(self.path, 1)
        status_bar.addWidget(self, 1)
        self.counts_label = self.counts
        status_bar.addPermanentWidget(self.counts)
        self.clear()

    def show_workspace(self, name: str, path: str, read_only: bool, counts: Any) -> None:
        """Describe the open workspace."""
        self.name.setText(name)
        self.path.setText(path)
        self.path.setToolTip(path)
        self.badge.setVisible(read_only)
        self.lock.setVisible(read_only)
        self.counts.setText(format_counts(counts))

    def update_counts(self, counts: Any) -> None:
        """Refresh the counts after an edit."""
        self.counts.setText(format_counts(counts))

    def clear(self) -> None:
        """No workspace open."""
        self.name.setText(self.tr("No workspace open"))
        self.path.clear()
        self.counts.clear()
        self.badge.hide()
        self.lock.hide()
