"""The Outline's item model: a thin, read-only Qt adapter over ``TreeReadModel`` rows.

The structure lives in Qt items (outline_items.py: Qt's tree view asks for every
expanded row's index and flags after each structural change, and items answer in
C++); the cells are answered here from the rows, and painted by ``OutlineDelegate``
from ``looks``. When a reload keeps the tree's shape (a new period, a new value), only
``dataChanged`` is emitted so the view keeps its expansion, selection and scroll position.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QStandardItemModel

from okrdesk import palette
from okrdesk.domain.entities import FormulaKind, NodeKind, Status
from okrdesk.store.readmodels.tree import NodeRow, TreeReadModel
from okrdesk.ui.fonts import body_font, number_font
from okrdesk.ui.kpi_tree import formatting as fmt
from okrdesk.ui.kpi_tree.node_text import formula_summary, problem_text
from okrdesk.ui.kpi_tree.outline_dnd import OutlineDragDrop
from okrdesk.ui.kpi_tree.outline_items import OutlineItems
from okrdesk.ui.kpi_tree.outline_sync import TreeShape, sync_shape
from okrdesk.ui.widgets.sparkline import SPARKLINE_COLOUR_ROLE, SPARKLINE_ROLE

NODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Text the search box matches: code, name and owner of the row.
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
#: The row's ``Status`` (or None), for the status delegate.
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3
#: True when the row has a formula error or a formula/measurement mismatch.
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 4
#: True for formula (derived) nodes.
FORMULA_ROLE = Qt.ItemDataRole.UserRole + 5

Index = QModelIndex | QPersistentModelIndex
#: What a cell shows: its text, its font and its colour (None: the view's ink).
CellLook = tuple[str, QFont, QColor | None]
_LOOK_ROLES = {Qt.ItemDataRole.DisplayRole: 0, Qt.ItemDataRole.FontRole: 1, Qt.ItemDataRole.ForegroundRole: 2}


class Column(IntEnum):
    CODE = 0
    NAME = 1
    KIND = 2
    VALUE = 3
    CHANGE = 4
    TARGET = 5
    STATUS = 6
    TREND = 7
    OWNER = 8


HEADERS = {
    Column.CODE: "Code",
    Column.NAME: "Name",
    Column.KIND: "Kind",
    Column.VALUE: "Value",
    Column.CHANGE: "Change",
    Column.TARGET: "Target",
    Column.STATUS: "Status",
    Column.TREND: "Trend",
    Column.OWNER: "Owner",
}
HEADER_TIPS = {
    Column.VALUE: "Latest value of the reporting bucket, as of the selected period",
    Column.CHANGE: "Change against the bucket before; green when it is good news for this KPI",
    Column.TREND: "The last twelve buckets",
}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_NUMERIC = {Column.VALUE, Column.CHANGE, Column.TARGET}
#: Columns edited inline (F2 or double-click).
EDITABLE = frozenset({Column.CODE, Column.NAME, Column.TARGET})
_EDITABLE_COLUMNS = frozenset(int(c) for c in EDITABLE)
_COLUMNS = len(Column)
_NONE = Qt.ItemFlag.NoItemFlags
_ROOT_EDIT = Qt.ItemFlag.ItemIsDropEnabled
_READ = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDIT_ROW = _READ | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
_EDIT_CELL = _EDIT_ROW | Qt.ItemFlag.ItemIsEditable
#: Leaves say so: the view then never asks whether they have children, and expanding
#: the whole tree keeps no persistent index for them (both cost a Python call per row
#: on every structural change).
_LEAF = Qt.ItemFlag.ItemNeverHasChildren


def _column_flags(editable: bool, whatif: bool) -> list[Qt.ItemFlag]:
    """The flags of each column's cells for an editable model and what-if typing."""
    flags = []
    for column in Column:
        if whatif and column == Column.VALUE:
            flag = (_EDIT_ROW if editable else _READ) | Qt.ItemFlag.ItemIsEditable
        elif not editable:
            flag = _READ
        else:
            flag = _EDIT_CELL if column in EDITABLE else _EDIT_ROW
        flags.append(flag)
    return flags


