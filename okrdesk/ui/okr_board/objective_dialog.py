"""The dialog that creates or edits an objective (PRODUCT.md §2: title, description,
period, team, owner, parent objective, committed/aspirational, state)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLineEdit, QPlainTextEdit, QRadioButton, QWidget

from okrdesk.domain.entities import Objective, ObjectiveState, ObjectiveType, Period, Person, Team
from okrdesk.ui.okr_board.edit_dialog import EditDialog, Submit, choice_combo, combo_choice
from okrdesk.ui.okr_board.form import FieldError

STATE_WORDS = {ObjectiveState.DRAFT: "Draft — being written, not scored for pace",
               ObjectiveState.ACTIVE: "Active", ObjectiveState.CLOSED: "Closed"}


class ObjectiveDialog(EditDialog):
    """Fields of one objective; ``objective`` None creates a new one."""

    def __init__(
        self,
        submit: Submit,
        *,
        periods: list[Period],
        teams: list[Team],
        people: list[Person],
        objectives: list[Objective],
        objective: Objective | None = None,
        period_id: int | None = None,
        team_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        heading = "New objective" if objective is None else f"Edit objective {objective.ref}"
        super().__init__(heading, submit, parent)
        o = objective
        self.title_edit = QLineEdit(o.title if o else "", self)
        self.title_edit.setPlaceholderText("An inspiring, qualitative goal, e.g. \u201cDelight our first customers\u201d")
        self.description_edit = QPlainTextEdit(o.description if o else "", self)
        self.description_edit.setFixedHeight(72)
        self.period_combo = choice_combo(self, [("No period", None)] + [(p.name, p.id) for p in periods],
                                         o.period_id if o else period_id)
        self.team_combo = choice_combo(self, [("No team", None)] + [(t.name, t.id) for t in teams],
                                       o.team_id if o else team_id)
        self.owner_combo = choice_combo(self, [("No owner", None)] + [(p.name, p.id) for p in
                                        sorted(people, key=lambda p: p.name.casefold())],
                                        o.owner_id if o else None, searchable=True)
        names = {p.id: p.name for p in periods}
        candidates = [x for x in objectives if o is None or x.id != o.id]
        self.parent_combo = choice_combo(
            self, [("Not aligned", None)] + [
                (f"{x.ref} \u00b7 {x.title}" + (f"  ({names[x.period_id]})" if x.period_id in names else ""), x.id)
                for x in candidates],
            o.parent_id if o else None, searchable=True)
        self.committed = QRadioButton("Committed \u2014 we will hit it", self)
        self.aspirational = QRadioButton("Aspirational \u2014 0.7 is a success", self)
        group = QButtonGroup(self)
        group.addButton(self.committed)
        group.addButton(self.aspirational)
        (self.aspirational if o and o.type == ObjectiveType.ASPIRATIONAL else self.committed).setChecked(True)
        type_row = QWidget(self)
        row = QHBoxLayout(type_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.committed)
        row.addWidget(self.aspirational)
        row.addStretch(1)
        self.state_combo = choice_combo(self, [(w, s.value) for s, w in STATE_WORDS.items()],
                                        (o.state if o else ObjectiveState.ACTIVE).value)
        f = self.form
        f.add_row("title", "&Title", self.title_edit)
        f.add_row("description", "&Description", self.description_edit)
        f.add_row("period_id", "&Period", self.period_combo)
        f.add_row("team_id", "T&eam", self.team_combo)
        f.add_row("owner_id", "&Owner", self.owner_combo)
        f.add_row("parent_id", "&Contributes to", self.parent_combo,
                  "The objective one level up that this one moves forward (type to search).")
        f.add_row("type", "Type", type_row)
        f.add_row("state", "&State", self.state_combo)
        self.title_edit.setFocus()

    def values(self) -> dict[str, Any]:
        """Title, description, period_id, team_id, owner_id, parent_id, type, state."""
        title = self.title_edit.text().strip()
        if not title:
            raise FieldError("title", "An objective needs a title.")
        return {
            "title": title,
            "description": self.description_edit.toPlainText().strip(),
            "period_id": self.period_combo.currentData(),
            "team_id": self.team_combo.currentData(),
            "owner_id": combo_choice(self.owner_combo, "owner_id", "an owner"),
            "parent_id": combo_choice(self.parent_combo, "parent_id", "an objective"),
            "type": ObjectiveType.ASPIRATIONAL if self.aspirational.isChecked() else ObjectiveType.COMMITTED,
            "state": ObjectiveState(self.state_combo.currentData()),
        }
