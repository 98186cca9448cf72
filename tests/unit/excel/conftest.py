"""Fixtures of the Excel import tests: a fresh workspace and a dump of every table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from okrdesk.store.workspace import Workspace


@pytest.fixture
def workspace(tmp_path):
    ws = Workspace.create(tmp_path / "w.okrdesk")
    yield ws
    ws.close()


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of the workspace file, sorted (for before/after checks)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"'))) for n in names}
    finally:
        con.close()
