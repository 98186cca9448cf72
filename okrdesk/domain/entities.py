"""Plain, immutable records of the okrdesk vocabulary (PRODUCT.md §2).

These dataclasses are the one shape in which data travels between layers:
the store returns them, the domain functions take them, the UI shows them.
They carry no behaviour and know nothing of SQLAlchemy or Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class NodeKind(StrEnum):
    KPI = "kpi"
    METRIC = "metric"
    MEASURE = "measure"


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better
    BAND = "band"  # within a band around the target


class Aggregation(StrEnum):
    SUM = "sum"  # flows: revenue, orders
    LAST = "last"  # stocks: headcount, ARR
    AVERAGE = "average"  # rates: conversion, NPS


class FormulaKind(StrEnum):
    NONE = "none"  # measured, not derived
    SUM = "sum"
    AVERAGE = "average"
    PRODUCT = "product"
    RATIO = "ratio"  # first child / second child (by position)
    WEIGHTED_SUM = "weighted_sum"  # sum of child value * child weight
    EXPRESSION = "expression"  # arithmetic over child codes


class Frequency(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class Grain(StrEnum):
    """Reporting grain of a workspace: the size of a bucket."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Category(StrEnum):
    STRATEGIC = "strategic"
    HEALTH = "health"


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Pace(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"


class ObjectiveType(StrEnum):
    COMMITTED = "committed"
    ASPIRATIONAL = "aspirational"


class ObjectiveState(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


class KeyResultKind(StrEnum):
    METRIC = "metric"
    PERCENTAGE = "percentage"
    CURRENCY = "currency"
    MILESTONE = "milestone"  # done (1) / not done (0)


@dataclass(frozen=True, slots=True)
class Team:
    id: int
    name: str
    parent_id: int | None = None
    position: int = 0
    description: str = ""
    revision: int = 1


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    email: str = ""
    team_id: int | None = None
    revision: int = 1


@dataclass(frozen=True, slots=True)
class KpiNode:
    id: int
    code: str
    name: str
    kind: NodeKind = NodeKind.METRIC
    parent_id: int | None = None
    position: int = 0
    description: str = ""
    unit: str = ""
    direction: Direction = Direction.HIGHER
    owner_id: int | None = None
    team_id: int | None = None
    leading: bool = False  # leading (True) or lagging (False) indicator
    category: Category = Category.STRATEGIC
    frequency: Frequency = Frequency.MONTHLY
    aggregation: Aggregation = Aggregation.SUM
    target: float | None = None
    green_from: float | None = None
    red_from: float | None = None
    formula: FormulaKind = FormulaKind.NONE
    expression: str = ""  # only for FormulaKind.EXPRESSION
    weight: float = 1.0  # this node's weight in its parent's weighted sum
    revision: int = 1


@dataclass(frozen=True, slots=True)
class InfluenceLink:
    id: int
    source_id: int  # the driver
    target_id: int  # the node it influences
    note: str = ""


@dataclass(frozen=True, slots=True)
class Measurement:
    id: int
    node_id: int
    date: dt.date
    value: float
    note: str = ""
    source: str = "manual"  # manual, check-in, import:<profile>, demo
    revision: int = 1


@dataclass(frozen=True, slots=True)
class Period:
    id: int
    name: str  # e.g. "2027-Q1"
    kind: PeriodKind
    start: dt.date
    end: dt.date  # inclusive
    closed: bool = False


@dataclass(frozen=True, slots=True)
class Objective:
    id: int
    ref: str  # user-visible, unique: "O-0012"
    title: str
    period_id: int | None
    team_id: int | None
    owner_id: int | None = None
    description: str = ""
    parent_id: int | None = None  # alignment
    type: ObjectiveType = ObjectiveType.COMMITTED
    state: ObjectiveState = ObjectiveState.ACTIVE
    retrospective: str = ""
    position: int = 0
    carried_from_id: int | None = None
    revision: int = 1


@dataclass(frozen=True, slots=True)
class KeyResult:
    id: int
    ref: str  # user-visible, unique: "KR-0042"
    objective_id: int
    title: str
    kind: KeyResultKind = KeyResultKind.METRIC
    start: float | None = None
    target: float | None = None
    current: float | None = None
    unit: str = ""
    owner_id: int | None = None
    weight: float = 1.0
    kpi_node_id: int | None = None
    confidence: float | None = None  # 0..10
    position: int = 0
    pace_override: Pace | None = None
    override_reason: str = ""
    revision: int = 1


@dataclass(frozen=True, slots=True)
class CheckIn:
    id: int
    key_result_id: int
    date: dt.date
    value: float
    confidence: float | None = None  # 0..10
    comment: str = ""
    author: str = ""


@dataclass(frozen=True, slots=True)
class ImportProfile:
    id: int
    name: str
    definition: str  # JSON document, owned by okrdesk.excel


@dataclass(frozen=True, slots=True)
class ValueImport:
    """One values import from a foreign spreadsheet, as listed in the import history."""

    id: int
    imported_at: dt.datetime  # UTC, without tzinfo
    file_name: str
    sheet: str = ""
    profile_name: str = ""  # "" when imported without a saved profile
    new_count: int = 0
    changed_count: int = 0
    unchanged_count: int = 0
    skipped_count: int = 0
    nodes_created: int = 0
