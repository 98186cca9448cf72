"""Fixtures of the store tests: a fresh workspace file per test, and table dumps."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from okrdesk.store.models import Base
from okrdesk.store.service import WorkspaceService
from okrdesk.store.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    """A new, empty workspace in the test's own folder."""
    workspace = Workspace.create(tmp_path / "test.okrdesk", name="Test")
    yield workspace
    workspace.close()


@pytest.fixture
def svc(ws: Workspace) -> WorkspaceService:
    """The service of ``ws``."""
    return ws.service


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table the file has (an older format lacks newer tables), sorted,
    read with a separate read-only connection."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        present = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        out = {}
        for table in Base.metadata.sorted_tables:
            if table.name not in present:
                continue
            rows = con.execute(f'SELECT * FROM "{table.name}"').fetchall()
            out[table.name] = sorted(rows, key=repr)
        return out
    finally:
        con.close()
