"""GUI robustness: an exception in a slot reaches the crash dialog and the log while a
workspace is open, and the window stays usable; closing the window while an import is
about to write cancels it cleanly (nothing imported, worker joined, file sound).

Extends tests/gui/test_shell_crash.py (bare slots and threads) and
tests/gui/test_excel_import.py (closing while the workbook is read)."""

from __future__ import annotations

import shutil
import sys
import threading

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from okrdesk.paths import log_file_path
from okrdesk.ui.crash_dialog import CrashDialog, CrashReporter
from okrdesk.ui.logging_setup import flush_logs, setup_logging
from okrdesk.ui.workers import Job

from .files import sqlite_health, table_counts


@pytest.fixture
def window(themed_app, qtbot, small_template, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from okrdesk.ui.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    path = tmp_path / "gui.okrdesk"
    shutil.copyfile(small_template, path)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.first_data_paint, timeout=20_000):
        assert w.open_path(str(path))
    yield w
    w.close()


class Emitter(QObject):
    fire = Signal()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_reported_and_the_window_keeps_working(window, qtbot, monkeypatch):
    setup_logging()
    shown: list[str] = []
    monkeypatch.setattr(CrashDialog, "exec", lambda d: shown.append(d.report) or 0)
    before = (sys.excepthook, threading.excepthook)
    reporter = CrashReporter()
    reporter.install()
    try:
        emitter = Emitter()

        def broken() -> None:
            raise KeyError("reliability: a slot failed while a workspace was open")

        emitter.fire.connect(broken)
        QTimer.singleShot(0, emitter.fire.emit)
        qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
        assert "reliability: a slot failed" in shown[0] and "Traceback" in shown[0]
        flush_logs()
        assert "reliability: a slot failed" in log_file_path().read_text(encoding="utf-8")
        # still usable: an undoable edit goes through the service and back
        service = window.workspace.service
        node = service.kpi_nodes()[1]
        service.update_node(node.id, name="Renamed after the crash")
        assert service.kpi_node(node.id).name == "Renamed after the crash"
        assert window.isVisible() and window.workspace is not None
    finally:
        reporter.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_closing_the_window_before_an_import_writes_cancels_it(window, qtbot, tmp_path):
    from okrdesk.excel.writer import export_workbook
    from okrdesk.store.workspace import Workspace

    from .files import build_small_workspace

    other = build_small_workspace(tmp_path / "other.okrdesk", nodes=40)
    workbook = tmp_path / "other.xlsx"
    with Workspace.open(other, read_only=True) as ws:
        export_workbook(ws.service, workbook)
    excel = window.file_actions.excel
    with qtbot.waitSignal(excel.preview_shown, timeout=30_000):
        excel.import_from(workbook)
    path = window.workspace.path
    before = table_counts(path)
    held: list[Job] = []

    def hold(job: Job) -> None:
        held.append(job)
        job.staged.connect(lambda _t: job.control.wait_cancelled(30),
                           Qt.ConnectionType.DirectConnection)

    excel.job_started.connect(hold)
    excel.preview.apply_button.click()
    qtbot.waitUntil(lambda: bool(held) and held[0].isRunning(), timeout=10_000)
    window.close()
    job = held[0]
    assert job.isFinished(), "the worker was not joined"
    assert table_counts(path) == before, "a cancelled import wrote rows"
    assert sqlite_health(path) == (["ok"], [])
