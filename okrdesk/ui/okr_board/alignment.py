"""The alignment view: company objectives with the team objectives that contribute to
them, as a tree with score, pace, team and owner (PRODUCT.md §1, issue 4 item 6).

Top level are the objectives aligned under nothing that belong to a top team (or
to no team) — the company's — and objectives whose parent is outside the shown
period; team objectives aligned under nothing are listed under "Not aligned", so
a gap is visible instead of lost. The board's filters (team, owner, pace) and
the search keep matching rows with their ancestors, like the outline's search.
Double-click (or Return) opens the objective's dialog.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from okrdesk.palette import PACE_WORDS, STATUS_COLOURS, STATUS_SYMBOLS, STATUS_WORDS
from okrdesk.store.readmodels.okrs import BoardReadModel, ObjectiveCard
from okrdesk.ui.okr_board.filters import BoardFilter

COLUMNS = ("Objective", "Score", "Pace", "Team", "Owner")
NOT_ALIGNED = "Not aligned"
ObjectiveIdRole = Qt.ItemDataRole.UserRole + 1


@dataclass(eq=False)
class AlignmentNode:
    """One row: an objective (``card``) or the "Not aligned" group (``card`` None)."""

    card: ObjectiveCard | None
    parent: AlignmentNode | None = None
    children: list[AlignmentNode] = field(default_factory=list)

    def row(self) -> int:
        """Index among its parent's children."""
        siblings = self.parent.children if self.parent is not None else []
        return next(i for i, n in enumerate(siblings) if n is self)


def build_alignment(board: BoardReadModel) -> AlignmentNode:
    """The invisible root of the alignment tree of ``board`` (see the module docstring)."""
    root = AlignmentNode(None)
    cards = {c.objective.id: c for c in board.cards}
    top_teams = {t.id for t in board.teams if t.parent_id is None}
    children: dict[int, list[ObjectiveCard]] = defaultdict(list)
    tops: list[ObjectiveCard] = []
    orphans: list[ObjectiveCard] = []
    for card in board.cards:
        parent = card.objective.parent_id
        if parent is not None and parent in cards:
            children[parent].append(card)
        elif parent is not None or card.objective.team_id is None or card.objective.team_id in top_teams:
            tops.append(card)
        else:
            orphans.append(card)

    def attach(node: AlignmentNode, card: ObjectiveCard, seen: set[int]) -> None:
        child = AlignmentNode(card, node)
        node.children.append(child)
        seen.add(card.objective.id)
        for sub in children.get(card.objective.id, []):
            if sub.objective.id not in seen:
                attach(child, sub, seen)

    seen: set[int] = set()
    for card in tops:
        attach(root, card, seen)
    if orphans:
        group = AlignmentNode(None, root)
        root.children.append(group)
        for card in orphans:
            attach(group, card, seen)
    return root


class AlignmentModel(QAbstractItemModel):
    """Read-only tree model of ``build_alignment``; ``ObjectiveIdRole`` gives ids."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = AlignmentNode(None)

    def set_board(self, board: BoardReadModel | None) -> None:
        """Show the alignment of ``board`` (None: nothing). A new board is a new read of
        the workspace, so the model is reset."""
        self.beginResetModel()
        self._root = build_alignment(board) if board is not None else AlignmentNode(None)
        self.endResetModel()

    def node(self, index: QModelIndex | QPersistentModelIndex) -> AlignmentNode:
        """The node behind ``index`` (the root for an invalid one)."""
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self.node(parent).children[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        up = self.node(index).parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row(), 0, up)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.node(index)
        card, column = node.card, index.column()
        if card is None:
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return f"{NOT_ALIGNED} ({len(node.children)})"
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Team objectives that contribute to no company objective: choose one under \u201cContributes to\u201d."
            return None
        if role == ObjectiveIdRole:
            return card.objective.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _cell_text(card, column, role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and card.band is not None:
            return QBrush(QColor(STATUS_COLOURS[card.band]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None


def _cell_text(card: ObjectiveCard, column: int, tooltip: bool) -> str:
    o = card.objective
    if column == 0:
        text = f"{o.ref} \u00b7 {o.title}"
        return f"{text}\n(closed: read-only)" if tooltip and o.state.value == "closed" else text
    if column == 1:
        if card.score is None or card.band is None:
            return "No score yet" if tooltip else "\u2014"
        return f"{card.score:.2f}  {STATUS_SYMBOLS[card.band]} {STATUS_WORDS[card.band]}"
    if column == 2:
        if card.is_draft:
            return "Draft"
        return PACE_WORDS[card.pace] if card.pace is not None else "\u2014"
    if column == 3:
        return card.team_name or "No team"
    return card.owner_name or "\u2014"


class AlignmentFilter(QSortFilterProxyModel):
    """Keeps the objectives that pass the board's filter (and, recursively, their
    ancestors). The search text matches an objective's row (ref, title, score, pace,
    team, owner) or its key results' titles."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.board_filter = BoardFilter()

    def set_filter(self, board_filter: BoardFilter) -> None:
        """Filter by ``board_filter`` (team, owner, pace, search)."""
        if board_filter != self.board_filter:
            self.beginFilterChange()
            self.board_filter = board_filter
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if not self.board_filter.active:
            return True
        model = self.sourceModel()
        node = model.node(model.index(source_row, 0, source_parent))
        card = node.card
        if card is None:  # the "Not aligned" group shows when one of its rows does
            return False
        needle = self.board_filter.search.strip().casefold()
        if not replace(self.board_filter, search="").matches(card):
            return False
        if not needle:
            return True
        cells = (_cell_text(card, column, False) for column in range(len(COLUMNS)))
        return any(needle in text.casefold() for text in cells) or self.board_filter.matches(card)


class AlignmentView(QTreeView):
    """The alignment tree with a search filter; ``open_objective`` is called with an
    objective id on double-click or Return."""

    def __init__(self, open_objective: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AlignmentTree")
        self.setAccessibleName("Alignment of objectives")
        self.source = AlignmentModel(self)
        self.proxy = AlignmentFilter(self)
        self.proxy.setSourceModel(self.source)
        self.setModel(self.proxy)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 150), (2, 90), (3, 170), (4, 150)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self._open = open_objective
        self.doubleClicked.connect(self._activated)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Return), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda: self._activated(self.currentIndex()))

    def set_board(self, board: BoardReadModel | None) -> None:
        """Show ``board``'s alignment, everything expanded."""
        self.source.set_board(board)
        self.expandAll()

    def set_filter(self, board_filter: BoardFilter) -> None:
        """Keep the objectives that pass the board's filter row and search (with their
        ancestors): team, owner, pace and a text in the row or its key results."""
        self.proxy.set_filter(board_filter)
        self.expandAll()

    def set_search(self, text: str) -> None:
        """Keep rows whose objective, team or owner contains ``text`` (and their ancestors),
        the other filters unchanged."""
        self.set_filter(replace(self.proxy.board_filter, search=text))

    def objective_index(self, objective_id: int) -> QModelIndex:
        """The proxy index of an objective's row (invalid when it is filtered out)."""
        hits = self.proxy.match(self.proxy.index(0, 0), ObjectiveIdRole, objective_id, 1,
                                Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return hits[0] if hits else QModelIndex()

    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        objective_id = self.proxy.data(index.siblingAtColumn(0), ObjectiveIdRole)
        if objective_id is not None:
            self._open(objective_id)


__all__ = ["AlignmentModel", "AlignmentNode", "AlignmentView", "build_alignment", "NOT_ALIGNED"]
