"""Row mappings to the plain dataclasses of ``okrdesk.domain.entities``.

A mapping (a database row, or an object read back from the start-up
snapshot's JSON) becomes a frozen dataclass with its enum strings turned into
the StrEnums. Plain Python: usable before SQLAlchemy is imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from enum import StrEnum
from typing import Any, TypeVar

from okrdesk.domain import entities as e

T = TypeVar("T")

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
