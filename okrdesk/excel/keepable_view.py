"""The workspace as the Excel writer sees it: every text keepable in XML.

The store keeps such characters out since okrdesk.domain.text exists, but a file
written by hand or by an older version may still hold some, and one is enough
to make an .xlsx unreadable. The writer reads through this view, so no text
reaches a cell, a chart title, a list or the Read me without passing here.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

from okrdesk.domain.text import UNKEEPABLE, keepable


@cache
def _text_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.type in (str, "str"))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return keepable(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        search = UNKEEPABLE.search
        changes = {name: keepable(text) for name in _text_fields(type(value))
                   if (text := getattr(value, name)) and search(text)}
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value  # numbers, dates, numpy arrays


class KeepableView:
    """Wraps a WorkspaceService: every method's result comes back with keepable text."""

    def __init__(self, service: Any) -> None:
        self._service = service

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._service, name)
        if not callable(attr):
            return _clean(attr)

        def call(*args: Any, **kwargs: Any) -> Any:
            return _clean(attr(*args, **kwargs))

        return call
