"""Rows of the tables to the plain dataclasses of ``okrdesk.domain.entities``.

Reads use Core ``select`` on the tables (no ORM objects are built), and each
row mapping becomes a frozen dataclass with its enum strings turned into the
StrEnums.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from enum import StrEnum
from typing import Any, TypeVar

from okrdesk.domain import entities as e

from . import models as m

T = TypeVar("T")

TEAMS = m.TeamRow.__table__
PEOPLE = m.PersonRow.__table__
NODES = m.KpiNodeRow.__table__
LINKS = m.InfluenceLinkRow.__table__
MEASUREMENTS = m.MeasurementRow.__table__
PERIODS = m.PeriodRow.__table__
OBJECTIVES = m.ObjectiveRow.__table__
KEY_RESULTS = m.KeyResultRow.__table__
CHECK_INS = m.CheckInRow.__table__
PROFILES = m.ImportProfileRow.__table__
VALUE_IMPORTS = m.ValueImportRow.__table__
SETTINGS = m.Setting.__table__

TABLES = {t.name: t for t in m.Base.metadata.sorted_tables}

_ENUMS: dict[type, dict[str, type[StrEnum]]] = {
    e.KpiNode: {
        "kind": e.NodeKind,
        "direction": e.Direction,
        "category": e.Category,
        "frequency": e.Frequency,
        "aggregation": e.Aggregation,
        "formula": e.FormulaKind,
    },
    e.Period: {"kind": e.PeriodKind},
    e.Objective: {"type": e.ObjectiveType, "state": e.ObjectiveState},
    e.KeyResult: {"kind": e.KeyResultKind, "pace_override": e.Pace},
}
_FIELDS: dict[type, tuple[str, ...]] = {}


def to_entity(cls: type[T], row: Mapping[str, Any]) -> T:
    """Build the dataclass ``cls`` from a row mapping (extra columns are ignored)."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    values = {name: row[name] for name in names}
    for name, enum in _ENUMS.get(cls, {}).items():
        value = values[name]
        if value is not None:
            values[name] = enum(value)
    if "leading" in values:
        values["leading"] = bool(values["leading"])
    if "closed" in values:
        values["closed"] = bool(values["closed"])
    return cls(**values)
