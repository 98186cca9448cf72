"""Faults while writing a copy or an export: a full disk and an I/O error give a clear
message naming the file, and leave nothing at the destination — no half-written file, no
temporary file (PRODUCT.md §7, writes go to a temporary name, then are renamed).

The full disk is real where the test may mount (root): a 2 MB tmpfs filled to the last
few KB. Elsewhere, and for the I/O error, ``os.fsync`` — where the kernel reports the
failure of buffered writes — raises ENOSPC or EIO.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess

import pytest

from okrdesk.store.errors import WorkspaceError
from okrdesk.store.workspace import Workspace

from .cli_inprocess import okrdesk


@pytest.fixture(params=["disk full", "I/O error"])
def failing_folder(request, tmp_path, monkeypatch):
    """(folder whose writes fail, words one of which the message must hold, files there)."""
    folder = tmp_path / "dest"
    folder.mkdir()
    mounted = request.param == "disk full" and os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True, text=True).returncode == 0
    if mounted:  # else (not root, or a container without mount rights): the simulated ENOSPC below
        try:
            with open(folder / "filler", "wb") as fh:  # leave a few KB free
                while True:
                    fh.write(b"\0" * 4096)
                    fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        keep = (folder / "filler").stat().st_size - 24 * 1024
        os.truncate(folder / "filler", keep)
        try:
            yield folder, ("No space left on device", "disk is full"), {"filler"}
        finally:
            subprocess.run(["umount", str(folder)], check=True)
        return
    code = errno.ENOSPC if request.param == "disk full" else errno.EIO
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(folder)):
            raise OSError(code, os.strerror(code))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    yield folder, (os.strerror(code),), set()


def test_save_a_copy_fails_cleanly(failing_folder, small_template, tmp_path):
    folder, words, before = failing_folder
    source = tmp_path / "source.okrdesk"
    shutil.copyfile(small_template, source)
    dest = folder / "copy.okrdesk"
    with Workspace.open(source) as ws:
        with pytest.raises(WorkspaceError) as info:
            ws.snapshot(dest)
        assert str(dest) in str(info.value) and any(w in str(info.value) for w in words)
        assert "\n" not in str(info.value)
    assert {p.name for p in folder.iterdir()} == before


def test_save_a_copy_in_the_app_explains_and_writes_nothing(failing_folder, small_template,
                                                            tmp_path, qtbot, themed_app,
                                                            monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from okrdesk.ui.main_window import MainWindow

    folder, words, before = failing_folder
    source = tmp_path / "source.okrdesk"
    shutil.copyfile(small_template, source)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(str(source))
    assert window.file_actions.save_copy_to(folder / "copy.okrdesk") is None
    assert len(shown) == 1 and "copy.okrdesk" in shown[0] and any(w in shown[0] for w in words)
    assert {p.name for p in folder.iterdir()} == before
    window.close_workspace()


def test_export_fails_cleanly(failing_folder, small_template, tmp_path):
    folder, words, before = failing_folder
    source = tmp_path / "source.okrdesk"
    shutil.copyfile(small_template, source)
    out = folder / "export.xlsx"
    code, _, err = okrdesk("export", source, out)
    assert code == 3, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "export.xlsx" in lines[0] and any(w in lines[0] for w in words), err
    assert "Traceback" not in err
    assert {p.name for p in folder.iterdir()} == before
