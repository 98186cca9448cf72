"""Save a copy: the backup API, an atomic move into place, a copy that opens."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from okrdesk.store.errors import WorkspaceError
from okrdesk.store.workspace import Workspace

from .conftest import dump


def _fill(ws: Workspace) -> None:
    s = ws.service
    root = s.create_node("ROOT", "Root")
    s.bulk_set_measurements([(root.id, dt.date(2027, 1, 1) + dt.timedelta(d), d * 1.5)
                             for d in range(2000)])


def test_snapshot_opens_and_passes_quick_check(ws: Workspace, tmp_path: Path) -> None:
    _fill(ws)
    dest_dir = tmp_path / "copies"
    dest_dir.mkdir()
    dest = ws.snapshot(dest_dir / "copy.okrdesk")
    assert dest == dest_dir / "copy.okrdesk"
    assert sorted(os.listdir(dest_dir)) == ["copy.okrdesk"]  # self-contained, no temp left
    con = sqlite3.connect(f"file:{dest}?mode=ro", uri=True)
    assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    con.close()
    assert dump(dest) == dump(ws.path)  # type: ignore[arg-type]
    ws.service.create_node("LATER", "After the copy")
    with Workspace.open(dest) as copy:
        assert copy.check().ok
        assert copy.service.counts()["measurements"] == 2000
        assert [n.code for n in copy.service.kpi_nodes()] == ["ROOT"]


def test_snapshot_replaces_an_existing_file(ws: Workspace, tmp_path: Path) -> None:
    dest = tmp_path / "old.okrdesk"
    dest.write_bytes(b"an old copy")
    ws.snapshot(dest)
    assert dest.read_bytes().startswith(b"SQLite format 3\x00")


def test_snapshot_to_missing_folder_fails_cleanly(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="does not exist"):
        ws.snapshot(tmp_path / "missing" / "c.okrdesk")


def test_snapshot_onto_itself_is_refused(ws: Workspace) -> None:
    assert ws.path is not None
    with pytest.raises(WorkspaceError, match="workspace itself"):
        ws.snapshot(ws.path)


def test_snapshot_of_read_only_workspace(tmp_path: Path) -> None:
    path = tmp_path / "r.okrdesk"
    with Workspace.create(path) as ws:
        _fill(ws)
    with Workspace.open(path, read_only=True) as ro:
        dest = ro.snapshot(tmp_path / "r-copy.okrdesk")
    with Workspace.open(dest) as copy:
        assert copy.service.counts()["measurements"] == 2000


def test_check_reports_ok_and_format(ws: Workspace) -> None:
    report = ws.check()
    assert report.ok and report.quick_check == ("ok",) and report.foreign_key_problems == ()
    assert report.format_version == ws.format_version
    assert report.lines()[-1] == "Result: ok"
