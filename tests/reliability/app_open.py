"""The app's own open path (``okrdesk.ui.workspace_opener.open_workspace``), run without a
screen: any message box it would show is recorded instead of blocking, and counts as a
refusal."""

from __future__ import annotations

from pathlib import Path


class AppRefused(AssertionError):
    """The app would have shown a message instead of opening the workspace."""


def app_messages(target: Path | str, *, read_only: bool = False) -> tuple[object, list[str]]:
    """Open ``target`` as the app does; return (workspace or None, texts of message boxes)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from okrdesk.ui.workspace_opener import open_workspace

    if QApplication.instance() is None:
        QApplication([])
    shown: list[str] = []
    original = QMessageBox.exec

    def record(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Cancel)

    QMessageBox.exec = record  # a modal box would block a headless run
    try:
        workspace = open_workspace(None, str(target), read_only=read_only)
    finally:
        QMessageBox.exec = original
    return workspace, shown


def open_in_app(path: Path) -> None:
    """Open ``path`` for writing through the app's open path; raise if it refuses."""
    workspace, shown = app_messages(path)
    if workspace is None or shown:
        raise AppRefused(f"the app refused to open {path}: {shown}")
    workspace.close()
