"""A workshop-size demo workspace, generated once per test module."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from okrdesk.store.demo import generate_demo
from okrdesk.store.workspace import Workspace

AS_OF = dt.date(2026, 11, 18)


def make_demo(path: Path, size: str = "workshop", as_of: dt.date = AS_OF, seed: int = 2027):
    """Create a workspace at ``path`` and fill it with the demo; returns the summary."""
    ws = Workspace.create(path)
    try:
        return generate_demo(ws.engine, size, as_of=as_of, seed=seed)
    finally:
        ws.close()


@pytest.fixture(scope="module")
def workshop(tmp_path_factory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("demo") / "workshop.okrdesk"
    return path, make_demo(path)


@pytest.fixture()
def db(workshop):
    path, _summary = workshop
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    yield con
    con.close()
