"""Import, export and the workshop template for the window's open workspace.

``ExcelActions`` carries out the File menu's Excel entries:

* **Export**: the selection dialog, then the file dialog, then ``export_workbook``
  in a ``Job`` (progress, Cancel; a cancelled export leaves no file), then a
  status-bar notice with "Show in Folder".
* **Import**: the file dialog, then reading and planning in a ``Job``, then the
  ``ImportPreviewDialog``. Switching merge/replace plans again from the workbook
  already read. Apply writes a backup copy of the workspace
  (``<name>.before-import-<timestamp>.okrdesk``) and then ``apply_plan`` — one
  transaction — in a ``Job``, then tells every view to reload.
* **Template**: ``write_template`` (fast: no thread needed).

Jobs get the service, never a session: the service opens one session per call
in the job's thread. Closing the window cancels the running job and joins it
(an event filter sees the close before the window releases its workspace).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from okrdesk.excel.template import write_template
from okrdesk.excel.writer import ExportError, ExportSummary, export_workbook
from okrdesk.store.workspace import Workspace
from okrdesk.ui.excel.export_dialog import ExportChoice, ExportSelectionDialog
from okrdesk.ui.excel.import_flow import ImportFlow
from okrdesk.ui.excel.job_progress import FileNotice, post_file_notice
from okrdesk.ui.excel.preview_dialog import ImportPreviewDialog
from okrdesk.ui.window_jobs import WindowJobs
from okrdesk.ui.workers import Job, JobControl
from okrdesk.ui.workspace_opener import show_message

log = logging.getLogger(__name__)

EXPORT_FILTER = "Excel workbook (*.xlsx)"


def safe_file_stem(name: str) -> str:
    """``name`` without the characters file systems refuse (``/ \\ : * ? " < > |``)."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name).strip(" .")
    return re.sub(r"\s+", " ", cleaned) or "okrdesk"


def with_xlsx(path: str | Path) -> Path:
    """``path`` with ``.xlsx`` added when the user typed no extension."""
    p = Path(path)
    return p if p.suffix else p.with_suffix(".xlsx")


class ExcelActions(ImportFlow, WindowJobs):
    """The Excel entries of the File menu for ``window`` (a ``MainWindow``: it has
    ``workspace``, ``ctx`` and a status bar)."""

    export_finished = Signal(object)  # ExportSummary
    preview_shown = Signal(object)  # ImportPreviewDialog
    import_applied = Signal(object)  # ImportOutcome

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.selection_dialog: ExportSelectionDialog | None = None
        self.preview: ImportPreviewDialog | None = None
        self.notice: FileNotice | None = None
        self._import_ws: Workspace | None = None

    def shutdown(self) -> None:
        """Cancel and join the running job, close every dialog (the window is closing)."""
        super().shutdown()
        if self.preview is not None:
            self.preview.discard()
            self.preview = None
        if self.selection_dialog is not None:
            self.selection_dialog.reject()
            self.selection_dialog = None
        self._import_ws = None

    def _message(self, icon: QMessageBox.Icon, title: str, text: str, informative: str = "") -> None:
        parent: QWidget = self.preview if self.preview is not None else self.window
        show_message(parent, icon, title, text, informative)

    # --- export -----------------------------------------------------------------------

    def export_dialog(self) -> None:
        """Ask what to export, then where; then export in the background."""
        ws = self.workspace
        if ws is None or self.busy:
            return
        service = ws.service
        dialog = ExportSelectionDialog(service.periods(), service.teams(), service.kpi_nodes(),
                                       self.window)
        self.selection_dialog = dialog
        dialog.accepted.connect(lambda: self._ask_export_file(dialog.selection()))
        dialog.finished.connect(lambda _r: self._selection_closed(dialog))
        dialog.open()

    def _selection_closed(self, dialog: ExportSelectionDialog) -> None:
        if self.selection_dialog is dialog:
            self.selection_dialog = None
        dialog.deleteLater()

    def default_export_path(self, today: dt.date | None = None) -> Path:
        """``<folder of the workspace>/<workspace name> <date>.xlsx``."""
        ws = self.workspace
        folder = ws.path.parent if ws is not None and ws.path is not None else Path.home()
        name = safe_file_stem(ws.name if ws is not None else "okrdesk")
        return folder / f"{name} {(today or dt.date.today()).isoformat()}.xlsx"

    def _ask_export_file(self, choice: ExportChoice) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export Workbook"),
                                              str(self.default_export_path()), EXPORT_FILTER)
        if path:
            self.export_to(path, choice)

    def export_to(self, path: str | Path, choice: ExportChoice | None = None) -> Job | None:
        """Export the open workspace (or ``choice``) to ``path`` in a background job."""
        ws = self.workspace
        if ws is None or self.busy:
            return None
        target = with_xlsx(path)
        service = ws.service
        kwargs = (choice or ExportChoice()).kwargs()

        def work(control: JobControl) -> ExportSummary:
            return export_workbook(service, target, progress=control.progress,
                                   cancelled=control.cancelled, **kwargs)

        job = self._start(work, "export-workbook", self.tr("Export Workbook"),
                          self.tr("Writing {name}…").format(name=target.name))
        job.succeeded.connect(self._exported)
        job.failed.connect(lambda exc: self._export_failed(target, exc))
        job.cancelled.connect(lambda: self.window.statusBar().showMessage(
            self.tr("Export cancelled; {name} was not written.").format(name=target.name), 8000))
        return job

    def _exported(self, summary: ExportSummary) -> None:
        rows = sum(summary.counts.values())
        self.notice = post_file_notice(
            self.window.statusBar(),
            self.tr("Exported {rows:,} rows to {name}").format(rows=rows, name=summary.path.name),
            summary.path, self.notice)
        log.info("%s", " ".join(summary.lines()))
        self.export_finished.emit(summary)

    def _export_failed(self, target: Path, exc: BaseException) -> None:
        if isinstance(exc, (ExportError, OSError)):
            text = str(exc)
        else:
            log.error("Export to %s failed", target, exc_info=exc)
            text = self.tr("An internal error stopped the export (details are in the log file).")
        self._message(QMessageBox.Icon.Warning, self.tr("Cannot export {name}").format(name=target.name),
                      text, self.tr("No file was written at {path}.").format(path=target))

    # --- template ---------------------------------------------------------------------

    def template_dialog(self) -> None:
        """Ask where to write the blank workshop workbook, then write it."""
        ws = self.workspace
        folder = ws.path.parent if ws is not None and ws.path is not None else Path.home()
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("New Workshop Template"),
                                              str(folder / "Workshop template.xlsx"), EXPORT_FILTER)
        if path:
            self.write_template_to(path)

    def write_template_to(self, path: str | Path) -> Path | None:
        """Write the workshop template to ``path`` (about 50 ms: done right here)."""
        target = with_xlsx(path)
        try:
            written = write_template(target)
        except OSError as exc:
            self._message(QMessageBox.Icon.Warning, self.tr("Cannot write the template"),
                          self.tr("Cannot write {path}: {why}").format(
                              path=target, why=exc.strerror or exc))
            return None
        self.notice = post_file_notice(
            self.window.statusBar(),
            self.tr("Wrote the workshop template {name}").format(name=written.name), written,
            self.notice)
        return written
