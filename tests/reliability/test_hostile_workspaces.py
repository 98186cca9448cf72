"""PRODUCT.md §7: "Files that are not okrdesk workspaces, or are from a newer version, are
refused with a clear message and never modified."

Every hostile file goes through the CLI (exit 3, one line naming the file) and through the
app's open path (one message box naming the file, no traceback), and is byte-identical
afterwards, with nothing new in its folder and — checked by audit hooks — no attempt to
write there at all. Extends tests/unit/store/test_open_refusals.py (the store's errors)
and tests/e2e/test_cli.py (check/render) with export, import and the GUI.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.unit.store.test_open_refusals import (
    _empty,
    _foreign_sqlite,
    _newer_workspace,
    _png,
    _random,
    _truncated_workspace,
    _zip,
)

from .app_open import app_messages
from .cli_inprocess import okrdesk
from .files import folder_state
from .write_watch import WriteWatch

KINDS = {"empty": _empty, "random bytes": _random, "png": _png, "zip": _zip,
         "foreign sqlite": _foreign_sqlite, "truncated": _truncated_workspace,
         "future format": _newer_workspace, "missing": None}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wb") / "template.xlsx"
    code, _, err = okrdesk("template", out)
    assert code == 0, err
    return out


def _one_clear_line(err: str, name: str) -> None:
    assert "Traceback" not in err and "internal error" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and name in lines[0], err


@pytest.mark.parametrize("kind", KINDS, ids=list(KINDS))
def test_hostile_file_is_refused_by_cli_and_app_and_left_alone(kind, workbook, tmp_path, qapp):
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "client.okrdesk"
    if KINDS[kind] is not None:
        KINDS[kind](path)
    before = folder_state(folder)
    out = tmp_path / "out.xlsx"
    with WriteWatch(folder) as watch:
        commands = [["export", path, out], ["check", path]]
        if kind != "missing":  # import into a missing path creates the workspace (§5)
            commands.append(["import", workbook, path])
        for args in commands:
            code, _, err = okrdesk(*args)
            assert code == 3, (args, err)
            _one_clear_line(err, path.name)
        for read_only in (False, True):
            workspace, shown = app_messages(path, read_only=read_only)
            assert workspace is None
            assert len(shown) == 1 and path.name in shown[0] and "Traceback" not in shown[0]
    assert not watch.attempts, watch.attempts
    assert folder_state(folder) == before
    assert not out.exists()


def test_read_only_file_is_never_written(small_template, workbook, tmp_path, qapp):
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "client.okrdesk"
    shutil.copyfile(small_template, path)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = folder_state(folder)
    try:
        with WriteWatch(folder) as watch:
            code, _, err = okrdesk("import", workbook, path)
            assert code == 3
            _one_clear_line(err, path.name)
            assert "read-only" in err
            workspace, shown = app_messages(path)
            assert workspace is None and len(shown) == 1 and "read-only" in shown[0]
            code, out, err = okrdesk("check", path)  # reading it is fine
            assert code == 0, out + err
            workspace, shown = app_messages(path, read_only=True)
            assert workspace is not None and not shown
            workspace.close()
        assert not watch.attempts, watch.attempts
        assert folder_state(folder) == before
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.fixture
def read_only_folder(tmp_path, small_template):
    """A folder holding a workspace that the operating system refuses to write into.

    Not root: chmod 555. Root (where chmod stops nothing): a small tmpfs remounted
    read-only. Either way the fixture proves a write really fails before the test runs.
    """
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = False
    if os.geteuid() == 0:
        run = lambda *a: subprocess.run(a, capture_output=True, text=True)  # noqa: E731
        done = run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder))
        if done.returncode != 0:  # a container without mount rights: root ignores chmod
            pytest.skip("running as root without mount rights, no folder can be made read-only: "
                        + done.stderr.strip())
        mounted = True
    shutil.copyfile(small_template, folder / "client.okrdesk")
    if mounted:
        done = run("mount", "-o", "remount,ro", str(folder))
        assert done.returncode == 0, done.stderr
    else:
        folder.chmod(0o555)
    probe = folder / f"probe-{uuid.uuid4().hex}"
    with pytest.raises(OSError):
        probe.write_bytes(b"x")
    try:
        yield folder
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def test_file_in_a_read_only_folder_opens_read_only_and_is_never_written(
        read_only_folder, workbook, qapp):
    path = read_only_folder / "client.okrdesk"
    before = folder_state(read_only_folder)
    with WriteWatch(read_only_folder) as watch:
        code, _, err = okrdesk("import", workbook, path)
        assert code == 3
        _one_clear_line(err, path.name)
        workspace, shown = app_messages(path)
        assert workspace is None and len(shown) == 1 and path.name in shown[0]
        assert "read-only" in shown[0]
        code, out, err = okrdesk("check", path)
        assert code == 0, out + err
        workspace, shown = app_messages(path, read_only=True)
        assert workspace is not None and not shown
        assert workspace.service.kpi_nodes()
        workspace.close()
    assert not watch.attempts, watch.attempts
    assert folder_state(read_only_folder) == before


def _break_rows(path: Path) -> None:
    con = sqlite3.connect(path)
    a, b = (r[0] for r in con.execute(
        "SELECT id FROM kpi_nodes WHERE parent_id IS NOT NULL ORDER BY id LIMIT 2"))
    con.execute("UPDATE kpi_nodes SET parent_id=? WHERE id=?", (b, a))
    con.execute("UPDATE kpi_nodes SET parent_id=? WHERE id=?", (a, b))
    con.execute("UPDATE key_results SET objective_id=999999 WHERE id=(SELECT min(id) FROM key_results)")
    con.commit()
    con.close()


def test_hand_broken_rows_open_and_are_listed_in_check_and_quality_panel(
        small_template, tmp_path, qtbot, themed_app, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from okrdesk.ui.main_window import MainWindow

    path = tmp_path / "broken.okrdesk"
    shutil.copyfile(small_template, path)
    _break_rows(path)
    code, out, _ = okrdesk("check", path)
    assert code == 3
    assert "parent links form a cycle" in out and "key_results row" in out
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(str(path))  # used to hang: the outline walked the cycle forever
    assert window.quality is not None
    qtbot.waitUntil(lambda: bool(window.quality.messages()), timeout=20000)  # after first paint
    messages = window.quality.messages()
    assert any("are each other's parents" in m for m in messages), messages
    assert any("key result with id 1 points to an objective that does not exist" in m
               for m in messages), messages
    assert not shown
    window.close_workspace()
