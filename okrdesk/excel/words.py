"""Words of the workbook: how headers and typed enum words are normalised
(``header_key``) and the accepted words of every enum column (``EnumSpec``s), with
the labels the writer writes. Part of the workbook definition; ``format`` re-exports
every name, so callers use ``okrdesk.excel.format``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from okrdesk.domain.entities import (
    Aggregation,
    Category,
    Direction,
    FormulaKind,
    Frequency,
    KeyResultKind,
    NodeKind,
    ObjectiveState,
    ObjectiveType,
    Pace,
    PeriodKind,
)
from okrdesk.domain.labels import DIRECTION_WORDS, FREQUENCY_WORDS, KIND_WORDS


# --- enum words -----------------------------------------------------------------------


def header_key(text: object) -> str:
    """A header (or enum word) normalised for matching: case, spaces, punctuation ignored.

    ``"KPI code"``, ``" kpi_CODE "`` and ``"K.P.I. Code"`` all give ``"kpicode"``.
    Accents are folded (``"Équipe"`` → ``"equipe"``); ``None`` gives ``""``.
    """
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKD", str(text))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", folded.casefold())


def _words(labels: Mapping[str, str], extra: Mapping[str, Iterable[str]]) -> Mapping[str, str]:
    """Accepted words (normalised) → canonical value: each value, its label, its synonyms."""
    words: dict[str, str] = {}
    for value, label in labels.items():
        words[header_key(value)] = value
        words[header_key(label)] = value
        for synonym in extra.get(value, ()):
            words[header_key(synonym)] = value
    return MappingProxyType(words)


@dataclass(frozen=True)
class EnumSpec:
    """The values of an enum column: ``labels`` (canonical value → label written by
    the writer and offered in dropdowns) and ``words`` (normalised typed word →
    canonical value, covering values, labels and synonyms)."""

    name: str  # header of its list on the hidden Lists sheet
    labels: Mapping[str, str]
    words: Mapping[str, str]
    synonyms: tuple[str, ...] = ()  # as written, for documentation

    def label(self, value: str | None) -> str:
        """The label written for a canonical ``value`` ("" for ``None``)."""
        return "" if value is None else self.labels[str(value)]


def _enum(name: str, labels: dict[str, str], extra: dict[str, Iterable[str]] | None = None) -> EnumSpec:
    synonyms = tuple(w for words in (extra or {}).values() for w in words if w)
    return EnumSpec(name, MappingProxyType(dict(labels)), _words(labels, extra or {}), synonyms)


NODE_KINDS = _enum(
    "Kinds",
    KIND_WORDS,
    {NodeKind.KPI: ("key performance indicator", "vital sign"),
     NodeKind.METRIC: ("driver", "sub-metric"),
     NodeKind.MEASURE: ("raw", "data point", "input")},
)
DIRECTIONS = _enum(
    "Directions",
    DIRECTION_WORDS,
    {Direction.HIGHER: ("up", "increase", "higher better", "maximise", "maximize", "max"),
     Direction.LOWER: ("down", "decrease", "lower better", "minimise", "minimize", "min"),
     Direction.BAND: ("band", "within band", "range", "in range", "target band", "on target")},
)
AGGREGATIONS = _enum(
    "Aggregations",
    {Aggregation.SUM: "Sum", Aggregation.LAST: "Last", Aggregation.AVERAGE: "Average"},
    {Aggregation.SUM: ("total", "flow", "add"),
     Aggregation.LAST: ("latest", "end of period", "closing", "stock", "balance"),
     Aggregation.AVERAGE: ("mean", "avg", "rate")},
)
FREQUENCIES = _enum(
    "Frequencies",
    FREQUENCY_WORDS,
    {Frequency.WEEKLY: ("week", "w"), Frequency.MONTHLY: ("month", "m"),
     Frequency.QUARTERLY: ("quarter", "q"), Frequency.YEARLY: ("year", "annual", "annually", "y")},
)
CATEGORIES = _enum(
    "Categories",
    {Category.STRATEGIC: "Strategic", Category.HEALTH: "Health"},
    {Category.STRATEGIC: ("strategy", "focus"), Category.HEALTH: ("health metric", "hygiene")},
)
FORMULAS = _enum(
    "Formulas",
    {FormulaKind.NONE: "Measured", FormulaKind.SUM: "Sum", FormulaKind.AVERAGE: "Average",
     FormulaKind.PRODUCT: "Product", FormulaKind.RATIO: "Ratio",
     FormulaKind.WEIGHTED_SUM: "Weighted sum"},
    {FormulaKind.NONE: ("", "none", "no formula", "manual", "input"),
     FormulaKind.SUM: ("total", "sum of children"),
     FormulaKind.AVERAGE: ("mean", "avg"),
     FormulaKind.PRODUCT: ("multiply", "product of children"),
     FormulaKind.RATIO: ("divide", "division", "first / second"),
     FormulaKind.WEIGHTED_SUM: ("weighted", "weighted total")},
)
PERIOD_KINDS = _enum(
    "Period kinds",
    {PeriodKind.QUARTER: "Quarter", PeriodKind.YEAR: "Year", PeriodKind.CUSTOM: "Custom"},
    {PeriodKind.QUARTER: ("q", "quarterly"), PeriodKind.YEAR: ("annual", "yearly", "fy"),
     PeriodKind.CUSTOM: ("other", "cycle", "sprint")},
)
OBJECTIVE_TYPES = _enum(
    "Objective types",
    {ObjectiveType.COMMITTED: "Committed", ObjectiveType.ASPIRATIONAL: "Aspirational"},
    {ObjectiveType.COMMITTED: ("commit", "must", "operational"),
     ObjectiveType.ASPIRATIONAL: ("aspire", "stretch", "moonshot", "ambitious")},
)
OBJECTIVE_STATES = _enum(
    "Objective states",
    {ObjectiveState.DRAFT: "Draft", ObjectiveState.ACTIVE: "Active", ObjectiveState.CLOSED: "Closed"},
    {ObjectiveState.DRAFT: ("proposed", "planned", "new"),
     ObjectiveState.ACTIVE: ("open", "in progress", "ongoing", "live"),
     ObjectiveState.CLOSED: ("done", "finished", "complete", "completed", "archived")},
)
KR_KINDS = _enum(
    "KR kinds",
    {KeyResultKind.METRIC: "Metric", KeyResultKind.PERCENTAGE: "Percentage",
     KeyResultKind.CURRENCY: "Currency", KeyResultKind.MILESTONE: "Milestone"},
    {KeyResultKind.METRIC: ("number", "numeric", "count"),
     KeyResultKind.PERCENTAGE: ("percent", "%", "pct"),
     KeyResultKind.CURRENCY: ("money", "amount", "€", "$", "£"),
     KeyResultKind.MILESTONE: ("done not done", "done/not done", "binary", "yes/no", "task")},
)
PACES = _enum(
    "Paces",
    {Pace.ON_TRACK: "On track", Pace.AT_RISK: "At risk", Pace.OFF_TRACK: "Off track"},
    {Pace.ON_TRACK: ("green", "ok", "good"), Pace.AT_RISK: ("amber", "yellow", "watch", "risk"),
     Pace.OFF_TRACK: ("red", "behind", "late")},
)
#: Booleans: the writer writes "Yes"/"No".
YES_NO = _enum("Yes/No", {"yes": "Yes", "no": "No"})
TRUE_WORDS = ("yes", "y", "true", "t", "1", "x", "ja", "oui", "si", "sí")
FALSE_WORDS = ("no", "n", "false", "f", "0", "nein", "non")
BOOL_WORDS: Mapping[str, bool] = MappingProxyType(
    {header_key(w): True for w in TRUE_WORDS} | {header_key(w): False for w in ("", *FALSE_WORDS)}
)
LEADING_WORDS: Mapping[str, bool] = MappingProxyType(
    dict(BOOL_WORDS) | {"leading": True, "lead": True, "lagging": False, "lag": False}
)

ENUMS: tuple[EnumSpec, ...] = (
    NODE_KINDS, DIRECTIONS, AGGREGATIONS, FREQUENCIES, CATEGORIES, FORMULAS,
    PERIOD_KINDS, OBJECTIVE_TYPES, OBJECTIVE_STATES, KR_KINDS, PACES, YES_NO,
)


# --- cell texts of formulas and influence links -------------------------------------


def formula_text(kind: FormulaKind | str, expression: str = "") -> str:
    """What the writer puts in the Formula cell: the expression for an expression
    node, "" for a measured node, else the formula's label ("Weighted sum")."""
    kind = FormulaKind(kind)
    if kind is FormulaKind.EXPRESSION:
        return expression
    if kind is FormulaKind.NONE:
        return ""
    return FORMULAS.labels[kind]


