"""Numbers as a reader expects them: locale separators, a unit, a sensible precision.

Used by the KPI tree outline, its details panel and the Trends view, so a value
reads the same everywhere. Qt is used only for ``QLocale`` (the user's locale).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale

from okrdesk.domain.entities import Aggregation, Direction, FormulaKind, Frequency, NodeKind
from okrdesk.domain.labels import DIRECTION_WORDS, FREQUENCY_WORDS, KIND_WORDS  # noqa: F401 - re-exported
from okrdesk.domain.status import change_is_good

if TYPE_CHECKING:
    from okrdesk.store.readmodels.tree import NodeRow

#: Units written before the number ("$1,200"); every other unit follows it.
PREFIX_UNITS = frozenset({"$", "£", "US$", "A$", "C$"})
#: Units that mean money or a count: no decimals once a value is large.
WHOLE_UNITS = frozenset(
    {"$", "£", "€", "¥", "eur", "usd", "gbp", "chf", "sek", "nok", "dkk", "jpy", "count", "#",
     "people", "fte", "users", "customers", "orders", "deals", "tickets", "visits", "units", "leads"}
)
PERCENT_UNITS = frozenset({"%", "percent", "pct"})

AGGREGATION_WORDS: dict[Aggregation, str] = {
    Aggregation.SUM: "Sum (a flow)",
    Aggregation.LAST: "Last value (a stock)",
    Aggregation.AVERAGE: "Average (a rate)",
}
FORMULA_WORDS: dict[FormulaKind, str] = {
    FormulaKind.NONE: "Measured",
    FormulaKind.SUM: "Sum of children",
    FormulaKind.AVERAGE: "Average of children",
    FormulaKind.PRODUCT: "Product of children",
    FormulaKind.RATIO: "Ratio: first child ÷ second child",
    FormulaKind.WEIGHTED_SUM: "Weighted sum of children",
    FormulaKind.EXPRESSION: "Expression",
}
FORMULA_OPERATORS: dict[FormulaKind, str] = {
    FormulaKind.SUM: " + ",
    FormulaKind.PRODUCT: " × ",
    FormulaKind.RATIO: " ÷ ",
}

MISSING = "—"


def number_locale() -> QLocale:
    """The user's locale, with thousands separators even for the bare "C" locale."""
    locale = QLocale()
    locale.setNumberOptions(QLocale.NumberOption.DefaultNumberOptions)
    return locale


def decimals_for(value: float, unit: str) -> int:
    """How many decimals to show for ``value`` in ``unit``."""
    u = unit.strip().lower()
    if u in PERCENT_UNITS:
        return 1
    magnitude = abs(value)
    if value == round(value):
        return 0  # whole numbers read best without ".0"
    if u in WHOLE_UNITS:
        return 0 if magnitude >= 100 else (1 if magnitude >= 10 else 2)
    if magnitude >= 100 or (magnitude >= 10 and value == round(value)):
        return 0
    if magnitude >= 10:
        return 1
    if magnitude == 0:
        return 0
    return 2


def format_number(value: float | None, decimals: int, locale: QLocale | None = None) -> str:
    """``value`` with ``decimals`` decimals and the locale's separators; an em dash when missing."""
    if value is None or not math.isfinite(value):
        return MISSING
    locale = locale or number_locale()
    rounded = round(float(value), decimals)
    return locale.toString(rounded if rounded != 0 else 0.0, "f", decimals)  # never "-0"


def with_unit(number: str, unit: str) -> str:
    """Attach ``unit`` to an already formatted number the way it is usually written."""
    u = unit.strip()
    if not u or number == MISSING:
        return number
    if u in PREFIX_UNITS:
        return f"−{u}{number[1:]}" if number.startswith("-") else f"{u}{number}"
    if u.lower() in PERCENT_UNITS:
        return f"{number}%"
    return f"{number}\u202f{u}"  # narrow no-break space keeps "12 days" on one line


def format_value(value: float | None, unit: str = "", locale: QLocale | None = None) -> str:
    """A KPI value for display: "1,234,567 €", "$4,210", "4.2%", "12.5 days", "—"."""
    if value is None or not math.isfinite(value):
        return MISSING
    return with_unit(format_number(value, decimals_for(value, unit), locale), unit)


def format_change(change: float | None, locale: QLocale | None = None) -> str:
    """A relative change as an arrow and a percentage: "▲ 4.2%", "▼ 0.8%", "■ 0.0%"."""
    if change is None or not math.isfinite(change):
        return MISSING
    percent = change * 100.0
    text = format_number(abs(percent), 1, locale)
    if text == format_number(0.0, 1, locale):
        return f"= {text}%"
    arrow = "▲" if percent > 0 else "▼"
    return f"{arrow} {text}%"


def change_tone(row: NodeRow) -> bool | None:
    """Whether the change shown for ``row`` is good news (True) or bad (False); None when
    there is none to colour: no change, one that reads "= 0.0%", or a band KPI without a
    target. Every view colours a change by this, so a change never looks alarming in
    one place and neutral in another."""
    change = row.change
    if change is None or not math.isfinite(change) or format_change(change).startswith("="):
        return None
    return change_is_good(row.previous, row.value, row.node.direction, row.node.target)


def edit_number(value: float | None, locale: QLocale | None = None) -> str:
    """A number as the user types it back: the locale's decimal mark, no separators, as
    many digits as ``parse_number`` needs to read the same value again (every number
    field of the app shows its value with this)."""
    if value is None or not math.isfinite(value):
        return ""
    locale = locale or QLocale()
    text = locale.toString(float(value), "g", 15)
    return text.replace(locale.groupSeparator(), "") if locale.groupSeparator() else text


def parse_number(text: str, locale: QLocale | None = None) -> float | None:
    """A number typed in the user's locale ("1,234.5", "1.234,5" in German, "12 %") or in
    plain notation ("1234.5" works everywhere); None for an empty field. ValueError naming
    the text, with an example in the locale, when it is not a number. Every number field
    of the app reads its text with this."""
    cleaned = text.strip().replace("\u202f", "").replace("\u00a0", "").rstrip("%").strip()
    if not cleaned:
        return None
    locale = locale or number_locale()
    value, ok = locale.toDouble(cleaned)
    if not ok:  # plain notation; never by dropping group separators ("1234.5" is not 12345 in German)
        value, ok = QLocale.c().toDouble(cleaned)
    if not ok or not math.isfinite(value):
        raise ValueError(f"“{text.strip()}” is not a number (for example {locale.toString(1234.5, 'f', 1)}).")
    return float(value)


def format_delta(value: float | None, actual: float | None, unit: str = "", locale: QLocale | None = None) -> str:
    """A what-if value against the actual one: "Δ +4.2%", "Δ −1,200 €" when actual is 0,
    "Δ new" when there is no actual value, "Δ —" without a what-if value."""
    if value is None or not math.isfinite(value):
        return f"Δ {MISSING}"
    if actual is None or not math.isfinite(actual):
        return "Δ new"
    sign = "+" if value >= actual else "−"
    if actual != 0:
        return f"Δ {sign}{format_number(abs(value - actual) / abs(actual) * 100.0, 1, locale)}%"
    return f"Δ {sign}{format_value(abs(value - actual), unit, locale)}"
