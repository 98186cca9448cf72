"""File → Import History…: the workspace's values imports and saved import profiles.

The history (``service.value_imports()``, newest first) shows when each import
ran (local time), the file and sheet, the profile it used and its counts. The
profiles list offers *Import Again…* (``again_requested``), *Rename…* (F2; the
``RenameProfileDialog``) and *Delete* (after a confirmation naming the profile).
Opened with ``open()``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.entities import ValueImport
from okrdesk.excel.foreign import ImportSpec, ProfileError, SpecError, delete_profile, profile_names
from okrdesk.ui import icons
from okrdesk.ui.empty_state import EmptyState
from okrdesk.ui.value_import.rename_dialog import RenameProfileDialog

COLUMNS = ("When", "File", "Sheet", "Profile", "New", "Changed", "Unchanged", "Skipped", "New nodes")


def local_time(utc: dt.datetime) -> str:
    """A UTC time of the history as local time, ``2027-03-04 09:15``."""
    return utc.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def profile_summary(definition: str, last_used: str | None = None) -> list[str]:
    """A saved profile in a few lines (``ImportSpec.describe``), for tooltips."""
    try:
        lines = ImportSpec.from_json(definition).describe()
    except SpecError as exc:
        lines = [f"This profile cannot be read: {exc}"]
    if last_used:
        lines.append(f"last used {last_used}")
    return lines


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


class ImportHistoryDialog(QDialog):
    """See the module notes."""

    again_requested = Signal(str)  # profile name

    def __init__(self, service: Any, *, read_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-history")
        self.setWindowTitle(self.tr("Import History"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumSize(760, 460)
        self.resize(1060, 620)
        self.service = service
        self.read_only = read_only

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("history-table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty = EmptyState(
            "history", self.tr("No values imported yet"),
            self.tr("File → Import Values… reads KPI values from an Excel or CSV export; every "
                    "import is listed here."))
        history = QWidget()
        history_column = QVBoxLayout(history)
        history_column.setContentsMargins(0, 0, 0, 0)
        history_column.addWidget(_heading(self.tr("Imports")))
        history_column.addWidget(self.table, 1)
        history_column.addWidget(self.empty, 1)

        self.profiles = QListWidget()
        self.profiles.setObjectName("profiles-list")
        self.profiles.setAlternatingRowColors(True)
        self.profiles.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.profiles.itemDoubleClicked.connect(lambda item: self._again(item.text()))
        self.again_button = QPushButton(icons.icon("download"), self.tr("Import Again…"))
        self.again_button.clicked.connect(lambda: self._again(self.current_profile()))
        self.rename_button = QPushButton(icons.icon("pencil"), self.tr("Rename…"))
        self.rename_button.setToolTip(self.tr("Give the selected profile another name (F2)"))
        self.rename_button.clicked.connect(self.rename_current)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self.profiles, self.rename_current,
                  Qt.ShortcutContext.WidgetShortcut)
        self.renaming: RenameProfileDialog | None = None
        self.delete_button = QPushButton(icons.icon("trash-2"), self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_current)
        profile_buttons = QHBoxLayout()
        profile_buttons.addWidget(self.again_button)
        profile_buttons.addWidget(self.rename_button)
        profile_buttons.addWidget(self.delete_button)
        profile_buttons.addStretch(1)
        self.no_profiles = QLabel(self.tr("No import profiles yet: tick “Save these choices as an "
                                          "import profile” on the wizard's last page."))
        self.no_profiles.setObjectName("Muted")
        self.no_profiles.setWordWrap(True)
        profiles = QWidget()
        profiles_column = QVBoxLayout(profiles)
        profiles_column.setContentsMargins(0, 0, 0, 0)
        profiles_column.addWidget(_heading(self.tr("Import profiles")))
        profiles_column.addWidget(self.profiles, 1)
        profiles_column.addWidget(self.no_profiles)
        profiles_column.addLayout(profile_buttons)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(history)
        split.addWidget(profiles)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 18, 20, 16)
        column.addWidget(split, 1)
        column.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        """Read the history and the profiles again."""
        entries: list[ValueImport] = self.service.value_imports()
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            texts = [local_time(e.imported_at), e.file_name, e.sheet, e.profile_name or "—"]
            counts = [e.new_count, e.changed_count, e.unchanged_count, e.skipped_count, e.nodes_created]
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setIcon(icons.icon("file-spreadsheet"))
                self.table.setItem(row, col, item)
            for i, n in enumerate(counts):
                item = QTableWidgetItem(f"{n:,}" if n else "–")
                item.setData(Qt.ItemDataRole.UserRole, n)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, len(texts) + i, item)
        self.table.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        current = self.current_profile()
        self.profiles.clear()
        names = profile_names(self.service)
        definitions = {p.name: p.definition for p in self.service.import_profiles()}
        for name in names:
            self.profiles.addItem(name)
            item = self.profiles.item(self.profiles.count() - 1)
            item.setIcon(icons.icon("file-spreadsheet"))
            item.setToolTip("\n".join(profile_summary(definitions.get(name, "{}"))))
        matches = self.profiles.findItems(current, Qt.MatchFlag.MatchExactly) if current else []
        self.profiles.setCurrentItem(matches[0] if matches else self.profiles.item(0))
        self.profiles.setVisible(bool(names))
        self.no_profiles.setVisible(not names)
        self._update_buttons()

    def current_profile(self) -> str:
        item = self.profiles.currentItem()
        return item.text() if item is not None else ""

    def history_rows(self) -> list[list[str]]:
        """The history as shown (for tests)."""
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]

    def _update_buttons(self) -> None:
        has = bool(self.current_profile())
        self.again_button.setEnabled(has and not self.read_only)
        self.rename_button.setEnabled(has and not self.read_only)
        self.delete_button.setEnabled(has and not self.read_only)

    def _again(self, name: str) -> None:
        if name and not self.read_only:
            self.accept()
            self.again_requested.emit(name)

    def rename_current(self) -> RenameProfileDialog | None:
        """Open the rename dialog on the selected profile (the list follows the rename)."""
        name = self.current_profile()
        if not name or self.read_only:
            return None
        dialog = RenameProfileDialog(self.service, name, self)
        self.renaming = dialog
        dialog.renamed.connect(lambda _old, new: self._renamed(new))
        dialog.finished.connect(lambda _r: self._rename_closed(dialog))
        dialog.open()
        return dialog

    def _renamed(self, new_name: str) -> None:
        self.refresh()
        matches = self.profiles.findItems(new_name, Qt.MatchFlag.MatchExactly)
        if matches:  # the history's "Profile" column keeps the name used at the time
            self.profiles.setCurrentItem(matches[0])

    def _rename_closed(self, dialog: RenameProfileDialog) -> None:
        if self.renaming is dialog:
            self.renaming = None
        dialog.deleteLater()

    def delete_current(self) -> bool:
        """Delete the selected profile after a confirmation; True when deleted."""
        name = self.current_profile()
        if not name:
            return False
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete the import profile?"),
                          self.tr("Delete the import profile “{name}”?").format(name=name),
                          QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText(self.tr("Values it imported stay; only the saved choices go."))
        delete = box.addButton(self.tr("Delete Profile"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not delete:
            return False
        try:
            delete_profile(self.service, name)
        except ProfileError as exc:
            QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot delete the profile"), str(exc),
                        QMessageBox.StandardButton.Ok, self).exec()
        self.refresh()
        return True
