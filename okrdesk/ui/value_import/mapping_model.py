"""Each KPI name or code found in the file, and the node its values go to.

``MappingModel`` is a table over a ``WizardState``'s labels: the label with a
tick box (ticked: imported; unticked: left out), where the file has it, how it
was matched, and the node it is imported into. Exact and case-insensitive
matches start ticked; a fuzzy suggestion is shown but starts unticked until the
user confirms it (ticking it, or choosing a node); a label without a match
starts unticked and can be created as a new measure node.

``NodePickerDelegate`` edits the *Import into* column with a searchable combo
box (type any part of a code or name): every node, plus "Create a new measure
node" and "Leave out".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from okrdesk.domain.entities import KpiNode
from okrdesk.ui import icons, theme
from okrdesk.ui.value_import.state import WizardState
from okrdesk.ui.widgets.flat_table import FlatTableModel

Index = QModelIndex | QPersistentModelIndex
CREATE = "\x00create"
SKIP_CHOICE = "\x00skip"
HOW_WORDS = {
    "code": "Code",
    "name": "Name",
    "case": "Name (any case)",
    "fuzzy": "Similar name — confirm",
    "ambiguous": "Several nodes — pick one",
    "none": "Not found",
}
LABEL, PLACE, HOW, TARGET = range(4)


def node_text(node: KpiNode) -> str:
    return f"{node.code} — {node.name}"


class MappingModel(FlatTableModel):
    """The labels of the file and their decisions (module notes)."""

    HEADERS = ("KPI in the file", "Cell", "Match", "Import into")

    def __init__(self, state: WizardState, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.labels: list[str] = []
        self.by_code = {n.code: n for n in state.nodes}
        self._italic = QFont()
        self._italic.setItalic(True)

    def reload(self) -> None:
        self.beginResetModel()
        self.labels = self.state.labels()
        self.by_code = {n.code: n for n in self.state.nodes}
        self.endResetModel()

    def row_of(self, label: str) -> int:
        return self.labels.index(label)

    # --- Qt model ---------------------------------------------------------------------

    def table_rows(self) -> list:
        return self.labels

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == LABEL:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == TARGET:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def place(self, label: str) -> str:
        """``Sheet!Cell`` where the file first names ``label``."""
        return self.state.table.labels.get(label, "") if self.state.table is not None else ""

    def target_text(self, label: str) -> str:
        decision = self.state.decision(label)
        if decision.action == "skip":
            return self.tr("Left out")
        if decision.action == "create":
            return self.tr("New measure node {code}").format(code=decision.code)
        node = self.by_code.get(decision.code or "")
        if decision.action == "map":
            return node_text(node) if node is not None else decision.code or ""
        if node is not None:
            return self.tr("{node}?").format(node=node_text(node))
        return self.tr("Choose a node, or create one…")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        label = self.labels[index.row()]
        col = index.column()
        decision = self.state.decision(label)
        match = self.state.matches.get(label)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == LABEL:
                return label
            if col == PLACE:
                return self.place(label).split("!", 1)[-1]
            if col == HOW:
                if decision.action == "create":
                    return self.tr("New node")
                if decision.action == "skip":
                    return self.tr("Left out")
                how = match.how if match is not None else "none"
                if decision.action == "map" and how in ("fuzzy", "ambiguous", "none"):
                    return self.tr("Confirmed")
                return self.tr(HOW_WORDS[how])
            return self.target_text(label)
        if role == Qt.ItemDataRole.EditRole and col == TARGET:
            return decision.code or ""
        if role == Qt.ItemDataRole.CheckStateRole and col == LABEL:
            on = decision.action in ("map", "create")
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            if decision.action in ("skip", "undecided") and col == TARGET:
                return QBrush(QColor(theme.current().muted_ink))
            if col == HOW and decision.action == "undecided":
                how = match.how if match is not None else "none"
                return QBrush(theme.status_colour("amber" if how in ("fuzzy", "ambiguous") else "red"))
            if col == HOW and decision.action == "map":
                return QBrush(theme.status_colour("green"))
        if role == Qt.ItemDataRole.FontRole and col == TARGET and decision.action == "undecided":
            return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == PLACE:
                return self.place(label)
            if col == TARGET:
                return self.tr("Click to choose the KPI node (type to search), create a new "
                               "measure node or leave this KPI out")
            if col == HOW and match is not None and match.candidates:
                return self.tr("Candidates: {codes}").format(codes=", ".join(match.candidates))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        label = self.labels[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == LABEL:
            self.set_checked(label, Qt.CheckState(value) == Qt.CheckState.Checked)
            return True
        if role == Qt.ItemDataRole.EditRole and index.column() == TARGET:
            return self.set_target(label, str(value))
        return False

    # --- decisions --------------------------------------------------------------------

    def _row_changed(self, label: str) -> None:
        row = self.row_of(label)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def set_checked(self, label: str, on: bool) -> None:
        """Tick: import (the suggestion, or a new node when there is none); untick: leave out."""
        decision = self.state.decision(label)
        if not on:
            self.state.decide_skip(label)
        elif decision.action in ("undecided", "skip"):
            match = self.state.matches.get(label)
            if match is not None and match.code is not None:
                self.state.decide_map(label, match.code)
            elif match is not None and match.how == "ambiguous":
                return  # several nodes share the name: the user picks one in the list
            else:
                self.state.decide_create(label)
        self._row_changed(label)

    def set_target(self, label: str, choice: str) -> bool:
        """``choice``: a node code, ``CREATE`` or ``SKIP_CHOICE``."""
        if choice == CREATE:
            self.state.decide_create(label)
        elif choice == SKIP_CHOICE:
            self.state.decide_skip(label)
        elif choice in self.by_code:
            self.state.decide_map(label, choice)
        else:
            return False
        self._row_changed(label)
        return True

    def decide_all(self, action: str, *, only_unmatched: bool = True) -> int:
        """Leave out (``skip``) or create (``create``) every label not decided yet (or,
        with ``only_unmatched``, only those without a suggestion); returns how many."""
        done = 0
        for label in self.labels:
            decision = self.state.decision(label)
            if decision.action != "undecided" or (only_unmatched and decision.code is not None):
                continue
            if action == "skip":
                self.state.decide_skip(label)
            else:
                self.state.decide_create(label)
            done += 1
        if done:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        return done


class LabelFilter(QSortFilterProxyModel):
    """Filters the mapping by any text of a row (label, place, match or node) and, with
    ``only_undecided``, to the labels still to decide."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.only_undecided = False

    def set_only_undecided(self, on: bool) -> None:
        self.beginFilterChange()
        self.only_undecided = on
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802 - Qt override
        model = self.sourceModel()
        if self.only_undecided and isinstance(model, MappingModel):
            if model.state.decision(model.labels[row]).action != "undecided":
                return False
        return super().filterAcceptsRow(row, parent)


