"""PRODUCT.md §7: "A workspace file open in one instance is not silently written by a
second." Plus: a snapshot taken while another process commits is sound, and a workspace
on a network drive is warned about."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from okrdesk.store.workspace import Workspace

from .app_open import app_messages
from .crash_harness import _kill_and_drain, _Output, _pump
from .files import PYTHON, digest, python_env, sqlite_health


def _start(module: str, *args: str) -> tuple[subprocess.Popen, _Output]:
    proc = subprocess.Popen([PYTHON, "-m", module, *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=python_env())
    return proc, _Output()


def _wait_for(proc, out, word: str) -> None:  # noqa: ANN001
    _pump(proc, out, time.monotonic() + 120, lambda o: any(l.startswith(word) for l in o.lines))
    assert any(l.startswith(word) for l in out.lines), (out.lines, proc.stderr.read1().decode())


def test_second_app_process_is_told_and_can_only_read(small_template, tmp_path, qapp):
    path = tmp_path / "shared.okrdesk"
    shutil.copyfile(small_template, path)
    first, out = _start("tests.reliability.holder", str(path))
    try:
        _wait_for(first, out, "OPEN")
        workspace, shown = app_messages(path)  # this process: the second app
        assert workspace is None
        assert len(shown) == 1 and "open for writing in another okrdesk" in shown[0]
        assert str(path) in shown[0]
        second, shown = app_messages(path, read_only=True)  # "Open Read-Only"
        assert second is not None and second.read_only and not shown
        first.stdin.write(b"edit 1\n")
        first.stdin.flush()
        _wait_for(first, out, "DONE 1")
        # the reader sees the first instance's committed edit, and cannot write
        values = {m.value for n in second.service.kpi_nodes()[:1]
                  for m in second.service.measurements(n.id)}
        assert 1.0 in values
        with pytest.raises(Exception, match="read-only"):
            second.service.create_node("ZZZ", "Must not be written")
        second.close()
    finally:
        first.stdin.close()
        first.wait(timeout=120)  # closes the workspace and exits on end of input
        _kill_and_drain(first, out)
        first.stderr.close()
    assert first.returncode == 0
    integrity, fks = sqlite_health(path)
    assert integrity == ["ok"] and not fks


def test_snapshots_taken_while_another_process_commits_are_sound(small_template, tmp_path):
    path = tmp_path / "busy.okrdesk"
    shutil.copyfile(small_template, path)
    writer, out = _start("tests.reliability.crash_writer", str(path), "snap", "7")
    copies = []
    try:
        _wait_for(writer, out, "READY")
        with Workspace.open(path, read_only=True) as reader:  # the writer holds the lock
            for n in range(6):
                before = len([l for l in out.lines if l.startswith("ACK")])
                _pump(writer, out, time.monotonic() + 30,
                      lambda o: len([l for l in o.lines if l.startswith("ACK")]) > before + 20)
                copies.append(reader.snapshot(tmp_path / f"copy-{n}.okrdesk"))
    finally:
        _kill_and_drain(writer, out)
        writer.stderr.close()
    acks = [l for l in out.lines if l.startswith("ACK")]
    assert len(acks) > 100, "the writer was not committing while the copies were taken"
    for copy in copies:
        integrity, fks = sqlite_health(copy)
        assert integrity == ["ok"] and not fks, copy
        with Workspace.open(copy) as ws:
            assert ws.check().ok
    assert len({digest(c) for c in copies}) > 1, "every copy is the same: nothing was committed"


def test_workspace_on_a_network_drive_is_warned_about_in_the_window(
        small_template, tmp_path, qtbot, themed_app, monkeypatch):
    """The mount table is the operating system's answer; here it says the folder is NFS."""
    from okrdesk.ui.main_window import MainWindow

    path = tmp_path / "share" / "client.okrdesk"
    path.parent.mkdir()
    shutil.copyfile(small_template, path)
    real_read_text = Path.read_text

    def mounts(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        text = real_read_text(self, *args, **kwargs)
        if str(self) == "/proc/mounts":
            text += f"server:/export {path.parent} nfs4 rw,relatime 0 0\n"
        return text

    monkeypatch.setattr(Path, "read_text", mounts)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(str(path))
    texts = " ".join(window.banner.messages())
    assert "network drive (nfs4)" in texts and str(path) in texts
    window.close_workspace()
    monkeypatch.undo()
    with Workspace.open(path) as ws:  # on a local disk: no warning
        assert ws.warnings == []
