"""“Create key result from this KPI”: the board's key-result dialog, prefilled from a node.

The dialog is the OKR board's ``KeyResultDialog`` with the KPI link, the unit, a
kind that suits the unit, the node's target and — read-only, as for every linked
key result — the start: the node's value at the period start, computed by the
same function the board scores linked key results with (``linked_numbers``).
Above the fields, an objective picker lists the objectives of the period shown
(the current one when the view shows all time), grouped by team and searchable;
objectives of a closed period, and closed objectives, are not offered. The key
result is created through ``BoardCommands`` (one undo step) and appears on the
board.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from okrdesk.domain.entities import KeyResultKind, KpiNode, Objective, ObjectiveState, Period, Person
from okrdesk.store.readmodels.okrs import linked_numbers
from okrdesk.ui.okr_board.form import FieldError
from okrdesk.ui.okr_board.key_result_dialog import KeyResultDialog

OBJECTIVE_ROLE = Qt.ItemDataRole.UserRole + 1
NO_TEAM = "No team"
CURRENCY_UNITS = frozenset({"€", "$", "£", "¥", "eur", "usd", "gbp", "chf", "k€", "m€", "k$", "m$"})


def kind_for_unit(unit: str) -> KeyResultKind:
    """The key-result kind a KPI's unit suggests (%, a currency, else a number)."""
    text = unit.strip().lower()
    if text == "%":
        return KeyResultKind.PERCENTAGE
    if text in CURRENCY_UNITS:
        return KeyResultKind.CURRENCY
    return KeyResultKind.METRIC


def open_objectives(service, period: Period | None) -> list[Objective]:
    """Objectives a key result may be added to in ``period``: none when the period is
    closed (or missing), and never a closed objective."""
    if period is None or period.closed:
        return []
    return [o for o in service.objectives(period_id=period.id) if o.state != ObjectiveState.CLOSED]


def picker_period(service, shown: Period | None, today: dt.date) -> Period | None:
    """The period whose objectives are offered: the one the view shows, else today's."""
    return shown if shown is not None else service.period_for(today)


