"""Long work off the GUI thread: a ``Job`` runs one callable in a ``QThread`` and
reports back by signal.

The callable gets a ``JobControl`` to report progress (``progress(done, total)``,
``stage(text)``) and to ask whether the user cancelled (``cancelled()``), so it
can be handed straight to Qt-free code such as ``export_workbook(...,
progress=control.progress, cancelled=control.cancelled)``. A job never shares
a database session with the GUI thread: pass it the service, which opens one
session per call.

Outcomes arrive in the GUI thread, once, after the thread has finished:
``succeeded(result)``, ``failed(exception)`` or ``cancelled()`` — then
``ended()``. ``cancel()`` only asks; ``join()`` waits for the thread, and
``abandon()`` (used when the window closes) cancels, joins and drops the
outcome so no slot runs on a half-destroyed window.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)


class JobCancelled(Exception):
    """Raised by ``JobControl.check()`` once the user asked to cancel."""


class JobControl:
    """What the work function sees of its job (thread-safe)."""

    def __init__(self, job: Job) -> None:
        self._job = job
        self._cancel = threading.Event()

    def progress(self, done: int, total: int) -> None:
        """Report ``done`` of ``total`` steps (total 0: no measure of progress)."""
        self._job.progressed.emit(int(done), int(total))

    def stage(self, text: str) -> None:
        """Say what the job is doing now (shown above the progress bar)."""
        self._job.staged.emit(text)

    def cancelled(self) -> bool:
        """True once the user asked to cancel."""
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``JobCancelled`` if the user asked to cancel."""
        if self._cancel.is_set():
            raise JobCancelled("cancelled")

    def wait_cancelled(self, timeout: float) -> bool:
        """Block the worker until cancel is asked or ``timeout`` seconds passed."""
        return self._cancel.wait(timeout)

    def request(self) -> None:
        self._cancel.set()


Work = Callable[[JobControl], Any]


class Job(QThread):
    """One callable run in its own thread; see the module notes."""

    progressed = Signal(int, int)
    staged = Signal(str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    ended = Signal()

    def __init__(self, work: Work, *, name: str = "job", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._work = work
        self.control = JobControl(self)
        self._result: Any = None
        self._error: BaseException | None = None
        self._abandoned = False
        self._delivered = False
        self.finished.connect(self._deliver)  # queued: the job object lives in the GUI thread

    # --- GUI thread ---------------------------------------------------------------

    def cancel(self) -> None:
        """Ask the work to stop; its outcome is then reported as ``cancelled``."""
        self.control.request()

    @property
    def cancel_requested(self) -> bool:
        return self.control.cancelled()

    def join(self, timeout_ms: int | None = None) -> bool:
        """Wait for the thread to end; True when it has."""
        if timeout_ms is None:
            return bool(self.wait())
        return bool(self.wait(timeout_ms))

    def abandon(self) -> None:
        """Cancel, wait for the thread and report nothing (the window is closing)."""
        self._abandoned = True
        self.cancel()
        self.join()

    @property
    def done(self) -> bool:
        """True once the outcome was delivered (or dropped by ``abandon``)."""
        return self._delivered or (self._abandoned and self.isFinished())

    def _deliver(self) -> None:
        if self._delivered or self._abandoned:
            return
        self._delivered = True
        error = self._error
        if self.cancel_requested or isinstance(error, JobCancelled):
            self.cancelled.emit()
        elif error is not None:
            self.failed.emit(error)
        else:
            self.succeeded.emit(self._result)
        self.ended.emit()

    # --- worker thread --------------------------------------------------------------

    def run(self) -> None:  # noqa: D102 - QThread override
        try:
            self._result = self._work(self.control)
        except BaseException as exc:  # handed to the GUI thread as `failed`
            if not isinstance(exc, JobCancelled) and not self.cancel_requested:
                log.info("Job %s failed: %s", self.objectName(), exc, exc_info=exc)
            self._error = exc
