"""What a values import would change, shown before anything is written.

``PlanPanel`` shows one ``ValuesPlan``: a summary line (new, changed, unchanged,
skipped), then tabs — *Changes* (every new and changed value: node, date, the
value now → after the import, and the cell it comes from; unchanged ones on
request), *Skipped* (``Sheet!Cell: reason``) and *Problems* (``Sheet!Cell:
message``, blocking) with the hints that block nothing. The wizard's last page
and the Import again dialog both use it. Clicking a skipped row, a problem or a
value's cell emits ``place_activated("Sheet!Cell")``: the wizard shows that cell in
the sheet on its "Find the table" page, the Import again dialog in a small viewer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from okrdesk.excel.foreign import CHANGED, NEW, Grid, ValueChange, ValuesPlan
from okrdesk.ui import icons, theme
from okrdesk.ui.kpi_tree.formatting import decimals_for, format_number, with_unit
from okrdesk.ui.widgets.flat_table import FlatTableModel

Index = QModelIndex | QPersistentModelIndex
#: The ``Sheet!Cell`` of a skipped row or a problem, on its list item.
PlaceRole = Qt.ItemDataRole.UserRole + 2
PLACE_COLUMN = 5
STATUS_WORDS = {NEW: "New", CHANGED: "Changed", "unchanged": "Unchanged"}


def exact_value(value: float, unit: str) -> str:
    """A value as the import writes it: the app's usual format, with as many decimals
    (up to 6) as the value has, so 99.95 % is not shown as 100.0 %."""
    decimals = decimals_for(value, unit)
    while decimals < 6 and abs(round(value, decimals) - value) > 1e-9 * max(1.0, abs(value)):
        decimals += 1
    return with_unit(format_number(value, decimals), unit)


class ChangesModel(FlatTableModel):
    """The values of a plan, one per row: status, node, date, now, after, cell."""

    HEADERS = ("Status", "KPI node", "Date", "Now", "After import", "From cell")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ValueChange] = []
        self.units: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[ValueChange], units: dict[str, str], names: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.units, self.names = rows, units, names
        self.endResetModel()

    def table_rows(self) -> list:
        return self.rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        change = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            unit = self.units.get(change.code, "")
            if col == 0:
                return self.tr(STATUS_WORDS[change.status])
            if col == 1:
                name = self.names.get(change.code, change.label)
                return f"{change.code} — {name}"
            if col == 2:
                return change.date.isoformat()
            if col == 3:
                return exact_value(change.old, unit) if change.old is not None else "–"
            if col == 4:
                return exact_value(change.new, unit)
            return change.place
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return self.tr("“{label}” in the file").format(label=change.label)
        if role == Qt.ItemDataRole.ToolTipRole and col == PLACE_COLUMN:
            return self.tr("Click to see this cell in the sheet")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 0 and change.status == CHANGED:
                return QBrush(theme.status_colour("amber"))
            if col == 0 and change.status == NEW:
                return QBrush(theme.status_colour("green"))
            if col == 3 and change.status == CHANGED:
                return QBrush(QColor(theme.current().muted_ink))
        if role == Qt.ItemDataRole.FontRole and col == 4 and change.status == CHANGED:
            return self._bold
        return None


def _list_view(object_name: str) -> QListWidget:
    view = QListWidget()
    view.setObjectName(object_name)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    return view


class PlanPanel(QWidget):
    """One plan: summary, then Changes / Skipped / Problems tabs (module notes)."""

    place_activated = Signal(str)  # "Sheet!Cell" clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("values-plan")
        self.plan: ValuesPlan | None = None
        self.summary = QLabel()
        self.summary.setObjectName("plan-summary")
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary.setFont(font)
        self.summary.setWordWrap(True)
        self.show_unchanged = QCheckBox(self.tr("Show unchanged values too"))
        self.show_unchanged.toggled.connect(lambda _on: self._fill_changes())

        self.changes_model = ChangesModel(self)
        self.changes = QTableView()
        self.changes.setObjectName("plan-changes")
        self.changes.setModel(self.changes_model)
        self.changes.setAlternatingRowColors(True)
        self.changes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.changes.verticalHeader().setVisible(False)
        self.changes.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.changes.verticalHeader().setDefaultSectionSize(26)
        header = self.changes.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((90, 300, 100, 120, 120)):
            header.resizeSection(col, width)
        changes_page = QWidget()
        column = QVBoxLayout(changes_page)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(self.changes, 1)
        column.addWidget(self.show_unchanged)

        self.changes.clicked.connect(self._change_clicked)
        self.skipped = _list_view("plan-skipped")
        self.problems = _list_view("plan-problems")
        for view in (self.skipped, self.problems):
            view.itemClicked.connect(self._item_clicked)
            view.itemActivated.connect(self._item_clicked)
        self.tabs = QTabWidget()
        self.tabs.addTab(changes_page, icons.icon("list-checks"), self.tr("Changes"))
        self.tabs.addTab(self.skipped, icons.icon("minus"), self.tr("Skipped"))
        self.tabs.addTab(self.problems, icons.icon("check"), self.tr("Problems"))

        self.place_hint = QLabel(self.tr("Click a skipped row, a problem or a value's cell (“From "
                                         "cell”) to see that place in the sheet."))
        self.place_hint.setObjectName("Muted")
        self.place_hint.hide()
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.place_hint)

    def set_plan(self, plan: ValuesPlan | None, nodes: list[Any] | None = None) -> None:
        """Show ``plan`` (``nodes``: the workspace's KPI nodes, for names and units)."""
        self.plan = plan
        nodes = nodes or []
        self._units = {n.code: n.unit for n in nodes}
        self._names = {n.code: n.name for n in nodes}
        if plan is not None:
            for new in plan.nodes_to_create:
                self._units.setdefault(new.code, new.unit)
                self._names.setdefault(new.code, new.name)
        self._fill_changes()
        self.skipped.clear()
        self.problems.clear()
        self.place_hint.setVisible(plan is not None and bool(plan.skipped or plan.problems))
        if plan is None:
            self.summary.setText("")
            return
        self.summary.setText(self.summary_text(plan))
        for skip in plan.skipped:
            item = QListWidgetItem(icons.icon("minus", theme.current().muted_ink), str(skip))
            self._link(item, skip.place)
            self.skipped.addItem(item)
        red = icons.icon("circle-alert", theme.status_colour("red").name())
        amber = icons.icon("info", theme.current().accent)
        for problem in plan.problems:
            item = QListWidgetItem(red, str(problem))
            item.setData(Qt.ItemDataRole.UserRole, "error")
            self._link(item, f"{problem.sheet}!{problem.cell}" if problem.cell else "")
            self.problems.addItem(item)
        for hint in plan.hints:
            item = QListWidgetItem(amber, hint)
            item.setData(Qt.ItemDataRole.UserRole, "hint")
            self.problems.addItem(item)
        counts = plan.counts()
        self.tabs.setTabText(0, self.tr("Changes ({n:,})").format(n=counts["new"] + counts["changed"]))
        self.tabs.setTabText(1, self.tr("Skipped ({n:,})").format(n=counts["skipped"]))
        title = self.tr("Problems ({n:,})").format(n=len(plan.problems))
        if plan.hints:
            title += self.tr(" · {n:,} note(s)").format(n=len(plan.hints))
        self.tabs.setTabText(2, title)
        self.tabs.setTabIcon(2, red if plan.problems else icons.icon("check"))
        if plan.problems:
            self.tabs.setCurrentIndex(2)
        elif not plan.writes and plan.skipped:
            self.tabs.setCurrentIndex(1)
        else:
            self.tabs.setCurrentIndex(0)

    def _link(self, item: QListWidgetItem, place: str) -> None:
        """Let a click on ``item`` show ``place`` when it names a cell or a row."""
        if place and Grid.index_of(place) is not None:
            item.setData(PlaceRole, place)
            item.setToolTip(self.tr("{text}\nClick to see {place} in the sheet").format(
                text=item.text(), place=place))

    def _item_clicked(self, item: QListWidgetItem) -> None:
        place = item.data(PlaceRole)
        if place:
            self.place_activated.emit(place)

    def _change_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() == PLACE_COLUMN:
            self.place_activated.emit(self.changes_model.rows[index.row()].place)

    def summary_text(self, plan: ValuesPlan) -> str:
        c = plan.counts()
        parts = [self.tr("{n:,} new").format(n=c["new"]),
                 self.tr("{n:,} changed").format(n=c["changed"]),
                 self.tr("{n:,} unchanged").format(n=c["unchanged"]),
                 self.tr("{n:,} skipped").format(n=c["skipped"])]
        text = " · ".join(parts)
        if c["nodes_created"]:
            text += " · " + self.tr("{n:,} new KPI node(s)").format(n=c["nodes_created"])
        return text

    def _fill_changes(self) -> None:
        plan = self.plan
        rows: list[ValueChange] = []
        if plan is not None:
            rows = plan.changed + plan.new
            if self.show_unchanged.isChecked():
                rows = rows + plan.unchanged
        self.changes_model.set_rows(rows, getattr(self, "_units", {}), getattr(self, "_names", {}))

    # --- for tests and the report ---------------------------------------------------

    def skipped_lines(self) -> list[str]:
        return [self.skipped.item(i).text() for i in range(self.skipped.count())]

    def problem_lines(self) -> list[str]:
        """The blocking problems shown (``Sheet!Cell: message``)."""
        return self._lines("error")

    def hint_lines(self) -> list[str]:
        """The advice shown under the problems (blocks nothing)."""
        return self._lines("hint")

    def _lines(self, kind: str) -> list[str]:
        items = (self.problems.item(i) for i in range(self.problems.count()))
        return [item.text() for item in items if item.data(Qt.ItemDataRole.UserRole) == kind]
