"""Renaming a saved import profile (Import History… and the wizard's first page).

``RenameProfileDialog`` asks for the new name and checks it as it is typed — not
empty, at most 200 characters, not the name of another profile — saying why
*Rename* is off. The rename itself is the core's ``rename_profile`` (the service
checks the name again: a refusal, such as a name taken meanwhile, is shown in the
dialog, which stays open and changes nothing). ``renamed(old, new)`` follows a
rename; File → Import Values Again ▸ lists the profiles afresh each time it opens,
so it shows the new name at once. Opened with ``open()``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from okrdesk.excel.foreign import ProfileError, profile_names, rename_profile
from okrdesk.store.errors import ValidationError
from okrdesk.ui.value_import.page_base import MessageLine
from okrdesk.ui.value_import.pages_preview import MAX_NAME, profile_name_problem


class RenameProfileDialog(QDialog):
    """See the module notes."""

    renamed = Signal(str, str)  # old name, new name

    def __init__(self, service: Any, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rename-profile")
        self.setWindowTitle(self.tr("Rename Import Profile"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(540)
        self.service = service
        self.old_name = name
        self.taken = [n for n in profile_names(service) if n != name]
        prompt = QLabel(self.tr("New name for the import profile “{name}”:").format(name=name))
        prompt.setWordWrap(True)
        self.name_edit = QLineEdit(name)
        self.name_edit.setObjectName("profile-new-name")
        self.name_edit.setMaxLength(MAX_NAME + 20)  # longer is typed, then explained
        self.name_edit.selectAll()
        self.name_edit.textChanged.connect(lambda _t: self._check())
        self.problem = MessageLine()
        note = QLabel(self.tr("The imports made with it keep their history; File → Import Values "
                              "Again lists it under the new name."))
        note.setObjectName("Muted")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.rename_button = self.buttons.addButton(self.tr("Rename"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 18, 20, 16)
        column.setSpacing(10)
        column.addWidget(prompt)
        column.addWidget(self.name_edit)
        column.addWidget(self.problem)
        column.addWidget(note)
        column.addWidget(self.buttons)
        self._check()

    def name_problem(self) -> str:
        """Why the typed name cannot be used ("" when it can)."""
        return profile_name_problem(self.name_edit.text(), self.taken)

    def _check(self) -> None:
        problem = self.name_problem()
        self._say(problem, "warning")
        enabled = not problem and self.name_edit.text().strip() != self.old_name
        self.rename_button.setEnabled(enabled)
        self.rename_button.setDefault(enabled)  # a default button is drawn as the primary one

    def _say(self, text: str, kind: str) -> None:
        """Show ``text`` under the name, growing the dialog so that nothing is cut off."""
        self.problem.show_message(text, kind)
        self.layout().activate()
        needed = self.sizeHint().height()
        if self.height() < needed:
            self.resize(self.width(), needed)

    def accept(self) -> None:  # noqa: D102 - rename, or say why not and stay open
        new_name = self.name_edit.text().strip()
        if self.name_problem():
            return
        if new_name == self.old_name:
            super().accept()
            return
        try:
            rename_profile(self.service, self.old_name, new_name)
        except (ValidationError, ProfileError) as exc:
            self._say(self.tr("Not renamed: {reason}").format(reason=exc), "error")
            self.rename_button.setEnabled(False)
            self.rename_button.setDefault(False)
            return
        super().accept()
        self.renamed.emit(self.old_name, new_name)
