"""The Trends view's compare page: mode, index start date, the chart and its notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.store.readmodels.trend_compare import (
    COMPARE_MODE_WORDS,
    MAX_COMPARED,
    CompareLine,
    CompareMode,
    compare_lines,
    default_index_start,
)
from okrdesk.ui.fonts import body_font
from okrdesk.ui.trends.compare_chart import CompareChart
from okrdesk.ui.widgets.elided_label import ElidedLabel


class ComparePanel(QWidget):
    """Compare up to ``MAX_COMPARED`` KPIs; ``show_nodes`` draws the checked ones."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode_combo = QComboBox()
        for mode, words in COMPARE_MODE_WORDS.items():
            self.mode_combo.addItem(words, mode)
        self.mode_combo.setAccessibleName("How to compare the checked KPIs")
        self.start_label = QLabel("Index from")
        self.start_label.setObjectName("Muted")
        self.start_edit = QDateEdit()
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("dd MMM yyyy")
        self.start_edit.setAccessibleName("Date whose values are indexed to 100")
        self.notes_label = ElidedLabel()
        self.notes_label.setObjectName("Muted")
        self.notes_label.setFont(body_font(9.5))
        self.chart = CompareChart()
        controls = QHBoxLayout()
        controls.setSpacing(8)
        controls.addWidget(self.mode_combo)
        controls.addSpacing(8)
        controls.addWidget(self.start_label)
        controls.addWidget(self.start_edit)
        controls.addSpacing(12)
        controls.addWidget(self.notes_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(controls)
        layout.addWidget(self.chart, 1)
        self._tree: TreeReadModel | None = None
        self._ids: list[int] = []
        self._lines: list[CompareLine] = []
        self._start_chosen = False
        self.mode_combo.currentIndexChanged.connect(lambda _i: self._redraw())
        self.start_edit.dateChanged.connect(self._start_changed)
        self._mode_changed_ui()

    def mode(self) -> CompareMode:
        """The comparison mode chosen."""
        return CompareMode(self.mode_combo.currentData())

    def set_mode(self, mode: CompareMode) -> None:
        """Choose ``mode`` (redraws)."""
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(CompareMode(mode)))

    def index_start(self) -> dt.date:
        """The date indexed to 100."""
        return self.start_edit.date().toPython()

    def set_index_start(self, day: dt.date) -> None:
        """Index to 100 at ``day`` (redraws)."""
        self._start_chosen = True
        self.start_edit.setDate(QDate(day.year, day.month, day.day))

    def show_nodes(self, tree: TreeReadModel, node_ids: Sequence[int]) -> None:
        """Compare ``node_ids`` (the first ``MAX_COMPARED``) of ``tree``."""
        self._tree = tree
        self._ids = [i for i in node_ids if i in tree.ids][:MAX_COMPARED]
        self._lines = compare_lines(tree, self._ids)
        if not self._start_chosen:
            start = default_index_start(self._lines)
            if start is not None:
                self.start_edit.blockSignals(True)
                self.start_edit.setDate(QDate(start.year, start.month, start.day))
                self.start_edit.blockSignals(False)
        self._redraw()

    def compared_ids(self) -> list[int]:
        """The node ids drawn."""
        return list(self._ids)

    def _start_changed(self) -> None:
        self._start_chosen = True
        self._redraw()

    def _mode_changed_ui(self) -> None:
        indexed = self.mode() == CompareMode.INDEXED
        self.start_label.setVisible(indexed)
        self.start_edit.setVisible(indexed)

    def _redraw(self) -> None:
        self._mode_changed_ui()
        mode = self.mode()
        if not self._lines:
            self.chart.set_lines([], mode, self.index_start())
            self.notes_label.setText("Tick two or more KPIs in the list to compare them")
            return
        self.chart.set_lines(self._lines, mode, self.index_start() if mode == CompareMode.INDEXED else None)
        notes = self.chart.notes()
        if len(self._lines) == 1:
            notes.insert(0, "Tick more KPIs in the list to compare them")
        self.notes_label.setText("  ·  ".join(notes))
        self.notes_label.setToolTip("\n".join(notes))
        self.notes_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
