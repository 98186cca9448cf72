"""The import half of ``ExcelActions``: read and plan a workbook in a ``Job``, show
the ``ImportPreviewDialog``, plan again on a mode change, then write a backup copy
of the workspace and apply the plan (one transaction) in a ``Job``.

``ImportFlow`` is a mixin of ``ExcelActions`` (controller.py): it uses that
class's ``window``, ``workspace``, ``busy``, ``_start``, ``_message`` and its
``preview_shown`` / ``import_applied`` signals.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from okrdesk.excel.apply import ApplyError, ApplySummary, apply_plan
from okrdesk.excel.plan import ImportPlan, plan_import
from okrdesk.excel.reader import WorkbookData, read_workbook
from okrdesk.excel.safety import WorkbookError
from okrdesk.store.errors import WorkspaceError
from okrdesk.store.workspace import Workspace
from okrdesk.ui.excel.preview_dialog import ImportPreviewDialog
from okrdesk.ui.excel.reload import announce_workspace_replaced
from okrdesk.ui.workers import Job, JobControl
from okrdesk.ui.workspace_opener import show_message

log = logging.getLogger(__name__)

WORKBOOK_FILTER = "Excel workbooks (*.xlsx *.xlsm);;All files (*)"


@dataclass(frozen=True)
class ImportOutcome:
    """What an applied import did and where the backup copy went (None: none written)."""

    summary: ApplySummary
    backup: Path | None


def backup_path(workspace_path: Path, when: dt.datetime) -> Path:
    """``<stem>.before-import-<YYYYmmdd-HHMMSS>.okrdesk`` next to the workspace."""
    stamp = when.strftime("%Y%m%d-%H%M%S")
    return workspace_path.with_name(f"{workspace_path.stem}.before-import-{stamp}.okrdesk")



class ImportFlow:
    """File → Import Workbook; see the module notes."""

    preview: ImportPreviewDialog | None
    _import_ws: Workspace | None

    # --- import: read and plan --------------------------------------------------------

    def import_dialog(self) -> None:
        """Ask for a workbook, then read and preview it."""
        ws = self.workspace
        if ws is None or ws.read_only or self.busy:
            return
        folder = ws.path.parent if ws.path is not None else Path.home()
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Import Workbook"), str(folder),
                                              WORKBOOK_FILTER)
        if path:
            self.import_from(path)

    def import_from(self, path: str | Path, mode: str = "merge") -> Job | None:
        """Read and plan ``path`` in a background job; the preview opens when it is done."""
        ws = self.workspace
        if ws is None or ws.read_only or self.busy:
            return None
        source = Path(path)
        service = ws.service
        self._import_ws = ws

        reading = self.tr("Reading {name}…").format(name=source.name)
        comparing = self.tr("Comparing {name} with the workspace…").format(name=source.name)

        def work(control: JobControl) -> ImportPlan:
            control.stage(reading)
            data = read_workbook(source)
            control.check()
            control.stage(comparing)
            plan = plan_import(service, data, mode)  # type: ignore[arg-type]
            control.check()
            return plan

        job = self._start(work, "plan-import", self.tr("Import Workbook"), reading)
        job.succeeded.connect(self._show_preview)
        job.failed.connect(lambda exc: self._read_failed(source, exc))
        job.cancelled.connect(lambda: self.window.statusBar().showMessage(
            self.tr("Import cancelled; nothing was changed."), 8000))
        return job

    def _read_failed(self, source: Path, exc: BaseException) -> None:
        if isinstance(exc, WorkbookError):
            text = str(exc)
        elif isinstance(exc, OSError):
            text = self.tr("Cannot read {path}: {why}").format(path=source, why=exc.strerror or exc)
        else:
            log.error("Reading %s failed", source, exc_info=exc)
            text = self.tr("An internal error stopped the import (details are in the log file).")
        if self.preview is not None:
            self.preview.set_busy(False)
        self._message(QMessageBox.Icon.Warning,
                      self.tr("Cannot import {name}").format(name=source.name), text,
                      self.tr("Nothing was changed."))

    def _backup_note(self, ws: Workspace) -> str:
        if ws.path is None:
            return self.tr("The import is written in one go: all of it or nothing. It cannot be "
                           "undone with Ctrl+Z, and no backup copy can be written for a server "
                           "workspace: back it up with pg_dump first.")
        return self.tr("The import is written in one go: all of it or nothing. It cannot be undone "
                       "with Ctrl+Z (and clears the undo history); a backup copy "
                       "“{name}.before-import-…okrdesk” is written next to the workspace first."
                       ).format(name=ws.path.stem)

    def _show_preview(self, plan: ImportPlan) -> None:
        ws = self.workspace
        if ws is None or ws is not self._import_ws:
            return
        if self.preview is not None:
            self.preview.set_plan(plan)
            self.preview.set_busy(False)
            return
        dialog = ImportPreviewDialog(plan, backup_note=self._backup_note(ws), parent=self.window)
        self.preview = dialog
        dialog.mode_requested.connect(self._replan)
        dialog.apply_requested.connect(self.apply_import)
        dialog.finished.connect(lambda _r: self._preview_closed(dialog))
        dialog.open()
        self.preview_shown.emit(dialog)

    def _preview_closed(self, dialog: ImportPreviewDialog) -> None:
        if self.preview is dialog:
            self.preview = None
        dialog.deleteLater()

    def _replan(self, mode: str) -> None:
        ws = self.workspace
        dialog = self.preview
        if ws is None or dialog is None or self.busy:
            return
        data: WorkbookData | None = dialog.plan.data
        if data is None:
            return
        service = ws.service
        dialog.set_busy(True, self.tr("Planning the import in {mode} mode…").format(mode=mode))

        def work(control: JobControl) -> ImportPlan:
            return plan_import(service, data, mode)  # type: ignore[arg-type]

        job = self._start(work, "replan-import", "", "", with_dialog=False)
        job.succeeded.connect(self._show_preview)
        job.failed.connect(lambda exc: self._read_failed(data.path, exc))

    # --- import: apply ----------------------------------------------------------------

    def apply_import(self, resolutions: dict[tuple[str, Any], str]) -> Job | None:
        """Back up the workspace, then apply the previewed plan in one transaction."""
        ws = self.workspace
        dialog = self.preview
        if ws is None or dialog is None or ws is not self._import_ws or self.busy:
            return None
        plan = dialog.plan
        service = ws.service
        backup = backup_path(ws.path, dt.datetime.now()) if ws.path is not None else None

        importing = self.tr("Importing…")

        def work(control: JobControl) -> ImportOutcome:
            if backup is not None:
                ws.snapshot(backup)
            control.stage(importing)
            control.check()  # closed or cancelled before the transaction: nothing is imported
            summary = apply_plan(service, plan, resolutions)  # type: ignore[arg-type]
            return ImportOutcome(summary, backup)

        dialog.set_busy(True, self.tr("Writing a backup copy, then importing…"))
        job = self._start(work, "apply-import", "", "", with_dialog=False)
        job.succeeded.connect(self._applied)
        job.failed.connect(self._apply_failed)
        return job

    def _applied(self, outcome: ImportOutcome) -> None:
        name = self.preview.plan.path.name if self.preview and self.preview.plan.path else "workbook"
        if self.preview is not None:
            self.preview.finish()
        ctx = getattr(self.window, "ctx", None)
        if ctx is not None:
            announce_workspace_replaced(ctx)
        done = "; ".join(
            f"{sheet}: " + ", ".join(f"{n:,} {what}" for what, n in tally.items() if n)
            for sheet, tally in outcome.summary.counts.items() if any(tally.values()))
        text = self.tr("Imported {name}.").format(name=name)
        informative = done or self.tr("Nothing needed to change.")
        if outcome.backup is not None:
            informative += "\n\n" + self.tr(
                "The workspace as it was before the import is saved in {path}. "
                "The import cannot be undone with Ctrl+Z; open that copy to go back."
            ).format(path=outcome.backup)
        self.import_applied.emit(outcome)
        show_message(self.window, QMessageBox.Icon.Information, self.tr("Import complete"), text,
                     informative)

    def _apply_failed(self, exc: BaseException) -> None:
        if self.preview is not None:
            self.preview.set_busy(False)
        if isinstance(exc, ApplyError):
            title, text = self.tr("The import was not applied"), str(exc)
        elif isinstance(exc, (WorkspaceError, OSError)):
            title = self.tr("Cannot write the backup copy")
            text = self.tr("{why} The import was not applied.").format(why=exc)
        else:
            log.error("Applying the import failed", exc_info=exc)
            title = self.tr("The import was not applied")
            text = self.tr("An internal error stopped the import (details are in the log file).")
        self._message(QMessageBox.Icon.Warning, title, text,
                      self.tr("Nothing was changed in the workspace."))
