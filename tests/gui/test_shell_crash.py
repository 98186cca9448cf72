"""Unhandled exceptions reach the log and the crash dialog; the app keeps running."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QObject, QTimer, Signal

from okrdesk import __version__
from okrdesk.paths import log_file_path
from okrdesk.ui.crash_dialog import CrashDialog, CrashReporter, build_report
from okrdesk.ui.logging_setup import flush_logs, setup_logging


@pytest.fixture
def dialogs(monkeypatch):
    """Reports shown by CrashDialog.exec, which is patched not to block."""
    shown: list[str] = []

    def fake_exec(dialog: CrashDialog) -> int:
        shown.append(dialog.text.toPlainText())
        return 0

    monkeypatch.setattr(CrashDialog, "exec", fake_exec)
    return shown


@pytest.fixture
def reporter(themed_app):
    setup_logging()
    before = (sys.excepthook, threading.excepthook)
    r = CrashReporter()
    r.install()
    yield r
    r.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


class Emitter(QObject):
    fire = Signal()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_reaches_dialog_and_log_and_app_keeps_running(
    reporter, dialogs, qtbot
):
    emitter = Emitter()
    calls: list[int] = []

    def broken_slot() -> None:
        calls.append(1)
        raise ZeroDivisionError("shell-test: division in a slot")

    emitter.fire.connect(broken_slot)
    QTimer.singleShot(0, emitter.fire.emit)
    qtbot.waitUntil(lambda: len(dialogs) == 1, timeout=5000)
    report = dialogs[0]
    assert f"okrdesk {__version__}" in report and "Qt " in report
    assert "ZeroDivisionError: shell-test: division in a slot" in report
    assert "broken_slot" in report  # the traceback names the failing function
    flush_logs()
    log_text = log_file_path().read_text(encoding="utf-8")
    assert "shell-test: division in a slot" in log_text and "Traceback" in log_text
    # still running: the event loop delivers the next signal
    emitter.fire.disconnect(broken_slot)
    emitter.fire.connect(lambda: calls.append(2))
    emitter.fire.emit()
    assert calls == [1, 2]


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_worker_thread_is_shown_on_the_gui_thread(reporter, dialogs, qtbot):
    def work() -> None:
        raise RuntimeError("shell-test: worker failed")

    thread = threading.Thread(target=work, name="shell-test-worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(dialogs) == 1, timeout=5000)
    assert "RuntimeError: shell-test: worker failed" in dialogs[0]
    assert "Thread: shell-test-worker" in dialogs[0]


def test_crash_dialog_copies_its_report(themed_app, qtbot):
    try:
        raise ValueError("shell-test: copy me")
    except ValueError as exc:
        report = build_report(type(exc), exc, exc.__traceback__)
    dialog = CrashDialog(report)
    qtbot.addWidget(dialog)
    assert dialog.text.isReadOnly()
    dialog.copy_button.click()
    assert themed_app.clipboard().text() == report
    assert "ValueError: shell-test: copy me" in report
