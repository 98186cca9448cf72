"""Named what-if scenarios: a set of temporary values kept under a name.

A scenario is never data: its values are not measurements, and loading one
only shows them as what-if overrides. The store keeps every scenario of a
workspace as one JSON document (``encode`` / ``decode``, format version 1):

    {"version": 1, "scenarios": [
        {"name": "Q2 push", "saved": "2027-02-15T10:04:00",
         "values": [{"node": 12, "code": "REV.NEW", "bucket": "2027-02-01", "value": 120000.0}]}]}

Values point at nodes by id (ids survive undo and redo) and carry the code
too, so a value whose node was deleted can be named when it is dropped.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from okrdesk.domain.text import keepable

FORMAT_VERSION = 1
NAME_LIMIT = 100


@dataclass(frozen=True)
class ScenarioValue:
    """One what-if value: the node (id and code when saved), its bucket and the value."""

    node_id: int
    code: str
    bucket: dt.date
    value: float


@dataclass(frozen=True)
class Scenario:
    """A named set of what-if values."""

    name: str
    values: tuple[ScenarioValue, ...]
    saved: dt.datetime | None = None


def clean_name(name: object) -> str:
    """A scenario name as stored: text, stripped, not empty, at most NAME_LIMIT characters.
    ValueError saying what is wrong."""
    if not isinstance(name, str):
        raise ValueError(f"A scenario name must be text, not {type(name).__name__}")
    text = " ".join(keepable(name).split())
    if not text:
        raise ValueError("A scenario needs a name")
    if len(text) > NAME_LIMIT:
        raise ValueError(f"A scenario name is {len(text)} characters long; the limit is {NAME_LIMIT}")
    return text


def encode(scenarios: Sequence[Scenario]) -> str:
    """The JSON document holding ``scenarios`` (in their order)."""
    return json.dumps({
        "version": FORMAT_VERSION,
        "scenarios": [
            {"name": s.name,
             "saved": s.saved.isoformat(timespec="seconds") if s.saved is not None else None,
             "values": [{"node": v.node_id, "code": v.code, "bucket": v.bucket.isoformat(), "value": v.value}
                        for v in s.values]}
            for s in scenarios
        ],
    }, ensure_ascii=False, allow_nan=False)


def decode(text: str | None) -> list[Scenario]:
    """The scenarios of a JSON document written by :func:`encode` (none for an empty one).
    ValueError naming the scenario and field when the document cannot be read."""
    if text is None or not text.strip():
        return []
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"the saved scenarios are not valid JSON ({error.msg} at character {error.pos})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("scenarios"), list):
        raise ValueError("the saved scenarios have no list of scenarios")
    version = doc.get("version")
    if version != FORMAT_VERSION:
        raise ValueError(f"the saved scenarios are in format version {version!r}; this okrdesk reads version "
                         f"{FORMAT_VERSION}")
    out: list[Scenario] = []
    for k, item in enumerate(doc["scenarios"], start=1):
        place = f"scenario {k}"
        if not isinstance(item, dict):
            raise ValueError(f"{place} is not an object")
        try:
            name = clean_name(item.get("name"))
        except ValueError as error:
            raise ValueError(f"{place}: {error}") from None
        place = f"scenario “{name}”"
        saved = item.get("saved")
        try:
            saved = dt.datetime.fromisoformat(saved) if saved else None
        except (TypeError, ValueError):
            raise ValueError(f"{place}: 'saved' {saved!r} is not a date and time") from None
        values = item.get("values")
        if not isinstance(values, list):
            raise ValueError(f"{place} has no list of values")
        out.append(Scenario(name, tuple(_value(v, f"{place}, value {j}") for j, v in enumerate(values, 1)), saved))
    return out


def _value(item: object, place: str) -> ScenarioValue:
    if not isinstance(item, dict):
        raise ValueError(f"{place} is not an object")
    node, code, bucket, value = item.get("node"), item.get("code", ""), item.get("bucket"), item.get("value")
    if isinstance(node, bool) or not isinstance(node, int):
        raise ValueError(f"{place}: node id {node!r} is not a whole number")
    if not isinstance(code, str):
        raise ValueError(f"{place}: code {code!r} is not text")
    try:
        day = dt.date.fromisoformat(bucket) if isinstance(bucket, str) else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"{place}: bucket {bucket!r} is not a date (YYYY-MM-DD)")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{place}: value {value!r} is not a finite number")
    return ScenarioValue(node, code, day, float(value))
