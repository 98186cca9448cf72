"""Root cause: a node's change between two buckets as a waterfall of its inputs' contributions.

The split comes from :func:`okrdesk.domain.whatif.root_cause` (exact for sums,
Shapley values or log-change for products, ratios and expressions). The chart
starts with the value in the first bucket, steps up or down by each input's
contribution (green when the step is good news for the node's direction, red
when bad, grey for band KPIs) and ends with the value in the second bucket.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from okrdesk import palette
from okrdesk.domain.entities import Direction, Status
from okrdesk.domain.whatif import root_cause
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.ui import theme
from okrdesk.ui.kpi_tree import formatting as fmt


@dataclass(frozen=True)
class Step:
    """One bar of the waterfall: a total (from zero) or a change (from the running total)."""

    label: str
    value: float
    total: bool


def waterfall_steps(tree: TreeReadModel, node_id: int, bucket_a: dt.date, bucket_b: dt.date) -> list[Step]:
    """Start value, one step per input contribution, end value. ValueError when it cannot be split."""
    rollup = tree.rollup
    start, end = rollup.value(node_id, bucket_a), rollup.value(node_id, bucket_b)
    code = tree.row(node_id).node.code
    if start is None or end is None:
        raise ValueError(f"{code} has no value in one of the two buckets")
    parts = root_cause(rollup, [r.node for r in tree.rows], node_id, bucket_a, bucket_b)
    steps = [Step(bucket_a.isoformat(), start, True)]
    steps += [Step(tree.row(p.node_id).node.code, p.delta, False) for p in parts]
    steps.append(Step(bucket_b.isoformat(), end, True))
    return steps


class WaterfallChart(QWidget):
    """A waterfall painted with QPainter in the palette's colours, with value labels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps: list[Step] = []
        self.direction = Direction.HIGHER
        self.unit = ""
        self.setMinimumSize(560, 300)
        self.setAccessibleName("Waterfall of contributions")

    def set_steps(self, steps: list[Step], direction: Direction, unit: str) -> None:
        """Show ``steps`` (colours follow ``direction``)."""
        self.steps, self.direction, self.unit = steps, direction, unit
        self.update()

    def bar_colour(self, step: Step) -> QColor:
        """Neutral for totals; green/red for a good/bad change; grey when the direction is a band."""
        if step.total or self.direction == Direction.BAND or step.value == 0:
            return QColor(palette.SERIES_COLOURS[0] if step.total else palette.MUTED_INK)
        good = (step.value > 0) == (self.direction == Direction.HIGHER)
        return QColor(palette.STATUS_COLOURS[Status.GREEN if good else Status.RED])

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        """Bars, connectors, value labels above and input labels below."""
        c = theme.current()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(c.surface))
        if not self.steps:
            p.end()
            return
        spans, running = [], 0.0
        for step in self.steps:
            if step.total:
                running = step.value
                spans.append((0.0, step.value))
            else:
                spans.append((running, running + step.value))
                running += step.value
        low = min(0.0, *(min(s) for s in spans))
        high = max(0.0, *(max(s) for s in spans))
        if high == low:
            high = low + 1.0
        metrics = p.fontMetrics()
        top, bottom = 16 + metrics.height(), self.height() - 12 - 2 * metrics.height()
        left, right = 12, self.width() - 12
        slot = (right - left) / len(self.steps)

        def y(v: float) -> float:
            return bottom - (v - low) / (high - low) * (bottom - top)

        p.setPen(QPen(QColor(c.border_strong), 1))
        p.drawLine(left, int(y(0.0)), right, int(y(0.0)))
        for k, (step, (a, b)) in enumerate(zip(self.steps, spans)):
            x = left + k * slot + slot * 0.18
            width = slot * 0.64
            rect = QRectF(x, min(y(a), y(b)), width, max(1.0, abs(y(a) - y(b))))
            p.fillRect(rect, self.bar_colour(step))
            if k + 1 < len(self.steps):
                p.setPen(QPen(QColor(c.muted_ink), 1, Qt.PenStyle.DotLine))
                p.drawLine(int(x + width), int(y(b)), int(x + slot), int(y(b)))
            value = fmt.format_value(step.value, self.unit)
            if not step.total:
                value = ("+" if step.value >= 0 else "−") + fmt.format_value(abs(step.value), self.unit)
            p.setPen(QColor(c.ink))
            label_y = rect.top() - 4
            p.drawText(QRectF(x - slot * 0.18, label_y - metrics.height(), slot, metrics.height()),
                       Qt.AlignmentFlag.AlignCenter, value)
            p.setPen(QColor(c.muted_ink))
            name = metrics.elidedText(step.label, Qt.TextElideMode.ElideRight, int(slot) - 4)
            p.drawText(QRectF(x - slot * 0.18, bottom + 6, slot, metrics.height()), Qt.AlignmentFlag.AlignCenter, name)
        p.end()


class RootCauseDialog(QDialog):
    """A node's change between two buckets, split into its inputs' contributions."""

    def __init__(self, tree: TreeReadModel, node_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree, self.node_id = tree, node_id
        row = tree.row(node_id)
        self.setWindowTitle(f"Root cause — {row.node.code}")
        self.buckets = [d for d, _ in tree.rollup.series(node_id)]
        if row.bucket is not None:
            self.buckets = [d for d in self.buckets if d <= row.bucket]
        self.first, self.second = QComboBox(), QComboBox()
        self.first.setAccessibleName("From bucket")
        self.second.setAccessibleName("To bucket")
        for combo in (self.first, self.second):
            for d in self.buckets:
                combo.addItem(d.isoformat(), d)
        if len(self.buckets) >= 2:
            self.first.setCurrentIndex(len(self.buckets) - 2)
        self.second.setCurrentIndex(len(self.buckets) - 1)
        self.chart = WaterfallChart()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        pick = QHBoxLayout()
        pick.addWidget(QLabel(f"<b>{row.node.code}</b> {row.node.name}: from"))
        pick.addWidget(self.first)
        pick.addWidget(QLabel("to"))
        pick.addWidget(self.second)
        pick.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.first.currentIndexChanged.connect(self.refresh)
        self.second.currentIndexChanged.connect(self.refresh)
        self.resize(760, 440)
        self.refresh()

    def refresh(self) -> None:
        """Split the change for the chosen buckets and draw it (or say why it cannot be split)."""
        a, b = self.first.currentData(), self.second.currentData()
        node = self.tree.row(self.node_id).node
        if a is None or b is None or a == b:
            self.chart.set_steps([], node.direction, node.unit)
            self.message.setText("Choose two different buckets.")
            return
        try:
            steps = waterfall_steps(self.tree, self.node_id, a, b)
        except ValueError as error:
            self.chart.set_steps([], node.direction, node.unit)
            self.message.setText(str(error))
            return
        self.chart.set_steps(steps, node.direction, node.unit)
        change = steps[-1].value - steps[0].value
        self.message.setText(
            f"Change {change:+,.6g} {node.unit}".rstrip() + " — sums add up exactly; products, ratios and"
            " expressions are split with Shapley values (log-change for long products).")