def node_choices(nodes: list[KpiNode], parent: Any = None) -> QStandardItemModel:
    """The items of the node picker: leave out, create, then every node by code."""
    model = QStandardItemModel(parent)
    for text, data in ((QStandardItem("Leave out (do not import)"), SKIP_CHOICE),
                       (QStandardItem("Create a new measure node"), CREATE)):
        text.setData(data, Qt.ItemDataRole.UserRole)
        model.appendRow(text)
    for node in sorted(nodes, key=lambda n: n.code.casefold()):
        item = QStandardItem(node_text(node))
        item.setData(node.code, Qt.ItemDataRole.UserRole)
        model.appendRow(item)
    return model


def searchable_combo(choices: QAbstractItemModel, parent: QWidget | None = None) -> QComboBox:
    """An editable combo over ``choices`` whose completer matches any part of the text."""
    combo = QComboBox(parent)
    combo.setModel(choices)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMaxVisibleItems(16)
    completer = QCompleter(choices, combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    combo.lineEdit().setPlaceholderText("Type a code or name to search")
    return combo


def combo_data(combo: QComboBox) -> Any:
    """The data of the item whose text is typed in ``combo`` (None when none is)."""
    index = combo.findText(combo.currentText().strip(), Qt.MatchFlag.MatchFixedString)
    return combo.itemData(index, Qt.ItemDataRole.UserRole) if index >= 0 else None


class NodePickerDelegate(QStyledItemDelegate):
    """Edits *Import into* with a searchable combo of ``choices`` (module notes); each
    cell shows a chevron, so it reads as a list to pick from."""

    def __init__(self, choices: QStandardItemModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        side = 14
        rect = option.rect
        target = QRect(rect.right() - side - 8, rect.center().y() - side // 2, side, side)
        icons.icon("chevron-down", theme.current().muted_ink).paint(painter, target)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        combo = searchable_combo(self.choices, parent)
        combo.setObjectName("node-picker")
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        code = index.data(Qt.ItemDataRole.EditRole)
        found = editor.findData(code, Qt.ItemDataRole.UserRole) if code else -1
        editor.setCurrentIndex(found)
        if found < 0:
            editor.setEditText("")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        choice = combo_data(editor)
        if choice is not None:
            model.setData(index, choice, Qt.ItemDataRole.EditRole)
