"""Where okrdesk finds its bundled resources and keeps the user's files.

``resource_path()`` works from a source tree, an installed wheel and a
PyInstaller build alike. The user folders come from ``platformdirs``; when the
environment variable ``OKRDESK_TESTING=1`` is set (the test suite sets it) they
all live under one temporary folder per process, so tests never touch the
user's real settings, logs or demo workspace. No Qt here: the CLI uses it too.
"""

from __future__ import annotations

import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import platformdirs

from okrdesk import APP_NAME, ORGANIZATION

TESTING_ENV = "OKRDESK_TESTING"
DEMO_FILE_NAME = "demo.okrdesk"


def is_testing() -> bool:
    """True when ``OKRDESK_TESTING=1``: user folders are redirected to a temporary folder."""
    return os.environ.get(TESTING_ENV, "") == "1"


def is_frozen() -> bool:
    """True inside a PyInstaller build."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def resources_dir() -> Path:
    """The folder holding the bundled icons and fonts (``okrdesk/resources``)."""
    if is_frozen():
        return Path(sys._MEIPASS) / "okrdesk" / "resources"  # type: ignore[attr-defined]
    return Path(__file__).resolve().parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a bundled resource, e.g. ``resource_path("icons", "search.svg")``.

    Raises FileNotFoundError naming the missing file: a missing resource is a
    packaging mistake, and saying which file is missing makes it quick to fix.
    """
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Bundled resource {path} is missing from this installation.")
    return path


@lru_cache(maxsize=1)
def _testing_root() -> Path:
    """One temporary folder per process standing in for the user's folders in tests."""
    return Path(tempfile.mkdtemp(prefix="okrdesk-test-"))


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_data_dir() -> Path:
    """The folder for the user's okrdesk data (the demo workspace), created if needed."""
    if is_testing():
        return _ensure(_testing_root() / "data")
    return _ensure(Path(platformdirs.user_data_dir(APP_NAME, ORGANIZATION)))


def user_log_dir() -> Path:
    """The folder for okrdesk's rotating log, created if needed."""
    if is_testing():
        return _ensure(_testing_root() / "logs")
    return _ensure(Path(platformdirs.user_log_dir(APP_NAME, ORGANIZATION)))


def user_config_dir() -> Path:
    """The folder for okrdesk's settings, created if needed."""
    if is_testing():
        return _ensure(_testing_root() / "config")
    return _ensure(Path(platformdirs.user_config_dir(APP_NAME, ORGANIZATION)))


def demo_workspace_path() -> Path:
    """Where the demo workspace opened by a bare ``okrdesk`` lives."""
    return user_data_dir() / DEMO_FILE_NAME


def log_file_path() -> Path:
    """The current log file (older ones carry ``.1`` … ``.5``)."""
    return user_log_dir() / "okrdesk.log"
