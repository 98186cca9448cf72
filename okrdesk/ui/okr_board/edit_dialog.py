"""The frame of the board's edit dialogs: a heading, an ``ErrorForm``, OK/Cancel.

``accept()`` reads the form (``values()``, which raises ``FieldError``) and hands
the values to ``submit`` (which calls ``BoardCommands`` and may raise the
service's ``ValidationError``); either error is shown next to its field (or at
the bottom when it names none) and the dialog stays open. Dialogs are opened
with ``open()`` (window-modal, no nested event loop), so tests drive them
directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QCompleter, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget
from PySide6.QtCore import Qt

from okrdesk.store.errors import ValidationError
from okrdesk.ui.okr_board.form import ErrorForm, FieldError

Submit = Callable[[dict[str, Any]], None]


class EditDialog(QDialog):
    """Base of the objective and key-result dialogs."""

    def __init__(self, heading: str, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(heading)
        self.setModal(True)
        self.submit = submit
        self.heading = QLabel(heading, self)
        self.heading.setObjectName("DialogHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() + 3)
        font.setBold(True)
        self.heading.setFont(font)
        self.form = ErrorForm(self)
        self.general_error = QLabel("", self)
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet("color: #c0392b;")
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(14)
        layout.addWidget(self.heading)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def values(self) -> dict[str, Any]:
        """The form's values in the service's field names (FieldError for bad input)."""
        raise NotImplementedError

    def accept(self) -> None:  # noqa: D102 - QDialog API
        self.form.clear_errors()
        self.general_error.hide()
        try:
            self.submit(self.values())
        except FieldError as exc:
            self._show(exc.field, exc.message)
            return
        except (ValidationError, ValueError) as exc:
            self._show(getattr(exc, "field", None), str(exc))
            return
        super().accept()

    def _show(self, field: str | None, message: str) -> None:
        if not self.form.show_error(field, message):
            self.general_error.setText(message)
            self.general_error.show()


def choice_combo(parent: QWidget, items: list[tuple[str, Any]], current: Any, *,
                 searchable: bool = False) -> QComboBox:
    """A combo box of (text, data) items with ``current`` selected; ``searchable``
    makes it editable with a completer that matches anywhere in the text."""
    combo = QComboBox(parent)
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current)
    combo.setCurrentIndex(max(0, index))
    if searchable:
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(combo.model(), combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setCompleter(completer)
    return combo


def combo_choice(combo: QComboBox, field: str, what: str) -> Any:
    """The data of the item whose text is in an (editable) combo; FieldError naming
    ``field`` when typed text matches no item."""
    if combo.isEditable():
        index = combo.findText(combo.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        if index < 0:
            raise FieldError(field, f"Pick {what} from the list (type to search).")
        return combo.itemData(index)
    return combo.currentData()
