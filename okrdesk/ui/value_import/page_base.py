"""What every page of the Import values wizard shares: a busy bar while the wizard
reads or plans in the background, and an error line naming the problem.

``WizardPage.start(work, done, text)`` runs ``work(check)`` in a ``Job`` (off the GUI
thread) and calls ``done(result)`` with what it returned; while it runs the
page says what it is doing and is not complete (Next and Finish are off).
``check()`` raises once the user clicked *Cancel* on the busy bar: the work calls it
between its steps and stops there, keeping nothing. The page does not wait for
that: the step's outcome is dropped at once, the page is usable again and offers
*Try Again*. A
failure shows its message on the page (``SourceError`` and ``WorkbookError``
messages name the file and the fix; anything else is logged and reported as an
internal error), never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from okrdesk.excel.foreign import ApplyError, ProfileError
from okrdesk.excel.safety import WorkbookError
from okrdesk.store.errors import ValidationError
from okrdesk.ui import icons, theme
from okrdesk.ui.workers import Job

log = logging.getLogger(__name__)


_ORPHANS: set[Job] = set()


def _release(job: Job) -> None:
    _ORPHANS.discard(job)
    job.deleteLater()


def let_go(job: Job) -> None:
    """Stop waiting for ``job``: ask it to stop, drop its outcome, and keep it alive until
    its thread ends (``join_orphans`` at shutdown), so the GUI never waits for it."""
    job.cancel()
    if job.isFinished():
        job.deleteLater()
    else:
        _ORPHANS.add(job)
        job.setParent(None)
        job.finished.connect(lambda: _release(job))


def join_orphans() -> None:
    """Wait for the steps of closed wizards still running (the window is closing)."""
    for job in list(_ORPHANS):
        _ORPHANS.discard(job)
        try:
            job.abandon()
        except RuntimeError:  # already deleted after it ended
            continue


def error_text(exc: BaseException) -> str:
    """What to tell the user about ``exc`` (module notes)."""
    if isinstance(exc, (WorkbookError, ApplyError, ProfileError, ValidationError)):
        return str(exc)
    if isinstance(exc, OSError):
        name = getattr(exc, "filename", None) or ""
        return f"Cannot read {name}: {exc.strerror or exc}".replace("read : ", "read the file: ")
    log.error("Values import failed", exc_info=exc)
    return "An internal error stopped the import (details are in the log file). Nothing was changed."


class MessageLine(QWidget):
    """An icon and a wrapped message: an error (red) or a note (muted)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 4)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        if not text:
            self.hide()
            return
        colour = (theme.status_colour("red") if kind == "error" else
                  theme.status_colour("amber") if kind == "warning" else theme.qcolor("muted_ink"))
        name = {"error": "circle-alert", "warning": "triangle-alert"}.get(kind, "info")
        self.icon.setPixmap(icons.icon(name, colour.name()).pixmap(18, 18))
        self.text.setStyleSheet(f"color: {colour.name()};" if kind == "error" else "")
        self.text.setText(text)
        self.show()

    def message(self) -> str:
        return "" if self.isHidden() else self.text.text()


class WizardPage(QWizardPage):
    """A wizard page with ``body`` (its content), a busy bar and an error line."""

    job_done = Signal()  # a background step of this page finished (tests wait on it)

    def __init__(self, title: str, subtitle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.job: Job | None = None
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(10)
        self.busy_text = QLabel()
        self.busy_text.setObjectName("Muted")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(6)
        self.cancel_button = QPushButton(icons.icon("x"), self.tr("Cancel"))
        self.cancel_button.setObjectName("step-cancel")
        self.cancel_button.setToolTip(self.tr("Stop reading; nothing is changed"))
        self.cancel_button.clicked.connect(self.cancel_step)
        bar = QVBoxLayout()
        bar.setSpacing(4)
        bar.addWidget(self.busy_text)
        bar.addWidget(self.busy_bar)
        busy = QHBoxLayout()
        busy.setContentsMargins(0, 0, 0, 0)
        busy.addLayout(bar, 1)
        busy.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.busy_box = QWidget()
        self.busy_box.setLayout(busy)
        self.busy_box.hide()
        self.error = MessageLine()
        self.stopped = MessageLine()
        self.stopped.setObjectName("step-stopped")
        self.retry_button = QPushButton(self.tr("Try Again"))
        self.retry_button.clicked.connect(self.retry_step)
        stopped_row = QHBoxLayout()
        stopped_row.addWidget(self.stopped, 1)
        stopped_row.addWidget(self.retry_button)
        self.stopped_box = QWidget()
        self.stopped_box.setLayout(stopped_row)
        stopped_row.setContentsMargins(0, 0, 0, 0)
        self.stopped_box.hide()
        self._last_step: tuple[Any, ...] | None = None
        column = QVBoxLayout(self)
        column.addLayout(self.body, 1)
        column.addWidget(self.error)
        column.addWidget(self.stopped_box)
        column.addWidget(self.busy_box)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(self, work: Callable[[Callable[[], None]], Any], done: Callable[[Any], None], text: str,
              failed: Callable[[str], None] | None = None) -> Job:
        """Run ``work(check)`` off the GUI thread, then ``done(result)`` (module notes)."""
        self.abandon()
        self.error.show_message("")
        self.stopped_box.hide()
        self._last_step = (work, done, text, failed)
        job = Job(lambda control: work(control.check), name="values-import-step", parent=self)
        self.job = job
        self.busy_text.setText(text)
        self.cancel_button.show()
        self.busy_box.show()
        self.set_controls_enabled(False)
        self.completeChanged.emit()

        def finish() -> None:
            if self.job is job:
                self.job = None
                self.busy_box.hide()
                self.set_controls_enabled(True)
                self.completeChanged.emit()
            job.deleteLater()

        def succeeded(result: Any) -> None:
            if self.job is not job:
                return  # abandoned: the user moved on
            finish()
            done(result)
            self.completeChanged.emit()
            self.job_done.emit()

        def fail(exc: BaseException) -> None:
            if self.job is not job:
                return
            finish()
            message = error_text(exc)
            if failed is not None:
                failed(message)
            self.error.show_message(message)
            self.completeChanged.emit()
            self.job_done.emit()

        job.succeeded.connect(succeeded)
        job.failed.connect(fail)
        job.cancelled.connect(finish)
        job.start()
        return job

    def cancel_step(self) -> bool:
        """The busy bar's *Cancel*: stop the running step (module notes); True when one ran."""
        if self.job is None:
            return False
        self.abandon()
        self.stopped.show_message(self.tr("Stopped: {what} Nothing was changed.").format(
            what=self.busy_text.text().rstrip("…. ") + "."), "note")
        self.stopped_box.show()
        self.step_stopped()
        self.completeChanged.emit()
        return True

    def retry_step(self) -> Job | None:
        """*Try Again*: run the cancelled step again."""
        if self._last_step is None:
            return None
        return self.start(*self._last_step)

    def step_stopped(self) -> None:
        """Pages put back what they showed for the step that was cancelled."""

    def abandon(self) -> None:
        """Stop waiting for the running step (the wizard closes, or the step starts again).

        The GUI does not wait for it: the job is asked to stop, its outcome is dropped,
        and it is kept alive (``_ORPHANS``) until its thread ends, so closing the wizard
        during a long read never freezes the window (``join_orphans`` at shutdown)."""
        job, self.job = self.job, None
        if job is not None:
            let_go(job)
            self.busy_box.hide()
            self.set_controls_enabled(True)

    def set_controls_enabled(self, enabled: bool) -> None:
        """Pages turn their inputs off while a step runs."""
