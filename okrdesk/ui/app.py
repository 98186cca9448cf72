"""Start the GUI: application object, log, crash reporting, theme, first window."""

from __future__ import annotations

import gc
import logging
import os
import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from okrdesk import APP_NAME, ORGANIZATION, __version__
from okrdesk.paths import resource_path
from okrdesk.ui import theme
from okrdesk.ui.crash_dialog import CrashReporter
from okrdesk.ui.fonts import register_fonts
from okrdesk.ui.logging_setup import restore_qt_messages, route_qt_messages, setup_logging

log = logging.getLogger(__name__)


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), named and versioned, fonts registered, themed."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName("okrdesk")
    QGuiApplication.setDesktopFileName(APP_NAME)
    QGuiApplication.setWindowIcon(QIcon(str(resource_path("okrdesk.svg"))))
    register_fonts()
    if not getattr(app, "_okrdesk_themed", False):
        theme.apply_theme(app)
        theme.follow_system(app)
        app._okrdesk_themed = True  # type: ignore[attr-defined]
    return app


def _collect_from_now_on() -> None:
    """Start-up (imports, the first read, building the window) allocates much and frees
    little, so ``okrdesk.cli`` turns the cyclic collector off for it. Once the window is
    built, what is alive — modules, classes, the window — lives as long as the process:
    freeze it out of the collector's full passes, then collect as usual."""
    gc.freeze()
    gc.enable()


def run_gui(path: str | None, *, read_only: bool = False, exit_after_first_paint: bool = False) -> int:
    """Open the main window on ``path`` (default: the demo workspace) and run until closed.

    With ``exit_after_first_paint`` the app quits with 0 as soon as the window's
    view has painted with data (start-up measurement). Returns the exit code.
    """
    log_file = setup_logging()
    previous_qt_handler = route_qt_messages()
    app = application()
    reporter = CrashReporter(app)
    reporter.install()
    log.info("okrdesk %s starting (log: %s)", __version__, log_file)
    from okrdesk.ui.main_window import MainWindow  # after the app exists: widgets need it

    window = MainWindow()
    try:
        if exit_after_first_paint:
            window.first_data_paint.connect(lambda _key: app.exit(0))
        window.show()
        try:
            opened = _open_initial(window, path, read_only)
        finally:
            _collect_from_now_on()
        if exit_after_first_paint and not opened:
            return 3
        return app.exec()
    finally:
        if window.isVisible():
            window.close()
        else:
            window.close_workspace()
        window.deleteLater()
        reporter.uninstall()
        restore_qt_messages(previous_qt_handler)
        log.info("okrdesk stopped")


def _open_initial(window: object, path: str | None, read_only: bool) -> bool:
    """Open ``path`` or the demo in ``window``; explain any problem in a message box."""
    from okrdesk.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    if path:
        return window.open_path(os.fspath(path), read_only=read_only)
    try:
        return window.open_demo()
    except Exception as exc:  # the demo could not be built: say so, show the start page
        log.exception("Could not prepare the demo workspace")
        QMessageBox(
            QMessageBox.Icon.Warning,
            window.tr("Cannot prepare the demo"),
            window.tr("The demo workspace could not be created: {error}").format(error=exc),
            QMessageBox.StandardButton.Ok,
            window,
        ).exec()
        return False