class OutlineModel(OutlineDragDrop, OutlineItems, QStandardItemModel):
    """Rows of a ``TreeReadModel`` as a Qt tree with the Outline's columns; editable
    (inline and by drag and drop) once the view gives it a ``commit`` and a ``drop``.

    Qt's ``flags()`` come from the items: a node's first cell carries the real flags
    (leaves say they never have children); the other cells have Qt's defaults, so
    whether a column may be edited is ``column_editable`` (the delegate opens no editor
    otherwise)."""

    #: Why an inline edit or a drop was refused (for the status line and a tooltip).
    edit_refused = Signal(str)
    #: A node's row (with its subtree) is about to be taken out to move, and is back.
    subtree_moving = Signal(int)
    subtree_moved = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(_COLUMNS)
        self._init_items(_COLUMNS)
        self._tree: TreeReadModel | None = None
        self._rows: dict[int, NodeRow] = {}
        #: node id -> (the row they were made from, each column's (text, font, colour)).
        self._looks: dict[int, tuple[NodeRow, tuple[CellLook, ...]]] = {}
        #: Called by ``setData`` with (node id, column, text); returns why the edit was
        #: refused, or None when it was made. None: the model is read-only.
        self._commit: Callable[[int, Column, str], str | None] | None = None
        self._whatif_edit: Callable[[int, str], str | None] | None = None
        self._refresh_flags()
        self._fonts = {
            "body": body_font(),
            "bold": _bold(body_font()),
            "number": number_font(),
            "number_bold": number_font(bold=True),
        }
        self._muted = QColor(palette.MUTED_INK)
        self._good = QColor(palette.STATUS_COLOURS[Status.GREEN])
        self._bad = QColor(palette.STATUS_COLOURS[Status.RED])
        self._series = QColor(palette.SERIES_COLOURS[0])

    # -- editing hooks -------------------------------------------------------------------

    @property
    def commit(self) -> Callable[[int, Column, str], str | None] | None:
        """Called by ``setData`` with (node id, column, text); returns why the edit was
        refused, or None when it was made. None: the model is read-only."""
        return self._commit

    @commit.setter
    def commit(self, commit: Callable[[int, Column, str], str | None] | None) -> None:
        self._commit = commit
        self._refresh_flags()

    @property
    def whatif_edit(self) -> Callable[[int, str], str | None] | None:
        """While what-if is on (whatif_mode.py): called with (node id, text) typed in the
        Value column; returns why it was refused, or None. Never writes to the workspace."""
        return self._whatif_edit

    @whatif_edit.setter
    def whatif_edit(self, edit: Callable[[int, str], str | None] | None) -> None:
        self._whatif_edit = edit
        self._refresh_flags()

    def _refresh_flags(self) -> None:
        editable, whatif = self._commit is not None, self._whatif_edit is not None
        self._column_flags = _column_flags(editable, whatif)
        self.invisibleRootItem().setFlags(_ROOT_EDIT if editable else _NONE)
        first = self._column_flags[Column.CODE]
        if first != self._item_flags[0]:
            self.set_item_flags(first, first | _LEAF)

    def column_editable(self, column: int) -> bool:
        """Whether cells of ``column`` may be edited now (inline, or a what-if value)."""
        return bool(0 <= column < _COLUMNS and self._column_flags[column] & Qt.ItemFlag.ItemIsEditable)

    # -- loading -------------------------------------------------------------------------

    def tree(self) -> TreeReadModel | None:
        """The read model shown (None before the first ``set_tree``)."""
        return self._tree

    def set_tree(self, tree: TreeReadModel) -> None:
        """Show ``tree``. The first tree inserts every row; later ones change them with
        fine-grained remove/move/insert signals and ``dataChanged`` for changed rows —
        only where ``tree.delta_from`` says they changed, when it knows."""
        old_tree, old_rows = self._tree, self._rows
        rows = tree.by_id()
        self._tree = tree
        if old_tree is None or not self.shape.parent:
            self._rows = rows
            self._looks.clear()
            self.show_shape(TreeShape.from_children(tree.child_ids()))
            return
        delta = tree.delta_from(old_tree)
        if delta is not None:  # derived from the tree shown: the same nodes
            self._rows = rows
            differing = list(delta.parents)
            if differing:  # (a move shown by ``move_rows`` already matches)
                changes = {pid: [row.node.id for row in tree.children(pid)] for pid in differing}
                sync_shape(self, self.shape.patched(changes), differing)
            changed = list(delta.rows)
        else:
            children = tree.child_ids()
            differing = self.shape.differing(children)
            if differing:
                self._rows = {**old_rows, **rows}  # removed rows are asked for while they go
                sync_shape(self, self.shape.patched({pid: children.get(pid, []) for pid in differing}), differing)
            self._rows = rows
            changed = [nid for nid, row in rows.items() if (old := old_rows.get(nid)) is not row and old != row]
        if len(self._looks) > len(rows):
            self._looks = {nid: look for nid, look in self._looks.items() if nid in rows}
        self._emit_changed(changed)

    def move_rows(self, ids: list[int], parent_id: int | None, position: int) -> None:
        """Show a move the store has just made (rows move at once; values follow with
        the next ``set_tree``)."""
        moving = set(ids)
        sources = {self.shape.parent[i] for i in ids if i in self.shape.parent} | {parent_id}
        children = dict(self.shape.children)
        for pid in sources:
            children[pid] = [n for n in children.get(pid, []) if n not in moving]
        target = children[parent_id]
        at = min(position, len(target))
        target[at:at] = ids
        differing = [pid for pid in sources if children.get(pid, []) != self.shape.children.get(pid, [])]
        if differing:  # not shown yet by the catch-up
            sync_shape(self, self.shape.patched({pid: children[pid] for pid in differing}), differing)

    def _emit_changed(self, ids: list[int]) -> None:
        """``dataChanged`` for the rows of ``ids`` (one signal per sibling block when many)."""
        last = self.columnCount() - 1
        if len(ids) <= 64:
            for nid in ids:
                self.dataChanged.emit(self.index_of(nid), self.index_of(nid, last))
            return
        by_parent: dict[int | None, list[int]] = {}
        for nid in ids:
            by_parent.setdefault(self.shape.parent[nid], []).append(self.shape.row[nid])
        for pid, rows in by_parent.items():
            kids = self.shape.children[pid]
            self.dataChanged.emit(self.index_of(kids[min(rows)]), self.index_of(kids[max(rows)], last))

    # -- lookups -------------------------------------------------------------------------

    def row_of(self, index: Index) -> NodeRow | None:
        """The ``NodeRow`` shown at ``index``."""
        nid = self.node_id(index)
        return self._rows.get(nid) if nid is not None else None

    def row_by_id(self, node_id: int) -> NodeRow:
        """The ``NodeRow`` of ``node_id`` (KeyError when it is not shown)."""
        return self._rows[node_id]

    def has_problem(self, node_id: int) -> bool:
        """Whether the row has a formula error or a formula/measurement mismatch."""
        row = self._rows[node_id]
        return bool(row.error or row.mismatch)

    def looks(self, node_id: int) -> tuple[CellLook, ...] | None:
        """(text, font, colour or None) of each column of the row of ``node_id`` (None when
        it is not shown); made once per row and kept until the row changes."""
        row = self._rows.get(node_id)
        if row is None:
            return None
        cached = self._looks.get(node_id)
        if cached is not None and cached[0] is row:
            return cached[1]
        looks = tuple((self._display(row, c), self._font(row, c), self._foreground(row, c)) for c in Column)
        self._looks[node_id] = (row, looks)
        return looks

    # -- QAbstractItemModel ------------------------------------------------------------

    # Structure (index, parent, rowCount, hasChildren, flags) is answered by the items in
    # C++; the model refuses structural edits from outside (a drop goes through ``drop``:
    # after a move the view must not remove the dragged rows itself).

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        """Refused: rows change only with the tree."""
        return False

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        """Refused: rows change only with the tree."""
        return False

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Commit an inline edit through ``commit`` (the service, undoable); a refused
        edit changes nothing and ``edit_refused`` says why."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = Column(index.column())
        if column == Column.VALUE and self.whatif_edit is not None:
            problem = self.whatif_edit(self.node_id(index), "" if value is None else str(value))
            if problem:
                self.edit_refused.emit(problem)
            return not problem
        if self.commit is None:
            return False
        if column not in EDITABLE:
            return False
        problem = self.commit(self.node_id(index), column, "" if value is None else str(value))
        if problem:
            self.edit_refused.emit(problem)
            return False
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        """Column titles, tooltips and alignment."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if column in _NUMERIC else _LEFT)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        """Cell contents for the display, font, colour, alignment, tooltip and custom roles."""
        if not index.isValid():
            return None
        nid = self.node_id(index)
        row = self._rows.get(nid) if nid is not None else None
        if row is None:
            return None
        column = Column(index.column())
        if role in _LOOK_ROLES:
            return self.looks(row.node.id)[column][_LOOK_ROLES[role]]
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if column in _NUMERIC else _LEFT)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == NODE_ID_ROLE:
            return row.node.id
        if role == SEARCH_ROLE:
            return f"{row.node.code}\n{row.node.name}\n{row.owner_name}"
        if role == STATUS_ROLE:
            return row.status
        if role == PROBLEM_ROLE:
            return bool(row.error or row.mismatch)
        if role == FORMULA_ROLE:
            return row.node.formula != FormulaKind.NONE
        if role == SPARKLINE_ROLE and column == Column.TREND:
            return list(row.sparkline)
        if role == SPARKLINE_COLOUR_ROLE and column == Column.TREND:
            return self._series
        return None

    # -- cell helpers --------------------------------------------------------------------

    def _display(self, row: NodeRow, column: Column) -> str:
        node = row.node
        if column == Column.CODE:
            return node.code
        if column == Column.NAME:
            return node.name
        if column == Column.KIND:
            return fmt.KIND_WORDS[node.kind]
        if column == Column.VALUE:
            return fmt.format_value(row.value, node.unit)
        if column == Column.CHANGE:
            return fmt.format_change(row.change)
        if column == Column.TARGET:
            return fmt.format_value(node.target, node.unit) if node.target is not None else ""
        if column == Column.STATUS:
            return palette.STATUS_WORDS[row.status] if row.status is not None else "No data"
        if column == Column.OWNER:
            return row.owner_name
        return ""

    @staticmethod
    def _edit_text(row: NodeRow, column: Column) -> str:
        node = row.node
        if column == Column.CODE:
            return node.code
        if column == Column.NAME:
            return node.name
        if column == Column.TARGET:
            return fmt.edit_number(node.target)
        if column == Column.VALUE:
            return fmt.edit_number(row.value)
        return ""

    def _font(self, row: NodeRow, column: Column) -> QFont:
        strong = row.node.kind == NodeKind.KPI
        if column in _NUMERIC:
            return self._fonts["number_bold" if strong and column == Column.VALUE else "number"]
        if strong and column in (Column.CODE, Column.NAME):
            return self._fonts["bold"]
        return self._fonts["body"]

    def _foreground(self, row: NodeRow, column: Column) -> QColor | None:
        if column == Column.CHANGE:
            good = fmt.change_tone(row)
            if good is None:
                return self._muted
            return self._good if good else self._bad
        if column in (Column.KIND, Column.TARGET, Column.OWNER, Column.CODE):
            return self._muted if row.node.kind != NodeKind.KPI or column != Column.CODE else None
        if column == Column.VALUE and row.value is None:
            return self._muted
        return None

    def _tooltip(self, row: NodeRow, column: Column) -> str | None:
        node = row.node
        problem = problem_text(row)
        if problem and column in (Column.CODE, Column.NAME, Column.VALUE):
            return problem
        if column in (Column.KIND, Column.NAME) and node.formula != FormulaKind.NONE and self._tree:
            return formula_summary(node, self._tree)
        if column == Column.NAME:
            return f"{node.name}\n{node.description}" if node.description else node.name
        if column == Column.CODE:
            return f"{node.code} — {node.name}"
        if column == Column.VALUE and row.bucket is not None:
            return f"Value of the bucket starting {row.bucket.isoformat()}"
        if column == Column.CHANGE and row.previous is not None:
            return f"Previous bucket: {fmt.format_value(row.previous, node.unit)}"
        return None


def _bold(font: QFont) -> QFont:
    copy = QFont(font)
    copy.setWeight(QFont.Weight.DemiBold)
    return copy
