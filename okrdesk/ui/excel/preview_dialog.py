"""The import preview: what a workbook would change, before anything is written.

Tabs show the counts per sheet, the changed rows field by field, the conflicts
side by side (keep workspace / keep workbook, per row or for all) and the
problems as ``Sheet!Cell: message``. Errors block Apply; warnings do not. The
report can be copied or saved as a text file. Merge or replace mode is chosen
here (``mode_requested`` asks the owner to plan again); replace asks for a
confirmation naming how many rows it deletes. Apply emits ``apply_requested``
with the chosen resolutions; the owner runs the import and calls ``finish()``.

The dialog is opened with ``open()`` (window-modal, no nested event loop), so
tests drive it directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSaveFile, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from okrdesk.excel.plan import ImportPlan
from okrdesk.ui import icons, theme
from okrdesk.ui.excel.conflicts_panel import ConflictsPanel
from okrdesk.ui.excel.plan_text import report_text
from okrdesk.ui.excel.preview_panels import ChangesTree, CountsTable, ProblemsList


class ImportPreviewDialog(QDialog):
    """Preview of one import plan; see the module notes."""

    mode_requested = Signal(str)
    apply_requested = Signal(object)  # {(sheet, key): "workspace" | "workbook"}

    def __init__(self, plan: ImportPlan, *, backup_note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-preview")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumSize(760, 520)
        self.resize(980, 680)
        self.plan = plan
        self._busy = False

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)

        self.merge = QRadioButton(self.tr("Merge — add and update rows; keep what the workbook lacks"))
        self.replace = QRadioButton(self.tr("Replace — make the workspace equal to the workbook"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.merge)
        self.mode_group.addButton(self.replace)
        self.merge.toggled.connect(lambda on: on and self._mode_picked("merge"))
        self.replace.toggled.connect(lambda on: on and self._mode_picked("replace"))
        modes = QVBoxLayout()
        modes.setSpacing(2)
        modes.addWidget(self.merge)
        modes.addWidget(self.replace)

        self.counts = CountsTable()
        self.changes = ChangesTree()
        self.conflicts = ConflictsPanel()
        self.conflicts.changed.connect(self._update_state)
        self.problems = ProblemsList()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.counts, self.tr("Summary"))
        self.tabs.addTab(self.changes, self.tr("Changes"))
        self.tabs.addTab(self.conflicts, self.tr("Conflicts"))
        self.tabs.addTab(self.problems, self.tr("Problems"))

        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(6)
        self.busy_bar.hide()
        self.blocker = QLabel()
        self.blocker.setObjectName("import-blocker")
        self.blocker.setWordWrap(True)
        self.note = QLabel(backup_note or self.tr(
            "The import is written in one go: all of it or nothing. It cannot be undone with "
            "Ctrl+Z; a backup copy of the workspace is written next to it first."))
        self.note.setWordWrap(True)
        self.note.setObjectName("import-note")

        self.copy_button = QPushButton(icons.icon("clipboard-copy"), self.tr("Copy Report"))
        self.copy_button.setToolTip(self.tr("Copy the whole preview as text"))
        self.copy_button.clicked.connect(self.copy_report)
        self.save_button = QPushButton(icons.icon("download"), self.tr("Save Report…"))
        self.save_button.setToolTip(self.tr("Save the whole preview as a text file"))
        self.save_button.clicked.connect(self.save_report_dialog)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.apply_button = QPushButton(icons.icon("check"), self.tr("Apply Import"))
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.request_apply)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.apply_button)

        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addLayout(modes)
        column.addWidget(self.tabs, 1)
        column.addWidget(self.busy_bar)
        column.addWidget(self.blocker)
        column.addWidget(self.note)
        column.addLayout(buttons)
        self.set_plan(plan)
        self._open_interesting_tab()

    # --- content ----------------------------------------------------------------------

    def set_plan(self, plan: ImportPlan) -> None:
        """Show ``plan`` (again after a mode change); conflict choices that still apply stay."""
        keep = self.conflicts.resolutions()
        self.plan = plan
        name = plan.path.name if plan.path is not None else self.tr("workbook")
        self.setWindowTitle(self.tr("Import {name}").format(name=name))
        self.heading.setText(self.tr("Import “{name}”").format(name=name))
        for button, mode in ((self.merge, "merge"), (self.replace, "replace")):
            button.blockSignals(True)
            button.setChecked(plan.mode == mode)
            button.blockSignals(False)
        self.counts.set_plan(plan)
        listed = self.changes.set_plan(plan)
        self.conflicts.set_conflicts(plan.conflicts, keep)
        self.problems.set_problems(plan.problems)
        self.tabs.setTabText(1, self.tr("Changes ({n:,})").format(n=listed))
        self.tabs.setTabText(2, self.tr("Conflicts ({n:,})").format(n=len(plan.conflicts)))
        self.tabs.setTabText(3, self.tr("Problems ({n:,})").format(n=len(plan.problems)))
        self.tabs.setTabIcon(2, icons.icon("triangle-alert", theme.status_colour("amber").name())
                             if plan.conflicts else icons.icon("check"))
        self.tabs.setTabIcon(3, icons.icon("circle-alert", theme.status_colour("red").name())
                             if plan.errors else icons.icon("check"))
        self._update_state()

    def _open_interesting_tab(self) -> None:
        if self.plan.errors:
            self.tabs.setCurrentWidget(self.problems)
        elif self.plan.conflicts:
            self.tabs.setCurrentWidget(self.conflicts)
        else:
            self.tabs.setCurrentWidget(self.counts)

    def resolutions(self) -> dict[tuple[str, Any], str]:
        """The side kept for each conflict chosen so far."""
        return self.conflicts.resolutions()

    def blocking_reason(self) -> str:
        """Why Apply is disabled ("" when it is enabled)."""
        plan = self.plan
        if plan.errors:
            return self.tr("{n:,} error(s) in the workbook block the import: correct them in the "
                           "workbook and import it again. Warnings alone do not block it."
                           ).format(n=len(plan.errors))
        unresolved = self.conflicts.unresolved()
        if unresolved:
            return self.tr("Choose which side to keep for {n:,} conflicting row(s) on the "
                           "Conflicts tab.").format(n=unresolved)
        if not plan.has_changes:
            return self.tr("Nothing to import: the workspace already matches this workbook.")
        return ""

    def _update_state(self) -> None:
        reason = self.blocking_reason()
        self.blocker.setText(reason)
        self.blocker.setVisible(bool(reason))
        colour = theme.status_colour("red" if self.plan.errors else "amber").name()
        self.blocker.setStyleSheet(f"color: {colour};")
        self._enable_apply(not reason and not self._busy)
        self.merge.setEnabled(not self._busy)
        self.replace.setEnabled(not self._busy)
        self.cancel_button.setEnabled(not self._busy)
        deletions = sum(1 for _ in self.plan.rows("delete"))
        self.apply_button.setText(self.tr("Replace Workspace") if deletions else self.tr("Apply Import"))

    def set_busy(self, busy: bool, text: str = "") -> None:
        """Show that the owner is planning or applying (buttons off, a busy bar)."""
        self._busy = busy
        self.busy_bar.setVisible(busy)
        if busy and text:
            self.blocker.setText(text)
            self.blocker.setStyleSheet("")
            self.blocker.show()
        self._enable_apply(False)
        if not busy:
            self._update_state()
        else:
            self.merge.setEnabled(False)
            self.replace.setEnabled(False)
            self.cancel_button.setEnabled(False)

    def _enable_apply(self, enabled: bool) -> None:
        # A disabled button is never the default one: the default look is the accent
        # colour, which would make a disabled Apply look clickable.
        self.apply_button.setEnabled(enabled)
        self.apply_button.setDefault(enabled)
        self.apply_button.setAutoDefault(enabled)

    def _mode_picked(self, mode: str) -> None:
        if mode != self.plan.mode and not self._busy:
            self.mode_requested.emit(mode)

    # --- report -----------------------------------------------------------------------

    def report(self) -> str:
        """The whole preview as plain text (what Copy and Save write)."""
        return report_text(self.plan, self.resolutions())

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report())
        self.copy_button.setText(self.tr("Copied"))

    def save_report_dialog(self) -> None:
        suggested = self._report_name()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save Import Report"), suggested,
                                              self.tr("Text files (*.txt);;All files (*)"))
        if path:
            self.save_report(path)

    def save_report(self, path: str | Path) -> bool:
        """Write the report to ``path`` (replaced whole); a message box says why it failed."""
        out = QSaveFile(str(path))
        data = self.report().encode("utf-8")
        if out.open(QSaveFile.OpenModeFlag.WriteOnly) and out.write(data) == len(data) and out.commit():
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot save the report"),
                          self.tr("Cannot write {path}: {why}").format(path=path, why=out.errorString()),
                          QMessageBox.StandardButton.Ok, self)
        box.exec()
        return False

    def _report_name(self) -> str:
        if self.plan.path is None:
            return "import report.txt"
        return str(self.plan.path.with_name(f"{self.plan.path.stem} import report.txt"))

    # --- apply ------------------------------------------------------------------------

    def request_apply(self) -> None:
        """Apply, after a confirmation when replace mode deletes rows."""
        if self.blocking_reason() or self._busy:
            return
        deletions = sum(1 for _ in self.plan.rows("delete"))
        if deletions and not self._confirm_replace(deletions):
            return
        self.apply_requested.emit(self.resolutions())

    def _confirm_replace(self, deletions: int) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Replace the workspace?"),
            self.tr("Replace deletes {n:,} row(s) of the workspace that the workbook lacks.").format(
                n=deletions),
            QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText(self.tr("The deleted rows are listed on the Changes tab. A backup "
                                       "copy of the workspace is written first."))
        replace = box.addButton(self.tr("Delete {n:,} Rows and Replace").format(n=deletions),
                                QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is replace

    def finish(self) -> None:
        """The import was applied: close the dialog."""
        self._busy = False
        self.accept()

    def reject(self) -> None:  # noqa: D102 - Escape and Cancel; ignored while working
        if not self._busy:
            super().reject()

    def discard(self) -> None:
        """Close without applying, even while busy (the window is closing)."""
        self._busy = False
        super().reject()
