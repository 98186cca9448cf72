"""Below a KPI's trend: the progress of a key result reached from it.

A chooser lists the key results linked to the KPI and the other key results of
their objectives (``readmodels.trend_krs``); the chosen one is drawn by the
shared ``KrProgressChart`` (the check-in dialog's chart): check-ins against the
expected-pace line, with the forecast and its band. The view computes the
chart data; this panel only shows it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from okrdesk.store.readmodels.trend_krs import TrendKeyResult, TrendKeyResultChart
from okrdesk.ui.fonts import body_font
from okrdesk.ui.okr_board.formatting import format_kr_value, format_score
from okrdesk.ui.widgets.elided_label import ElidedLabel
from okrdesk.ui.widgets.kr_progress_chart import KrProgressChart
from okrdesk.ui.widgets.status_badge import StatusBadge


class KeyResultPanel(QFrame):
    """A key-result chooser, a one-line summary and the progress chart."""

    #: Emitted with the index of the key result chosen in the chooser.
    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TrendsKrPanel")
        self._items: list[TrendKeyResult] = []
        self._shown: TrendKeyResultChart | None = None
        heading = QLabel("Key-result progress")
        heading.setObjectName("SectionTitle")
        self.combo = QComboBox()
        self.combo.setAccessibleName("Key result to chart")
        self.combo.setToolTip("Key results linked to this KPI, and the other key results of their objectives")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(30)
        self.combo.currentIndexChanged.connect(self._index_changed)
        self.badge = StatusBadge(None)
        self.summary_label = ElidedLabel()
        self.summary_label.setObjectName("Muted")
        self.summary_label.setFont(body_font(9.5))
        self.chart = KrProgressChart()
        self.chart.setMinimumHeight(180)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(heading)
        top.addWidget(self.combo, 1)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.chart, 1)

    def items(self) -> list[TrendKeyResult]:
        """The key results offered, in chooser order."""
        return list(self._items)

    def set_items(self, items: Sequence[TrendKeyResult], index: int) -> None:
        """Offer ``items`` and choose ``items[index]`` (emits ``chosen`` when there are items)."""
        self._items = list(items)
        self.combo.blockSignals(True)
        self.combo.clear()
        for item in self._items:
            self.combo.addItem(item.label, item.kr.id)
            self.combo.setItemData(self.combo.count() - 1, f"{item.kr.title}\n{item.objective.title}",
                                   Qt.ItemDataRole.ToolTipRole)
        self.combo.setCurrentIndex(index if self._items else -1)
        self.combo.blockSignals(False)
        if self._items:
            self.chosen.emit(self.combo.currentIndex())
        else:
            self.show_chart(None)

    def current_index(self) -> int:
        """The index chosen (-1: none)."""
        return self.combo.currentIndex()

    def choose(self, index: int) -> None:
        """Choose ``items[index]``."""
        self.combo.setCurrentIndex(index)

    def _index_changed(self, index: int) -> None:
        if index >= 0:
            self.chosen.emit(index)

    def shown(self) -> TrendKeyResultChart | None:
        """The key result charted."""
        return self._shown

    def show_chart(self, chart: TrendKeyResultChart | None) -> None:
        """Draw ``chart`` (None: an empty chart)."""
        self._shown = chart
        if chart is None:
            self.badge.set_status(None)
            self.summary_label.setText("")
            self.chart.set_data(None)
            return
        row, kr = chart.row, chart.item.kr
        value = format_kr_value(row.current, kr.target, kr.unit, kr.kind, start=row.start)
        parts = [chart.item.objective.title, value,
                 f"progress {format_score(row.progress)} (expected {format_score(row.expected)})"]
        forecast = chart.data.forecast_progress
        if forecast is not None:
            parts.append(f"forecast at period end {format_score(forecast)}")
        self.summary_label.setText("  ·  ".join(parts))
        self.badge.set_status(row.pace)
        self.chart.set_data(chart.data)
