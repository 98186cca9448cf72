"""The File menu's values-import entries for the window's open workspace.

``ValueImportActions`` carries out:

* **Import Values…**: opens the ``ImportValuesWizard``;
* **Import Values Again ▸ profile**: asks for next month's file, plans it strictly
  with the profile in a ``Job`` (progress, Cancel) and shows the
  ``ImportAgainDialog``; its *Fix Mapping…* opens the wizard on the same file
  with the profile's choices;
* **Import History…**: the ``ImportHistoryDialog``.

Applying (from the wizard or the again dialog) runs ``apply_plan`` — one
transaction — in a ``Job``, then puts the written import on the window's undo
stack as ONE step (``push_edit`` with ``undo_import`` / ``redo_import``), which
makes every view reload (linked key results follow). A profile named on the
wizard's last page is saved once the import is written. Jobs get the service,
never a session. Closing the window cancels and joins the running job.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from okrdesk.excel.foreign import (
    AppliedImport,
    ValuesPlan,
    apply_plan,
    load_profile,
    plan_with_profile,
    profile_names,
    redo_import,
    save_profile,
    undo_import,
)
from okrdesk.store.errors import ValidationError
from okrdesk.store.workspace import Workspace
from okrdesk.ui import icons
from okrdesk.ui.undo import push_edit
from okrdesk.ui.value_import.again_dialog import ImportAgainDialog
from okrdesk.ui.value_import.history_dialog import ImportHistoryDialog
from okrdesk.ui.value_import.page_base import error_text, join_orphans
from okrdesk.ui.value_import.pages_source import FILE_FILTER
from okrdesk.ui.value_import.wizard import ImportValuesWizard
from okrdesk.ui.window_jobs import WindowJobs
from okrdesk.ui.workers import Job, JobControl
from okrdesk.ui.workspace_opener import show_message

log = logging.getLogger(__name__)


class ValueImportActions(WindowJobs):
    """See the module notes. ``window`` is a ``MainWindow`` (``workspace``, ``ctx``,
    ``undo_stack``, a status bar)."""

    wizard_shown = Signal(object)  # ImportValuesWizard
    again_shown = Signal(object)  # ImportAgainDialog
    history_shown = Signal(object)  # ImportHistoryDialog
    applied = Signal(object)  # AppliedImport
    apply_refused = Signal(str)  # the message shown

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.wizard: ImportValuesWizard | None = None
        self.again: ImportAgainDialog | None = None
        self.history: ImportHistoryDialog | None = None

    # --- state ------------------------------------------------------------------------

    def _writable(self) -> Workspace | None:
        ws = self.workspace
        return ws if ws is not None and not ws.read_only else None

    def _folder(self) -> Path:
        ws = self.workspace
        return ws.path.parent if ws is not None and ws.path is not None else Path.home()

    def shutdown(self) -> None:
        """Cancel and join the running job and close every dialog (the window closes)."""
        super().shutdown()
        for dialog in (self.wizard, self.again):
            if dialog is not None:
                dialog.discard()
        if self.history is not None:
            self.history.reject()
        self.wizard = self.again = self.history = None
        join_orphans()

    # --- menu -------------------------------------------------------------------------

    def fill_again_menu(self, menu: QMenu) -> None:
        """One entry per saved profile (called as the menu opens)."""
        menu.clear()
        ws = self._writable()
        names = profile_names(ws.service) if ws is not None else []
        for name in names:
            action = menu.addAction(icons.icon("file-spreadsheet"), name.replace("&", "&&"))
            action.setStatusTip(self.tr("Import next month's file with the profile “{name}”").format(
                name=name))
            action.triggered.connect(lambda _=False, n=name: self.import_again(n))
        if not names:
            action = menu.addAction(self.tr("No import profiles yet"))
            action.setEnabled(False)

    # --- wizard -----------------------------------------------------------------------

    def open_wizard(self, path: str | Path | None = None, *, profile: str = "") -> ImportValuesWizard | None:
        """Open the wizard (on ``path`` when given; with a profile's choices when named)."""
        ws = self._writable()
        if ws is None or self.wizard is not None:
            return None
        spec = None
        if profile:
            try:
                spec = load_profile(ws.service, profile)
            except Exception as exc:  # noqa: BLE001 - ProfileError; anything else is logged
                self._tell(self.tr("Cannot open the profile"), error_text(exc))
                return None
        wizard = ImportValuesWizard(ws.service, profile_name=profile, profile_spec=spec,
                                    start_folder=self._folder(), parent=self.window)
        self.wizard = wizard
        wizard.apply_requested.connect(lambda plan, name: self.apply(plan, name, wizard))
        wizard.finished.connect(lambda _r: self._wizard_closed(wizard))
        wizard.again_requested.connect(lambda name: self._leave_wizard(wizard, self.import_again, name))
        wizard.history_requested.connect(lambda: self._leave_wizard(wizard, self.show_history))
        wizard.open()
        if path is not None:
            wizard.load_file(path)
        self.wizard_shown.emit(wizard)
        return wizard

    def _leave_wizard(self, wizard: ImportValuesWizard, then: Any, *args: Any) -> None:
        """Close the wizard (its first page asked for another entry), then run ``then``."""
        wizard.reject()
        self._wizard_closed(wizard)
        then(*args)

    def _wizard_closed(self, wizard: ImportValuesWizard) -> None:
        if self.wizard is wizard:
            self.wizard = None
        wizard.deleteLater()

    # --- import again -----------------------------------------------------------------

    def import_again(self, profile: str) -> None:
        """Ask for next month's file, then plan it with ``profile``."""
        if self._writable() is None or self.busy:
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import Values Again — {name}").format(name=profile),
            str(self._folder()), FILE_FILTER)
        if path:
            self.import_again_from(profile, path)

    def import_again_from(self, profile: str, path: str | Path) -> Job | None:
        """Plan ``path`` with ``profile`` in a background job; the dialog opens when done."""
        ws = self._writable()
        if ws is None or self.busy:
            return None
        source = Path(path)
        service = ws.service

        def work(control: JobControl) -> ValuesPlan:
            control.stage(self.tr("Reading {name} with the profile “{profile}”…").format(
                name=source.name, profile=profile))
            return plan_with_profile(service, source, profile)

        job = self._start(work, "plan-values-again", self.tr("Import Values Again"),
                          self.tr("Reading {name}…").format(name=source.name))
        job.succeeded.connect(lambda plan: self._show_again(plan, source))
        job.failed.connect(lambda exc: self._tell(
            self.tr("Cannot import {name}").format(name=source.name), error_text(exc),
            self.tr("Nothing was changed.")))
        job.cancelled.connect(lambda: self.window.statusBar().showMessage(
            self.tr("Import cancelled; nothing was changed."), 8000))
        return job

    def _show_again(self, plan: ValuesPlan, source: Path) -> None:
        ws = self._writable()
        if ws is None:
            return
        dialog = ImportAgainDialog(plan, ws.service.kpi_nodes(), self.window, source=source)
        self.again = dialog
        dialog.apply_requested.connect(lambda p, name: self.apply(p, name, dialog))
        dialog.fix_requested.connect(lambda: self.open_wizard(source, profile=plan.profile_name))
        dialog.finished.connect(lambda _r: self._again_closed(dialog))
        dialog.open()
        self.again_shown.emit(dialog)

    def _again_closed(self, dialog: ImportAgainDialog) -> None:
        if self.again is dialog:
            self.again = None
        dialog.deleteLater()

    # --- history ----------------------------------------------------------------------

    def show_history(self) -> ImportHistoryDialog | None:
        ws = self.workspace
        if ws is None:
            return None
        dialog = ImportHistoryDialog(ws.service, read_only=ws.read_only, parent=self.window)
        self.history = dialog
        dialog.again_requested.connect(self.import_again)
        dialog.finished.connect(lambda _r: self._history_closed(dialog))
        dialog.open()
        self.history_shown.emit(dialog)
        return dialog

    def _history_closed(self, dialog: ImportHistoryDialog) -> None:
        if self.history is dialog:
            self.history = None
        dialog.deleteLater()

    # --- apply ------------------------------------------------------------------------

    def apply(self, plan: ValuesPlan, profile_name: str, owner: Any) -> Job | None:
        """Apply ``plan`` (one transaction, in a job), push it as one undo step, save the
        profile ``profile_name`` when it comes from the wizard, then ``owner.finish_applied()``
        (``owner.apply_failed(message)`` when refused)."""
        ws = self._writable()
        if ws is None or self.busy:
            owner.apply_failed(self.tr("Another import is running; try again when it is done."))
            return None
        service = ws.service
        from_wizard = isinstance(owner, ImportValuesWizard)
        if from_wizard:
            plan.profile_name = profile_name  # the history and the values' source name it

        def work(control: JobControl) -> AppliedImport:
            return apply_plan(service, plan)

        job = self._start(work, "apply-values-import", "", "", with_dialog=False)
        job.succeeded.connect(lambda applied: self._applied(applied, plan, profile_name, owner,
                                                            from_wizard))
        job.failed.connect(lambda exc: self._apply_failed(exc, owner))
        return job

    def _applied(self, applied: AppliedImport, plan: ValuesPlan, profile_name: str, owner: Any,
                 from_wizard: bool) -> None:
        ws = self.workspace
        if ws is None:
            return
        service = ws.service
        stack = self.window.undo_stack  # type: ignore[attr-defined]
        ctx = getattr(self.window, "ctx", None)
        if ctx is not None:
            ctx.invalidate()
        push_edit(stack, self.tr("Import Values from {name}").format(name=plan.file_name),
                  lambda: applied,
                  lambda done: undo_import(service, done),
                  lambda undone: redo_import(service, undone))
        saved = ""
        if from_wizard and profile_name:
            try:
                save_profile(service, profile_name, plan.spec)
                saved = profile_name
            except ValidationError as exc:
                self._tell(self.tr("The profile was not saved"), str(exc),
                           self.tr("The values were imported."))
        owner.finish_applied()
        c = applied.counts
        text = self.tr("Imported {file}: {new:,} new, {changed:,} changed, {same:,} unchanged, "
                       "{skipped:,} skipped").format(file=plan.file_name, new=c["new"],
                                                     changed=c["changed"], same=c["unchanged"],
                                                     skipped=c["skipped"])
        if saved:
            text += self.tr(" · profile “{name}” saved").format(name=saved)
        self.window.statusBar().showMessage(text + self.tr(" · Ctrl+Z undoes it"), 15000)
        self.applied.emit(applied)

    def _apply_failed(self, exc: BaseException, owner: Any) -> None:
        message = error_text(exc)
        owner.apply_failed(message)
        self.apply_refused.emit(message)

    # --- helpers ----------------------------------------------------------------------

    def _tell(self, title: str, text: str, informative: str = "") -> None:
        parent = self.wizard or self.again or self.window
        show_message(parent, QMessageBox.Icon.Warning, title, text, informative)
