"""The check-in dialog of one key result.

Top: the key result (objective, current / target, pace). Left: the new
check-in — date, value (in the user's locale), confidence 0–10 on a slider with
its number, comment, author — and the owner's status override with its
required reason. Right: the progress chart (check-ins against the expected pace
and the forecast) above the full history, newest first.

A key result linked to a KPI node takes its numbers from the KPI tree: the
dialog says so and offers no value field; its check-in records the KPI's
current value with the confidence and comment. Saving is one undoable step
(a macro when both a check-in and an override change).

``read_only`` (a closed objective, a read-only workspace): the chart and the
history only, with a note saying why and a single Close button.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.entities import CheckIn, Pace
from okrdesk.store.readmodels.kr_progress import key_result_progress
from okrdesk.store.readmodels.okrs import KeyResultRow, ObjectiveCard
from okrdesk.ui.checkins.history_model import CheckInHistoryModel
from okrdesk.ui.okr_board.commands import BoardCommands
from okrdesk.ui.okr_board.edit_dialog import EditDialog, choice_combo
from okrdesk.ui.kpi_tree.formatting import edit_number
from okrdesk.ui.okr_board.form import FieldError, NumberEdit
from okrdesk.ui.okr_board.formatting import format_kr_value, format_score
from okrdesk.ui.widgets.kr_progress_chart import KrProgressChart
from okrdesk.ui.widgets.status_badge import badge_text


class CheckInDialog(EditDialog):
    """Record a check-in, set or clear the status override, see the history."""

    def __init__(self, commands: BoardCommands, row: KeyResultRow, card: ObjectiveCard,
                 check_ins: list[CheckIn], *, today: dt.date, read_only: str = "",
                 parent: QWidget | None = None) -> None:
        heading = f"Check-ins \u00b7 {row.kr.title}" if read_only else f"Check in \u00b7 {row.kr.title}"
        super().__init__(heading, self._submit, parent)
        self.read_only = read_only
        self.commands = commands
        self.row = row
        self.card = card
        self.today = today
        self.linked = row.kr.kpi_node_id is not None
        kr = row.kr
        self.setMinimumWidth(1040)
        self.context_label = QLabel(
            f"{card.objective.title}  \u00b7  {format_kr_value(row.current, kr.target, kr.unit, kr.kind, start=row.start)}"
            f"  \u00b7  progress {format_score(row.progress)} (expected {format_score(row.expected)})"
            f"  \u00b7  {badge_text(row.pace)}", self)
        self.context_label.setObjectName("Muted")
        self.context_label.setWordWrap(True)
        self.layout().insertWidget(1, self.context_label)

        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.value_edit = NumberEdit(self)
        self.value_edit.setPlaceholderText(f"now {edit_number(row.current)}" if row.current is not None else "")
        self.linked_note = QLabel(
            f"This key result takes its numbers from KPI {row.linked_code or ''} in the KPI tree: "
            "enter new values there (or import them); this check-in records your confidence and comment.", self)
        self.linked_note.setWordWrap(True)
        self.confidence_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.confidence_slider.setRange(0, 10)
        self.confidence_slider.setPageStep(1)
        self.confidence_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.confidence_slider.setValue(round(row.confidence) if row.confidence is not None else 5)
        self.confidence_label = QLabel(self)
        self.confidence_label.setMinimumWidth(44)
        self.confidence_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.confidence_slider.valueChanged.connect(self._confidence_changed)
        self._confidence_changed(self.confidence_slider.value())
        confidence_row = QWidget(self)
        box = QHBoxLayout(confidence_row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.confidence_slider, 1)
        box.addWidget(self.confidence_label)
        self.comment_edit = QPlainTextEdit(self)
        self.comment_edit.setPlaceholderText("What moved, what is blocking, what comes next")
        self.comment_edit.setFixedHeight(78)
        self.author_edit = QLineEdit(row.owner_name, self)

        f = self.form
        f.add_row("date", "&Date", self.date_edit)
        if self.linked:
            f.add_row("linked", "Value", self.linked_note)
            self.value_edit.hide()
        else:
            self.linked_note.hide()
            f.add_row("value", "&Value", self.value_edit, f"Target {format_kr_value(row.current, kr.target, kr.unit, kr.kind, start=row.start).split(' / ')[-1]}")
        f.add_row("confidence", "&Confidence", confidence_row, "0 = no chance, 10 = certain")
        f.add_row("comment", "Co&mment", self.comment_edit)
        f.add_row("author", "&Author", self.author_edit)

        self.override_box = QGroupBox("Status override", self)
        self.override_check = QCheckBox("Set the status by hand", self.override_box)
        self.override_check.setChecked(kr.pace_override is not None)
        self.override_combo = choice_combo(self.override_box, [(badge_text(p), p.value) for p in Pace],
                                           (kr.pace_override or Pace.ON_TRACK).value)
        self.reason_edit = QLineEdit(kr.override_reason, self.override_box)
        self.reason_edit.setPlaceholderText("Why the computed status is wrong (required)")
        self.reason_error = QLabel("", self.override_box)
        self.reason_error.setStyleSheet("color: #c0392b;")
        self.reason_error.setWordWrap(True)
        self.reason_error.hide()
        ob = QVBoxLayout(self.override_box)
        ob.addWidget(self.override_check)
        row_box = QHBoxLayout()
        row_box.addWidget(self.override_combo)
        row_box.addWidget(self.reason_edit, 1)
        ob.addLayout(row_box)
        ob.addWidget(self.reason_error)
        self.override_check.toggled.connect(self._override_toggled)
        self._override_toggled(self.override_check.isChecked())

        self.chart = KrProgressChart(self)
        self.history_model = CheckInHistoryModel(check_ins, kr.unit, self)
        self.history = QTableView(self)
        self.history.setModel(self.history_model)
        self.history.verticalHeader().hide()
        self.history.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.history.setAlternatingRowColors(True)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column in (0, 1, 2, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.history.setAccessibleName("Check-in history")
        self.empty_history = QLabel("No check-ins yet \u2014 this will be the first.", self)
        self.empty_history.setObjectName("Muted")
        self.empty_history.setVisible(not check_ins)

        left = QWidget(self)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        self.layout().removeWidget(self.form)
        left_box.addWidget(self.form)
        left_box.addWidget(self.override_box)
        left_box.addStretch(1)
        right = QWidget(self)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.chart, 3)
        history_title = QLabel(f"History ({len(check_ins)})", self)
        history_title.setObjectName("SectionTitle")
        right_box.addWidget(history_title)
        right_box.addWidget(self.empty_history)
        right_box.addWidget(self.history, 2)
        body = QHBoxLayout()
        body.setSpacing(22)
        body.addWidget(left, 4)
        body.addWidget(right, 5)
        self.layout().insertLayout(2, body, 1)
        self.buttons.button(self.buttons.StandardButton.Ok).setText("Save check-in")
        self.chart.set_data(self._chart_data(check_ins))
        if read_only:
            self._make_read_only(left, read_only)
        else:
            (self.comment_edit if self.linked else self.value_edit).setFocus()

    def _make_read_only(self, inputs: QWidget, reason: str) -> None:
        """History and chart only: the inputs give way to the reason, one Close button."""
        inputs.hide()
        note = QLabel(f"Read-only: {reason}", self)
        note.setObjectName("Muted")
        note.setWordWrap(True)
        self.layout().insertWidget(2, note)
        self.read_only_note = note
        self.buttons.setStandardButtons(self.buttons.StandardButton.Close)
        self.buttons.button(self.buttons.StandardButton.Close).setFocus()
        self.setMinimumWidth(640)

    def accept(self) -> None:  # noqa: D102 - QDialog API
        if self.read_only:
            self.reject()  # nothing to save
            return
        super().accept()

    # --- chart ---------------------------------------------------------------------------

    def _chart_data(self, check_ins: list[CheckIn]):  # noqa: ANN202
        period = self.card.period
        if period is None:
            return None
        return key_result_progress(self.row, period, check_ins, self.today)

    # --- behaviour -----------------------------------------------------------------------

    def _confidence_changed(self, value: int) -> None:
        self.confidence_label.setText(f"{value}/10")

    def _override_toggled(self, on: bool) -> None:
        self.override_combo.setEnabled(on)
        self.reason_edit.setEnabled(on)

    def values(self) -> dict[str, Any]:
        """date, value (None when blank or linked), confidence, comment, author, override, reason."""
        self.reason_error.hide()
        qdate = self.date_edit.date()
        values: dict[str, Any] = {
            "date": dt.date(qdate.year(), qdate.month(), qdate.day()),
            "confidence": float(self.confidence_slider.value()),
            "comment": self.comment_edit.toPlainText().strip(),
            "author": self.author_edit.text().strip(),
            "override": Pace(self.override_combo.currentData()) if self.override_check.isChecked() else None,
            "reason": self.reason_edit.text().strip(),
        }
        if self.linked:
            values["value"] = self.row.current
        else:
            try:
                values["value"] = self.value_edit.value()
            except ValueError as exc:
                raise FieldError("value", str(exc)) from None
        if values["override"] is not None and not values["reason"]:
            self.reason_error.setText("Say why the status is set by hand; the reason shows on the card.")
            self.reason_error.show()
            self.reason_edit.setFocus()
            raise FieldError("override_reason", "")
        return values

    def _submit(self, values: dict[str, Any]) -> None:
        kr = self.row.kr
        override_changes = (values["override"] != kr.pace_override
                            or (values["override"] is not None and values["reason"] != kr.override_reason))
        checking_in = values["value"] is not None
        if not self.linked and not checking_in and not override_changes:
            raise FieldError("value", "Enter the key result's value today.")
        if self.linked and not checking_in and not override_changes:
            raise FieldError("comment", "The linked KPI has no value in this period yet: nothing to check in.")
        both = checking_in and override_changes
        stack = self.commands.stack
        if both:
            stack.beginMacro(f"Check in and set status of \u201c{kr.title[:40]}\u201d")
        try:
            if checking_in:
                self.commands.add_check_in(kr.id, values["date"], values["value"], values["confidence"],
                                           values["comment"], values["author"])
            if override_changes:
                self.commands.set_pace_override(kr.id, values["override"], values["reason"])
        finally:
            if both:
                stack.endMacro()

    def _show(self, field: str | None, message: str) -> None:
        if field == "override_reason":
            return  # shown in the override box already
        super()._show(field, message)
