"""Recently opened workspaces: persisted in QSettings, newest first, at most ten.

Files that no longer exist are pruned whenever the list is read; PostgreSQL
URLs are kept as they are (they cannot be checked without connecting).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QWidget

from okrdesk.ui.settings import app_settings

MAX_RECENT = 10
SETTINGS_KEY = "recent/files"


def _is_url(entry: str) -> bool:
    return "://" in entry


def _normalise(entry: str | os.PathLike[str]) -> str:
    text = os.fspath(entry)
    return text if _is_url(text) else str(Path(text).expanduser().resolve())


class RecentFiles(QObject):
    """The persisted list of recent workspaces; ``changed`` fires after every edit."""

    changed = Signal()

    def entries(self) -> list[str]:
        """The recent workspaces, newest first, with missing files pruned (and saved)."""
        stored = self._load()
        kept = [e for e in stored if _is_url(e) or Path(e).is_file()][:MAX_RECENT]
        if kept != stored:
            self._save(kept)
        return kept

    def add(self, entry: str | os.PathLike[str]) -> None:
        """Put ``entry`` first (moving it if already listed), keeping at most ten."""
        item = _normalise(entry)
        items = [item] + [e for e in self._load() if e != item]
        self._save(items[:MAX_RECENT])
        self.changed.emit()

    def remove(self, entry: str | os.PathLike[str]) -> None:
        """Drop ``entry`` from the list (e.g. after it failed to open)."""
        item = _normalise(entry)
        self._save([e for e in self._load() if e != item])
        self.changed.emit()

    def clear(self) -> None:
        """Forget every recent workspace."""
        self._save([])
        self.changed.emit()

    def _load(self) -> list[str]:
        value = app_settings().value(SETTINGS_KEY, [])
        if isinstance(value, str):  # QSettings returns a lone string for one entry
            value = [value] if value else []
        return [str(v) for v in (value or []) if str(v)]

    def _save(self, items: list[str]) -> None:
        settings = app_settings()
        settings.setValue(SETTINGS_KEY, items)
        settings.sync()


class RecentFilesMenu(QMenu):
    """File → Open Recent: rebuilt each time it opens; emits ``open_requested(path)``."""

    open_requested = Signal(str)

    def __init__(self, recent: RecentFiles, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Open &Recent"), parent)
        self.recent = recent
        self.aboutToShow.connect(self.rebuild)
        recent.changed.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        """List the current entries (numbered for keyboard access) and a Clear item."""
        self.clear()
        entries = self.recent.entries()
        for number, entry in enumerate(entries, start=1):
            label = entry if _is_url(entry) else Path(entry).name
            prefix = f"&{number} " if number < 10 else "1&0 "
            action = self.addAction(prefix + label.replace("&", "&&"))
            action.setToolTip(entry)
            action.setStatusTip(entry)
            action.setData(entry)
            action.triggered.connect(lambda _=False, e=entry: self.open_requested.emit(e))
        if not entries:
            empty = self.addAction(self.tr("No recent workspaces"))
            empty.setEnabled(False)
        self.addSeparator()
        clear = self.addAction(self.tr("&Clear Menu"))
        clear.setEnabled(bool(entries))
        clear.triggered.connect(self.recent.clear)
        self.setEnabled(True)
