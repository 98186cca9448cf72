"""The bundled UI font (Inter, SIL OFL 1.1) and the few font roles the views use.

``register_fonts()`` runs once at start-up (and in the test suite's conftest so
offscreen renders have real text). If the bundled files cannot be loaded the
system's default font is used instead; nothing else changes.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from okrdesk.paths import resources_dir

log = logging.getLogger(__name__)

UI_FAMILY = "Inter"
FALLBACK_FAMILIES = ("Inter", "Segoe UI", "SF Pro Text", "Helvetica Neue", "DejaVu Sans")
BODY_POINT_SIZE = 10.0

_registered: list[str] = []


def register_fonts() -> list[str]:
    """Load every bundled .ttf/.otf into Qt's font database; return the families loaded."""
    if _registered:
        return list(_registered)
    folder = resources_dir() / "fonts"
    families: set[str] = set()
    for path in sorted(folder.glob("*.[ot]tf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Could not load the bundled font %s; using the system font.", path)
            continue
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    _registered.extend(sorted(families))
    return list(_registered)


def ui_family() -> str:
    """The family used for all UI text: the bundled Inter, else the system's UI font."""
    if UI_FAMILY in register_fonts():
        return UI_FAMILY
    return QGuiApplication.font().family()


def body_font(point_size: float = BODY_POINT_SIZE) -> QFont:
    """The font of ordinary text."""
    font = QFont(ui_family())
    font.setPointSizeF(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def title_font(level: int = 1) -> QFont:
    """Headings: level 1 (view titles), 2 (card and panel titles), 3 (small captions)."""
    sizes = {1: 15.0, 2: 12.0, 3: 10.0}
    weights = {1: QFont.Weight.DemiBold, 2: QFont.Weight.DemiBold, 3: QFont.Weight.Medium}
    font = body_font(sizes.get(level, BODY_POINT_SIZE))
    font.setWeight(weights.get(level, QFont.Weight.Medium))
    return font


def number_font(point_size: float = BODY_POINT_SIZE, *, bold: bool = False) -> QFont:
    """Figures in tables and cards: tabular (equal-width) digits so columns line up."""
    font = body_font(point_size)
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    font.setFeature(QFont.Tag("tnum"), 1)
    return font


def scaled(font: QFont, factor: float) -> QFont:
    """A copy of ``font`` ``factor`` times as large (presentation mode)."""
    copy = QFont(font)
    copy.setPointSizeF(font.pointSizeF() * factor)
    return copy
