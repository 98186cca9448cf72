"""Numbers of a key result linked to a KPI node, read from the KPI tree read model.

``linked_start`` is THE place a linked key result's start is computed (the
board, the dashboards, the key-result dialog's prefill, carrying objectives to
the next quarter, and "Create key result from this KPI" all call it); the rule
itself is ``okrdesk.domain.linked_start.start_value``: the node's value in the
last bucket that ends before the period starts, else the first bucket inside
the period.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from okrdesk.domain.linked_start import start_value

if TYPE_CHECKING:
    from okrdesk.domain.entities import Period
    from okrdesk.store.readmodels.tree import TreeReadModel


def linked_start(
    tree: TreeReadModel, node_id: int, period_start: dt.date, period_end: dt.date | None = None
) -> float | None:
    """The start value of a key result linked to ``node_id`` in a period beginning
    ``period_start`` (and ending ``period_end``, when known): see the module docstring.
    None when the node has no value before or in the period, or is not in ``tree``."""
    try:
        series = tree.series(node_id)
    except KeyError:
        return None
    return start_value(series, period_start, tree.grain, period_end)


def linked_start_and_current(
    tree: TreeReadModel, node_id: int, period: Period | None, today: dt.date
) -> tuple[float | None, float | None]:
    """(start, current) a key result of ``period`` linked to ``node_id`` takes, as the
    key-result dialog shows them before saving ((None, None) without a period)."""
    if period is None:
        return None, None
    return linked_start(tree, node_id, period.start, period.end), linked_current(tree, node_id, period, today)


def linked_current(tree: TreeReadModel, node_id: int, period: Period, today: dt.date) -> float | None:
    """The current value of a linked key result: the latest bucket with a value that
    starts inside ``period`` on or before ``today`` (None when there is none yet)."""
    return linked_numbers(tree, node_id, period, today)[1]


def linked_numbers(
    tree: TreeReadModel, node_id: int, period: Period, today: dt.date
) -> tuple[float | None, float | None, tuple[tuple[dt.date, float], ...]]:
    """(start, current, history) of a KPI node over ``period`` as of ``today``.

    start: ``linked_start``; current: the latest bucket with a value that
    starts inside the period on or before ``today``; history: every such
    bucket (oldest first).
    """
    until = min(period.end, today)
    inside = tuple(
        (day, float(value))
        for day, value in tree.series(node_id)
        if period.start <= day <= until and value is not None and math.isfinite(value)
    )
    start = linked_start(tree, node_id, period.start, period.end)
    current = inside[-1][1] if inside else None
    return start, current, inside


__all__ = ["linked_current", "linked_numbers", "linked_start", "linked_start_and_current"]
