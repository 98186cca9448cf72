"""The period selector: the workspace's periods (quarters first of all) and "All time"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from okrdesk.domain.entities import Period, PeriodKind

ALL_TIME = -1  # item data of the "All time" entry


def default_period(periods: Iterable[Period], today: dt.date) -> Period | None:
    """The period to show first: the quarter containing ``today``; else any period
    containing it; else the latest one that has started; else the earliest."""
    ordered = sorted(periods, key=lambda p: (p.start, p.end))
    if not ordered:
        return None
    containing = [p for p in ordered if p.start <= today <= p.end]
    for p in containing:
        if p.kind == PeriodKind.QUARTER:
            return p
    if containing:
        return min(containing, key=lambda p: (p.end - p.start, p.start))
    started = [p for p in ordered if p.start <= today]
    return started[-1] if started else ordered[0]


class PeriodSelector(QComboBox):
    """Emits ``period_changed(Period | None)``; None means "All time"."""

    period_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._periods: dict[int, Period] = {}
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMinimumContentsLength(12)
        self.setToolTip(self.tr("Period shown in every view"))
        self.setAccessibleName(self.tr("Period"))
        self.currentIndexChanged.connect(self._emit)

    def set_periods(self, periods: Iterable[Period], today: dt.date) -> None:
        """Fill with ``periods`` (by start date) plus "All time"; select the default.

        Emits ``period_changed`` once for the selected period.
        """
        ordered = sorted(periods, key=lambda p: (p.start, p.end, p.name))
        chosen = default_period(ordered, today)
        self.blockSignals(True)
        try:
            self.clear()
            self._periods = {p.id: p for p in ordered}
            for p in ordered:
                label = p.name
                if p.start <= today <= p.end:
                    label = self.tr("{name} (current)").format(name=p.name)
                self.addItem(label, p.id)
                self.setItemData(self.count() - 1, _describe(p), Qt.ItemDataRole.ToolTipRole)
            self.addItem(self.tr("All time"), ALL_TIME)
            index = self.findData(chosen.id) if chosen else self.count() - 1
            self.setCurrentIndex(index)
        finally:
            self.blockSignals(False)
        self._emit()

    def current_period(self) -> Period | None:
        """The selected period, or None for "All time" (or when empty)."""
        data = self.currentData()
        return self._periods.get(data) if isinstance(data, int) else None

    def select_period(self, period_id: int | None) -> None:
        """Select the period with ``period_id`` (None: "All time")."""
        index = self.findData(ALL_TIME if period_id is None else period_id)
        if index < 0:
            raise ValueError(f"No period with id {period_id!r} in the selector.")
        self.setCurrentIndex(index)

    def labels(self) -> list[str]:
        """The entries as shown, in order (used by tests and accessibility checks)."""
        return [self.itemText(i) for i in range(self.count())]

    def _emit(self, *_args: object) -> None:
        self.period_changed.emit(self.current_period())


def _describe(p: Period) -> str:
    return f"{p.name}: {p.start:%d %b %Y} – {p.end:%d %b %Y}"
