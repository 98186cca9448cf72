"""Sizes, fonts, colours and words of the canvas, in one place.

Box sizes depend only on the node's kind, so the layout (a pure function of
structure and sizes) never moves when a value, a name or a status changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtGui import QColor, QFont

from okrdesk.domain.entities import FormulaKind, NodeKind, Status
from okrdesk.ui import theme
from okrdesk.ui.fonts import ui_family

#: (width, height) of a box by kind: KPIs are the vital signs, drawn larger.
BOX_SIZES: dict[NodeKind, tuple[float, float]] = {
    NodeKind.KPI: (272.0, 124.0),
    NodeKind.METRIC: (240.0, 112.0),
    NodeKind.MEASURE: (240.0, 112.0),
}
SIBLING_GAP = 28.0
SUBTREE_GAP = 44.0
LEVEL_GAP = 84.0
CORNER = 10.0
STATUS_BAR = 6.0
HALO = 5.0  # room around a box for the selection and drop halos
TOGGLE_RADIUS = 10.0
SPARK_WIDTH = 76.0
SPARK_HEIGHT = 28.0

#: Levels of detail (scale of the view): full boxes above FULL_LOD, names only above
#: NAME_LOD, plain coloured blocks below it, one overview item below OVERVIEW_SCALE.
FULL_LOD = 0.5
NAME_LOD = 0.22
OVERVIEW_SCALE = 0.1

#: The label on a formula connector, by formula kind.
OPERATOR_LABELS: dict[FormulaKind, str] = {
    FormulaKind.SUM: "Σ",
    FormulaKind.PRODUCT: "×",
    FormulaKind.RATIO: "÷",
    FormulaKind.AVERAGE: "avg",
    FormulaKind.WEIGHTED_SUM: "w",
    FormulaKind.EXPRESSION: "ƒ",
}


def box_size(kind: NodeKind | str) -> tuple[float, float]:
    """The box of a node of ``kind``."""
    return BOX_SIZES.get(NodeKind(kind), BOX_SIZES[NodeKind.METRIC])


@dataclass(frozen=True)
class CanvasColours:
    """QColors the items paint with, taken from the current theme once per build."""

    background: QColor
    grid: QColor
    surface: QColor
    measure_surface: QColor
    border: QColor
    kpi_border: QColor
    ink: QColor
    muted: QColor
    faint: QColor
    accent: QColor
    accent_tint: QColor
    connector: QColor
    influence: QColor
    good: QColor
    bad: QColor
    refused: QColor
    refused_tint: QColor

    def status(self, status: Status | None) -> QColor:
        """The colour of a status (grey without one)."""
        return theme.status_colour(status)

    def status_tint(self, status: Status | None) -> QColor:
        """A light background for a status."""
        return theme.status_tint(status)


def canvas_colours() -> CanvasColours:
    """The canvas colours of the current light or dark scheme."""
    c = theme.current()
    return CanvasColours(
        background=QColor(c.canvas),
        grid=QColor(c.border),
        surface=QColor(c.surface),
        measure_surface=QColor(c.sunken),
        border=QColor(c.border_strong),
        kpi_border=QColor(c.ink),
        ink=QColor(c.ink),
        muted=QColor(c.muted_ink),
        faint=QColor(c.faint_ink),
        accent=QColor(c.accent),
        accent_tint=QColor(c.accent_tint),
        connector=QColor(c.faint_ink if c.name == "light" else c.muted_ink),
        influence=_faded(QColor(c.series[3]), 170),
        good=QColor(c.status[Status.GREEN]),
        bad=QColor(c.status[Status.RED]),
        refused=QColor(c.status[Status.RED]),
        refused_tint=QColor(c.status_tints[Status.RED]),
    )


def _faded(colour: QColor, alpha: int) -> QColor:
    colour.setAlpha(alpha)
    return colour


@lru_cache(maxsize=32)
def font(pixel_size: int, weight: int = 400) -> QFont:
    """The UI family at a pixel size (pixels, so print and screen agree) and weight."""
    f = QFont(ui_family())
    f.setPixelSize(pixel_size)
    f.setWeight(QFont.Weight(weight))
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # scales smoothly when zooming
    return f