def parse_formula(text: object) -> tuple[FormulaKind, str]:
    """``(kind, expression)`` from a Formula cell: a known word gives its kind, any
    other text is an expression over child codes (validated by the caller).
    A leading "=" (as a spreadsheet user may type) is dropped from expressions."""
    raw = "" if text is None else str(text).strip()
    word = FORMULAS.words.get(header_key(raw))
    if word is not None:
        return FormulaKind(word), ""
    expression = raw[1:].strip() if raw.startswith("=") else raw
    return FormulaKind.EXPRESSION, expression


def influences_text(links: Iterable[tuple[str, str]]) -> str:
    """The Influences cell for ``(influenced code, note)`` pairs: one link per line,
    ``CODE`` or ``CODE: note`` ("CHURN: Promoters renew.\nNPS")."""
    return "\n".join(f"{code}: {note}" if note else code for code, note in links)


def parse_influences(text: object) -> list[tuple[str, str]]:
    """``[(code, note), ...]`` from an Influences cell: one link per line as written by
    ``influences_text``; a line without a colon may list several codes separated by
    commas or semicolons ("CHURN, NPS")."""
    raw = "" if text is None else str(text)
    links: list[tuple[str, str]] = []
    for line in raw.splitlines():
        line = line.strip()
        if not line:
            continue
        if ":" in line:
            code, note = line.split(":", 1)
            links.append((code.strip(), note.strip()))
        else:
            links += [(c.strip(), "") for c in re.split(r"[,;]", line) if c.strip()]
    return links
