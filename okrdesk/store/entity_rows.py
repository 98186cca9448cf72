"""Row mappings to the plain dataclasses of ``okrdesk.domain.entities``.

A mapping (a database row, or an object read back from the start-up
snapshot's JSON) becomes a frozen dataclass with its enum strings turned into
the StrEnums. Plain Python: usable before SQLAlchemy is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
_BOOLEANS = frozenset({"leading", "closed"})
_CONVERTERS: dict[type, tuple[tuple[str, Callable[[Any], Any] | None], ...]] = {}


def to_entity(cls: type[T], row: Mapping[str, Any]) -> T:
    """Build the dataclass ``cls`` from a row mapping (extra columns are ignored)."""
    return cls(**{name: row[name] if convert is None else convert(row[name])
                  for name, convert in _converters(cls)})


def from_values(cls: type[T], values: Sequence[Any]) -> T:
    """Build the dataclass ``cls`` from its field values in declaration order; ValueError
    when there are more or fewer values than fields, or an enum value is unknown."""
    converters = _converters(cls)
    if len(values) != len(converters):
        raise ValueError(f"{cls.__name__} has {len(converters)} fields, not {len(values)}")
    return cls(*[value if convert is None else convert(value)
                 for (_name, convert), value in zip(converters, values)])


def _converters(cls: type) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """(field name, converter or None) for every field of ``cls``, in order."""
    found = _CONVERTERS.get(cls)
    if found is None:
        enums = _ENUMS.get(cls, {})
        found = _CONVERTERS[cls] = tuple(
            (f.name, _enum_converter(enums[f.name]) if f.name in enums else bool if f.name in _BOOLEANS else None)
            for f in fields(cls)
        )
    return found


def _enum_converter(enum: type[StrEnum]) -> Callable[[Any], Any]:
    members = {m.value: m for m in enum}

    def convert(value: Any) -> Any:
        if value is None:
            return None
        found = members.get(value)
        return found if found is not None else enum(value)  # enum(): the usual ValueError

    return convert
