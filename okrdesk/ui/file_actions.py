"""The File menu: New, Open, Open Recent, Save a Copy, Import / Export Workbook,
Import Values (again) and Import History, New Workshop Template, Close, Quit.

``FileActions`` owns the actions and their dialogs; the window it serves
provides ``open_path(target, read_only=False) -> bool``, ``adopt(workspace)``,
``close_workspace()`` and the ``workspace`` attribute. The Excel entries are
carried out by ``okrdesk.ui.excel.controller.ExcelActions`` (background jobs,
preview dialog), imported when first used so start-up does not load openpyxl; the
values-import entries by ``okrdesk.ui.value_import.controller.ValueImportActions``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from okrdesk.store.errors import WorkspaceError
from okrdesk.store.workspace import Workspace
from okrdesk.ui import icons
from okrdesk.ui.recent_files import RecentFiles, RecentFilesMenu
from okrdesk.ui.workspace_opener import create_workspace, show_message

if TYPE_CHECKING:
    from okrdesk.ui.excel.controller import ExcelActions
    from okrdesk.ui.value_import.controller import ValueImportActions

log = logging.getLogger(__name__)

FILE_FILTER = "okrdesk workspaces (*.okrdesk);;All files (*)"
SUFFIX = ".okrdesk"


class WorkspaceWindow(Protocol):
    """What FileActions needs from the main window."""

    workspace: Workspace | None

    def open_path(self, target: str, read_only: bool = False) -> bool: ...
    def adopt(self, workspace: Workspace) -> None: ...
    def close_workspace(self) -> None: ...
    def close(self) -> bool: ...


def with_suffix(path: str) -> Path:
    """``path`` with ``.okrdesk`` added when the user typed no extension."""
    p = Path(path)
    return p if p.suffix else p.with_suffix(SUFFIX)


class FileActions(QObject):
    """Creates the File menu's actions and carries them out for ``window``."""

    def __init__(self, window: QWidget, recent: RecentFiles) -> None:
        super().__init__(window)
        self.window = window
        self.recent = recent
        tr = self.tr

        self.new = self._action(tr("&New Workspace…"), "file-plus", QKeySequence.StandardKey.New,
                                tr("Create an empty workspace file"), self.new_workspace)
        self.open = self._action(tr("&Open…"), "folder-open", QKeySequence.StandardKey.Open,
                                 tr("Open a workspace file"), self.open_dialog)
        self.save_copy = self._action(tr("Save a &Copy…"), "copy", QKeySequence.StandardKey.SaveAs,
                                      tr("Write a snapshot of this workspace to another file"),
                                      self.save_copy_dialog)
        self.import_workbook = self._action(
            tr("&Import Workbook…"), "download", QKeySequence("Ctrl+I"),
            tr("Preview and import an okrdesk Excel workbook into this workspace"),
            lambda: self.excel.import_dialog())
        self.export_workbook = self._action(
            tr("&Export Workbook…"), "upload", QKeySequence("Ctrl+E"),
            tr("Write this workspace, or a selection of it, to an Excel workbook"),
            lambda: self.excel.export_dialog())
        self.new_template = self._action(
            tr("New Workshop &Template…"), "file-spreadsheet", None,
            tr("Write a blank Excel workbook for a workshop, with instructions and example rows"),
            lambda: self.excel.template_dialog())
        self._excel: ExcelActions | None = None
        self.import_values = self._action(
            tr("Import &Values…"), "file-spreadsheet", QKeySequence("Ctrl+Shift+I"),
            tr("Import KPI values from an Excel or CSV export of another system"),
            lambda: self.values.open_wizard())
        self.import_values_again = QMenu(tr("Import Values &Again"), window)
        self.import_values_again.setIcon(icons.icon("history"))
        self.import_values_again.aboutToShow.connect(
            lambda: self.values.fill_again_menu(self.import_values_again))
        self.import_history = self._action(
            tr("Import &History…"), "list-checks", None,
            tr("The values imports of this workspace and its saved import profiles"),
            lambda: self.values.show_history())
        self._values: ValueImportActions | None = None
        self.close = self._action(tr("&Close Workspace"), "file-x", QKeySequence.StandardKey.Close,
                                  tr("Close this workspace"), self._close_workspace)
        self.quit = self._action(tr("&Quit"), "log-out", QKeySequence.StandardKey.Quit,
                                 tr("Quit okrdesk"), self._quit)
        self.recent_menu = RecentFilesMenu(recent, window)
        self.recent_menu.setIcon(icons.icon("history"))
        self.recent_menu.open_requested.connect(self.open_recent)  # fmt: skip

    def _action(self, text: str, icon_name: str, key: QKeySequence.StandardKey | QKeySequence | None,
                tip: str, slot) -> QAction:  # noqa: ANN001
        action = QAction(icons.icon(icon_name), text, self.window)
        if isinstance(key, QKeySequence):
            action.setShortcut(key)
        elif key is not None:
            action.setShortcuts(key)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _=False: slot())
        return action

    def populate(self, menu: QMenu) -> None:
        """Fill the File menu."""
        menu.addAction(self.new)
        menu.addAction(self.open)
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        menu.addAction(self.save_copy)
        menu.addSeparator()
        menu.addAction(self.import_workbook)
        menu.addAction(self.import_values)
        menu.addMenu(self.import_values_again)
        menu.addAction(self.import_history)
        menu.addAction(self.export_workbook)
        menu.addAction(self.new_template)
        menu.addSeparator()
        menu.addAction(self.close)
        menu.addSeparator()
        menu.addAction(self.quit)

    def set_workspace_open(self, is_open: bool) -> None:
        """Enable the actions that need an open workspace."""
        self.save_copy.setEnabled(is_open)
        self.close.setEnabled(is_open)
        ws = self.window.workspace if is_open else None  # type: ignore[attr-defined]
        self.export_workbook.setEnabled(is_open)
        self.new_template.setEnabled(is_open)
        self.import_workbook.setEnabled(is_open and ws is not None and not ws.read_only)
        self.import_values.setEnabled(self.import_workbook.isEnabled())
        self.import_values_again.setEnabled(self.import_workbook.isEnabled())
        self.import_history.setEnabled(is_open)

    @property
    def excel(self) -> ExcelActions:
        """The Excel import/export controller (created, with openpyxl, on first use)."""
        if self._excel is None:
            from okrdesk.ui.excel.controller import ExcelActions

            self._excel = ExcelActions(self.window)  # type: ignore[arg-type]
        return self._excel

    @property
    def values(self) -> ValueImportActions:
        """The values-import controller (wizard, import again, history), made on first use."""
        if self._values is None:
            from okrdesk.ui.value_import.controller import ValueImportActions

            self._values = ValueImportActions(self.window)  # type: ignore[arg-type]
        return self._values

    # --- dialogs ----------------------------------------------------------------

    def _start_dir(self) -> str:
        ws = self.window.workspace  # type: ignore[attr-defined]
        if ws is not None and isinstance(ws.path, Path):
            return str(ws.path.parent)
        return str(Path.home())

    def new_workspace(self) -> None:
        """Ask where to create a workspace, create it and show it."""
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("New Workspace"), str(Path(self._start_dir()) / "Workspace.okrdesk"),
            FILE_FILTER,
        )
        if path:
            self.create_at(path)

    def create_at(self, path: str | Path) -> bool:
        """Create a workspace at ``path`` and make it the open one."""
        target = with_suffix(str(path))
        ws = create_workspace(self.window, target)
        if ws is None:
            return False
        self.window.adopt(ws)  # type: ignore[attr-defined]
        return True

    def open_dialog(self) -> None:
        """Ask for a workspace file and open it."""
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Open Workspace"), self._start_dir(), FILE_FILTER
        )
        if path:
            self.window.open_path(path)  # type: ignore[attr-defined]

    def open_recent(self, entry: str) -> None:
        """Open a recent workspace; a file that vanished is dropped from the list."""
        if "://" not in entry and not Path(entry).exists():
            self.recent.remove(entry)
            show_message(
                self.window, QMessageBox.Icon.Information, self.tr("Workspace not found"),
                self.tr("'{path}' no longer exists; it was removed from the recent list.").format(
                    path=entry
                ),
            )
            return
        self.window.open_path(entry)  # type: ignore[attr-defined]

    def save_copy_dialog(self) -> None:
        """Ask where to write a snapshot of the open workspace, then write it."""
        ws = self.window.workspace  # type: ignore[attr-defined]
        if ws is None:
            return
        suggested = Path(self._start_dir()) / f"{ws.name} copy.okrdesk"
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Save a Copy"), str(suggested), FILE_FILTER
        )
        if path:
            self.save_copy_to(path)

    def save_copy_to(self, path: str | Path) -> Path | None:
        """Write a consistent snapshot of the open workspace to ``path``."""
        ws = self.window.workspace  # type: ignore[attr-defined]
        if ws is None:
            return None
        target = with_suffix(str(path))
        try:
            result = ws.snapshot(target)
            written = Path(result) if result is not None else target
        except (WorkspaceError, OSError) as exc:
            log.info("Save a Copy to %s failed: %s", target, exc)
            show_message(self.window, QMessageBox.Icon.Warning, self.tr("Cannot save a copy"), str(exc))
            return None
        self.window.statusBar().showMessage(  # type: ignore[attr-defined]
            self.tr("Saved a copy to {path}").format(path=written), 6000
        )
        return written

    def _close_workspace(self) -> None:
        self.window.close_workspace()  # type: ignore[attr-defined]

    def _quit(self) -> None:
        self.window.close()
