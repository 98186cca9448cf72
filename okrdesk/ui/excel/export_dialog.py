"""What to export: the whole workspace, or chosen periods, teams and a KPI branch.

A small dialog: "Whole workspace" (the default) or "A selection", then three
lists — periods (their OKRs and the measurements inside their dates), teams
(with their sub-teams, their OKRs and people) and one KPI branch (that KPI and
everything under it). ``selection()`` returns an ``ExportChoice`` whose fields
are the keyword arguments of ``export_workbook``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.entities import KpiNode, Period, Team


@dataclass(frozen=True)
class ExportChoice:
    """What to export; ``None`` means "no restriction" for each part."""

    period_ids: tuple[int, ...] | None = None
    team_ids: tuple[int, ...] | None = None
    branch_node_id: int | None = None

    @property
    def whole(self) -> bool:
        return self.period_ids is None and self.team_ids is None and self.branch_node_id is None

    def kwargs(self) -> dict[str, object]:
        """The keyword arguments of ``export_workbook`` for this choice."""
        return {"period_ids": self.period_ids, "team_ids": self.team_ids,
                "branch_node_id": self.branch_node_id}


def branch_entries(nodes: list[KpiNode]) -> list[tuple[int, str]]:
    """``(node id, "CODE — Name")`` depth first, indented two spaces per level."""
    children: dict[int | None, list[KpiNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.position, n.code))
    known = {n.id for n in nodes}
    roots = [n for n in nodes if n.parent_id is None or n.parent_id not in known]
    roots.sort(key=lambda n: (n.position, n.code))
    out: list[tuple[int, str]] = []
    stack = [(n, 0) for n in reversed(roots)]
    while stack:
        node, depth = stack.pop()
        out.append((node.id, f"{'    ' * depth}{node.code} — {node.name}"))
        stack.extend((child, depth + 1) for child in reversed(children.get(node.id, [])))
    return out


def team_entries(teams: list[Team]) -> list[tuple[int, str]]:
    """``(team id, name)`` in hierarchy order, sub-teams indented under their parent."""
    by_parent: dict[int | None, list[Team]] = {}
    known = {t.id for t in teams}
    for team in teams:
        parent = team.parent_id if team.parent_id in known else None
        by_parent.setdefault(parent, []).append(team)
    out: list[tuple[int, str]] = []
    stack = [(t, 0) for t in sorted(by_parent.get(None, []), key=lambda t: (t.position, t.name),
                                    reverse=True)]
    while stack:
        team, depth = stack.pop()
        out.append((team.id, f"{'    ' * depth}{team.name}"))
        children = sorted(by_parent.get(team.id, []), key=lambda t: (t.position, t.name), reverse=True)
        stack.extend((child, depth + 1) for child in children)
    return out


class ExportSelectionDialog(QDialog):
    """Choose the whole workspace or a selection; see the module notes."""

    def __init__(self, periods: list[Period], teams: list[Team], nodes: list[KpiNode],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export-selection")
        self.setWindowTitle(self.tr("Export Workbook"))
        self.setWindowModality(Qt.WindowModality.WindowModal)

        self.whole = QRadioButton(self.tr("Whole workspace — every KPI, OKR and all history"))
        self.partial = QRadioButton(self.tr("A selection:"))
        group = QButtonGroup(self)
        group.addButton(self.whole)
        group.addButton(self.partial)
        self.whole.setChecked(True)

        self.periods = self._checklist(
            [(p.id, f"{p.name}  ({p.start:%d %b %Y} – {p.end:%d %b %Y})") for p in
             sorted(periods, key=lambda p: (p.start, p.name))])
        self.teams = self._checklist(team_entries(teams))
        self.branch = QComboBox()
        self.branch.addItem(self.tr("All KPIs"), None)
        for node_id, text in branch_entries(nodes):
            self.branch.addItem(text, node_id)
        self.branch.setMaxVisibleItems(20)

        grid = QGridLayout()
        grid.setContentsMargins(24, 0, 0, 0)
        grid.addWidget(self._caption(self.tr("Periods"), self.tr(
            "Their objectives and key results, and the measurements within their dates. "
            "None ticked: every period.")), 0, 0)
        grid.addWidget(self._caption(self.tr("Teams"), self.tr(
            "With their sub-teams, their objectives and people. None ticked: every team.")), 0, 1)
        grid.addWidget(self.periods, 1, 0)
        grid.addWidget(self.teams, 1, 1)
        grid.addWidget(self._caption(self.tr("KPI branch"), self.tr(
            "This KPI and everything under it, with their measurements.")), 2, 0, 1, 2)
        grid.addWidget(self.branch, 3, 0, 1, 2)
        self.selection_box = QWidget()
        self.selection_box.setLayout(grid)
        self.partial.toggled.connect(self.selection_box.setEnabled)
        self.selection_box.setEnabled(False)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(self.tr("Export…"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        column = QVBoxLayout(self)
        column.addWidget(self.whole)
        column.addWidget(self.partial)
        column.addWidget(self.selection_box, 1)
        column.addWidget(self.buttons)
        self.resize(640, 460)

    def _checklist(self, entries: list[tuple[int, str]]) -> QListWidget:
        widget = QListWidget()
        for entity_id, text in entries:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entity_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            widget.addItem(item)
        widget.setMinimumHeight(120)
        return widget

    def _caption(self, title: str, help_text: str) -> QLabel:
        label = QLabel(f"<b>{title}</b><br><span>{help_text}</span>")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return label

    @staticmethod
    def _ticked(widget: QListWidget) -> tuple[int, ...] | None:
        ids = tuple(int(widget.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(widget.count())
                    if widget.item(i).checkState() == Qt.CheckState.Checked)
        return ids or None

    def tick(self, widget: QListWidget, entity_ids: list[int]) -> None:
        """Tick the items of ``entity_ids`` in ``widget`` (``periods`` or ``teams``)."""
        for i in range(widget.count()):
            item = widget.item(i)
            if int(item.data(Qt.ItemDataRole.UserRole)) in entity_ids:
                item.setCheckState(Qt.CheckState.Checked)

    def selection(self) -> ExportChoice:
        """What the user chose."""
        if self.whole.isChecked():
            return ExportChoice()
        branch = self.branch.currentData()
        return ExportChoice(self._ticked(self.periods), self._ticked(self.teams),
                            int(branch) if branch is not None else None)