class ObjectivePicker(QWidget):
    """Objectives grouped by team in a tree, with a search field above it."""

    def __init__(self, objectives: list[Objective], teams: dict[int, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search objectives or teams")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search objectives")
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setMinimumHeight(180)
        self.tree.setAccessibleName("Objectives")
        groups: dict[str, list[Objective]] = {}
        for objective in objectives:
            team = teams.get(objective.team_id, NO_TEAM) if objective.team_id is not None else NO_TEAM
            groups.setdefault(team, []).append(objective)
        for team in sorted(groups, key=lambda t: (t == NO_TEAM, t.casefold())):
            head = QTreeWidgetItem(self.tree, [team])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not selectable
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            for objective in groups[team]:
                item = QTreeWidgetItem(head, [objective.title])
                item.setData(0, OBJECTIVE_ROLE, objective.id)
                item.setToolTip(0, f"{objective.ref} · {objective.title}")
        self.tree.expandAll()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.search.textChanged.connect(self.filter)
        self.setFocusProxy(self.search)

    def filter(self, text: str) -> None:
        """Show objectives whose title, ref or team contains ``text`` (all of a matching team)."""
        needle = text.strip().casefold()
        for t in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(t)
            team_hit = needle in head.text(0).casefold()
            shown = 0
            for k in range(head.childCount()):
                item = head.child(k)
                hit = team_hit or not needle or needle in item.text(0).casefold() \
                    or needle in item.toolTip(0).casefold()
                item.setHidden(not hit)
                shown += hit
            head.setHidden(shown == 0)
        visible = [i for i in self.items() if not i.isHidden()]
        current = self.tree.currentItem()
        if (current is None or current.isHidden()) and len(visible) == 1:
            self.tree.setCurrentItem(visible[0])

    def items(self) -> list[QTreeWidgetItem]:
        """Every objective item (not the team headings)."""
        out = []
        for t in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(t)
            out += [head.child(k) for k in range(head.childCount())]
        return out

    def select(self, objective_id: int) -> None:
        """Choose ``objective_id``."""
        for item in self.items():
            if item.data(0, OBJECTIVE_ROLE) == objective_id:
                self.tree.setCurrentItem(item)

    def objective_id(self) -> int | None:
        """The chosen objective (None: none chosen, or it is filtered out)."""
        item = self.tree.currentItem()
        if item is None or item.isHidden():
            return None
        return item.data(0, OBJECTIVE_ROLE)


class KeyResultFromKpiDialog(KeyResultDialog):
    """The key-result dialog for ``node``, with an objective picker on top."""

    def __init__(self, submit, *, node: KpiNode, start: float | None, period: Period,
                 objectives: list[Objective], teams: dict[int, str], people: list[Person],
                 nodes: list[KpiNode], parent: QWidget | None = None) -> None:
        super().__init__(submit, people=people, nodes=nodes, objective_title=period.name, parent=parent)
        self.setWindowTitle(f"New key result from {node.code}")
        self.heading.setText(f"New key result from {node.code}")
        self.node = node
        self.start_value = start
        self.picker = ObjectivePicker(objectives, teams, self)
        self.form.add_row("objective_id", "O&bjective", self.picker,
                          f"Objectives of {period.name}, by team.")
        layout = self.form.layout_  # the picker goes first
        taken = layout.takeRow(layout.rowCount() - 1)
        layout.insertRow(0, taken.labelItem.widget(), taken.fieldItem.widget())
        self.title_edit.setText(node.name)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind_for_unit(node.unit).value)))
        self.kpi_combo.setCurrentIndex(max(0, self.kpi_combo.findData(node.id)))
        self.unit_edit.setText(node.unit)
        self.target_edit.set_value(node.target)
        self.start_edit.set_value(start)
        if start is None:
            self.start_edit.setPlaceholderText(f"no value at the start of {period.name}")
        self.picker.setFocus()

    def values(self) -> dict[str, Any]:
        """The dialog's values plus ``objective_id`` and the linked start value."""
        objective_id = self.picker.objective_id()
        if objective_id is None:
            raise FieldError("objective_id", "Pick the objective this key result belongs to.")
        values = super().values()
        values["objective_id"] = objective_id
        if values.get("kpi_node_id") is not None and self.start_value is not None:
            values["start"] = self.start_value  # kept with the key result (export, fallback)
        return values


def create_key_result_dialog(ctx, node_id: int, shown: Period | None, parent: QWidget | None = None,
                             on_created=None) -> KeyResultFromKpiDialog | str:
    """Open the dialog for a key result linked to ``node_id``; or the reason it cannot
    be created (no open period, no objective in it) as a message."""
    service = ctx.service
    period = picker_period(service, shown, ctx.today)
    if period is None:
        return "There is no period for today: add one on the OKR board first."
    if period.closed:
        return f"{period.name} is closed: reopen it on the OKR board to add key results."
    objectives = open_objectives(service, period)
    if not objectives:
        return f"{period.name} has no open objective yet: add one on the OKR board first."
    from okrdesk.ui.okr_board.commands import BoardCommands  # the board's one way to create it

    tree = ctx.tree(ctx.today)
    node = tree.row(node_id).node
    start, _current, _history = linked_numbers(tree, node_id, period, ctx.today)
    commands = BoardCommands(service, ctx.undo_stack)

    def submit(values: dict[str, Any]) -> None:
        objective_id = values.pop("objective_id")
        created = commands.create_key_result(objective_id, values.pop("title"), **values)
        if on_created is not None:
            on_created(created)

    dialog = KeyResultFromKpiDialog(
        submit, node=node, start=start, period=period, objectives=objectives,
        teams={t.id: t.name for t in service.teams()}, people=service.people(),
        nodes=[r.node for r in tree.rows], parent=parent)
    dialog.open()
    return dialog
