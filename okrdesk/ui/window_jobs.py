"""The base of the File menu's action groups that run background work for the main window.

A ``WindowJobs`` runs at most one ``Job`` at a time (``busy`` refuses a second),
optionally behind a ``JobProgressDialog``, and sees the window's close before the
window releases its workspace: ``shutdown`` then cancels and joins the running job.
Subclasses close their own dialogs in ``shutdown`` after calling this one.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QMainWindow

from okrdesk.ui.excel.job_progress import JobProgressDialog
from okrdesk.ui.workers import Job

if TYPE_CHECKING:
    from okrdesk.store.workspace import Workspace

log = logging.getLogger(__name__)


class WindowJobs(QObject):
    """Background jobs of ``window`` (a ``MainWindow``: ``workspace``, ``ctx``, a status bar)."""

    job_started = Signal(object)  # the Job

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.job: Job | None = None
        self.progress: JobProgressDialog | None = None
        window.installEventFilter(self)

    @property
    def workspace(self) -> Workspace | None:
        """The window's open workspace, if any."""
        return getattr(self.window, "workspace", None)

    @property
    def busy(self) -> bool:
        """True while a job runs (a second one is refused)."""
        return self.job is not None and not self.job.done

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    def shutdown(self) -> None:
        """Cancel and join the running job and hide its progress (the window is closing)."""
        job = self.job
        if job is not None:
            job.abandon()
            log.info("Joined job %s on close", job.objectName())
        self.job = None
        if self.progress is not None:
            self.progress.hide()
            self.progress = None

    def _start(self, work: Any, name: str, title: str, text: str, *, cancellable: bool = True,
               with_dialog: bool = True) -> Job:
        """Run ``work(control)`` in a new job, behind a progress dialog titled ``title``
        saying ``text`` when ``with_dialog``."""
        job = Job(work, name=name, parent=self)
        self.job = job
        job.ended.connect(lambda: self._job_ended(job))
        if with_dialog:
            self.progress = JobProgressDialog(job, title, text, self.window, cancellable=cancellable)
            self.progress.start()
        job.start()
        self.job_started.emit(job)
        return job

    def _job_ended(self, job: Job) -> None:
        if self.job is job:
            self.job = None
            self.progress = None
        job.deleteLater()
