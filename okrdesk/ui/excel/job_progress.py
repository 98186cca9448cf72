"""Feedback around background jobs: a progress dialog with Cancel, and a status-bar
notice with a "Show in Folder" button for files just written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStatusBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from okrdesk.ui import icons
from okrdesk.ui.workers import Job

SHOW_AFTER_MS = 250  # jobs quicker than this never flash a dialog
NOTICE_MS = 30_000


class JobProgressDialog(QDialog):
    """A window-modal progress bar for ``job``, with Cancel when ``cancellable``.

    It appears only if the job is still running after ``SHOW_AFTER_MS`` and
    closes itself when the job ends. Cancel asks the job to stop and says
    "Cancelling…" until it has.
    """

    def __init__(self, job: Job, title: str, text: str, parent: QWidget | None = None,
                 *, cancellable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("job-progress")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(420)
        self.job = job
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        column = QVBoxLayout(self)
        column.addWidget(self.label)
        column.addWidget(self.bar)
        column.addLayout(buttons)
        job.progressed.connect(self._progressed)
        job.staged.connect(self.label.setText)
        job.ended.connect(self._ended)
        self._timer = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self._timer.timeout.connect(self._show_if_running)

    def start(self) -> None:
        """Arm the delayed appearance (call right after starting the job)."""
        self._timer.start()

    def _show_if_running(self) -> None:
        if not self.job.done:
            self.show()

    def _progressed(self, done: int, total: int) -> None:
        if total <= 0:
            self.bar.setRange(0, 0)
            return
        self.bar.setRange(0, total)
        self.bar.setValue(min(done, total))

    def cancel(self) -> None:
        """Ask the job to stop."""
        if self.job.cancel_requested:
            return
        self.job.cancel()
        self.label.setText(self.tr("Cancelling…"))
        self.cancel_button.setEnabled(False)

    def reject(self) -> None:  # noqa: D102 - Escape cancels the job instead of hiding the bar
        if self.cancel_button.isVisible():
            self.cancel()

    def _ended(self) -> None:
        self._timer.stop()
        self.hide()
        self.deleteLater()


class FileNotice(QWidget):
    """"Exported to X.xlsx  [Show in Folder]" in the status bar for a while."""

    def __init__(self, text: str, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("file-notice")
        self.path = Path(path)
        self.label = QLabel(text)
        self.label.setToolTip(str(self.path))
        self.show_button = QToolButton()
        self.show_button.setText(self.tr("Show in Folder"))
        self.show_button.setIcon(icons.icon("folder-open"))
        self.show_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.show_button.setAutoRaise(True)
        self.show_button.setAccessibleName(self.tr("Show {name} in its folder").format(name=self.path.name))
        self.show_button.clicked.connect(self.show_in_folder)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 6, 0)
        row.addWidget(self.label)
        row.addWidget(self.show_button)

    def show_in_folder(self) -> bool:
        """Open the file's folder in the system file manager."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))


def post_file_notice(status_bar: QStatusBar, text: str, path: Path,
                     previous: FileNotice | None = None) -> FileNotice:
    """Show a ``FileNotice`` in ``status_bar`` (replacing ``previous``) for 30 seconds."""
    if previous is not None:
        try:
            status_bar.removeWidget(previous)
            previous.deleteLater()
        except RuntimeError:  # already deleted by its timer
            pass
    status_bar.clearMessage()
    notice = FileNotice(text, path, status_bar)
    status_bar.addPermanentWidget(notice)
    notice.show()
    QTimer.singleShot(NOTICE_MS, notice, notice.deleteLater)
    return notice
