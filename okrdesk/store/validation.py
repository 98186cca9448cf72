"""Field rules of editable rows: clean a value or raise ValidationError naming the field.

Each service method describes its fields as a ``{name: Rule}`` map; ``clean``
normalises the given keyword arguments (enum members to their stored string,
ints to floats...) and refuses unknown fields. References to other rows are
checked against the database by ``check_refs`` inside the edit's transaction.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from okrdesk.domain.text import keepable
from .errors import NotFound, ValidationError


class Rule(ABC):
    """How one field's value is checked and normalised."""

    @abstractmethod
    def clean(self, value: Any, field: str, label: str) -> Any:
        """Return the value to store, or raise ValidationError."""


@dataclass(frozen=True)
class Text(Rule):
    """A string; ``required`` refuses blank ones; stripped of surrounding spaces and of
    invisible characters no file can carry (okrdesk.domain.text)."""

    max_len: int | None = None
    required: bool = False
    strip: bool = True

    def clean(self, value: Any, field: str, label: str) -> str:
        if value is None and not self.required:
            return ""
        if not isinstance(value, str):
            raise ValidationError(f"{label}: {field} must be text, not {type(value).__name__}.", field)
        text = keepable(value)
        text = text.strip() if self.strip else text
        if self.required and not text:
            raise ValidationError(f"{label}: {field} must not be empty.", field)
        if self.max_len is not None and len(text) > self.max_len:
            raise ValidationError(
                f"{label}: {field} is {len(text)} characters long; the limit is {self.max_len}.",
                field,
            )
        return text


_CODE_RE = re.compile(r"^[^\s]+$")


@dataclass(frozen=True)
class Code(Rule):
    """A short user-visible code (``REV.NEW``): not empty, no spaces."""

    max_len: int = 64

    def clean(self, value: Any, field: str, label: str) -> str:
        text = Text(self.max_len, required=True).clean(value, field, label)
        if not _CODE_RE.match(text):
            raise ValidationError(f"{label}: {field} {text!r} must not contain spaces.", field)
        return text


@dataclass(frozen=True)
class Choice(Rule):
    """One value of a StrEnum, given as the member or its string."""

    enum: type[StrEnum]
    optional: bool = False

    def clean(self, value: Any, field: str, label: str) -> str | None:
        if value is None and self.optional:
            return None
        try:
            return self.enum(value).value
        except ValueError:
            allowed = ", ".join(m.value for m in self.enum)
            raise ValidationError(
                f"{label}: {field} {value!r} is not one of: {allowed}.", field
            ) from None


@dataclass(frozen=True)
class Number(Rule):
    """A finite number (int or float, not bool), optionally None and within bounds."""

    optional: bool = False
    minimum: float | None = None
    maximum: float | None = None

    def clean(self, value: Any, field: str, label: str) -> float | None:
        if value is None:
            if self.optional:
                return None
            raise ValidationError(f"{label}: {field} needs a number.", field)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(
                f"{label}: {field} must be a number, not {type(value).__name__} {value!r}.", field
            )
        number = float(value)
        if not math.isfinite(number):
            raise ValidationError(f"{label}: {field} must be a finite number, not {value}.", field)
        if self.minimum is not None and number < self.minimum:
            raise ValidationError(f"{label}: {field} must be at least {self.minimum:g}.", field)
        if self.maximum is not None and number > self.maximum:
            raise ValidationError(f"{label}: {field} must be at most {self.maximum:g}.", field)
        return number


@dataclass(frozen=True)
class Flag(Rule):
    """A yes/no value (bool, or the ints 0 and 1)."""

    def clean(self, value: Any, field: str, label: str) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise ValidationError(f"{label}: {field} must be true or false, not {value!r}.", field)


@dataclass(frozen=True)
class Day(Rule):
    """A calendar date (``datetime.date``, not a datetime)."""

    optional: bool = False

    def clean(self, value: Any, field: str, label: str) -> dt.date | None:
        if value is None and self.optional:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise ValidationError(
                f"{label}: {field} must be a date (datetime.date), not {value!r}.", field
            )
        return value


@dataclass(frozen=True)
class Ref(Rule):
    """The id of a row of ``table`` (checked by ``check_refs``), or None when optional."""

    table: str
    kind: str
    optional: bool = True

    def clean(self, value: Any, field: str, label: str) -> int | None:
        if value is None:
            if self.optional:
                return None
            raise ValidationError(f"{label}: {field} is required.", field)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"{label}: {field} must be an id (int), not {value!r}.", field)
        return value


@dataclass(frozen=True)
class Position(Rule):
    """A position among siblings: an int >= 0."""

    def clean(self, value: Any, field: str, label: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(f"{label}: {field} must be an int >= 0, not {value!r}.", field)
        return value


def clean(rules: Mapping[str, Rule], values: Mapping[str, Any], label: str) -> dict[str, Any]:
    """Clean every given field with its rule; unknown field names are refused."""
    unknown = sorted(set(values) - set(rules))
    if unknown:
        raise ValidationError(
            f"{label}: unknown field(s) {', '.join(unknown)}; "
            f"known fields are {', '.join(sorted(rules))}.",
            unknown[0],
        )
    return {name: rules[name].clean(value, name, label) for name, value in values.items()}


def check_refs(
    session: Session, rules: Mapping[str, Rule], values: Mapping[str, Any], tables: Mapping[str, Table]
) -> None:
    """Raise NotFound for any Ref field whose id is not a row of its table."""
    for name, value in values.items():
        rule = rules.get(name)
        if isinstance(rule, Ref) and value is not None:
            table = tables[rule.table]
            if session.execute(select(table.c.id).where(table.c.id == value)).first() is None:
                raise NotFound(rule.kind, value)
