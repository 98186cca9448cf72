"""The application's QSettings: the platform's native store, or an INI file in tests.

With ``OKRDESK_TESTING=1`` every setting goes to ``settings.ini`` in the
per-process temporary config folder, so tests never read or write the user's
real window layout or recent files.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from okrdesk import APP_NAME, ORGANIZATION
from okrdesk.paths import is_testing, user_config_dir


def app_settings() -> QSettings:
    """A QSettings for okrdesk's preferences (window layout, recent files, last view)."""
    if is_testing():
        return QSettings(str(user_config_dir() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, ORGANIZATION, APP_NAME)
