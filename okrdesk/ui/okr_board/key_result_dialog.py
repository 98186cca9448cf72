"""The dialog that creates or edits a key result (PRODUCT.md §2: title, kind, start,
target, current, unit, owner, weight, linked KPI node, confidence).

The KPI picker is an editable combo searched by code or name. A key result
linked to a KPI node takes its start and current value from the tree, so those
two fields are disabled, say so, and show the node's numbers for the
objective's period (``linked_values``: ``readmodels.linked_kr.linked_start``
and the latest value), which are saved with the key result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from okrdesk.domain.entities import KeyResult, KeyResultKind, KpiNode, Person
from okrdesk.ui.okr_board.edit_dialog import EditDialog, Submit, choice_combo, combo_choice
from okrdesk.ui.okr_board.form import FieldError, NumberEdit

KIND_WORDS = {KeyResultKind.METRIC: "Number", KeyResultKind.PERCENTAGE: "Percentage",
              KeyResultKind.CURRENCY: "Money", KeyResultKind.MILESTONE: "Milestone (done / not done)"}
LINKED_HINT = "Start and current value come from the KPI tree (the node's value at the period start and its latest value)."
#: (start, current) of a KPI node for the key result's period.
LinkedValues = Callable[[int], tuple[float | None, float | None]]


class KeyResultDialog(EditDialog):
    """Fields of one key result; ``key_result`` None creates one under ``objective_title``."""

    def __init__(
        self,
        submit: Submit,
        *,
        people: list[Person],
        nodes: list[KpiNode],
        objective_title: str,
        key_result: KeyResult | None = None,
        linked_values: LinkedValues | None = None,
        parent: QWidget | None = None,
    ) -> None:
        heading = "New key result" if key_result is None else f"Edit key result {key_result.ref}"
        super().__init__(heading, submit, parent)
        k = key_result
        self.heading.setToolTip(objective_title)
        self.title_edit = QLineEdit(k.title if k else "", self)
        self.title_edit.setPlaceholderText("A measurable outcome, e.g. \u201cActivation rate from 30 % to 45 %\u201d")
        self.kind_combo = choice_combo(self, [(w, kind.value) for kind, w in KIND_WORDS.items()],
                                       (k.kind if k else KeyResultKind.METRIC).value)
        self.start_edit, self.target_edit, self.current_edit = NumberEdit(self), NumberEdit(self), NumberEdit(self)
        self.weight_edit, self.confidence_edit = NumberEdit(self), NumberEdit(self)
        self.start_edit.set_value(k.start if k else None)
        self.target_edit.set_value(k.target if k else None)
        self.current_edit.set_value(k.current if k else None)
        self.weight_edit.set_value(k.weight if k else 1.0)
        self.confidence_edit.set_value(k.confidence if k else None)
        self.unit_edit = QLineEdit(k.unit if k else "", self)
        self.unit_edit.setPlaceholderText("e.g. %, €, customers, days")
        self.owner_combo = choice_combo(self, [("No owner", None)] + [(p.name, p.id) for p in
                                        sorted(people, key=lambda p: p.name.casefold())],
                                        k.owner_id if k else None, searchable=True)
        self.kpi_combo = choice_combo(
            self, [("Not linked \u2014 updated by check-ins", None)] + [(f"{n.code} \u00b7 {n.name}", n.id) for n in
                                                                       sorted(nodes, key=lambda n: n.code)],
            k.kpi_node_id if k else None, searchable=True)
        self.kpi_combo.lineEdit().setPlaceholderText("Type a code or a name")
        f = self.form
        f.add_row("title", "&Title", self.title_edit)
        f.add_row("kind", "&Kind", self.kind_combo)
        f.add_row("kpi_node_id", "&Linked KPI", self.kpi_combo,
                  "Optional. A linked key result updates itself when the KPI's measurements arrive.")
        f.add_row("start", "&Start", self.start_edit)
        f.add_row("target", "Tar&get", self.target_edit)
        f.add_row("current", "C&urrent", self.current_edit)
        f.add_row("unit", "U&nit", self.unit_edit)
        f.add_row("owner_id", "&Owner", self.owner_combo)
        f.add_row("weight", "&Weight", self.weight_edit, "Share in the objective's score (1 = like the others).")
        f.add_row("confidence", "&Confidence", self.confidence_edit, "0 (no chance) to 10 (certain).")
        self._linked_values = linked_values
        self._typed: tuple[str, str] | None = None  # start and current typed before linking
        self.kpi_combo.currentIndexChanged.connect(self._linked_changed)
        self.kind_combo.currentIndexChanged.connect(self._linked_changed)
        self._linked_changed()
        self.title_edit.setFocus()

    @property
    def linked(self) -> bool:
        """Whether a KPI node is chosen in the picker."""
        return self.kpi_combo.currentData() is not None

    def _linked_changed(self) -> None:
        linked = self.linked
        milestone = self.kind_combo.currentData() == KeyResultKind.MILESTONE.value
        for edit in (self.start_edit, self.current_edit):
            edit.setEnabled(not linked)
            edit.setToolTip(LINKED_HINT if linked else "")
        self.start_edit.setPlaceholderText("from the KPI" if linked else "\u2014")
        self.current_edit.setPlaceholderText("from the KPI" if linked else "\u2014")
        if linked:
            if self._typed is None:
                self._typed = (self.start_edit.text(), self.current_edit.text())
            start = current = None
            if self._linked_values is not None:
                start, current = self._linked_values(self.kpi_combo.currentData())
            self.start_edit.set_value(start)
            self.current_edit.set_value(current)
        elif self._typed is not None:  # unlinked again: what was typed comes back
            self.start_edit.setText(self._typed[0])
            self.current_edit.setText(self._typed[1])
            self._typed = None
        self.form.set_row_visible("start", not milestone)
        self.form.set_row_visible("target", not milestone)
        self.form.set_row_visible("unit", not milestone)

    def _number(self, edit: NumberEdit, field: str) -> float | None:
        try:
            return edit.value()
        except ValueError as exc:
            raise FieldError(field, str(exc)) from None

    def values(self) -> dict[str, Any]:
        """Title, kind, start, target, current, unit, owner_id, weight, kpi_node_id, confidence."""
        title = self.title_edit.text().strip()
        if not title:
            raise FieldError("title", "A key result needs a title.")
        kind = KeyResultKind(self.kind_combo.currentData())
        kpi = combo_choice(self.kpi_combo, "kpi_node_id", "a KPI")
        values: dict[str, Any] = {"title": title, "kind": kind, "kpi_node_id": kpi,
                                  "unit": self.unit_edit.text().strip(),
                                  "owner_id": combo_choice(self.owner_combo, "owner_id", "an owner")}
        for field, edit in (("start", self.start_edit), ("target", self.target_edit),
                            ("current", self.current_edit), ("weight", self.weight_edit),
                            ("confidence", self.confidence_edit)):
            values[field] = self._number(edit, field)
        if kind == KeyResultKind.MILESTONE:
            values.update(start=0.0, target=1.0, unit="")
        elif values["target"] is None:
            raise FieldError("target", "A key result needs a target number (PRODUCT.md: numbers, not tasks).")
        elif values["start"] is not None and values["start"] == values["target"] and kpi is None:
            raise FieldError("target", "The target must differ from the start.")
        if values["weight"] is None:
            raise FieldError("weight", "A weight is needed (1 counts like the others).")
        if values["weight"] < 0:
            raise FieldError("weight", "The weight cannot be negative.")
        conf = values["confidence"]
        if conf is not None and not 0 <= conf <= 10:
            raise FieldError("confidence", "Confidence goes from 0 to 10.")
        if kpi is not None:  # the KPI's numbers shown, or left as they are when it has none
            for field in ("start", "current"):
                if values[field] is None:
                    values.pop(field)
        return values
