"""Opening and creating workspaces from the GUI, with clear messages instead of tracebacks.

Every refusal from the store (``WorkspaceError``) becomes a message box with
the store's one-line message. A workspace in use by another okrdesk offers
"Open read-only". The demo workspace is generated on first launch in a worker
thread while a progress dialog keeps the window responsive.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from okrdesk.paths import demo_workspace_path
from okrdesk.store.errors import WorkspaceError, WorkspaceInUse
from okrdesk.store.workspace import Workspace

log = logging.getLogger(__name__)

DEMO_SIZE = "workshop"


def _tr(text: str) -> str:
    return QCoreApplication.translate("workspace", text)


def show_message(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str = "",
) -> None:
    """A modal message box (tests patch ``QMessageBox.exec``)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if informative:
        box.setInformativeText(informative)
    box.exec()


def open_workspace(
    parent: QWidget | None, target: str | os.PathLike[str], *, read_only: bool = False
) -> Workspace | None:
    """Open ``target`` (path or URL); on refusal explain why and return None."""
    shown = os.fspath(target)
    try:
        return Workspace.open(shown, read_only=read_only)
    except WorkspaceInUse as exc:
        log.info("Workspace in use: %s", exc)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _tr("Workspace in use"),
            str(exc),
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        box.setInformativeText(
            _tr("You can open it read-only to look at it while the other window keeps editing.")
        )
        read_only_button = box.addButton(_tr("Open Read-Only"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(read_only_button)
        box.exec()
        if box.clickedButton() is read_only_button:
            return open_workspace(parent, target, read_only=True)
        return None
    except WorkspaceError as exc:
        log.info("Could not open %s: %s", shown, exc)
        show_message(parent, QMessageBox.Icon.Warning, _tr("Cannot open workspace"), str(exc))
        return None


def create_workspace(parent: QWidget | None, path: str | os.PathLike[str]) -> Workspace | None:
    """Create a new, empty workspace at ``path``; on refusal explain why and return None."""
    target = Path(path)
    try:
        return Workspace.create(target, name=target.stem)
    except WorkspaceError as exc:
        log.info("Could not create %s: %s", target, exc)
        show_message(parent, QMessageBox.Icon.Warning, _tr("Cannot create workspace"), str(exc))
        return None


def build_demo_workspace(path: Path, size: str = DEMO_SIZE) -> Path:
    """Generate the demo workspace at ``path`` (written beside it, then renamed, so an
    interrupted run never leaves a half-filled demo behind)."""
    from okrdesk.store.demo import generate_demo

    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    ws = Workspace.create(partial, name="Demo workspace")
    try:
        generate_demo(ws.engine, size=size)
    finally:
        ws.close()
    os.replace(partial, path)
    return path


class _Done(QObject):
    finished = Signal()


def ensure_demo_workspace(parent: QWidget | None = None) -> Path:
    """The demo workspace's path, generating it first if it does not exist yet.

    Generation runs in a worker thread (joined before returning) behind a busy
    progress dialog. Errors are re-raised in the calling thread.
    """
    path = demo_workspace_path()
    if path.exists():
        return path
    done = _Done()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            build_demo_workspace(path)
        except BaseException as exc:  # handed to the GUI thread, re-raised there
            errors.append(exc)
        finally:
            done.finished.emit()

    loop = QEventLoop()
    done.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    progress = QProgressDialog(_tr("Preparing the demo workspace…"), "", 0, 0, parent)
    progress.setCancelButton(None)
    progress.setWindowTitle("okrdesk")
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(400)
    thread = threading.Thread(target=work, name="demo-generator", daemon=True)
    thread.start()
    loop.exec()
    thread.join()
    progress.close()
    progress.deleteLater()
    if errors:
        raise errors[0]
    log.info("Created the demo workspace at %s", path)
    return path
