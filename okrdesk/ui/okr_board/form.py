"""Form parts shared by the board's dialogs: locale-aware number fields and a form
that shows each validation message right under its field.

Numbers are typed and shown in the user's locale ("1.234,5" in German,
"1,234.5" in English); a plain "1234.5" is accepted everywhere too
(``kpi_tree.formatting.edit_number`` / ``parse_number``, as in every number field).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from okrdesk.ui.kpi_tree.formatting import edit_number, parse_number


class FieldError(ValueError):
    """A value the form cannot take; ``field`` names the form row to mark."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class NumberEdit(QLineEdit):
    """A line edit for one number in the user's locale (blank means "no number")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(self.alignment().AlignRight)
        self.setPlaceholderText("\u2014")

    def set_value(self, value: float | None) -> None:
        """Show ``value`` (blank for None)."""
        self.setText(edit_number(value))

    def value(self) -> float | None:
        """The typed number, None when blank; ValueError with a message otherwise."""
        return parse_number(self.text())


class ErrorForm(QWidget):
    """A two-column form whose rows can show a red message under their field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setHorizontalSpacing(14)
        self.layout_.setVerticalSpacing(8)
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}

    def add_row(self, key: str, label: str, field: QWidget, hint: str = "") -> QWidget:
        """Add ``field`` under ``label``; ``key`` names it for ``show_error``."""
        holder = QWidget(self)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(field)
        if hint:
            note = QLabel(hint, holder)
            note.setObjectName("Muted")
            note.setWordWrap(True)
            box.addWidget(note)
        error = QLabel("", holder)
        error.setObjectName(f"error_{key}")
        error.setWordWrap(True)
        error.setStyleSheet("color: #c0392b;")
        error.hide()
        box.addWidget(error)
        caption = QLabel(label, self)
        caption.setBuddy(field)
        self.layout_.addRow(caption, holder)
        self._errors[key] = error
        self._fields[key] = field
        field.setAccessibleName(label.replace("&", "").rstrip(":"))
        return holder

    def show_error(self, key: str | None, message: str) -> bool:
        """Show ``message`` under field ``key``; False when there is no such field."""
        label = self._errors.get(key or "")
        if label is None:
            return False
        label.setText(message)
        label.show()
        self._fields[key].setFocus()  # type: ignore[index]
        return True

    def error_text(self, key: str) -> str:
        """The message shown under field ``key`` ("" when none)."""
        label = self._errors[key]
        return label.text() if label.isVisibleTo(self) else ""

    def clear_errors(self) -> None:
        """Hide every message."""
        for label in self._errors.values():
            label.clear()
            label.hide()

    def set_row_visible(self, key: str, visible: bool) -> None:
        """Show or hide a whole row."""
        self.layout_.setRowVisible(self._fields[key].parentWidget(), visible)
