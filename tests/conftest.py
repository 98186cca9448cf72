"""Suite-wide set-up: headless Qt, bundled fonts, a fresh workspace folder per test."""

import os


def pytest_configure(config):
    # Headless everywhere (CI has no screen); set before any Qt import.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Keep QSettings, logs and demo files of tests out of the user's real folders.
    os.environ.setdefault("OKRDESK_TESTING", "1")
