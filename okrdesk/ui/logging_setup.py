"""The rotating log file in the platform log folder, and Qt's messages routed into it."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from okrdesk.paths import log_file_path

LOGGER_NAME = "okrdesk"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def platform_plugin_hint(environ: dict[str, str] | None = None) -> str:
    """What to tell a user whose Qt could not open a window."""
    env = os.environ if environ is None else environ
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return ("okrdesk: there is no screen to open a window on (DISPLAY is not set). "
                "For pictures without a screen use 'okrdesk render'.")
    return ("okrdesk: Qt could not open a window. On Linux this usually means X11 libraries are "
            "missing; on Debian or Ubuntu install them with: "
            "sudo apt install libxcb-cursor0 libxkbcommon-x11-0 libegl1")


def _qt_message(msg_type: QtMsgType, context: object, message: str) -> None:
    level = _QT_LEVELS.get(msg_type, logging.INFO)
    logging.getLogger(f"{LOGGER_NAME}.qt").log(level, message)
    if level >= logging.CRITICAL:
        # Qt aborts the process right after a fatal message: the user must see why.
        flush_logs()
        print(message, file=sys.stderr)
        if "platform plugin" in message:
            print(platform_plugin_hint(), file=sys.stderr)
        sys.stderr.flush()


def setup_logging(level: int = logging.INFO) -> Path:
    """Attach a 1 MB × 5 rotating file handler to the ``okrdesk`` logger; return the file.

    Safe to call more than once: the handler is added only the first time for a
    given file.
    """
    path = log_file_path()
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level)
    for handler in logger.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and Path(
            handler.baseFilename
        ) == path.resolve():
            return path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    return path


def route_qt_messages() -> object:
    """Send Qt's own warnings to the log; returns the previous handler to restore."""
    return qInstallMessageHandler(_qt_message)


def restore_qt_messages(previous: object) -> None:
    """Put back the Qt message handler that ``route_qt_messages`` replaced."""
    qInstallMessageHandler(previous)  # type: ignore[arg-type]


def flush_logs() -> None:
    """Flush every handler of the ``okrdesk`` logger (before showing or reading the log)."""
    for handler in logging.getLogger(LOGGER_NAME).handlers:
        handler.flush()
