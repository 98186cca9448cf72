"""The lower half of the wizard's first page: how the import works, the saved import
profiles (one click to import next month's file with one) and the recent imports.

``StartPanel`` reads the profiles and the history from the service when shown;
``again_requested(name)`` and ``history_requested()`` are handled by the wizard's
owner (the wizard closes first). *Rename…* (F2) renames the selected profile in a
``RenameProfileDialog``; ``profile_renamed(old, new)`` follows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from okrdesk.ui import icons
from okrdesk.ui.value_import.history_dialog import local_time, profile_summary
from okrdesk.ui.value_import.rename_dialog import RenameProfileDialog

STEPS = (
    ("file-spreadsheet", "Choose the file", "An Excel or CSV export, as it came out of the other system."),
    ("search", "Find the table", "okrdesk finds the header row, the layout and the dates; you check."),
    ("git-branch", "Match the KPIs", "Names in the file are matched to nodes of your KPI tree."),
    ("list-checks", "Check and apply", "See every new and changed value, then apply — undoable."),
)
RECENT = 5


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setObjectName("Card")
    column = QVBoxLayout(card)
    column.setContentsMargins(16, 14, 16, 14)
    column.setSpacing(8)
    heading = QLabel(title)
    font = heading.font()
    font.setBold(True)
    heading.setFont(font)
    column.addWidget(heading)
    return card, column


class StartPanel(QWidget):
    """See the module notes."""

    again_requested = Signal(str)
    history_requested = Signal()
    profile_renamed = Signal(str, str)  # old name, new name

    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        steps_card, steps = _card(self.tr("How it works"))
        for number, (icon, title, text) in enumerate(STEPS, start=1):
            row = QHBoxLayout()
            row.setSpacing(10)
            badge = QLabel()
            badge.setPixmap(icons.icon(icon).pixmap(20, 20))
            badge.setAlignment(Qt.AlignmentFlag.AlignTop)
            words = QLabel(f"<b>{number}. {self.tr(title)}</b><br>{self.tr(text)}")
            words.setWordWrap(True)
            row.addWidget(badge)
            row.addWidget(words, 1)
            steps.addLayout(row)
        saved = QLabel(self.tr("Tick “Save as import profile” on the last page, and next month "
                               "File → Import Values Again imports the new file in one click."))
        saved.setObjectName("Muted")
        saved.setWordWrap(True)
        steps.addWidget(saved)
        steps.addStretch(1)

        profiles_card, profiles = _card(self.tr("Import again with a saved profile"))
        self.profiles = QListWidget()
        self.profiles.setObjectName("start-profiles")
        self.profiles.itemDoubleClicked.connect(lambda item: self._again(item))
        self.profiles.currentItemChanged.connect(lambda *_a: self._update())
        self.again_button = QPushButton(icons.icon("download"), self.tr("Import Again…"))
        self.again_button.setToolTip(self.tr("Choose next month's file and go straight to what "
                                             "will change"))
        self.again_button.clicked.connect(lambda: self._again(self.profiles.currentItem()))
        self.rename_button = QPushButton(icons.icon("pencil"), self.tr("Rename…"))
        self.rename_button.setToolTip(self.tr("Give the selected profile another name (F2)"))
        self.rename_button.clicked.connect(self.rename_current)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self.profiles, self.rename_current,
                  Qt.ShortcutContext.WidgetShortcut)
        self.renaming: RenameProfileDialog | None = None
        self.no_profiles = QLabel(self.tr("No saved profiles yet."))
        self.no_profiles.setObjectName("Muted")
        profiles.addWidget(self.profiles, 1)
        profiles.addWidget(self.no_profiles)
        profiles.addStretch(0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rename_button)
        buttons.addStretch(1)
        buttons.addWidget(self.again_button)
        profiles.addLayout(buttons)

        recent_card, recent = _card(self.tr("Recent imports"))
        self.recent = QListWidget()
        self.recent.setObjectName("start-recent")
        self.recent.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.recent.setWordWrap(True)
        self.recent.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.recent.setSpacing(3)
        self.no_recent = QLabel(self.tr("Nothing imported into this workspace yet."))
        self.no_recent.setObjectName("Muted")
        self.history_button = QPushButton(icons.icon("history"), self.tr("Import History…"))
        self.history_button.clicked.connect(self.history_requested)
        recent.addWidget(self.recent, 1)
        recent.addWidget(self.no_recent)
        recent.addStretch(0)
        history_row = QHBoxLayout()
        history_row.addStretch(1)
        history_row.addWidget(self.history_button)
        recent.addLayout(history_row)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(14)
        row.addWidget(steps_card, 4)
        row.addWidget(profiles_card, 3)
        row.addWidget(recent_card, 4)
        self.refresh()

    def refresh(self) -> None:
        """Read the profiles and the recent imports again."""
        history = self.service.value_imports()
        last_used: dict[str, str] = {}
        for entry in history:
            if entry.profile_name:
                last_used.setdefault(entry.profile_name, local_time(entry.imported_at)[:10])
        self.profiles.clear()
        for profile in self.service.import_profiles():
            used = last_used.get(profile.name)
            item = QListWidgetItem(icons.icon("file-spreadsheet"), profile.name)
            item.setData(Qt.ItemDataRole.UserRole, profile.name)
            item.setToolTip("\n".join(profile_summary(profile.definition, used)))
            self.profiles.addItem(item)
        if self.profiles.count():
            self.profiles.setCurrentRow(0)
        self.recent.clear()
        for entry in history[:RECENT]:
            counts = self.tr("{new:,} new, {changed:,} changed").format(
                new=entry.new_count, changed=entry.changed_count)
            lines = [entry.file_name, f"{local_time(entry.imported_at)} · {counts}"]
            if entry.profile_name:
                lines.append(self.tr("Profile: {name}").format(name=entry.profile_name))
            item = QListWidgetItem("\n".join(lines))
            item.setToolTip("\n".join(lines))
            self.recent.addItem(item)
        self.profiles.setVisible(self.profiles.count() > 0)
        self.no_profiles.setVisible(self.profiles.count() == 0)
        self.recent.setVisible(bool(history))
        self.no_recent.setVisible(not history)
        self.history_button.setEnabled(bool(history) or self.profiles.count() > 0)
        self._update()

    def _update(self) -> None:
        self.again_button.setEnabled(self.profiles.currentItem() is not None)
        self.rename_button.setEnabled(self.profiles.currentItem() is not None)

    def current_profile(self) -> str:
        item = self.profiles.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    def rename_current(self) -> RenameProfileDialog | None:
        """Open the rename dialog on the selected profile (the list follows the rename)."""
        name = self.current_profile()
        if not name:
            return None
        dialog = RenameProfileDialog(self.service, name, self)
        self.renaming = dialog
        dialog.renamed.connect(self._renamed)
        dialog.finished.connect(lambda _r: self._rename_closed(dialog))
        dialog.open()
        return dialog

    def _renamed(self, old: str, new: str) -> None:
        self.refresh()
        for row in range(self.profiles.count()):
            if self.profiles.item(row).data(Qt.ItemDataRole.UserRole) == new:
                self.profiles.setCurrentRow(row)
        self.profile_renamed.emit(old, new)

    def _rename_closed(self, dialog: RenameProfileDialog) -> None:
        if self.renaming is dialog:
            self.renaming = None
        dialog.deleteLater()

    def _again(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.again_requested.emit(item.data(Qt.ItemDataRole.UserRole))
