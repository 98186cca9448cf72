"""Numbers as the board and the dashboards show them: scores, confidences, key-result values.

Plain values reuse the KPI formatter (``okrdesk.ui.kpi_tree.formatting``) so that
a value reads the same in the tree, on a card and on a dashboard tile.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLocale

from okrdesk.domain.entities import KeyResultKind
from okrdesk.ui.kpi_tree.formatting import (
    MISSING,
    decimals_for,
    format_change,
    format_number,
    format_value,
    number_locale,
    with_unit,
)

__all__ = [
    "MISSING",
    "format_change",
    "format_confidence",
    "format_kr_value",
    "format_plain",
    "format_score",
    "format_value",
]


def format_plain(value: float | None, unit: str = "", locale: QLocale | None = None) -> str:
    """A number with the precision its unit calls for, without the unit ("12,400")."""
    if value is None or not math.isfinite(value):
        return MISSING
    return format_number(value, decimals_for(value, unit), locale)


def _kr_places(reference: float) -> int:
    magnitude = abs(reference)
    if magnitude >= 100:
        return 0
    if magnitude >= 1:
        return 1
    return 2


def _trimmed(value: float | None, places: int, locale: QLocale | None) -> str:
    """``value`` with at most ``places`` decimals, trailing zeros dropped ("4", "7.5")."""
    text = format_number(value, places, locale)
    if places == 0 or text == MISSING:
        return text
    point = (locale or number_locale()).decimalPoint()
    if point in text:
        text = text.rstrip("0").rstrip(point)
    return text


def format_kr_value(
    current: float | None,
    target: float | None,
    unit: str,
    kind: KeyResultKind,
    locale: QLocale | None = None,
    start: float | None = None,
) -> str:
    """The "current / target unit" text of a key result ("Done" / "Not done" for milestones).

    Both numbers get the same precision, chosen from the larger of start and
    target (0 decimals from 100 up, 1 from 1 up, else 2), with trailing zeros
    dropped: "7.5 / 4 days", "1,352,994 / 1,400,000 €". A current value short of (or
    past) the target never reads as the target: more decimals are shown until they
    differ ("24.17 / 24.2 h", not "24.2 / 24.2 h"), up to four more.
    """
    if kind == KeyResultKind.MILESTONE:
        return "Done" if current is not None and current >= 1 else "Not done"
    known = [abs(x) for x in (start, target, current) if x is not None and math.isfinite(x)]
    places = _kr_places(max(known)) if known else 0
    current_text, target_text = _trimmed(current, places, locale), _trimmed(target, places, locale)
    for more in range(places + 1, places + 5):
        if current_text != target_text or current is None or target is None or current == target:
            break
        current_text, target_text = _trimmed(current, more, locale), _trimmed(target, more, locale)
    return f"{current_text} / {with_unit(target_text, unit)}"


def format_score(score: float | None, locale: QLocale | None = None) -> str:
    """An OKR score as a number with two decimals ("0.62"); a dash without a score."""
    if score is None or not math.isfinite(score):
        return MISSING
    return (locale or number_locale()).toString(float(score), "f", 2)


def format_confidence(confidence: float | None, locale: QLocale | None = None) -> str:
    """Confidence on the 0–10 scale, e.g. "7/10" or "6.5/10"; a dash when unknown."""
    if confidence is None or not math.isfinite(confidence):
        return MISSING
    rounded = round(confidence, 1)
    places = 0 if rounded == round(rounded) else 1
    return f"{format_number(rounded, places, locale)}/10"
