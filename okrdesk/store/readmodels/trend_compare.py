"""Several KPIs on one chart: the lines, an index to 100, and a shared unit.

Modes (``CompareMode``): every line on one value axis (``OVERLAY``); every line
divided by its value at a chosen start date and multiplied by 100
(``INDEXED``), so KPIs of different sizes and units compare as growth; or one
small chart per KPI with linked date axes (``SMALL_MULTIPLES``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from okrdesk.palette import SERIES_COLOURS
from okrdesk.store.readmodels.tree import TreeReadModel

#: How many KPIs one comparison holds (one colour each, never reused).
MAX_COMPARED = len(SERIES_COLOURS)


class CompareMode(StrEnum):
    OVERLAY = "overlay"
    INDEXED = "indexed"
    SMALL_MULTIPLES = "small_multiples"


COMPARE_MODE_WORDS = {
    CompareMode.OVERLAY: "Overlay on one axis",
    CompareMode.INDEXED: "Indexed to 100",
    CompareMode.SMALL_MULTIPLES: "Small multiples",
}


@dataclass(frozen=True)
class CompareLine:
    """One KPI of a comparison: its bucket values and the colour it is drawn in."""

    node_id: int
    code: str
    name: str
    unit: str
    colour: str
    dates: np.ndarray  # datetime64[D] bucket starts, ascending
    values: np.ndarray  # float64
    base: float | None = None  # the value indexed to 100 (INDEXED only)
    note: str = ""  # why the line is missing from an indexed chart

    @property
    def label(self) -> str:
        """"CODE Name" for legends (just the name when it is the code)."""
        return self.name if self.name.strip() == self.code.strip() else f"{self.code} {self.name}"


def compare_lines(tree: TreeReadModel, node_ids: Sequence[int]) -> list[CompareLine]:
    """The bucket series of ``node_ids`` in the order given, coloured from ``SERIES_COLOURS``.

    ValueError when more than ``MAX_COMPARED`` nodes are asked for or one repeats;
    KeyError (from the tree) naming an unknown id.
    """
    if len(node_ids) > MAX_COMPARED:
        raise ValueError(f"at most {MAX_COMPARED} KPIs can be compared at once, not {len(node_ids)}")
    if len(set(node_ids)) != len(node_ids):
        raise ValueError("a KPI can be compared with itself only once")
    lines = []
    for i, node_id in enumerate(node_ids):
        node = tree.row(node_id).node
        pairs = tree.series(node_id)
        lines.append(
            CompareLine(
                node_id=node_id,
                code=node.code,
                name=node.name,
                unit=node.unit,
                colour=SERIES_COLOURS[i],
                dates=np.array([d for d, _ in pairs], dtype="datetime64[D]"),
                values=np.array([v for _, v in pairs], dtype=np.float64),
            )
        )
    return lines


def index_base(dates: np.ndarray, values: np.ndarray, start: dt.date) -> float | None:
    """The first finite, non-zero value on or after ``start`` (None when there is none)."""
    after = np.asarray(dates, dtype="datetime64[D]") >= np.datetime64(start, "D")
    candidates = np.asarray(values, dtype=np.float64)[after]
    for value in candidates.tolist():
        if math.isfinite(value):
            return value if value != 0 else None
    return None


def indexed(line: CompareLine, start: dt.date) -> CompareLine:
    """``line`` from ``start`` on, as 100 × value / base (the value at ``start``).

    Buckets before ``start`` are dropped. A line whose base is missing or zero
    comes back empty, with a ``note`` saying why. A negative base keeps its sign
    so a rise stays a rise: 100 × value / |base|, shifted so that the base is 100.
    """
    base = index_base(line.dates, line.values, start)
    keep = line.dates >= np.datetime64(start, "D")
    dates, values = line.dates[keep], line.values[keep]
    if base is None:
        reason = "no value" if not np.isfinite(values).any() else "a value of zero"
        return CompareLine(line.node_id, line.code, line.name, line.unit, line.colour,
                           dates[:0], values[:0], None, f"{line.code} has {reason} at {start:%d %b %Y}: left out")
    if base > 0:
        scaled = values / base * 100.0
    else:
        scaled = 100.0 + (values - base) / abs(base) * 100.0
    return CompareLine(line.node_id, line.code, line.name, line.unit, line.colour, dates, scaled, base)


def shared_unit(lines: Sequence[CompareLine]) -> str | None:
    """The unit every line has ("" is a unit too); None when they differ."""
    units = {line.unit for line in lines}
    return units.pop() if len(units) == 1 else None


def default_index_start(lines: Sequence[CompareLine]) -> dt.date | None:
    """The latest first date of the lines: the earliest start where every line has a value."""
    firsts = [line.dates[0].item() for line in lines if line.dates.size]
    return max(firsts) if firsts else None
