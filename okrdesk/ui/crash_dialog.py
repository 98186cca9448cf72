"""Unexpected errors: logged, then shown in a friendly dialog with a copyable report.

``install_exception_hooks()`` replaces ``sys.excepthook`` and
``threading.excepthook``. Each unhandled exception is written to the log with
its traceback and then shown in a ``CrashDialog``; the application keeps
running. Exceptions from worker threads are handed to the GUI thread through a
queued signal. While a dialog is open, further errors are only logged.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from okrdesk import __version__
from okrdesk.paths import user_log_dir
from okrdesk.ui import icons
from okrdesk.ui.fonts import title_font
from okrdesk.ui.logging_setup import flush_logs

log = logging.getLogger("okrdesk.crash")


def build_report(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    thread_name: str | None = None,
) -> str:
    """A plain-text report: versions, platform, time, thread and the traceback."""
    lines = [
        f"okrdesk {__version__}",
        f"Python {platform.python_version()} ({platform.python_implementation()})",
        f"Qt {qVersion()}, PySide6 {pyside_version}",
        f"Platform: {platform.platform()}",
        f"Time: {dt.datetime.now().isoformat(timespec='seconds')}",
    ]
    if thread_name:
        lines.append(f"Thread: {thread_name}")
    lines.append("")
    lines.extend(line.rstrip("\n") for line in traceback.format_exception(exc_type, exc, tb))
    return "\n".join(lines)


class CrashDialog(QDialog):
    """"Something went wrong": the report in a read-only box, Copy report, Open log folder."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(self.tr("okrdesk — unexpected error"))
        self.setMinimumSize(620, 420)

        heading_icon = QLabel()
        heading_icon.setPixmap(icons.pixmap("circle-alert", 32))
        heading = QLabel(self.tr("Something went wrong"))
        heading.setFont(title_font(1))
        explanation = QLabel(
            self.tr(
                "okrdesk ran into an unexpected problem. Your workspace is safe: every "
                "edit is saved as you make it, so at most the last action may be missing. "
                "You can keep working. If this happens again, copy the report below and "
                "send it to your okrdesk contact."
            )
        )
        explanation.setObjectName("Muted")
        explanation.setWordWrap(True)

        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setAccessibleName(self.tr("Error report"))

        self.copy_button = QPushButton(icons.icon("clipboard-copy"), self.tr("&Copy report"))
        self.copy_button.clicked.connect(self.copy_report)
        self.log_button = QPushButton(icons.icon("folder-open"), self.tr("Open &log folder"))
        self.log_button.clicked.connect(open_log_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(heading_icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(heading, 1)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.log_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addWidget(explanation)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)

    def copy_report(self) -> None:
        """Put the report on the clipboard."""
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText(self.tr("Copied"))


def open_log_folder() -> bool:
    """Show the log folder in the system's file manager."""
    flush_logs()
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(user_log_dir())))


@dataclass
class _PreviousHooks:
    excepthook: Callable[..., object]
    threading_excepthook: Callable[..., object]


class _Relay(QObject):
    """Carries a report from any thread to the GUI thread (queued connection)."""

    report = Signal(str)


class CrashReporter(QObject):
    """Logs unhandled exceptions and shows them; one instance per running app."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._showing = False
        self._previous: _PreviousHooks | None = None
        self._relay = _Relay()
        self._relay.report.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.reports: list[str] = []  # every report shown or suppressed, newest last

    def install(self) -> None:
        """Replace ``sys.excepthook`` and ``threading.excepthook`` with this reporter."""
        if self._previous is None:
            self._previous = _PreviousHooks(sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle_exception
        threading.excepthook = self.handle_thread_exception

    def uninstall(self) -> None:
        """Put back the hooks that were in place before ``install``."""
        if self._previous is not None:
            sys.excepthook = self._previous.excepthook
            threading.excepthook = self._previous.threading_excepthook
            self._previous = None

    def handle_exception(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        thread_name: str | None = None,
    ) -> None:
        """Log the exception, then show it (on the GUI thread)."""
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("Unhandled exception", exc_info=(exc_type, exc, tb))
        flush_logs()
        report = build_report(exc_type, exc, tb, thread_name)
        self.reports.append(report)
        app = QApplication.instance()
        if app is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        if QThread.currentThread() is app.thread():
            self._show(report)
        else:
            self._relay.report.emit(report)

    def handle_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        """``threading.excepthook``: the same as above, naming the thread."""
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else None
        self.handle_exception(args.exc_type, args.exc_value, args.exc_traceback, name)

    def _show(self, report: str) -> None:
        if self._showing:
            return  # already on screen; the log has this one too
        self._showing = True
        try:
            parent = QApplication.activeWindow()
            dialog = CrashDialog(report, parent)
            dialog.exec()
            dialog.deleteLater()
        finally:
            self._showing = False
